import ChronographCore
import Testing
@testable import ChronographExtract
@testable import ChronographGraph

func extraction(_ id: String, _ text: String) throws -> DocumentExtraction {
    let doc = try DocumentLoader.prepare(bytes: Array(text.utf8), path: "\(id).txt", id: id, format: .text)
    return Extractor().extract(doc)
}

@Suite struct MergeTests {
    @Test func actorsMergeAcrossDocumentsAndShortFormsJoinFullNames() throws {
        let a = try extraction("a", "---\ndate: 2024-01-10\n---\nPresident Tomas Varga visited Hungary on 8 January 2024. Varga met Lena Ortiz.")
        let b = try extraction("b", "---\ndate: 2024-02-10\n---\nVarga spoke in Vienna on 9 February 2024 about Hungary.")
        let g = GraphBuilder.merge([b, a])
        let varga = try #require(g.actors.first { $0.id == "tomas-varga" })
        #expect(Set(varga.mentions.map(\.doc)) == ["a", "b"])
        #expect(varga.aliases.contains("Varga"))
        #expect(g.actors.first { $0.id == "varga" } == nil)
        // events name the merged actor, once each: "Varga met" in c is Tomas Varga's event
        let c = try extraction("c", "---\ndate: 2024-03-10\n---\nPresident Varga met Marta Kowalczyk in Vienna on 9 March 2024.")
        let g2 = GraphBuilder.merge([a, c])
        let ids = Set(g2.actors.map(\.id))
        for e in g2.events {
            #expect(e.actors.allSatisfy { ids.contains($0.actor) }, "\(e.id): \(e.actors)")
            #expect(Set(e.actors.map(\.actor)).count == e.actors.count, "\(e.id): \(e.actors)")
        }
        #expect(g2.events.contains { e in e.sources.contains { $0.doc == "c" } && e.actors.contains { $0.actor == "tomas-varga" } },
                "\(g2.events.map { ($0.id, $0.actors) })")
        let hungary = try #require(g.actors.first { $0.id == "hungary" })
        #expect(hungary.mentions.count == 2)
        // sorted by id, documents by path
        #expect(g.actors.map(\.id) == g.actors.map(\.id).sorted())
        #expect(g.documents.map(\.id) == ["a", "b"])
    }

    @Test func aCompanyWithAndWithoutItsLegalFormIsOne() throws {
        let a = try extraction("a", "---\ndate: 2024-01-10\n---\nVantar Systems Corp. agreed to buy Nordia Holdings Inc on 8 January 2024.\n")
        let b = try extraction("b", "---\ndate: 2024-02-10\n---\nShares of Vantar Systems rose on 9 February 2024, after Nordia Holdings said it would sell.\n")
        let g = GraphBuilder.merge([a, b], orgSuffixes: CompanyForms.suffixes(language: "en"))
        let vantar = g.actors.filter { $0.name.hasPrefix("Vantar") }
        #expect(vantar.count == 1 && Set(vantar.flatMap(\.mentions).map(\.doc)) == ["a", "b"], "\(vantar.map(\.name))")
        #expect(g.actors.filter { $0.name.hasPrefix("Nordia") }.count == 1, "\(g.actors.map(\.name))")
        // without the table, two
        #expect(GraphBuilder.merge([a, b]).actors.filter { $0.name.hasPrefix("Vantar") }.count == 2)
        // Dutch and Swedish forms, with their periods ("N.V.", "AB")
        let c = try extraction("c", "---\ndate: 2024-03-10\n---\nKestrel Aero N.V. signed with Norrland Rail AB on 8 March 2024.\n")
        let d = try extraction("d", "---\ndate: 2024-04-10\n---\nKestrel Aero said on 9 April 2024 that Norrland Rail would pay.\n")
        let g2 = GraphBuilder.merge([c, d], orgSuffixes: CompanyForms.suffixes(language: "en"))
        #expect(g2.actors.filter { $0.name.hasPrefix("Kestrel") }.count == 1, "\(g2.actors.map(\.name))")
        #expect(g2.actors.filter { $0.name.hasPrefix("Norrland") }.count == 1, "\(g2.actors.map(\.name))")
    }

    @Test func aPersonWithAndWithoutMiddleInitialsIsOne() throws {
        let a = try extraction("a", "---\ndate: 2024-01-10\n---\nIlse K. Varga met Ivan A. Sokolov in Vienna on 8 January 2024. Varga said little.\n")
        let b = try extraction("b", "---\ndate: 2024-02-10\n---\nIlse Varga met Ivan B. Sokolov in Graz on 9 February 2024.\n")
        let c = try extraction("c", "---\ndate: 2024-03-10\n---\nIvan Sokolov spoke in Linz on 9 March 2024.\n")
        let g = GraphBuilder.merge([a, b, c])
        let varga = g.actors.filter { $0.name.contains("Varga") }
        #expect(varga.map(\.name) == ["Ilse K. Varga"], "\(g.actors.map { ($0.name, $0.kind) })")
        #expect(Set(varga.flatMap(\.mentions).map(\.doc)) == ["a", "b"])
        // two persons with initials between "Ivan" and "Sokolov": the bare name stays apart
        #expect(Set(g.actors.filter { $0.name.contains("Sokolov") }.map(\.name)) == ["Ivan A. Sokolov", "Ivan B. Sokolov", "Ivan Sokolov"], "\(g.actors.map(\.name))")
        // the links of the bare name's document are the merged person's
        #expect(g.links.contains { [$0.source, $0.target].contains(varga.first?.id ?? "-") && [$0.source, $0.target].contains("ivan-b-sokolov") }, "\(g.links.map { ($0.source, $0.target) })")
    }

    @Test func aPersonCalledByAShortFormOfTheGivenNameIsOne() throws {
        let a = try extraction("a", "---\ndate: 2024-01-10\n---\nThomas Varga met Kristin Holm in Vienna on 8 January 2024.\n")
        let b = try extraction("b", "---\ndate: 2024-02-10\n---\nTom Varga met Chris Holm in Graz on 9 February 2024.\n")
        let c = try extraction("c", "---\ndate: 2024-03-10\n---\nChristine Holm and Christopher Holm spoke in Linz on 9 March 2024.\n")
        let forms = GivenNameForms.of(language: "en")
        let g = GraphBuilder.merge([a, b, c], nicknames: forms)
        let varga = g.actors.filter { $0.name.contains("Varga") }
        #expect(varga.map(\.name) == ["Thomas Varga"], "\(g.actors.map(\.name))")
        #expect(Set(varga.flatMap(\.mentions).map(\.doc)) == ["a", "b"])
        #expect(varga.first?.aliases.contains("Tom Varga") == true)
        // "Chris" may be Christine or Christopher, both in the graph: it stays apart
        #expect(g.actors.contains { $0.name == "Chris Holm" }, "\(g.actors.map(\.name))")
        // without the table, two Vargas
        #expect(GraphBuilder.merge([a, b, c]).actors.filter { $0.name.contains("Varga") }.count == 2)
    }

    @Test func organizationsKnownByOneAcronymAreOne() throws {
        let a = try extraction("a", "---\ndate: 2024-01-10\n---\nThe Nordic Aerospace Defence and Space Company (NADS) met Vantor in Oslo on 8 January 2024. NADS said little.\n")
        let b = try extraction("b", "---\ndate: 2024-02-10\n---\nNordic Aerospace Defense & Space NV (NADS) signed a deal with Brandt & Sons on 9 February 2024.\n")
        // same letters, other words: another body
        let c = try extraction("c", "---\ndate: 2024-03-10\n---\nThe National Association of Drivers and Shippers (NADS) protested in Bergen on 9 March 2024.\n")
        let g = GraphBuilder.merge([a, b, c])
        let nads = g.actors.filter { $0.name.hasPrefix("N") && ($0.name == "NADS" || $0.aliases.contains("NADS")) }
        #expect(nads.count == 2, "\(g.actors.map { ($0.name, $0.aliases) })")
        let nordic = try #require(nads.first { ([$0.name] + $0.aliases).contains { $0.hasPrefix("Nordic") } })
        #expect(Set(nordic.mentions.map(\.doc)) == ["a", "b"], "\(g.actors.map { ($0.name, $0.aliases) })")
        #expect(!([nordic.name] + nordic.aliases).contains { $0.hasPrefix("National") })
    }

    @Test func aNameTakenForACompanyInADocumentWithoutTheFullNameJoinsThePerson() throws {
        let a = try extraction("a", "---\ndate: 2024-01-10\n---\nDaniel Vrana met Karen Halden in Split on 8 January 2024. Daniel Vrana left on 9 January 2024.\n")
        // no cue for a person: "Vrana" and "Korvan" are taken for organizations here
        let b = try extraction("b", "---\ndate: 2024-02-10\n---\nCrowds cheered Vrana in Zadar on 9 February 2024.\n")
        let c = try extraction("c", "---\ndate: 2024-03-10\n---\nProtesters marched from Korvan to Zadar on 9 March 2024.\n")
        let d = try extraction("d", "---\ndate: 2024-03-12\n---\nMaria Korvan met Karen Halden on 10 March 2024. Halden Media reported it on 11 March 2024.\n")
        let e = try extraction("e", "---\ndate: 2024-03-14\n---\nReporters quoted Halden on 12 March 2024.\n")
        #expect(b.actors.first { $0.name == "Vrana" }?.kind == .organization, "\(b.actors.map { ($0.name, $0.kind) })")
        let g = GraphBuilder.merge([a, b, c, d, e])
        let vrana = try #require(g.actors.first { $0.name == "Daniel Vrana" })
        #expect(Set(vrana.mentions.map(\.doc)) == ["a", "b"], "\(g.actors.map { ($0.name, $0.kind, $0.mentions.count) })")
        // a person named in full once may not be the one word ("Korvan" may be a town)
        #expect(g.actors.contains { $0.name == "Korvan" }, "\(g.actors.map(\.name))")
        // another name starts with the word: "Halden" may be the company
        #expect(g.actors.contains { $0.name == "Halden" }, "\(g.actors.map(\.name))")
    }

    @Test func eventsGetStableIdsAndDateOrder() throws {
        let a = try extraction("a", "Lena Ortiz met Ivan Sokolov on 5 May 2023. Ortiz met Sokolov again on 2 May 2023. Ortiz spoke.")
        let g1 = GraphBuilder.merge([a])
        let g2 = GraphBuilder.merge([a])
        #expect(g1 == g2)
        let meetings = g1.events.filter { $0.kind == "meeting" }
        #expect(meetings.map { $0.when?.value } == ["2023-05-02", "2023-05-05"], "sorted by date")
        #expect(g1.events.map { $0.when?.start ?? "" } == g1.events.map { $0.when?.start ?? "" }.sorted())
        #expect(g1.events.allSatisfy { $0.id.hasPrefix("e-2023-05-0") })
        #expect(Set(g1.events.map(\.id)).count == g1.events.count)
        // typed links: weight = distinct sentences, events point to global ids
        let link = try #require(g1.links.first { $0.source == "ivan-sokolov" && $0.target == "lena-ortiz" && $0.kind == "met" })
        #expect(link.weight == 2)
        #expect(Set(link.events) == Set(meetings.map(\.id)))
    }
}

