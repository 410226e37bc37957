import ChronographCore
import Testing
@testable import ChronographExtract

func extractText(_ body: String, date: String? = "2024-05-03") throws -> DocumentExtraction {
    let text = (date.map { "---\ndate: \($0)\n---\n" } ?? "") + body
    return Extractor().extract(try DocumentLoader.prepare(bytes: Array(text.utf8), path: "t.txt", id: "t", format: .text))
}

@Suite struct EventTests {
    @Test func aReportingClauseWithItsOwnSubjectHasNoActorAgent() throws {
        let ex = try extractText("Lena Ortiz met Ivan Sokolov in Vienna on 2 May 2024, a ministry statement said.")
        let said = try #require(ex.events.first { $0.trigger == "said" })
        #expect(!said.actors.contains { $0.role == .agent }, "\(said.actors)")
        // the meeting keeps its agent; and a speaker named in the clause is the agent
        #expect(ex.events.contains { $0.kind == "meeting" && $0.actors.contains(EventActor(actor: "lena-ortiz", role: .agent)) })
        let named = try extractText("In Vienna on 2 May 2024, Lena Ortiz said the talks went well.")
        #expect(named.events.first { $0.trigger == "said" }?.actors.contains(EventActor(actor: "lena-ortiz", role: .agent)) == true)
        let apposition = try extractText("Lena Ortiz, the envoy, said on 2 May 2024 that the talks went well.")
        #expect(apposition.events.first { $0.trigger == "said" }?.actors.contains(EventActor(actor: "lena-ortiz", role: .agent)) == true)
    }

    @Test func aSpeakerOrDatelineIsNoAgentOfWhatIsReported() throws {
        // the speaker of "said" is not the agent of the cooperation she reports
        let ex = try extractText("Lena Ortiz said the cooperation between Austria and Hungary had grown quickly since 2022.")
        let coop = try #require(ex.events.first { $0.kind == "cooperation" })
        #expect(!coop.actors.contains { $0.role == .agent && $0.actor == "lena-ortiz" }, "\(coop.actors)")
        #expect(ex.events.first { $0.trigger == "said" }?.actors.contains(EventActor(actor: "lena-ortiz", role: .agent)) == true)
        // nor a participant of it: no link between her and the countries that cooperate
        #expect(!coop.actors.contains { $0.actor == "lena-ortiz" }, "\(coop.actors)")
        #expect(ex.links.contains { $0.kind == "cooperated" && Set([$0.source, $0.target]) == ["austria", "hungary"] })
        #expect(!ex.links.contains { $0.kind == "cooperated" && ($0.source == "lena-ortiz" || $0.target == "lena-ortiz") })
        // a dateline's place, set off by a dash, is not the agent of the sentence's verb
        let dateline = try extractText("VIENNA \u{2014} Lena Ortiz, the envoy, met Ivan Sokolov on Thursday.")
        let meeting = try #require(dateline.events.first { $0.kind == "meeting" })
        #expect(meeting.actors.first { $0.role == .agent }?.actor == "lena-ortiz", "\(meeting.actors)")
        // a demonym before the target's name is no target ("Russian President Vladimir Putin")
        let demonym = try extractText("Lena Ortiz received Russian President Vladimir Putin in Vienna on Friday.")
        let received = try #require(demonym.events.first { $0.trigger == "received" })
        #expect(received.actors.first { $0.role == .target }?.actor == "vladimir-putin", "\(received.actors)")
    }

