import ChronographCore
import Foundation
import Testing
@testable import ChronographExtract

/// Extracts a one-document text with front matter through the whole extractor.
func extractBody(_ body: String, options: ExtractOptions = ExtractOptions(), date: String = "2024-06-10") -> DocumentExtraction {
    let text = "---\ntitle: Test\ndate: \(date)\n---\n" + body
    let doc = try! DocumentLoader.prepare(bytes: Array(text.utf8), path: "t.txt", id: "t", format: .text)
    return Extractor(options: options).extract(doc)
}

func mentionsOf(_ x: DocumentExtraction, _ id: String) -> [String] {
    x.actors.first { $0.id == id }?.mentions.map(\.text) ?? []
}

@Suite struct MetonymyTests {
    @Test func capitalSpeakingIsTheCountryCapitalAsPlaceStays() {
        let a = actors("Moscow said on Tuesday that the sanctions were illegal. Reporters waited in Moscow for hours.")
        #expect(a.contains("Moscow→Russia/location"), "\(a)")
        #expect(a.contains("Moscow→Moscow/location"), "\(a)")
    }

    @Test func possessiveOfPolicyIsTheGovernment() {
        let a = actors("Analysts studied Beijing's position on the dispute. The fair opened in Beijing on Friday.")
        #expect(a.contains("Beijing→China/location"), "\(a)")
        #expect(a.contains("Beijing→Beijing/location"), "\(a)")
    }

    @Test func coordinatedCapitalsStandTogether() {
        let a = actors("Beijing and Moscow said on Friday that ties had grown. Flights between Beijing and Moscow resumed.")
        #expect(a.filter { $0 == "Beijing→China/location" }.count == 1, "\(a)")
        #expect(a.filter { $0 == "Moscow→Russia/location" }.count == 1, "\(a)")
        #expect(a.contains("Beijing→Beijing/location") && a.contains("Moscow→Moscow/location"), "\(a)")
    }

    @Test func switchedOffKeepsTheCapital() {
        var r = ActorRecognizer.english
        r.metonymy = false
        let tz = Tokenizer.tokenize(Array("Moscow said on Tuesday that it disagreed.".utf8))
        let m = r.recognize(tz, sentences: SentenceSplitter.english.split(tz))
        #expect(m.map(\.canonical) == ["Moscow"])
        let x = extractBody("Officials agreed on nothing at all that week, according to several diplomats who spoke at length.\n\nMoscow said on Tuesday that it disagreed.",
                            options: ExtractOptions(metonymy: false))
        #expect(x.actors.map(\.id).contains("moscow") && !x.actors.map(\.id).contains("russia"))
    }
}

@Suite struct NominalReferenceTests {
    @Test func theDemonymLeaderIsTheTitledPersonOfThatCountry() {
        let a = actors("Officials from both sides said the visit had been planned for many months before it was announced.\n\nChinese President Wen Lianhua arrived in Hanoi on Monday. Later the Chinese leader met Vietnamese officials.")
        #expect(a.contains("the Chinese leader→Wen Lianhua/person"), "\(a)")
        #expect(!a.contains("Chinese→China/location") || a.filter { $0.hasPrefix("Chinese→") }.count == 1, "the phrase replaces the demonym's country mention: \(a)")
    }

    @Test func anotherCountrysLeaderIsNotTaken() {
        let a = actors("Chinese President Wen Lianhua arrived in Hanoi on Monday. The French leader stayed at home.")
        #expect(!a.contains { $0.contains("French leader") }, "\(a)")
    }

    @Test func anAmbiguousBareTitleIsLeftAlone() {
        let a = actors("President Ana Duarte met President Tomas Varga on Monday. The president said little.")
        #expect(!a.contains { $0.hasPrefix("The president→") }, "two presidents: \(a)")
        let b = actors("President Ana Duarte met the press on Monday. Later the president said little.")
        #expect(b.contains("the president→Ana Duarte/person"), "\(b)")
    }
}

@Suite struct RoleLinkTests {
    func links(_ body: String) -> [String] {
        let x = extractBody("Nothing much happened in the first hours of the day, as the delegations were still arriving at the venue.\n\n" + body)
        return x.links.filter { $0.kind != "co-occurrence" }.map { "\($0.source) \($0.kind) \($0.target)" }
    }