/// The same event reported by several documents (texts written for these tests).
@Suite struct CrossDocumentEventTests {
    func meetings(_ g: Graph) -> [Event] { g.events.filter { $0.kind == "meeting" && $0.modality == .asserted } }

    @Test func oneMeetingReportedThreeTimesIsOneEventWithEverySource() throws {
        let a = try extraction("a", "---\ndate: 2024-04-22\n---\nLena Ortiz met Ivan Sokolov in Vienna on 20 April 2024. They discussed grain exports.\n")
        // the other way round, a weekday and no year: the same meeting
        let b = try extraction("b", "---\ndate: 2024-04-23\n---\nIvan Sokolov met Lena Ortiz in Vienna on Saturday, April 20, officials said.\n")
        let g = GraphBuilder.merge([b, a])
        let m = try #require(meetings(g).first)
        #expect(meetings(g).count == 1)
        #expect(Set(m.sources.map(\.doc)) == ["a", "b"])
        #expect(m.when?.value == "2024-04-20")
        #expect(m.dateConflict == nil)
        #expect(m.summary.contains("Lena Ortiz met Ivan Sokolov"), "the earliest report's summary")
        // the link counts both sentences and points at the one event
        let met = try #require(g.links.first { $0.kind == "met" })
        #expect(met.weight == 2 && met.events == [m.id])
        // the same inputs give the same ids, whatever their order
        #expect(GraphBuilder.merge([a, b]) == g)
    }

