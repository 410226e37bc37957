import ChronographCore
import Testing
@testable import ChronographGraph

func sampleGraph() -> Graph {
    func a(_ id: String, _ kind: ActorKind = .person) -> Actor { Actor(id: id, name: id.capitalized, kind: kind, mentions: [Mention(doc: "d", start: 0, end: 1, text: "x")]) }
    func e(_ id: String, _ day: String, _ actors: [String]) -> Event {
        Event(id: id, when: When(value: day, basis: .explicit), kind: "meeting", trigger: "met", summary: id,
              actors: actors.map { EventActor(actor: $0, role: .agent) }, sources: [SourceSpan(doc: "d", start: 0, end: 10)])
    }
    func l(_ s: String, _ t: String, _ kind: String, _ w: Int, _ events: [String] = []) -> Link {
        Link(source: s, target: t, kind: kind, directed: false, weight: w, events: events,
             sources: (0..<w).map { SourceSpan(doc: "d", start: $0, end: $0 + 1) })
    }
    return Graph(
        documents: [],
        actors: [a("ana"), a("bo"), a("cy"), a("dee"), a("lonely"), a("paris", .location)],
        events: [e("e1", "2020-01-05", ["ana", "bo"]), e("e2", "2022-06-01", ["cy", "dee"])],
        links: [l("ana", "bo", "met", 2, ["e1"]), l("bo", "cy", "met", 1), l("cy", "dee", "met", 3, ["e2"]),
                l("ana", "paris", "visited", 1), l("ana", "dee", "co-occurrence", 1), l("bo", "dee", "co-occurrence", 4)]
    )
}

@Suite struct GraphFilterTests {
    /// A build's fingerprint holds every view option: each one changed changes it (so the
    /// drawing is made again), the same options give the same text.
    @Test func everyViewOptionIsInTheFingerprint() {
        let base = ViewOptions()
        var changed: [ViewOptions] = []
        func with(_ f: (inout ViewOptions) -> Void) { var v = base; f(&v); changed.append(v) }
        with { $0.focus = "Xi" }; with { $0.depth = 2 }; with { $0.minWeight = 2 }; with { $0.top = 10 }
        with { $0.from = "2024-01-01" }; with { $0.to = "2024-12-31" }; with { $0.kinds = [.person] }
        with { $0.cooccurrence = true }; with { $0.maxActors = 50 }
        let prints = changed.map(\.fingerprint)
        #expect(Set(prints + [base.fingerprint]).count == prints.count + 1)
        var again = ViewOptions(); again.kinds = [.location, .person]
        var reordered = ViewOptions(); reordered.kinds = [.person, .location]
        #expect(again.fingerprint == reordered.fingerprint && ViewOptions().fingerprint == base.fingerprint)
    }

    @Test func defaultsDropCooccurrenceWhenTypedLinksExistAndIsolatedActors() {
        let v = GraphFilter.view(sampleGraph(), ViewOptions())
        #expect(!v.graph.links.contains { $0.kind == "co-occurrence" })
        #expect(!v.graph.actors.contains { $0.id == "lonely" })
        var o = ViewOptions(); o.cooccurrence = true
        #expect(GraphFilter.view(sampleGraph(), o).graph.links.contains { $0.kind == "co-occurrence" })
    }

    @Test func onlyCooccurrenceKeepsHeavierLinksWithANote() {
        var g = sampleGraph()
        g.links.removeAll { $0.kind != "co-occurrence" }
        let v = GraphFilter.view(g, ViewOptions())
        #expect(v.graph.links.map(\.weight) == [4])
        #expect(v.notes.contains { $0.contains("co-occurrence") })
    }

    @Test func focusDepth() {
        var o = ViewOptions(); o.focus = "Ana"; o.depth = 1
        let v1 = GraphFilter.view(sampleGraph(), o)
        #expect(Set(v1.graph.actors.map(\.id)) == ["ana", "bo", "paris"])
        o.depth = 2
        #expect(Set(GraphFilter.view(sampleGraph(), o).graph.actors.map(\.id)) == ["ana", "bo", "paris", "cy"])
        o.focus = "nobody"
        #expect(GraphFilter.view(sampleGraph(), o).notes.contains { $0.contains("focus ignored") })
    }

    @Test func minWeightTopKindsAndDates() {
        var o = ViewOptions(); o.minWeight = 2
        #expect(GraphFilter.view(sampleGraph(), o).graph.links.allSatisfy { $0.weight >= 2 })
        o = ViewOptions(); o.top = 2
        let top = GraphFilter.view(sampleGraph(), o)
        #expect(top.graph.actors.count == 2)
        #expect(top.notes.contains { $0.contains("left out") })
        o = ViewOptions(); o.kinds = [.location]
        #expect(GraphFilter.view(sampleGraph(), o).graph.actors.allSatisfy { $0.kind == .location })
        o = ViewOptions(); o.from = "2021-01-01"
        let late = GraphFilter.view(sampleGraph(), o)
        #expect(late.graph.events.map(\.id) == ["e2"])
        #expect(late.graph.links.allSatisfy { $0.events.contains("e2") })
    }

    @Test func sizeCapPrunesWithANote() {
        var o = ViewOptions(); o.maxActors = 3
        let v = GraphFilter.view(sampleGraph(), o)
        #expect(v.graph.actors.count == 3)
        #expect(v.notes.contains { $0.contains("best-connected") })
    }
}