    @Test func appositionsGiveWorksForAndFormerlyLed() {
        let l = links("Premier Omar Haddad and Lina Sato, Haddad's security chief, a former head of the Bureau of Coastal Defence, arrived together.")
        #expect(l.contains("lina-sato works-for omar-haddad"), "\(l)")
        #expect(l.contains("lina-sato formerly-led bureau-of-coastal-defence"), "\(l)")
    }

    @Test func aSecondRoleJoinedByAndAndARoleInARelativeClause() {
        let chain = links("Tomas Varga, Lena Ortiz's finance chief and a former head of Vantage Systems, resigned.")
        #expect(chain.contains("tomas-varga works-for lena-ortiz"), "\(chain)")
        #expect(chain.contains("tomas-varga formerly-led vantage-systems"), "\(chain)")
        let relative = links("Ivan Sokolov, head of Acme Holdings, who is widely seen as Lena Ortiz's closest adviser, resigned.")
        #expect(relative.contains("ivan-sokolov leads acme-holdings"), "\(relative)")
        #expect(relative.contains("ivan-sokolov advises lena-ortiz"), "\(relative)")
        // "and" does not open a role right after the name: "Varga and the head of Acme" are two people
        let two = links("Tomas Varga and the head of Acme Holdings arrived together.")
        #expect(!two.contains { $0.hasPrefix("tomas-varga ") }, "\(two)")
    }

    @Test func roleBeforeTheNameGivesLeads() {
        let l = links("Agency director Paul Okafor of the Water Resources Agency spoke. Then NGA director Ruth Bell answered.")
        #expect(l.contains { $0.hasPrefix("ruth-bell leads ") }, "\(l)")
        let m = links("Chinese President Wen Lianhua landed in Hanoi.")
        #expect(m.contains("wen-lianhua leads china"), "\(m)")
    }

    @Test func aRoleAtTheVeryStartOfTheText() {
        // the organization is the text's first token: nothing before it to look at
        let text = "NIST director Ruth Bell spoke."
        let tz = Tokenizer.tokenize(Array(text.utf8))
        let m = ActorRecognizer.english.recognize(tz, sentences: SentenceSplitter.english.split(tz))
        let l = RoleLinker(lexicon: .english).links(m, tz, { tz.lower(tz.tokens[$0]) })
        #expect(l.map { "\(m[$0.person].canonical) \($0.kind) \(m[$0.other].surface)" } == ["Ruth Bell leads NIST"])
    }

    @Test func aRoleHeldInAnActorBeforeTheNameAndAComma() {
        let l = links("Baltmar Shipping's chief executive, Tomasz Lis, told reporters the firm would appeal.")
        #expect(l.contains("tomasz-lis leads baltmar-shipping"), "\(l)")
        let staff = links("Tomas Varga's security chief, Lina Sato, stayed in Vienna.")
        #expect(staff.contains("lina-sato works-for tomas-varga"), "\(staff)")
    }

    @Test func aCompanyTitleRightAfterTheCompanyAndAComma() {
        // no possessive: "Ryanair CEO, Michael O'Leary"
        let l = links("Veltro CEO, Marta Ilves, said the order would be delivered in spring.")
        #expect(l.contains("marta-ilves leads veltro"), "\(l)")
    }

    @Test func aTitleOfSeveralWordsOrTwoTitlesBeforeOf() {
        let l = links("Joel Brandt, Chairman and Chief Operating Officer of Norvik Freight, opened the depot. Lena Ortiz, Chief Financial Officer of Harlow Motors, left early.")
        #expect(l.contains("joel-brandt leads norvik-freight"), "\(l)")
        #expect(l.contains("lena-ortiz leads harlow-motors"), "\(l)")
    }

    @Test func aCompanyATitleAndAPersonInOneRunOfCapitals() {
        let l = links("Harlow Motors Chief Executive Dermot Quinlan said the plant would stay open.")
        #expect(l.contains("dermot-quinlan leads harlow-motors"), "\(l)")
    }