    @Test func aDateOneDayOffIsKeptAndFlagged() throws {
        let a = try extraction("a", "---\ndate: 2024-04-22\n---\nLena Ortiz met Ivan Sokolov in Vienna on 20 April 2024.\n")
        let c = try extraction("c", "---\ndate: 2024-04-24\n---\nLena Ortiz met Ivan Sokolov in Vienna on 21 April 2024, a ministry said.\n")
        let g = GraphBuilder.merge([a, c])
        #expect(meetings(g).count == 1)
        let m = try #require(meetings(g).first)
        #expect(m.dateConflict == [ReportedDate(doc: "a", value: "2024-04-20"), ReportedDate(doc: "c", value: "2024-04-21")])
        // graph.json carries the conflict; events without one have no such key
        let json = String(decoding: try GraphJSON.encode(g), as: UTF8.self)
        #expect(json.contains("\"dateConflict\""))
        #expect(!String(decoding: try GraphJSON.encode(GraphBuilder.merge([a])), as: UTF8.self).contains("dateConflict"))
        #expect(try GraphJSON.decodeGraph(GraphJSON.encode(g)) == g)
    }

    @Test func otherMeetingsStayApart() throws {
        let a = try extraction("a", "---\ndate: 2024-04-22\n---\nLena Ortiz met Ivan Sokolov in Vienna on 20 April 2024.\n")
        let d = try extraction("d", """
            ---
            date: 2024-06-05
            ---
            Lena Ortiz met Marta Kowalczyk in Vienna on 20 April 2024. Ivan Sokolov denied meeting Lena Ortiz on 20 April 2024. \
            Lena Ortiz met Ivan Sokolov again in Prague on 3 June 2024.

            """)
        // a meeting a week later is another meeting, even with the same people and words
        let e = try extraction("e", "---\ndate: 2024-04-29\n---\nLena Ortiz met Ivan Sokolov in Vienna on 27 April 2024.\n")
        let g = GraphBuilder.merge([a, d, e])
        #expect(meetings(g).count == 4, "\(meetings(g).map(\.summary))")
        #expect(g.events.allSatisfy { Set($0.sources.map(\.doc)).count == 1 })
        #expect(g.events.allSatisfy { $0.dateConflict == nil })
        // a denial is not the meeting
        #expect(g.events.contains { $0.modality == .negated })
    }

