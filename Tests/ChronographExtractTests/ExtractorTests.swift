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
    }
}