    @Test func adviserToGivesAdvises() {
        let l = links("Maria Lopez, an adviser to the Ministry of Finance, also attended.")
        #expect(l.contains("maria-lopez advises ministry-of-finance"), "\(l)")
    }

    @Test func roleLinksCarryTheSentence() {
        let x = extractBody("Nothing much happened in the first hours of the day, as the delegations were still arriving at the venue.\n\nMaria Lopez, an adviser to the Ministry of Finance, also attended.")
        let l = try! #require(x.links.first { $0.kind == "advises" })
        #expect(l.sources.count == 1 && l.weight == 1)
        let text = "---\ntitle: Test\ndate: 2024-06-10\n---\nNothing much happened in the first hours of the day, as the delegations were still arriving at the venue.\n\nMaria Lopez, an adviser to the Ministry of Finance, also attended."
        let quoted = String(decoding: Array(text.utf8)[l.sources[0].start..<l.sources[0].end], as: UTF8.self)
        #expect(quoted.hasPrefix("Maria Lopez") && quoted.hasSuffix("attended."), "\(quoted)")
    }
}

@Suite struct TitleTests {
    @Test func aTitleInsideARunOfCapitalsSplitsCompanyFromPerson() {
        let a = actors("Harlow Motors Chief Executive Dermot Quinlan met Orvane Bank Chief Financial Officer Priya Anand on Monday.")
        #expect(a.contains("Harlow Motors→Harlow Motors/organization"), "\(a)")
        #expect(a.contains("Dermot Quinlan→Dermot Quinlan/person"), "\(a)")
        #expect(a.contains("Orvane Bank→Orvane Bank/organization"), "\(a)")
        #expect(a.contains("Priya Anand→Priya Anand/person"), "\(a)")
        #expect(!a.contains { $0.contains("Chief") || $0.hasPrefix("Financial") }, "\(a)")
    }

    @Test func theWordsOfACorporateOrCabinetTitleAreNoName() {
        let a = actors("Joel Brandt, Chief Operating Officer of Norvik Freight, spoke first. The Secretary of Defense will review the award. In his speech the Prime Minister praised the crew.")
        #expect(!a.contains { $0.hasPrefix("Operating") || $0.hasPrefix("Defense") || $0.hasPrefix("Prime") }, "\(a)")
        #expect(a.contains("Norvik Freight→Norvik Freight/organization"), "\(a)")
    }

    @Test func aTitleEndingTheRunIsNotPartOfTheName() {
        let a = actors("On Tuesday, Veltro CEO, Marta Ilves, praised the deal, and Federal Reserve Chairman Jerome Powell spoke.")
        #expect(a.contains("Veltro→Veltro/organization"), "\(a)")
        #expect(a.contains("Federal Reserve→Federal Reserve/organization"), "\(a)")
        #expect(!a.contains { $0.contains("CEO") || $0.contains("Chairman") }, "\(a)")
        // other titles may end a name: a department, a company, a person
        let names = actors("The Ministry of Justice Spokesman Tomas Vik said the Department of Justice and Thermo King had agreed. Prime Minister Hun Sen flew to Hanoi.")
        for n in ["Ministry of Justice→Ministry of Justice/organization", "Tomas Vik→Tomas Vik/person", "Department of Justice→Department of Justice/organization",
                  "Thermo King→Thermo King/organization", "Hun Sen→Hun Sen/person"] {
            #expect(names.contains(n), "\(n): \(names)")
        }
        // a title after "of" or after an abbreviation's period is still a title before a name
        let titled = actors("One of President Hollis's sons wrote, and Lt. Gen. Walter Brann, the top officer, agreed.")
        #expect(titled.contains("Hollis→Hollis/person") && titled.contains("Walter Brann→Walter Brann/person"), "\(titled)")
        // the person a title stands before, and the one after a department held ("of ... for")
        let b = actors("Boeing had hired the Deputy Undersecretary of the Air Force for Acquisition Dana Rourke.")
        #expect(b.contains { $0.hasSuffix("Dana Rourke/person") }, "\(b)")
    }
}