    @Test func wireDatelinesAndClosingAttributions() throws {
        // the agency of a dateline is no actor; the place before the dash takes no part in the
        // lead; the speaker of the closing attribution is no party to what she reports
        let ex = try extractText("OSLO, May 3 (Reuters) - Norway and Sweden agreed on Friday to build a power line, Energy Minister Terje Aasland said.\n")
        #expect(!ex.actors.contains { $0.id == "reuters" }, "\(ex.actors.map(\.id))")
        let deal = try #require(ex.events.first { $0.kind == "agreement" })
        #expect(deal.actors == [EventActor(actor: "norway", role: .agent), EventActor(actor: "sweden", role: .agent)], "\(deal.actors)")
        #expect(deal.summary.hasPrefix("Norway and Sweden agreed on Friday"), "\(deal.summary)")
        #expect(ex.links.filter { $0.kind == "agreed" }.map { [$0.source, $0.target] } == [["norway", "sweden"]], "\(ex.links)")
        // "WASHINGTON (AP) —": the agency is not taken for the place's acronym either
        let ap = try extractText("WASHINGTON (AP) \u{2014} Lena Ortiz met Ivan Sokolov on Tuesday, the State Department said.\n")
        #expect(!ap.actors.contains { $0.id == "ap" || $0.aliases.contains("AP") }, "\(ap.actors)")
        let met = try #require(ap.events.first { $0.kind == "meeting" })
        #expect(!met.actors.contains { $0.actor == "state-department" || $0.actor == "washington" }, "\(met.actors)")
        // a spaced hyphen is a dash; a hyphen inside a word is not
        let hyphen = try extractText("Nordair signed a Tallinn-based deal on 2 May 2024 with Vantar Group.\n")
        #expect(hyphen.events.first { $0.kind == "agreement" }?.actors.contains { $0.actor == "vantar-group" } == true)
    }

    @Test func aPlaceAfterAPrepositionAndAnArticleIsNoParty() throws {
        // the tunnel's place is where, not whom, they signed with
        let ex = try extractText("Kaja Tamm signed an agreement on 14 March 2025 to study a rail tunnel under the Gulf of Finland.\n")
        let deal = try #require(ex.events.first { $0.kind == "agreement" })
        #expect(deal.actors.contains(EventActor(actor: "gulf-of-finland", role: .location)), "\(deal.actors)")
        #expect(!ex.links.contains { $0.kind == "signed" }, "\(ex.links)")
    }

    @Test func aListThatIsNotTheAgentIsOneSide() throws {
        // the listed airlines receive the jets together: they made no agreement with one another
        let recipients = try extractText("The accord signed on 2 June 2025 sends forty jets to four carriers: Nordvik Air, Baltica Airways, Tallin Jet and Suomi Wings.\n")
        let agreed = recipients.links.filter { $0.kind == "agreed" || $0.kind == "signed" }
        let listed: Set<String> = ["nordvik-air", "baltica-airways", "tallin-jet", "suomi-wings"]
        #expect(Set(recipients.actors.map(\.id)).isSuperset(of: listed), "\(recipients.actors.map(\.id))")
        #expect(!agreed.contains { listed.contains($0.source) && listed.contains($0.target) }, "\(agreed.map { ($0.source, $0.target) })")
        // a listed agent signs with each of the others
        let signers = try extractText("Estonia, Latvia and Lithuania signed a power grid agreement on 2 June 2025.\n")
        let pairs = Set(signers.links.filter { $0.kind == "signed" || $0.kind == "agreed" }.map { [$0.source, $0.target].sorted().joined(separator: "+") })
        #expect(pairs == ["estonia+latvia", "estonia+lithuania", "latvia+lithuania"], "\(signers.links)")
    }

    @Test func aFutureOrADenialGoverningTheClause() throws {
        let ex = try extractText("Lena Ortiz will travel to Vienna next week for talks with Ivan Sokolov.\n")
        #expect(ex.events.first { $0.kind == "meeting" }?.modality == .planned, "\(ex.events.map { ($0.kind, $0.modality) })")
        let denied = try extractText("Tomas Varga denied that Austria had agreed to join the pact on 2 May 2024.\n")
        #expect(denied.events.first { $0.kind == "agreement" }?.modality == .negated, "\(denied.events.map { ($0.kind, $0.modality) })")
        #expect(!denied.links.contains { $0.kind == "agreed" })
        // a clause opened by ", when" is another clause: its actors are no party to the first
        let when = try extractText("Lena Ortiz visited Austria in April 2023, when she met Ivan Sokolov.\n")
        let visit = try #require(when.events.first { $0.kind == "visit" })
        #expect(!visit.actors.contains { $0.actor == "ivan-sokolov" && $0.role == .target }, "\(visit.actors)")
    }