    @Test func twoReportsInOneDocumentAreNotMerged() throws {
        // within one document two sentences are two reports: a headline and its story, or two meetings
        let a = try extraction("a", "---\ndate: 2024-04-22\n---\nLena Ortiz met Ivan Sokolov on 20 April 2024. Ortiz met Sokolov on 20 April 2024 for a second round.\n")
        let b = try extraction("b", "---\ndate: 2024-04-23\n---\nIvan Sokolov met Lena Ortiz on 20 April 2024.\n")
        let g = GraphBuilder.merge([a, b])
        // b joins the first of a's two; the second stays apart
        #expect(meetings(g).count == 2)
        #expect(meetings(g).map { Set($0.sources.map(\.doc)) }.sorted { $0.count > $1.count } == [["a", "b"], ["a"]])
    }

    @Test func directedEventsNeedTheSameAgentAndCoarseDatesDoNotMerge() throws {
        let a = try extraction("a", "---\ndate: 2024-03-02\n---\nRussia sanctioned Estonia on 1 March 2024.\n")
        let b = try extraction("b", "---\ndate: 2024-03-03\n---\nEstonia sanctioned Russia on 1 March 2024.\n")
        let c = try extraction("c", "---\ndate: 2024-03-04\n---\nRussia sanctioned Estonia on 1 March 2024, the ministry said.\n")
        let g = GraphBuilder.merge([a, b, c])
        let sanctions = g.events.filter { $0.kind == "sanction" }
        #expect(sanctions.count == 2, "\(sanctions.map(\.summary))")
        #expect(sanctions.contains { Set($0.sources.map(\.doc)) == ["a", "c"] })
        // a year is too coarse to tell two meetings apart
        let y1 = try extraction("y1", "---\ndate: 2024-12-01\n---\nLena Ortiz met Ivan Sokolov in 2023.\n")
        let y2 = try extraction("y2", "---\ndate: 2024-12-02\n---\nLena Ortiz met Ivan Sokolov in 2023.\n")
        #expect(meetings(GraphBuilder.merge([y1, y2])).count == 2)
    }

