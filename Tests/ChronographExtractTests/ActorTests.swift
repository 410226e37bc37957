import ChronographCore
import Testing
@testable import ChronographExtract

/// "surface→canonical/kind" for each actor mention recognized in `text`.
func actors(_ text: String) -> [String] {
    let tz = Tokenizer.tokenize(Array(text.utf8))
    let s = SentenceSplitter.english.split(tz)
    return ActorRecognizer.english.recognize(tz, sentences: s).filter { !$0.weak }.map { "\($0.surface)→\($0.canonical)/\($0.kind.rawValue)" }
}

@Suite struct ActorRecognitionTests {
    /// The one-pass word table (lowercased, hashed and looked up together) reads as the
    /// lowercase array looked up word by word: ASCII and not, capitals, a word over the length
    /// limit, punctuation.
    @Test func theWordTableMadeInOnePassIsTheOneMadeFromTheLowercaseWords() {
        let text = "ÉMILE Zola met the Ministry of Défense in São Paulo on Monday; \u{201C}Quoted\u{201D}, said Antidisestablishmentarianismlongwordwhichgoesonandon. The USA and NATO: ok."
        let tz = Tokenizer.tokenize(Array(text.utf8))
        let lexicon = ActorRecognizer.english.lexicon
        let onePass = Words(tz, lexicon), fromArray = Words(tz.lowercased(), lexicon, tz)
        #expect(onePass.lowers == fromArray.lowers)
        #expect(onePass.classes == fromArray.classes)
        #expect(onePass.cues == fromArray.cues)
        #expect(onePass.lowers.contains("émile") && onePass.lowers.contains("são") && onePass.lowers.contains(""))
        let i = onePass.lowers.firstIndex(of: "monday")!, m = onePass.lowers.firstIndex(of: "ministry")!, met = onePass.lowers.firstIndex(of: "met")!
        #expect(onePass.is(i, .calendar) && onePass.is(i, .capitalized))
        #expect(onePass.is(m, .capitalized) && !onePass.is(met, .capitalized))
        #expect(onePass.is(0, .capitalized)) // "ÉMILE": a non-ASCII capital
    }