    @Test func aDateQuotedOrInAFutureClauseDoesNotDateTheSaying() throws {
        let ex = try extractText("""
        Lena Ortiz said the talks would resume in December. "We are closer than we were a year ago," she told reporters.

        Ivan Sokolov met Omar Haddad.
        """)
        let said = try #require(ex.events.first { $0.trigger == "said" })
        #expect(said.when?.value != "2024-12", "\(String(describing: said.when))")
        let told = try #require(ex.events.first { $0.trigger == "told" })
        #expect(told.when?.value != "2023", "a quoted date: \(String(describing: told.when))")
        // and neither sets the narrative the next paragraph takes
        let met = try #require(ex.events.first { $0.kind == "meeting" })
        #expect(met.when?.value != "2024-12" && met.when?.value != "2023", "\(String(describing: met.when))")
        // the future's own event keeps the date
        let planned = try extractText("Lena Ortiz said she would meet Ivan Sokolov in December.\n")
        #expect(planned.events.first { $0.kind == "meeting" }?.when?.value == "2024-12")
    }

    @Test func courtTriggers() throws {
        for (text, trigger) in [("A court in Gdansk fined Baltmar Shipping on 12 September 2024.", "fined"),
                                ("Prosecutors indicted Tomasz Lis on 3 May 2024.", "indicted"),
                                ("Police arrested Tomasz Lis in Warsaw on 3 May 2024.", "arrested")] {
            let ex = try extractText(text + "\n")
            #expect(ex.events.contains { $0.kind == "legal" && $0.trigger == trigger }, "\(text): \(ex.events.map { ($0.kind, $0.trigger) })")
        }
    }

    @Test func agentsCoordinatedThroughARole() throws {
        let ex = try extractText("Finnish Transport Minister Lulu Ranne and her Estonian counterpart Kuldar Leis signed an agreement on 14 March 2025.\n")
        let deal = try #require(ex.events.first { $0.kind == "agreement" })
        #expect(deal.actors.filter { $0.role == .agent }.map(\.actor) == ["lulu-ranne", "kuldar-leis"], "\(deal.actors)")
        #expect(ex.links.contains { $0.kind == "signed" && Set([$0.source, $0.target]) == ["lulu-ranne", "kuldar-leis"] }, "\(ex.links)")
        // a clause between them is no such coordination
        let apart = try extractText("Lulu Ranne arrived, and later her deputy Kuldar Leis signed an agreement on 14 March 2025.\n")
        #expect(apart.events.first { $0.kind == "agreement" }?.actors.filter { $0.role == .agent }.map(\.actor) == ["kuldar-leis"])
    }

    @Test func coordinatedAgentsEachTakeTheLink() throws {
        let ex = try extractText("Austria and Hungary sanctioned Nordair on 2 May 2024.\n")
        let sanction = try #require(ex.events.first { $0.kind == "sanction" })
        #expect(sanction.actors.filter { $0.role == .agent }.map(\.actor) == ["austria", "hungary"], "\(sanction.actors)")
        #expect(Set(ex.links.filter { $0.kind == "sanctioned" }.map(\.source)) == ["austria", "hungary"], "\(ex.links)")
    }

    @Test func possessorsSubjectsAndDatelines() throws {
        // the possessor of an event noun is its agent
        let inv = try extractText("Officials said the bridge was delayed by Austria's invasion of Hungary in February 2022.")
        #expect(inv.events.first { $0.trigger == "invasion" }?.actors.first { $0.role == .agent }?.actor == "austria")
        #expect(inv.links.contains { $0.kind == "military" && $0.source == "austria" && $0.target == "hungary" })
        #expect(inv.events.first { $0.trigger == "invasion" }?.summary.hasPrefix("Austria's invasion of Hungary") == true)
        // "..., Austria's foreign ministry said": the ministry speaks, not the traveller
        let said = try extractText("Lena Ortiz spent eight days in Hungary last month, Austria's foreign ministry said.")
        #expect(said.events.first { $0.trigger == "said" }.map { !$0.actors.contains { $0.role == .agent && $0.actor == "lena-ortiz" } } == true)
        // a dateline line is no event
        let dl = try extractText("VIENNA, 2 May 2024\n\nLena Ortiz met Ivan Sokolov in Vienna.")
        #expect(!dl.events.contains { $0.kind == "other" }, "\(dl.events.map(\.summary))")
    }

    @Test func placesAndCircumstancesAreNoTargets() throws {
        // "in X and Y": both places of the event; "from X": a circumstance; neither is its target
        let ex = try extractText("Austria imposed sanctions on firms in Hungary and Slovenia on 2 May 2024.")
        let sanction = try #require(ex.events.first { $0.kind == "sanction" })
        #expect(sanction.actors.contains(EventActor(actor: "slovenia", role: .location)), "\(sanction.actors)")
        #expect(!sanction.actors.contains { $0.role == .target }, "\(sanction.actors)")
        let from = try extractText("Lena Ortiz met envoys from Hungary on 2 May 2024.")
        #expect(!(from.events.first { $0.kind == "meeting" }?.actors.contains { $0.role == .target && $0.actor == "hungary" } ?? true))
    }

