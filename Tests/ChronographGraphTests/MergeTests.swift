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
        let hungary = try #require(g.actors.first { $0.id == "hungary" })
        #expect(hungary.mentions.count == 2)
        // sorted by id, documents by path
        #expect(g.actors.map(\.id) == g.actors.map(\.id).sorted())
        #expect(g.documents.map(\.id) == ["a", "b"])
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