    @Test func andJoinsAnOrganizationsNameButNotTwoNames() {
        #expect(actors("Acme Holdings and Vantage Systems formed a venture.")
                == ["Acme Holdings→Acme Holdings/organization", "Vantage Systems→Vantage Systems/organization"])
        #expect(actors("Air Berlin and Nordic Cargo Lines signed.").contains("Air Berlin→Air Berlin/organization"))
        #expect(actors("The Ministry of Industry and Trade approved it.") == ["Ministry of Industry and Trade→Ministry of Industry and Trade/organization"])
        // adjectives before "and" belong to the organization named after it
        #expect(actors("Chen leads the Central Political and Legal Affairs Commission.").contains("Central Political and Legal Affairs Commission→Central Political and Legal Affairs Commission/organization"))
        #expect(actors("On Friday, Nordair and Vantage Group signed a deal.").contains("Nordair→Nordair/organization"))
    }

    @Test func anAmpersandAnApostropheAndTheWordsAnAcronymSpellAreInsideOneName() {
        // an ampersand between capitals: one firm, not two names (nor none)
        #expect(actors("Halvorsen & Pike and Brandt & Sons reported losses.")
                == ["Halvorsen & Pike→Halvorsen & Pike/organization", "Brandt & Sons→Brandt & Sons/organization"])
        // "and" and a hyphenated word between the words an acronym spells, in parentheses or not
        #expect(actors("The Nordic Aerospace Defence and Space Company (NADS) won the tender.")
                == ["Nordic Aerospace Defence and Space Company→Nordic Aerospace Defence and Space Company/organization", "NADS→Nordic Aerospace Defence and Space Company/organization"])
        #expect(actors("The Council for Maritime Co-operation and Trade (CMCT) met.").first
                == "Council for Maritime Co-operation and Trade→Council for Maritime Co-operation and Trade/organization")
        let unbracketed = actors("Kestrel Engineering and Space Company KESC N.V. filed a bid.")
        #expect(unbracketed == ["Kestrel Engineering and Space Company→Kestrel Engineering and Space Company/organization",
                                "KESC→Kestrel Engineering and Space Company/organization"], "\(unbracketed)")
        // the legal form left alone after the acronym is no actor
        #expect(!unbracketed.contains { $0.hasPrefix("N.V.") }, "\(unbracketed)")
        // initials that spell nothing after them: "and" still separates two names
        #expect(actors("Kestrel Engineering and Vantor Systems (VS) filed a bid.").contains("Kestrel Engineering→Kestrel Engineering/organization"))
        // "Dunkin'"-like names keep their apostrophe; a plural's possessive ends the name
        #expect(actors("Shares of Tallin' Bakeries Inc. rose.") == ["Tallin' Bakeries Inc→Tallin' Bakeries Inc/organization"])
        #expect(actors("The jet left Airbus' Delivery Center.").first == "Airbus→Airbus/organization")
    }

    @Test func aStatesAbbreviationAfterACityIsTheState() {
        // "Calif.", "N.Y.", "Okla.": the state, with its period; not an organization "Calif"
        let found = actors("A plant in Fresno, Calif., opened, and a mill near Tulsa, Okla. closed; the clinic in Pittsford, N.Y., stayed open.")
        #expect(found.contains("Calif.→California/location") && found.contains("Okla.→Oklahoma/location") && found.contains("N.Y.→New York State/location"), "\(found)")
        #expect(!found.contains { $0.contains("/organization") }, "\(found)")
        // a party's initial and a state after a legislator's name are no actor, in parentheses
        // or after a comma
        let rep = actors("The bill came from Rep. Dana Whitfield, R-Fla., on Monday.")
        #expect(rep == ["Dana Whitfield→Dana Whitfield/person"], "\(rep)")
        // "es" joins a name as "de" does
        #expect(actors("Officials in Dar es Salaam met.") == ["Dar es Salaam→Dar es Salaam/location"])
    }

    @Test func anUnknownNameIsAPlaceWhenTheWordsAroundItSaySo() {
        // a kind of place in apposition, a part of a known place it is in, a journey to it
        let found = actors("Buyers from Kostrava, a port city, came. The envoy flew on to Miravel, in southern Russia, and then travelled to Dolgany.")
        for name in ["Kostrava", "Miravel", "Dolgany"] { #expect(found.contains("\(name)→\(name)/location"), "\(found)") }
        // a person where she spoke is still no place, nor a firm in apposition
        let said = actors("Investors backed Varnova, a software company, and analysts with Dravik, in Washington, praised it.")
        #expect(said.contains("Varnova→Varnova/organization") && !said.contains("Dravik→Dravik/location"), "\(said)")
        // the last word of a name is its head: an office, an airline, an authority
        let heads = actors("The State Council Information Office, Gulf Air and the Port Authority agreed.")
        for name in ["State Council Information Office", "Gulf Air", "Port Authority"] { #expect(heads.contains("\(name)→\(name)/organization"), "\(heads)") }
    }

    @Test func productsAfterAModelNumberAndWordsForThingsAreNoActors() {
        // a name right after a model number is the product's ("the new 797 Skyliner", also in
        // quotes), wherever the maker stands
        let product = actors("Acme Holdings unveiled its new 797 Skyliner in Vienna. The 797 \"Skyliner\" flew on Monday.")
        #expect(!product.contains { $0.hasPrefix("Skyliner") }, "\(product)")
        #expect(product.contains("Acme Holdings→Acme Holdings/organization"), "\(product)")
        // a year is no model: the name after it stays
        #expect(actors("In 2008 Vantage Systems cut jobs.").contains("Vantage Systems→Vantage Systems/organization"))
        // "VIP guests", "Terminal 3"
        let things = actors("The jet was greeted by VIP guests at Terminal 3 in Vienna.")
        #expect(things == ["Vienna→Vienna/location"], "\(things)")
        // a document named by what it declares; a firm of two words that starts alike is one
        let docs = actors("Forty states signed the Declaration on Open Harbours in Vienna. Charter Freight objected.")
        #expect(!docs.contains { $0.hasPrefix("Declaration") } && docs.contains("Charter Freight→Charter Freight/organization"), "\(docs)")
        // a continent's demonym is the continent as a modifier, not an organization
        let demonyms = actors("European leaders met Asian investors in Vienna.")
        #expect(demonyms.contains("European→Europe/location") && demonyms.contains("Asian→Asia/location"), "\(demonyms)")
    }

    @Test func namesInAQuotedTitleAreATitlesWords() {
        // a slogan or a theme in title case between quotation marks names no one ...
        let theme = actors("The theme of the forum in Tallinn is \u{201C}Building a Resilient Future for Connected Harbours\u{201D}, the ministry said.")
        #expect(theme == ["Tallinn→Tallinn/location"], "\(theme)")
        let straight = actors("Officials in Riga published a paper called \"Laying a Common Grid in Northern Waters\" on Monday.")
        #expect(straight == ["Riga→Riga/location"], "\(straight)")
        // ... but a name the text gives outside the title, or a known name, is still one
        let named = actors("Aiko Tanaka spoke in Riga. Her paper \u{201C}Aiko Tanaka on Grids in the Baltic\u{201D} sold well in Latvia.")
        #expect(named.contains("Aiko Tanaka→Aiko Tanaka/person") && named.contains("Latvia→Latvia/location"), "\(named)")
        // a quotation that is a sentence is no title
        let quote = actors("\u{201C}Halvorsen Freight Will Appeal the ruling,\u{201D} said Kari Lunde.")
        #expect(quote.contains { $0.hasPrefix("Halvorsen Freight") }, "\(quote)")
        // the network itself is no actor; a body named after it is
        #expect(actors("The rules spread on the Internet while the Internet Society objected.") == ["Internet Society→Internet Society/organization"])
    }

    @Test func pageFurnitureOfACopiedPageNamesNoOne() {
        let text = """
        Kari Lunde met Nordair executives in Oslo on Tuesday. Related Coverage: Markets. Photo: Harbour Wire. \
        See also: Tallinn Port Authority raises fees. Subscribe now to get Breaking News alerts. Copyright 2024 Example Media.
        """
        let found = actors(text)
        #expect(Set(found) == ["Kari Lunde→Kari Lunde/person", "Nordair→Nordair/organization", "Oslo→Oslo/location"], "\(found)")
        // a sentence that opens with such a word but no label is text
        #expect(actors("Watch Tower Holdings bought Nordair in Oslo.").contains("Watch Tower Holdings→Watch Tower Holdings/organization"))
    }

    @Test func compoundTitlesBeforeANameAreNoActors() {
        // "Security Chief" is a title, not an actor "Security" and a title
        #expect(actors("Norwegian Security Chief Kari Lunde met officials in Riga.").allSatisfy { !$0.hasPrefix("Security") })
        // "Senate Majority Leader" is a title before the name
        let leader = actors("Senate Majority Leader Ana Ruiz spoke in Riga.")
        #expect(leader.contains("Ana Ruiz→Ana Ruiz/person") && !leader.contains { $0.hasPrefix("Majority") }, "\(leader)")
    }

    @Test func namesEndingInApostropheS() {
        // a company named with its 's is listed so: not a possessive of "Moody"
        let found = actors("Moody's cut the rating on Tuesday, and McDonald's closed stores in Oslo while China's envoy met Moody's Investors Service.")
        #expect(Set(found) == ["Moody's→Moody's/organization", "McDonald's→McDonald's/organization", "Oslo→Oslo/location",
                               "China→China/location", "Moody's Investors Service→Moody's/organization"], "\(found)")
    }

    @Test func anAdverbOpeningASentenceIsNoPartOfTheName() {
        #expect(actors("Once Ivan Sokolov arrived, the talks began in Oslo.") == ["Ivan Sokolov→Ivan Sokolov/person", "Oslo→Oslo/location"])
        #expect(actors("Certainly Kari Lunde knew it.") == ["Kari Lunde→Kari Lunde/person"])
    }

    @Test func adjectivesOfAPeopleOrAFaithAreNoActors() {
        let found = actors("Arab troops and Catholic protesters met a Republican senator in Oslo, while Soviet astronauts flew over Central America.")
        #expect(Set(found) == ["Oslo→Oslo/location", "Soviet→Soviet Union/location", "Central America→Central America/location"], "\(found)")
        // names that end otherwise stay names
        let named = actors("The Arab League and the Catholic Church met the Communist Party in Oslo.")
        #expect(named.contains("Arab League→Arab League/organization") && named.contains("Catholic Church→Catholic Church/organization")
                && named.contains { $0.hasPrefix("Communist Party→") }, "\(named)")
    }

    @Test func commonCapitalizedWordsNameNoOneAlone() {
        let found = actors("We're told the West and the Embassy in Oslo know, People said, and Immigration officials agreed.")
        #expect(found == ["Oslo→Oslo/location"], "\(found)")
        #expect(actors("Nordair met Western Union in Oslo.").contains("Western Union→Western Union/organization"))
    }

    @Test func aNameGluedToAPrefixIsANameOfItsOwn() {
        // "anti-Castro Cuban American National Foundation": Castro, and the foundation
        let found = actors("Lawyers backed by the anti-Lunde Harbour Workers Association met in Oslo.")
        #expect(found.contains("Harbour Workers Association→Harbour Workers Association/organization")
                && !found.contains { $0.hasPrefix("Lunde Harbour") }, "\(found)")
        // a hyphen between two capitalized words still joins them
        #expect(actors("Coca-Cola bought Nordair in Oslo.").contains("Coca-Cola→Coca-Cola/organization"))
    }

    @Test func theObjectOfAPrepositionIsNoSpeaker() {
        // "analysts at Nordbank said": the analysts speak, Nordbank is where they work
        #expect(actors("Shares fell in Oslo, analysts at Nordbank said.").contains("Nordbank→Nordbank/organization"))
        #expect(actors("Shares fell in Oslo, Lunde said.").contains("Lunde→Lunde/person"))
    }

    @Test func lawsAgreementsOperationsAndProcessesAreNoActors() {
        let found = actors("""
        The Paris Agreement, the Artificial Intelligence Act and the Kyoto Protocol came up when Kari Lunde met Nordair in Oslo. \
        Operation Spring Storm began as Brexit and Bitcoin weighed on trade; the Super Bowl drew viewers.
        """)
        #expect(Set(found) == ["Paris→Paris/location", "Kari Lunde→Kari Lunde/person", "Nordair→Nordair/organization", "Oslo→Oslo/location"], "\(found)")
        // a group named "Operation" and one word is a group
        #expect(actors("Members of Operation Rescue protested in Riga.").contains("Operation Rescue→Operation Rescue/organization"))
    }

    @Test func shortSentencesOnLinesOfTheirOwnBeforeTheFirstParagraphAreText() {
        // a text of one-line paragraphs: only the title is a header; the names in the short
        // lead sentences are found
        let text = "Results week\nHalvorsen & Pike reported results on Tuesday.\nThe Department of Fisheries and Coastal Affairs issued a warning on Wednesday.\nOfficials at the ministry met Brandt & Sons executives in Tromsø on Thursday to discuss the new quotas for the season.\n"
        let bytes = Array(text.utf8)
        #expect(HeaderBlock.bodyStart(bytes) == "Results week\n".utf8.count)
        // a byline, a date and a site's banner before the text stay a header, sentence or not
        let page = "Coastal News\nSponsor: Tidewater: Better nets for everyone! Harbour Supply Knowledge.\nMay 3, 2024\nBy Kari Lunde\nOfficials at the ministry met the executives in Tromsø on Thursday to discuss the new quotas for the season.\n"
        #expect(HeaderBlock.bodyStart(Array(page.utf8)) == page.range(of: "Officials")!.lowerBound.utf16Offset(in: page))
    }

    @Test func aPluralDemonymIsItsCountryAsAModifierNotAnOrganization() {
        // "Kenyans", "Iraqis": the people of a country, as "Kenyan" is its adjective; no actor
        // of their own ("Philippines" stays the country; "Laos" is no plural of "Lao")
        let found = actors("Thousands of Kenyans and Iraqis marched in Nairobi, and Britons joined them.")
        #expect(!found.contains { $0.contains("/organization") }, "\(found)")
        #expect(found.contains("Kenyans→Kenya/location") && found.contains("Iraqis→Iraq/location") && found.contains("Britons→United Kingdom/location"), "\(found)")
        #expect(actors("Officials in the Philippines and Laos met.") == ["Philippines→Philippines/location", "Laos→Laos/location"])
    }

    @Test func aGazetteerNameWithAPossessiveAndALegislatorsPartyAndState() {
        // "People's Republic of China" is China, not "People" and Taiwan ("Republic of China")
        #expect(actors("Envoys of the People's Republic of China arrived in Oslo.") == ["People's Republic of China→China/location", "Oslo→Oslo/location"])
        // "(R-AZ)", "(D-Calif.)": a party and a state, no organization
        let found = actors("Senator Dana Whitfield (R-AZ) and Representative Omar Castell (D-Calif.) opposed the lease.")
        #expect(found == ["Dana Whitfield→Dana Whitfield/person", "Omar Castell→Omar Castell/person"], "\(found)")
    }

    @Test func aPronounsContractionIsNoName() {
        // "I" is capitalized mid-sentence, and so are its contractions: no actor "I'm"
        let found = actors("Anna Berg told Nordlys Air staff that I'm proud of the deal, and I’d sign it twice, she said.")
        #expect(!found.contains { $0.hasPrefix("I") }, "\(found)")
        #expect(found.contains("Anna Berg→Anna Berg/person"))
    }

    @Test func givenNamesFromManyCountriesMakePersons() {
        // no title, role or speech verb: the given name alone says "person" (these were all
        // typed organizations when the list held mostly English given names)
        let found = actors("The plan was backed by Dagny Rustad, Halvard Moe, Søren Kierkegaard, Mykola Bondar, Ngozi Adeyemi, Mehmet Aydin and Zsolt Varga.")
        for name in ["Dagny Rustad", "Halvard Moe", "Søren Kierkegaard", "Mykola Bondar", "Ngozi Adeyemi", "Mehmet Aydin", "Zsolt Varga"] {
            #expect(found.contains("\(name)→\(name)/person"), "\(found)")
        }
        // a given name that is also a place or an organization word is not in the list
        #expect(actors("Tourists flocked to Beverly Hills and Marina Bay.").allSatisfy { !$0.hasSuffix("/person") })
    }

    @Test func aRelativeWhoOrAnAgeInAppositionMakesAPerson() {
        // no given name the lexicon knows, no title, no verb of speech: these had been taken
        // for organizations
        let found = actors("The talks were hosted by Ovadia Kfir, who chaired the panel. Bertalan Szekeres, 48, moved to Houston.")
        #expect(found.contains("Ovadia Kfir→Ovadia Kfir/person"), "\(found)")
        #expect(found.contains("Bertalan Szekeres→Bertalan Szekeres/person"), "\(found)")
        // "which" is a company's, and a count is no age
        let firms = actors("Talks were held at Vantor Kessling, which builds jets. Orlen Hydrix, 2014, was a bad year.")
        #expect(firms.contains("Vantor Kessling→Vantor Kessling/organization"), "\(firms)")
        #expect(!firms.contains { $0.hasPrefix("Orlen Hydrix") && $0.hasSuffix("/person") }, "\(firms)")
    }

    @Test func aNameWithNoCueIsThePersonItsSurnameNamesLater() {
        // no given name the lexicon knows and no title: had been taken for an organization,
        // and "Tamm" for another actor
        let found = actors("Jaan Tamm signed the lease on Monday. Tamm said the deal was fair.")
        #expect(found == ["Jaan Tamm→Jaan Tamm/person", "Tamm→Jaan Tamm/person"], "\(found)")
        // a given name used alone is no cue that it is a surname: the company stays one
        let company = actors("Kessler Douglas won the contract. Douglas shares rose.")
        #expect(company.contains("Kessler Douglas→Kessler Douglas/organization"), "\(company)")
    }

    @Test func aCueAtALaterMentionGivesEveryMentionItsKind() {
        // the first mention has no cue; "Marit Solberg said" has one
        let found = actors("Marit Solberg is well known here. \"We will wait,\" Marit Solberg said. Solberg left.")
        #expect(found.filter { $0.hasPrefix("Marit Solberg") }.allSatisfy { $0.hasSuffix("/person") } && found.count == 3, "\(found)")
    }

    @Test func theShortFormOfAnOrganizationNamedBefore() {
        // "the Commission" after "the European Commission" (a gazetteer name) and "the Board"
        // after a name no list knows
        let found = actors("The European Commission rejected the request. A spokesman for the Commission declined to comment. Nordvik Grain Board met; the Board voted.")
        #expect(found.contains("Commission→European Commission/organization"), "\(found)")
        #expect(found.contains("Board→Nordvik Grain Board/organization"), "\(found)")
        // only an organization word is such a short form: "the Internet" is not the declaration
        let web = actors("The Declaration for the Future of the Internet was signed. Few use the Internet that way.")
        #expect(!web.contains { $0.hasPrefix("Internet→Declaration") }, "\(web)")
        // with two organizations ending so, the short form stays as it is
        let two = actors("The European Commission and the Nordic Trade Commission met. The Commission said no.")
        #expect(two.contains("Commission→Commission/organization"), "\(two)")
    }

    @Test func aCompanysFirstWordAndAPlaceEveryMentionOfWhichIsAfterIn() {
        // "Baltmar" after "Baltmar Shipping", even before a verb of speech; "Gdansk", only ever
        // after "in", is a place; "Vantar", once the subject, stays what it is
        let found = actors("A court in Gdansk fined Baltmar Shipping on Thursday. Baltmar said it would appeal. Investors in Vantar waited. Vantar fell.")
        #expect(found.contains("Gdansk→Gdansk/location"), "\(found)")
        #expect(found.contains("Baltmar→Baltmar Shipping/organization"), "\(found)")
        #expect(found.filter { $0.hasPrefix("Vantar") }.allSatisfy { $0.hasSuffix("/organization") }, "\(found)")
        // a name an organization word does not make one ("Elian Gonzalez", no cue) owns no first word
        let boy = actors("Elian Gonzalez stayed in Miami. Elian played outside.")
        #expect(!boy.contains("Elian→Elian Gonzalez/organization"), "\(boy)")
    }

    @Test func particlesInsideNamesAndProgrammesJoinedByAnd() {
        let found = actors("Luiz Inacio Lula da Silva will travel next week. Lula said so. Der Spiegel reported it. Brazil may join the Belt and Road Initiative.")
        #expect(found.contains("Luiz Inacio Lula da Silva→Luiz Inacio Lula da Silva/person"), "\(found)")
        #expect(found.contains("Lula→Luiz Inacio Lula da Silva/person"), "a middle name alone: \(found)")
        #expect(found.contains { $0.hasPrefix("Der Spiegel→") }, "a capitalized particle opening a name stays: \(found)")
        #expect(!found.contains { $0.hasPrefix("Belt") || $0.hasPrefix("Silva") }, "\(found)")
    }

    @Test func theWordAfterADatelineAndAPlaceOnlyEverInDatelinesAndAfterIn() {
        // "Dock" opens the text after the dateline's dash: a capital that says nothing; "Varnholm"
        // is named only by the dateline and after "in": a place; "Port" alone names no place
        let found = actors("Port strike spreads\n\nVARNHOLM \u{2014} Dock workers in Varnholm walked out on Tuesday. The Port of Tallinn-Muuga warned of delays.\n")
        #expect(!found.contains { $0.hasPrefix("Dock") || $0.hasPrefix("Port→") }, "\(found)")
        #expect(found.contains("Varnholm→Varnholm/location"), "\(found)")
        #expect(found.contains { $0.hasPrefix("Port of Tallinn-Muuga→") && $0.hasSuffix("/location") }, "\(found)")
        #expect(found.contains("VARNHOLM→Varnholm/location"), "the dateline's spelling: \(found)")
    }

    @Test func aPluralOpeningTheSentenceBeforeOfIsNoPartOfTheName() {
        let found = actors("Shares of Vantar Systems rose. Thousands of Nordair workers struck. Friends of the Earth protested.")
        #expect(found.contains("Vantar Systems→Vantar Systems/organization"), "\(found)")
        #expect(found.contains { $0.hasPrefix("Nordair") }, "\(found)")
        #expect(!found.contains { $0.hasPrefix("Shares") || $0.hasPrefix("Thousands") }, "\(found)")
        #expect(found.contains("Friends of the Earth→Friends of the Earth/organization"), "only partitive words are cut: \(found)")
        // a gazetteer line of several words with no "|" is one name, not a name and its aliases
        #expect(ResourceFiles.fields("Friends of the Earth", names: true) == ["Friends of the Earth"])
        #expect(ResourceFiles.fields("Airbus | Airbus SE;Airbus Group", names: true) == ["Airbus", "Airbus SE;Airbus Group"])
    }

    /// Resource files are read over their bytes: comments, blank lines, fields on "|" (empty
    /// ones kept), tabs or spaces, names past ASCII, and a file saved with CR LF.
    @Test func resourceFileLinesAndFields() {
        let text = "# a heading\n\n  São Tomé | STP ;Sao Tome  \nC# stays\nword  # a comment\r\n\tlone\t\r\nsingle\r\n#\n"
        #expect(ResourceFiles.parseLines(text) == ["São Tomé | STP ;Sao Tome", "C# stays", "word", "lone", "single"])
        #expect(ResourceFiles.fields("São Tomé | STP ;Sao Tome") == ["São Tomé", "STP ;Sao Tome"])
        #expect(ResourceFiles.fields("a||b |") == ["a", "", "b", ""])
        #expect(ResourceFiles.fields("month\t march \t\tmar") == ["month", "march", "mar"])
        #expect(ResourceFiles.fields("said  told asked") == ["said", "told", "asked"])
        #expect(ResourceFiles.fields("Côte d'Ivoire", names: true) == ["Côte d'Ivoire"])
        #expect(ResourceFiles.fields("\u{00A0}Kyiv | Kiev\u{3000}") == ["Kyiv", "Kiev"])
    }

    /// What the gazetteer makes of a name at load: the prefixes of its key, a leading "the",
    /// and whether it is matched in its case only (two to six capitals).
    @Test func gazetteerNamesAtLoad() {
        var set = WordSet()
        ActorLexicon.addPrefixes(of: "ministry of state security", to: &set)
        #expect(Set(set) == ["ministry", "ministry of", "ministry of state", "ministry of state security"])
        var odd = WordSet()
        ActorLexicon.addPrefixes(of: " bank  of japan ", to: &odd) // not a key as keys are made: word by word
        #expect(Set(odd) == ["bank", "bank of", "bank of japan"])
        var one = WordSet()
        ActorLexicon.addPrefixes(of: "kyiv", to: &one)
        ActorLexicon.addPrefixes(of: "", to: &one)
        #expect(Set(one) == ["kyiv"])
        #expect(ActorLexicon.startsWithThe("The Hague") && ActorLexicon.startsWithThe("THE Gambia") && ActorLexicon.startsWithThe("the Bahamas"))
        #expect(!ActorLexicon.startsWithThe("Thebes") && !ActorLexicon.startsWithThe("The") && !ActorLexicon.startsWithThe("Theo Walsh"))
        for (name, exact) in [("UN", true), ("NATO", true), ("U.S.", true), ("OPEC", true), ("A", false), ("UNESCOX", false),
                              ("Nato", false), ("EU-27", true), ("ÖVP", true), ("Öl", false), ("ΕΕ", true)] {
            #expect(ActorLexicon.isShortCapitals(name) == exact, "\(name)")
        }
    }

    @Test func aWordOpeningASentenceBeforeAVerbOfSpeechOrAPastIsAName() {
        // the only mention of each: had been taken for capitalized common words
        let found = actors("The port was closed.\nSiemens said it would wait. Maersk diverted two vessels. Officials said nothing. Emails showed the plan.")
        // (a kind from its verb: "Siemens said" reads as a person, as "Haines said" does)
        #expect(found.contains { $0.hasPrefix("Siemens→Siemens/") } && found.contains("Maersk→Maersk/organization"), "\(found)")
        #expect(!found.contains { $0.hasPrefix("Officials") || $0.hasPrefix("Emails") }, "\(found)")
    }

    @Test func rolesBeforeANameAndPortfoliosOfMinisters() {
        let found = actors("Finnish Transport Minister Lulu Ranne and her Estonian counterpart Kuldar Leis met. The transport commissioner, Apostolos Tzitzikostas, will visit.")
        #expect(found.contains("Lulu Ranne→Lulu Ranne/person"), "\(found)")
        #expect(found.contains("Kuldar Leis→Kuldar Leis/person"), "\(found)")
        #expect(found.contains("Apostolos Tzitzikostas→Apostolos Tzitzikostas/person"), "\(found)")
        #expect(!found.contains { $0.hasPrefix("Transport") }, "the portfolio is part of the title: \(found)")
    }

    @Test func aFeatureOfAKnownPlaceIsAPlaceOfItsOwn() {
        let found = actors("Ferries cross the Gulf of Finland, and a storm hit the Sea of Japan near the Straits of Florida.")
        #expect(found == ["Gulf of Finland→Gulf of Finland/location", "Sea of Japan→Sea of Japan/location",
                          "Straits of Florida→Straits of Florida/location"], "\(found)")
    }

    @Test func functionWordsOpeningASentenceAreNotPartOfTheName() {
        let found = actors("Other Vantar aides declined. Because Nordair lost the bid, the plan stalled.")
        #expect(!found.contains { $0.hasPrefix("Other") || $0.hasPrefix("Because") }, "\(found)")
        #expect(found.contains { $0.hasPrefix("Nordair→") }, "\(found)")
    }

    @Test func aDatelineLeadIsBodyNotHeader() {
        // the header block (title, site name, byline) ends where running text starts; a lead
        // sentence after a dateline counts as running text even when it is mostly names
        let page = "Harbor Daily\nSubscribe | Sign in\nBy Example Desk\nOSLO \u{2014} Norwegian Foreign Minister Lena Ortiz received Finnish President Ivan Sokolov in Oslo on Friday, hours before the opening of the Nordic Council session.\n\nThe two met again later.\n"
        let bytes = Array(page.utf8)
        let start = HeaderBlock.bodyStart(bytes)
        #expect(String(decoding: bytes[start...], as: UTF8.self).hasPrefix("OSLO"))
        let found = actors(page)
        #expect(found.contains("Lena Ortiz→Lena Ortiz/person") && found.contains("Ivan Sokolov→Ivan Sokolov/person"), "\(found)")
        #expect(!found.contains { $0.hasPrefix("Harbor Daily") }, "site furniture stays out: \(found)")
        // a title-case banner of many words is still header
        #expect(!HeaderBlock.endsSentence(Array("A Long Banner Of Capitalized Words".utf8)[...]))
        #expect(HeaderBlock.endsSentence(Array("He said so.\u{201D}".utf8)[...]))
    }

    @Test func aNationalityBeforeAKnownOrganizationMakesItsOwn() {
        // the gazetteer's "Air Force" is the US one; "Royal Norwegian Air Force" is Norway's
        let found = actors("The deal was signed with the Royal Norwegian Air Force in Oslo.")
        #expect(found.contains("Royal Norwegian Air Force→Royal Norwegian Air Force/organization"), "\(found)")
        #expect(!found.contains { $0.hasPrefix("Royal→") })
    }

    @Test func currencyCodesAndCompanySuffixesAloneAreNoActors() {
        // "(GB £20 billion)": a currency code before an amount
        let money = actors("Nordair won a contract worth US$40 billion (GB £20 billion) on Friday.")
        #expect(!money.contains { $0.hasPrefix("GB") }, "\(money)")
        #expect(actors("Nordair won a contract worth GB #20 billion.").allSatisfy { !$0.hasPrefix("GB") })
        // but an acronym before a dash is still a name
        #expect(actors("They met in Vienna. NATO \u{2014} the alliance \u{2014} agreed.").contains("NATO→NATO/organization"))
        // a title alone names no one ("the Prime Minister of Norway, Lena Ortiz")
        let titled = actors("Guests included the Prime Minister of Norway, Lena Ortiz, and an Undersecretary of the Navy.")
        #expect(!titled.contains { $0.hasPrefix("Prime Minister") || $0.hasPrefix("Undersecretary") }, "\(titled)")
        #expect(titled.contains("Lena Ortiz→Lena Ortiz/person"), "\(titled)")
        // "N.V." after a name is part of the company's form, not an actor of its own
        #expect(!actors("Harbor Aero Holding N.V. (HAH) defeated Nordair.").contains { $0.hasPrefix("N.V.") })
    }

    @Test func gazetteerCountriesAliasesAndDemonyms() {
        let a = actors("Officials in the U.S. and Russia spoke. Chinese state media said the United States erred.")
        #expect(a.contains("U.S.→United States/location"))
        #expect(a.contains("Russia→Russia/location"))
        #expect(a.contains("Chinese→China/location"))
        #expect(a.contains("United States→United States/location"))
    }

    @Test func titlesAreStrippedAndMarkPersons() {
        let a = actors("Foreign Minister Ana Duarte flew home. Duarte said little.")
        #expect(a.contains("Ana Duarte→Ana Duarte/person"))
        #expect(a.contains("Duarte→Ana Duarte/person"), "a short form resolves to the full name: \(a)")
    }

    @Test func organizationsByHeadWordAndAcronym() {
        let a = actors("The Northern Grain Council (NGC) met the Ministry of Water Resources. Later the NGC agreed.")
        #expect(a.contains("Northern Grain Council→Northern Grain Council/organization"))
        #expect(a.contains("NGC→Northern Grain Council/organization"))
        #expect(a.contains("Ministry of Water Resources→Ministry of Water Resources/organization"))
    }

    @Test func gazetteerAcronymNeedsCapitals() {
        #expect(actors("Who knows? The WHO does.").filter { $0.hasPrefix("Who→") }.isEmpty)
        #expect(actors("Who knows? The WHO does.").contains("WHO→World Health Organization/organization"))
    }

    @Test func sentenceInitialCommonWordsAreNotActors() {
        let a = actors("Stepping out, the envoy waved. Obviously nobody cared. Many left early.")
        #expect(a.isEmpty, "\(a)")
    }

    @Test func sentenceInitialWordsWithoutEvidenceAreWeak() {
        let tz = Tokenizer.tokenize(Array("Varga spoke first. Stepping out, he left.".utf8))
        let m = ActorRecognizer.english.recognize(tz, sentences: SentenceSplitter.english.split(tz))
        #expect(m.map(\.surface) == ["Varga", "Stepping"])
        #expect(m.allSatisfy { $0.weak }, "left to the merge, which keeps only names it can place")
    }

    @Test func monthsAndWeekdaysAreNotActors() {
        let a = actors("In March the council met. On Wednesday it voted.")
        #expect(a.allSatisfy { !$0.hasPrefix("March") && !$0.hasPrefix("Wednesday") }, "\(a)")
    }

    @Test func multiWordPlacesAndConnectors() {
        let a = actors("Delegates gathered in St. Petersburg and at the Department of the Treasury.")
        #expect(a.contains("St. Petersburg→St. Petersburg/location"))
        #expect(a.contains("Department of the Treasury→Treasury Department/organization"))
    }
}