    @Test func aSentenceWithoutATriggerTakesItsModality() throws {
        let ex = try extractText("Lena Ortiz is expected to raise the issue with Ivan Sokolov next week.")
        #expect(ex.events.first { $0.kind == "other" }?.modality == .planned, "\(ex.events.map { ($0.kind, $0.modality) })")
        let past = try extractText("Lena Ortiz raised the issue with Ivan Sokolov last week.")
        #expect(past.events.first { $0.kind == "other" }?.modality == .asserted)
        // a modal in a subordinate clause is not the sentence's
        let sub = try extractText("Lena Ortiz had already turned to Ivan Sokolov in November 2021, asking how Oslo could help.")
        #expect(sub.events.first { $0.kind == "other" }?.modality == .asserted, "\(sub.events.map { ($0.kind, $0.modality) })")
    }

    @Test func whoAsksAndWhoseEnvoyTakeNoPart() throws {
        // the one who asks is not the agent of what is asked for
        let asked = try extractText("Lena Ortiz asked Hungary to deepen its cooperation with Austria on 2 May 2024.")
        #expect(!(asked.events.first { $0.kind == "cooperation" }?.actors.contains { $0.actor == "lena-ortiz" } ?? false))
        // "met Putin's envoy": the possessor is not the one met
        let envoy = try extractText("Lena Ortiz met Ivan Sokolov's envoy in Vienna on 2 May 2024.")
        #expect(!envoy.links.contains { $0.kind == "met" }, "\(envoy.links.map { ($0.source, $0.target, $0.kind) })")
        // an actor of the reported content is not the target of the warning
        let warned = try extractText("Austria warned for weeks that Hungary might close the border.")
        #expect(!warned.links.contains { $0.kind == "threatened" && $0.target == "hungary" }, "\(warned.links.map { ($0.source, $0.target, $0.kind) })")
        #expect(try extractText("Austria warned Hungary that it will face sanctions.").links.contains { $0.kind == "threatened" && $0.target == "hungary" })
        // an actor of the next clause is not the target ("..., and Ortiz sent a letter")
        let next = try extractText("The Harbor Council opened its summit on Wednesday, and Lena Ortiz sent a letter.")
        #expect(!(next.events.first { $0.kind == "meeting" }?.actors.contains { $0.role == .target && $0.actor == "lena-ortiz" } ?? false))
        // a demonym is no place visited ("American hegemony")
        let visit = try extractText("Lena Ortiz ended a visit to Hungary on Friday, warning against American hegemony.")
        #expect(!visit.links.contains { $0.kind == "visited" && $0.target == "united-states" })
    }

    @Test func symmetricLinksJoinTheParties() throws {
        // the agent, the target and the names coordinated with them meet
        let ex = try extractText("Lena Ortiz met Ivan Sokolov and Mara Lind in Vienna on 2 May 2024.")
        let met = Set(ex.links.filter { $0.kind == "met" }.map { "\($0.source) \($0.target)" })
        #expect(met.contains("ivan-sokolov lena-ortiz") && met.contains("lena-ortiz mara-lind"), "\(met)")
        // an organization named in a relative clause is no party to the meeting
        let rel = try extractText("Lena Ortiz, who leads the Harbor Council, attended a meeting of envoys in Vienna on 2 May 2024.")
        #expect(!rel.links.contains { $0.kind == "met" }, "\(rel.links.map { ($0.source, $0.target, $0.kind) })")
    }

    @Test func summariesKeepTheWordsBetweenAgentAndTrigger() throws {
        let ex = try extractText("Austria urged Hungary to end the war on 2 May 2024.")
        let war = try #require(ex.events.first { $0.trigger == "war" })
        #expect(war.summary.hasPrefix("Hungary to end the war"), "\(war.summary)")
    }

    @Test func aTriggerThatNeedsItsNextWord() throws {
        // "called for" is a demand; "called it" names something
        #expect(try extractText("Lena Ortiz called for new talks with Ivan Sokolov on 2 May 2024.").events.contains { $0.kind == "demand" })
        #expect(!(try extractText("Lena Ortiz called the plan by Ivan Sokolov a success on 2 May 2024.").events.contains { $0.kind == "demand" }))
    }