@Suite struct NonActorTests {
    @Test func modelCodesAndNamedModelsAreProducts() {
        let a = actors("The Orion Aircraft Company delivered two Zephyr 450 Skyhawks to Nordair. The Skyhawk flew well. Two A350s and a KX-7 followed.")
        #expect(!a.contains { $0.hasPrefix("Skyhawk") }, "\(a)")
        #expect(!a.contains { $0.hasPrefix("A350") }, "\(a)")
        #expect(!a.contains { $0.hasPrefix("KX") }, "\(a)")
        #expect(a.contains { $0.hasPrefix("Nordair") }, "\(a)")
    }

    @Test func aCountrysOwnBodyIsNotTheOneAShortAliasNames() {
        let a = actors("The envoy met the secretary of Russia's Security Council. Later the Security Council voted in New York.")
        #expect(a.contains("Security Council→Security Council of Russia/organization"), "\(a)")
        #expect(a.contains("Security Council→UN Security Council/organization"), "\(a)")
    }

    @Test func currencyPrefixesAreNotCountries() {
        let a = actors("The deal is worth US$7 billion, the firm said. Jobs will move to the US next year.")
        #expect(a.filter { $0.hasSuffix("United States/location") }.count == 1, "\(a)")
    }

    @Test func placeBeforeItsRegionAndPersonWithRoleApposition() {
        let a = actors("The plant in Fairhope, Alabama hired staff. Kemal Ardanuc, minister of ports for Turkey, spoke.")
        #expect(a.contains("Fairhope→Fairhope/location"), "\(a)")
        #expect(a.contains("Kemal Ardanuc→Kemal Ardanuc/person"), "\(a)")
    }
}

@Suite struct CurationTests {
    @Test func parsesAliasesIgnoreAndKinds() throws {
        let c = try Curation.parse("""
        aliases:
          Robert Hale: [Bob Hale, Bobby]
        ignore:
          - Sponsor
        kinds:
          Nordair: organization
        """, path: "chronograph.yml")
        #expect(c.aliases["Robert Hale"] == ["Bob Hale", "Bobby"])
        #expect(c.ignore == ["Sponsor"])
        #expect(c.kinds["Nordair"] == .organization)
    }

    @Test func malformedFilesNameTheLine() {
        func message(_ text: String) -> String {
            do { _ = try Curation.parse(text, path: "c.yml"); return "" } catch { return error.description }
        }
        #expect(message("aliases:\n  A: [B\nignore: x\n").hasPrefix("c.yml:"), "\(message("aliases:\n  A: [B\nignore: x\n"))")
        let unknown = message("aliases: {}\nignored:\n  - X\n")
        #expect(unknown == "c.yml:2: unknown key 'ignored' (expected aliases, ignore or kinds)", "\(unknown)")
        let kind = message("kinds:\n  Nordair: company\n")
        #expect(kind.hasPrefix("c.yml:2: kinds: 'company'"), "\(kind)")
        let list = message("ignore:\n  - [a, b]\n")
        #expect(list.hasPrefix("c.yml:2:"), "\(list)")
    }

    @Test func curationChangesWhatIsExtracted() throws {
        let body = "Several people attended the meeting that morning, though few of them spoke to the press afterwards.\n\nBob Hale met Tina Marsh in Oslo. Later Robert Hale thanked the Sponsor Group. Sponsor Group staff left."
        let plain = extractBody(body)
        #expect(plain.actors.contains { $0.id == "bob-hale" })
        let c = try Curation.parse("aliases:\n  Robert Hale: [Bob Hale]\nignore: [Sponsor Group]\nkinds:\n  Tina Marsh: organization\n", path: "c.yml")
        let x = extractBody(body, options: ExtractOptions(curation: c))
        let hale = try #require(x.actors.first { $0.id == "robert-hale" })
        #expect(Set(hale.mentions.map(\.text)) == ["Bob Hale", "Robert Hale"])
        #expect(!x.actors.contains { $0.id == "bob-hale" || $0.id == "sponsor-group" })
        #expect(x.actors.first { $0.id == "tina-marsh" }?.kind == .organization)
        #expect(ExtractOptions(curation: c).fingerprint != ExtractOptions().fingerprint, "the cache key changes with the curation")
    }
}
