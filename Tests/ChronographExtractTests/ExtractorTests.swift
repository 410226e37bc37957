import ChronographCore
import Testing
@testable import ChronographExtract

@Suite struct ExtractorTests {
    let text = """
    ---
    title: Envoys meet
    date: 2024-03-08
    ---
    Marta Kowalczyk met Ivan Sokolov in Geneva on 4 March 2024. Sokolov discussed grain.
    Kowalczyk later visited Poland.
    """

    @Test func theWordsOfANamedDayAreNoActor() throws {
        // "Black Friday" is a day (the Friday after Thanksgiving), not an actor "Black"
        let doc = try DocumentLoader.prepare(bytes: Array("Shoppers crowded Nordair stores on Black Friday and again on Cyber Monday, Kari Lunde said.".utf8),
                                             path: "b.txt", id: "b", format: .text)
        let ex = Extractor(options: ExtractOptions(defaultDate: "2024-12-05")).extract(doc)
        #expect(Set(ex.actors.map(\.id)) == ["nordair", "kari-lunde"], "\(ex.actors.map(\.name))")
        #expect(ex.timexes.map { "\($0.text)=\($0.value)" } == ["Black Friday=2024-11-29", "Cyber Monday=2024-12-02"])
    }

    @Test func eventsLinksAndSpans() throws {
        let doc = try DocumentLoader.prepare(bytes: Array(text.utf8), path: "e.txt", id: "e", format: .text)
        let ex = Extractor().extract(doc)
        #expect(ex.document.published == "2024-03-08")
        #expect(ex.document.publishedSource == .frontMatter)
        let ids = Set(ex.actors.map(\.id))
        #expect(ids.isSuperset(of: ["marta-kowalczyk", "ivan-sokolov", "geneva", "poland"]))
        // every mention's text is the slice of the file at its offsets
        let bytes = Array(text.utf8)
        for a in ex.actors { for m in a.mentions { #expect(String(decoding: bytes[m.start..<m.end], as: UTF8.self) == m.text) } }
        for t in ex.timexes { #expect(String(decoding: bytes[t.start..<t.end], as: UTF8.self) == t.text) }
        let e = try #require(ex.events.first { $0.kind == "meeting" && $0.when?.value == "2024-03-04" })
        #expect(e.actors.contains(EventActor(actor: "marta-kowalczyk", role: .agent)))
        #expect(e.actors.contains(EventActor(actor: "ivan-sokolov", role: .target)))
        #expect(e.actors.contains(EventActor(actor: "geneva", role: .location)))
        #expect(e.summary.hasPrefix("Marta Kowalczyk met Ivan Sokolov"))
        // the next sentence continues the narrative: it takes the date, as inferred
        let discussed = try #require(ex.events.first { $0.trigger == "discussed" })
        #expect(discussed.when?.value == "2024-03-04" && discussed.when?.basis == .inferred)
        #expect(ex.links.contains { $0.source == "marta-kowalczyk" && $0.target == "poland" && $0.kind == "visited" && $0.directed })
        let src = try #require(e.sources.first)
        #expect(String(decoding: bytes[src.start..<src.end], as: UTF8.self).hasPrefix("Marta Kowalczyk met"))
        #expect(ex.links.contains { $0.source == "ivan-sokolov" && $0.target == "marta-kowalczyk" })
    }

    @Test func documentDateSources() throws {
        let plain = try DocumentLoader.prepare(bytes: Array("Talks resumed.".utf8), path: "p.txt", id: "p", format: .text)
        #expect(Extractor().documentDate(plain) == (nil, .none))
        #expect(Extractor(options: ExtractOptions(defaultDate: "2020-01-02")).documentDate(plain) == ("2020-01-02", .option))
        let fm = try DocumentLoader.prepare(bytes: Array("---\ndate: March 5, 2021\n---\nTalks resumed.".utf8), path: "f.txt", id: "f", format: .text)
        #expect(Extractor(options: ExtractOptions(defaultDate: "2020-01-02")).documentDate(fm) == ("2021-03-05", .frontMatter))
        // a date written as eight digits (YAML reads it as a number)
        let digits = try DocumentLoader.prepare(bytes: Array("---\ndate: 20210305\n---\nTalks resumed.".utf8), path: "d.txt", id: "d", format: .text)
        #expect(Extractor().documentDate(digits) == ("2021-03-05", .frontMatter))
        #expect(Extractor().normalizeDate("20210230") == nil, "no 30 February")
        #expect(Extractor().normalizeDate("12345678") == nil && Extractor().normalizeDate("99991231") == nil)
    }

    /// A stated date that is no day of the calendar is no date (it was read as its year, 2024,
    /// without a word): the next source gives the date, and the problem is said.
    @Test func aStatedDateThatIsNoCalendarDay() throws {
        let bad = try DocumentLoader.prepare(bytes: Array("---\ndate: 2024-13-45\n---\nTalks resumed.".utf8), path: "2024-05-03-b.txt", id: "b", format: .text)
        #expect(Extractor().documentDate(bad) == ("2024-05-03", .filename))
        #expect(Extractor().dateProblems(bad) == ["front matter 'date: 2024-13-45' is not a calendar date; ignored"])
        let leap = try DocumentLoader.prepare(bytes: Array("---\ndate: 2023-02-29T10:00:00Z\n---\nTalks resumed.".utf8), path: "l.txt", id: "l", format: .text)
        #expect(Extractor().documentDate(leap) == (nil, .none))
        #expect(Extractor().dateProblems(leap).count == 1)
        let good = try DocumentLoader.prepare(bytes: Array("---\ndate: 2024-02-29T10:00:00Z\n---\nTalks resumed.".utf8), path: "g.txt", id: "g", format: .text)
        #expect(Extractor().documentDate(good) == ("2024-02-29", .frontMatter))
        #expect(Extractor().dateProblems(good).isEmpty)
        let html = try DocumentLoader.prepare(bytes: Array("<html><head><meta property=\"article:published_time\" content=\"2024-02-31\"></head><body><p>Talks resumed.</p></body></html>".utf8),
                                              path: "h.html", id: "h", format: .html)
        #expect(Extractor().documentDate(html).0 == nil)
        #expect(Extractor().dateProblems(html).count == 1)
    }
}

@Suite struct SummaryTests {
    /// The token-level summary gives what the text-level one gives for the same tokens.
    @Test func tokenSummariesEqualTextSummaries() {
        let texts = [
            "Lena Ortiz met Ivan Sokolov in Vienna on 2 May 2024, officials said.",
            "The envoys\u{00A0}met at the “Palais” — again — and Ortiz's aides (two of them) left early.",
            String(repeating: "Grain exports through the Bosporus rose again in the spring. ", count: 4),
            "Café owners in Genève said “non” to the plan.",
            "Ünal Çelik and Søren Ødegård met Zoë in Tromsø; the naïve café’s crème brûlée won.",
        ]
        for text in texts {
            let tz = Tokenizer.tokenize(Array(text.utf8))
            let all = 0..<tz.tokens.count
            // every limit: each word cut at the edge is taken back whole, whatever its letters
            for limit in Array(1...90) + [140] {
                #expect(Extractor.summary(tz, all, limit: limit) == Extractor.summary(tz.workTextOfTokens(all), limit: limit), "\(text) \(limit)")
                let tail = min(3, tz.tokens.count)..<tz.tokens.count
                #expect(Extractor.summary(tz, tail, prefix: "Nadia Petrov", limit: limit)
                        == Extractor.summary("Nadia Petrov " + tz.workTextOfTokens(tail), limit: limit), "\(text) \(limit)")
            }
        }
        #expect(Extractor.summary(Tokenizer.tokenize(Array("One two three four".utf8)), 0..<4, limit: 10) == "One two…")
    }
}

@Suite struct ExtractorFingerprintTests {
    /// The cache key's extractor part covers the rule files: editing a gazetteer or a rule file
    /// must make every cached extraction stale (it hashed none of them, the folder being looked
    /// up by an empty name, so an edited file was ignored until the program was rebuilt).
    @Test func theFingerprintReadsEveryRuleFile() {
        let names = Extractor.ruleFiles().map(\.0)
        for n in ["countries.txt", "non-names.txt", "time-rules.txt", "event-triggers.txt", "given-names.txt"] {
            #expect(names.contains(n), "\(n) not hashed: \(names)")
        }
        #expect(Extractor.ruleFiles().allSatisfy { !$0.1.isEmpty })
    }
}