    @Test func cooccurrenceJoinsActorsOfOneClauseOnly() throws {
        func pairs(_ body: String) throws -> Set<String> {
            Set(try extractText(body).links.filter { $0.kind == "co-occurrence" }.map { "\($0.source) \($0.target)" })
        }
        // two actors acting in one clause
        #expect(try pairs("Lena Ortiz and Ivan Sokolov announced a joint venture in Vienna.").contains("ivan-sokolov lena-ortiz"))
        // a place and its region, a company and its parent: one name modifying the other
        #expect(try pairs("The new plant opens in Mobile, Alabama next year.").isEmpty)
        #expect(try !pairs("Boeing builds the jet at its Everett Works, Washington.").contains("everett-works washington"))
        // the members of a list of three or more share a place in the clause, they did not deal
        // with one another: each is linked to the names outside the list, not to the others
        // (parties to a meeting are still linked, by the meeting's typed link)
        let talks = try extractText("The talks brought together NATO, Russia and Ukraine.").links
        #expect(talks.contains { $0.kind == "met" && $0.source == "nato" && $0.target == "russia" })
        #expect(!talks.contains { $0.kind == "co-occurrence" })
        let routes = try pairs("The carrier Nordlys Air flies from Vienna to Oslo, Bergen and Tromso.")
        #expect(routes.isSuperset(of: ["oslo vienna", "bergen vienna", "tromso vienna"]), "\(routes)")
        #expect(routes.isDisjoint(with: ["bergen oslo", "bergen tromso", "oslo tromso"]), "\(routes)")
        // two names joined by "and" may have acted together: they stay linked
        #expect(try pairs("Nordlys Air flies from Vienna to Oslo and Bergen.").contains("bergen oslo"))
        #expect(try !pairs("Acme Holdings's parent Vantage Systems reported a loss.").contains("acme-holdings vantage-systems"))
        // a clause break: who said it is not party to what was said
        let said = try pairs("Lena Ortiz said Acme Holdings had cut 300 jobs; Vantage Systems hired 200 people.")
        #expect(said.isEmpty, "\(said)")
        // a relative clause says something of its antecedent: they stay joined; ", while" opens another clause
        let which = try pairs("Acme Holdings bought the plant from Vantage Systems, which Lena Ortiz founded in 1990.")
        #expect(which.contains("lena-ortiz vantage-systems"))
        let whilst = try pairs("Acme Holdings bought the plant from Vantage Systems, while Lena Ortiz stayed away.")
        #expect(whilst.contains("acme-holdings vantage-systems"))
        #expect(!whilst.contains("acme-holdings lena-ortiz") && !whilst.contains("lena-ortiz vantage-systems"))
        // countries in a list are not a place and its country (and, in a list of three, not
        // linked to one another)
        #expect(try pairs("Jobs will go in France and Germany.").contains("france germany"))
        #expect(try pairs("Jobs will go in France, Germany and Spain.").isEmpty)
        #expect(try pairs("The signatories include the European Union, the United Kingdom, Japan and Ukraine.").isEmpty)
        // "Seattle, Washington, in the United States": a place and its region, and the clause
        // goes on (the comma after the region does not make a list)
        #expect(try !pairs("The plant stands near Seattle, Washington, in the United States.").contains("seattle washington"))
    }

    @Test func cooccurrenceJoinsNamesAFewWordsApartOnly() throws {
        func pairs(_ body: String) throws -> Set<String> {
            Set(try extractText(body).links.filter { $0.kind == "co-occurrence" }.map { "\($0.source) \($0.target)" })
        }
        // far apart in one long clause: different events (the company unveiled, the plane flies)
        let far = try pairs("Acme Holdings has unveiled a new long-range version of its freighter capable of flying from Vienna to Oslo.")
        #expect(far == ["oslo vienna"], "\(far)")
        // the words of the names between two names do not count
        let jobs = try pairs("Jobs will go in France, 3,700 in Germany, 1,600 in Italy and 400 in Spain.")
        #expect(jobs.contains("france spain"), "\(jobs)")
        // a participle clause after a comma is another event; "including" opens none
        let bringing = try pairs("Acme Holdings delivered the last jet to Nordlys Air in Vienna, bringing production of Vantage Systems engines to an end.")
        #expect(bringing.contains("acme-holdings nordlys-air"), "\(bringing)")
        #expect(!bringing.contains { $0.contains("vantage-systems") }, "\(bringing)")
        #expect(try pairs("Acme Holdings sold jets to six airlines, including Nordlys Air.").contains("acme-holdings nordlys-air"))
    }