    @Test func twoStopsOfATourAreTwoVisitsAndACityMeetsItsCountry() throws {
        let within = PlaceContainment.of(language: "en")
        func visits(_ g: Graph) -> [Event] { g.events.filter { $0.kind == "visit" } }
        // one day apart, the same traveller and trigger: had been one visit with a date conflict
        let kyiv = try extraction("kyiv", "---\ndate: 2024-05-08\n---\nAntony Blinken visited Kyiv on 6 May 2024.\n")
        let warsaw = try extraction("warsaw", "---\ndate: 2024-05-08\n---\nAntony Blinken visited Warsaw on 7 May 2024.\n")
        let tour = visits(GraphBuilder.merge([kyiv, warsaw], placesWithin: within))
        #expect(tour.count == 2, "\(tour.map(\.summary))")
        #expect(tour.allSatisfy { $0.dateConflict == nil && $0.sources.count == 1 })
        // two places in the same month, one report dated by the month only
        let paris = try extraction("paris", "---\ndate: 2024-06-01\n---\nLena Ortiz visited Paris in May 2024.\n")
        let rome = try extraction("rome", "---\ndate: 2024-06-02\n---\nLena Ortiz visited Rome on 3 May 2024.\n")
        #expect(visits(GraphBuilder.merge([paris, rome], placesWithin: within)).count == 2)
        // a capital and its country (from the gazetteer): the same visit, both places kept
        let moscow = try extraction("moscow", "---\ndate: 2023-03-22\n---\nXi Jinping visited Moscow on 20 March 2023.\n")
        let russia = try extraction("russia", "---\ndate: 2023-03-23\n---\nXi Jinping visited Russia on 20 March 2023.\n")
        let one = visits(GraphBuilder.merge([moscow, russia], placesWithin: within))
        #expect(one.count == 1, "\(one.map(\.summary))")
        #expect(Set(one.first?.sources.map(\.doc) ?? []) == ["moscow", "russia"])
        let places = Set(one.first?.actors.map(\.actor) ?? [])
        #expect(places.isSuperset(of: ["moscow", "russia"]), "\(places)")
        // a report naming no place joins one that names a place
        let somewhere = try extraction("somewhere", "---\ndate: 2023-03-24\n---\nXi Jinping visited on 20 March 2023, officials said.\n")
        #expect(visits(GraphBuilder.merge([moscow, somewhere], placesWithin: within)).count <= 1)
    }
}

/// A story reported by many documents: a report joins a group only if it agrees with every
/// member, however many members are alike.
@Suite struct ManyReportsTests {
    func report(_ doc: String, day: Int, id: String) -> Event {
        Event(id: id, when: When(value: String(format: "2024-04-%02d", day), start: String(format: "2024-04-%02d", day),
                                 end: String(format: "2024-04-%02d", day), basis: .explicit),
              kind: "meeting", trigger: "met", summary: "Ortiz met Sokolov",
              actors: [EventActor(actor: "lena-ortiz", role: .agent), EventActor(actor: "ivan-sokolov", role: .target)],
              sources: [SourceSpan(doc: doc, start: 0, end: 10)])
    }

    @Test func aHundredAlikeReportsAndTheOnesThatDisagree() {
        // 100 documents on the 10th, one on the 12th (a conflicting date for all of them), then
        // one on the 14th: two days from the 12th but four from the 10th, so it joins nothing
        var events = (0..<100).map { report(String(format: "d%03d", $0), day: 10, id: "e\($0)") }
        events.append(report("x1", day: 12, id: "late"))
        events.append(report("x2", day: 14, id: "later"))
        // a second report from a document already in the group stays apart
        events.append(report("d005", day: 10, id: "again"))
        let (kept, mergedInto) = EventMerger.merge(events)
        #expect(kept.map(\.id) == ["e0", "later", "again"])
        #expect(kept[0].sources.count == 101)
        #expect(mergedInto.count == 100 && mergedInto["late"] == "e0" && mergedInto["e99"] == "e0")
        #expect(kept[0].dateConflict?.count == 101)
        #expect(kept[1].sources.map(\.doc) == ["x2"] && kept[2].sources.map(\.doc) == ["d005"])
    }
}

@Suite struct EndWordsTests {
    /// `endWords` agrees with splitting at spaces, however the spaces fall.
    @Test func theFirstAndLastWordsAsSplittingGivesThem() {
        let samples = ["", " ", "   ", "Xi", " Xi", "Xi ", "Xi Jinping", "  Xi   Jinping  ", "Ana María Ruiz", "a b", "Ångström  Ødegaard", "x  "]
        for s in samples {
            let parts = s.split(separator: " ")
            let e = endWords(s)
            if parts.isEmpty { #expect(e == nil, "\(s)"); continue }
            #expect(e.map { String($0.first) } == String(parts.first!), "\(s)")
            #expect(e.map { String($0.last) } == String(parts.last!), "\(s)")
            #expect(e?.several == (parts.count >= 2), "\(s)")
        }
    }
}