@Suite struct WordTableTests {
    @Test func setsAndMapsFindWhatWasPutIn() {
        var set = WordSet(["ministry", "of", "ministry of state security", "é", ""])
        #expect(set.contains("ministry") && set.contains("ministry of state security") && set.contains("é") && set.contains(""))
        #expect(!set.contains("Ministry") && !set.contains("ministr") && !set.contains("ministry of"))
        for i in 0..<500 { set.insert("word\(i)") } // grows past its first table
        #expect(set.count == 505)
        #expect((0..<500).allSatisfy { set.contains("word\($0)") } && !set.contains("word500"))
        var map = WordMap<Int>()
        map["met"] = 1; map["met"] = 2; map["signed"] = 3
        #expect(map["met"] == 2 && map["signed"] == 3 && map["visited"] == nil && map.count == 2)
        map["visited", default: 0] += 5
        #expect(map["visited"] == 5)
    }

    @Test func positionsMapToTheLastMentionSetThere() {
        var index = PositionIndex(positions: 10)
        index[3] = 0; index[7] = 1; index[3] = 2 // a later mention at 3 replaces the first
        #expect(index[3] == 2 && index[7] == 1 && index[0] == nil && index[10] == nil)
        #expect(index[-1] == nil && index[11] == nil) // outside the document: nothing
        index[7] = nil
        #expect(index[7] == nil)
    }

    @Test func eachTokenHasTheCueClassesOfItsWord() {
        let x = EventExtractor.english
        let bits = x.cueBits(["said", ",", "would", "met", "in", "xyzzy"])
        typealias C = EventExtractor.Cue
        #expect(bits[0] & C.clauseBreak != 0 && bits[0] & C.trigger != 0 && bits[0] & C.negation == 0) // a break, and a trigger (statement)
        #expect(bits[1] & C.clauseMark != 0 && bits[1] & C.listJoiner != 0 && bits[1] & C.coordinator != 0)
        #expect(bits[2] & C.hypothetical != 0 && bits[2] & C.planned == 0)
        #expect(bits[3] & C.trigger != 0)
        #expect(bits[4] & C.placePreposition != 0 && bits[4] & C.preposition != 0)
        #expect(bits[5] == 0)
    }
}