    @Test func anActorOfALaterClauseIsNoTargetOfTheTrigger() throws {
        // "signed" has Ortiz and Sokolov as parties; Ukraine belongs to "invaded"
        let x = try extractText("The pact that Lena Ortiz and Ivan Sokolov signed weeks before Russia invaded Ukraine still holds.")
        let signed = x.links.filter { $0.kind == "signed" }.map { "\($0.source) \($0.target)" }
        #expect(signed == ["ivan-sokolov lena-ortiz"], "\(signed)")
        #expect(x.links.contains { $0.kind == "invaded" && $0.source == "russia" && $0.target == "ukraine" })
    }

    @Test func aMakerBeforeItsModelAndANameModifyingAnotherAreNoParties() throws {
        func pairs(_ body: String) throws -> Set<String> {
            Set(try extractText(body).links.filter { $0.kind == "co-occurrence" }.map { "\($0.source) \($0.target)" })
        }
        // the plane landed, not its maker; the maker itself flying it is a party
        #expect(try pairs("The Airbus A380 landed at Vienna on Monday.").isEmpty)
        #expect(try pairs("Qantas has an order for two of Airbus' new A380s.").isEmpty)
        #expect(try pairs("Airbus flew the plane to Vienna on Monday.") == ["airbus vienna"])
        // a numbered flight is no product: its airline stays a party
        #expect(try pairs("Nordlys Air Flight 574 was grounded in Vienna.").contains { $0.contains("vienna") })
        // "X based Y", "X-based Y", "X parent company Y": X tells which Y
        let based = try pairs("Los Angeles based Vantage Systems won the contract from Acme Holdings.")
        #expect(based == ["acme-holdings vantage-systems"], "\(based)")
        let hyphen = try pairs("Seattle-based Acme Holdings hired Lena Ortiz.")
        #expect(hyphen == ["acme-holdings lena-ortiz"], "\(hyphen)")
        let parent = try pairs("Acme Holdings parent company Vantage Systems sued Nordlys Air.")
        #expect(parent == ["nordlys-air vantage-systems"], "\(parent)")
        // two names with nothing between them: the place modifies the other
        let glued = try pairs("Baltic Wings Estonia flew to Vienna.")
        #expect(!glued.contains("estonia vienna") && !glued.contains { $0.contains("estonia") }, "\(glued)")
    }

    @Test func triggerFamiliesAndTypedLinks() throws {
        let ex = try extractText("""
        Lena Ortiz met Ivan Sokolov in Vienna on 2 May 2024. Tomas Varga visited Budapest on 1 May 2024. \
        Chile and Peru signed a trade treaty on 30 April 2024. The Treasury Department sanctioned Acme Holdings on 29 April 2024. \
        Iraq invaded Kuwait in August 1990. Aiko Tanaka accused Omar Haddad of fraud on 28 April 2024.
        """)
        func link(_ a: String, _ b: String, _ kind: String) -> Link? { ex.links.first { $0.source == a && $0.target == b && $0.kind == kind } }
        #expect(link("ivan-sokolov", "lena-ortiz", "met")?.directed == false)
        #expect(link("tomas-varga", "budapest", "visited")?.directed == true)
        #expect(link("iraq", "kuwait", "invaded")?.directed == true)
        #expect(link("chile", "peru", "signed")?.directed == false)
        #expect(link("treasury-department", "acme-holdings", "sanctioned")?.directed == true)
        #expect(link("aiko-tanaka", "omar-haddad", "accused")?.directed == true)
        let kinds = Set(ex.events.map(\.kind))
        #expect(kinds.isSuperset(of: ["meeting", "visit", "agreement", "sanction", "military", "accusation"]))
        #expect(ex.events.allSatisfy { !$0.sources.isEmpty })
    }

    @Test func pronounsAndNarrativeDating() throws {
        let ex = try extractText("""
        Chen Wenqing travelled to Russia on 20 April 2024. He also met Nikolai Patrushev. He spoke at a conference.

        In a separate matter, officials met in Oslo.
        """)
        let met = try #require(ex.events.first { $0.kind == "meeting" && $0.actors.contains { $0.actor == "nikolai-patrushev" } })
        #expect(met.actors.first { $0.role == .agent }?.actor == "chen-wenqing", "he = the previous sentence's subject")
        #expect(met.when?.value == "2024-04-20" && met.when?.basis == .inferred, "the narrative's date")
        #expect(ex.links.contains { $0.source == "chen-wenqing" && $0.target == "nikolai-patrushev" && $0.kind == "met" })
        let oslo = try #require(ex.events.first { $0.actors.contains { $0.actor == "oslo" } })
        #expect(oslo.when == nil, "a paragraph that turns to something else does not inherit the date")
        // the story going on in the next paragraph keeps its date; two paragraphs on, it has ended
        let story = try extractText("""
        Lena Ranta and Ivan Sokolov signed a grid agreement on 14 March 2025.

        The two ministers met Kaja Tamm in Helsinki. Austria has sanctioned Nordair.

        Ivan Sokolov met Omar Haddad in Riga.
        """)
        let next = try #require(story.events.first { $0.kind == "meeting" && $0.actors.contains { $0.actor == "kaja-tamm" } })
        #expect(next.when?.value == "2025-03-14" && next.when?.basis == .inferred, "\(String(describing: next.when))")
        // a present perfect is a past not fixed in time: no narrative's date
        let perfect = try #require(story.events.first { $0.kind == "sanction" })
        #expect(perfect.when == nil, "\(String(describing: perfect.when))")
        let later = try #require(story.events.first { $0.kind == "meeting" && $0.actors.contains { $0.actor == "omar-haddad" } })
        #expect(later.when == nil, "\(String(describing: later.when))")
        // a day after the document's sets no narrative: what the report tells next happened
        // before it (the summit's Thursday), not on the conference's coming Saturday
        let ahead = try extractText("""
        Lena Ranta met Ivan Sokolov in Bari on Thursday. Omar Haddad flew to Geneva for a conference that opens on Saturday.         Kaja Tamm met Aiko Tanaka at the summit.
        """, date: "2024-06-14")
        let tamm = try #require(ahead.events.first { $0.kind == "meeting" && $0.actors.contains { $0.actor == "kaja-tamm" } })
        #expect(tamm.when?.value == "2024-06-13", "\(String(describing: tamm.when))")
    }

    @Test func documentDateOnlyForPresentReporting() throws {
        let ex = try extractText("Lena Ortiz says the talks failed. Ivan Sokolov had met her before.")
        #expect(ex.events.first { $0.trigger == "says" }?.when?.basis == .documentDate)
        #expect(ex.events.first { $0.trigger == "met" }?.when == nil, "past perfect never takes the document date")
    }

    @Test func modality() throws {
        let ex = try extractText("""
        Lena Ortiz will meet Ivan Sokolov on 10 May 2024. Tomas Varga denied meeting Aiko Tanaka on 1 May 2024. \
        Omar Haddad would visit Riga if invited. Nadia Petrov did not sign the accord on 2 May 2024.
        """)
        func modality(_ who: String) -> Modality? { ex.events.first { $0.actors.first?.actor == who }?.modality }
        #expect(modality("lena-ortiz") == .planned)
        #expect(modality("tomas-varga") == .negated)
        #expect(modality("omar-haddad") == .hypothetical)
        #expect(modality("nadia-petrov") == .negated)
        #expect(!ex.links.contains { $0.kind != "co-occurrence" }, "no typed link from events that did not happen")
    }

    @Test func sinceAndUntilDoNotDateAnEvent() throws {
        let ex = try extractText("The Kremlin said the two leaders had met 40 times since 2013.")
        #expect(ex.events.allSatisfy { $0.when?.value != "2013" })
    }

    @Test func rangesGiveAPeriod() throws {
        let ex = try extractText("Chen Wenqing spent eight days, April 20-28, in Russia.")
        let visit = try #require(ex.events.first { $0.kind == "visit" })
        #expect(visit.when?.start == "2024-04-20" && visit.when?.end == "2024-04-28")
        #expect(visit.when?.value == "2024-04-20/2024-04-28")
        #expect(visit.summary.hasPrefix("Chen Wenqing spent eight days"))
    }
}
