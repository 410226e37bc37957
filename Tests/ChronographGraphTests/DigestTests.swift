import ChronographCore
import Testing
@testable import ChronographGraph

/// The change digest carried over from the last build's gives the digest and the changes that a
/// digest made whole gives.
@Suite struct DigestTests {
    static func graph(_ n: Int) -> Graph {
        var g = Graph()
        g.documents = [DocumentInfo(id: "a", path: "a.txt", title: "A", published: "2024-05-03", publishedSource: .frontMatter)]
        g.actors = [Actor(id: "ana", name: "Ana Lopes", kind: .person, mentions: [Mention(doc: "a", start: 0, end: 3, text: "Ana")])]
        g.events = (0..<n).map { i in
            Event(id: "e-\(i)", when: When(value: "2024-05-\(10 + i % 9)", basis: .explicit), kind: "meeting", trigger: "met",
                  summary: "Meeting \(i)", actors: [EventActor(actor: "ana", role: .agent)], sources: [SourceSpan(doc: "a", start: i, end: i + 2)])
        }
        g.links = [Link(source: "ana", target: "ben", kind: "met", directed: false, weight: 2, events: ["e-1", "e-2"], sources: [])]
        return g
    }

    @Test func theOneLineSummaryCountsInWords() {
        var c = GraphChanges(previous: true)
        c.documents.changed = ["a"]; c.events.added = ["e-1", "e-2"]; c.links.removed = ["ana|ben|met"]
        #expect(c.summary == "1 document changed (+0 ~1 -0); events +2 -0 ~0; links +0 -1 ~0")
        c.documents.added = ["b"]
        #expect(c.summary.hasPrefix("2 documents changed (+1 ~1 -0)"))
    }

    @Test func aCarriedOverDigestIsTheWholeOne() {
        let g0 = Self.graph(40)
        let d0 = GraphDigest(g0)
        var g1 = g0
        g1.events[3].summary = "A changed summary"              // changed
        g1.events[9].sources = [SourceSpan(doc: "a", start: 99, end: 101)] // not a change the digest tells
        g1.events.remove(at: 20)                               // removed
        g1.events.insert(Event(id: "e-new", when: nil, kind: "visit", trigger: "visited", summary: "New", actors: [], sources: []), at: 30) // added
        g1.links[0].weight = 3
        let whole = GraphDigest(g1)
        let carried = GraphDigest.carrying(g1, previous: d0, from: g0.events)
        #expect(carried.digest == whole)
        let expected = GraphChanges.between(d0, whole)
        #expect(GraphChanges.between(d0, carried.digest, touchedEvents: carried.touched) == expected)
        #expect(expected.events.changed == ["e-3"] && expected.events.removed == ["e-20"] && expected.events.added == ["e-new"])
        #expect(expected.links.changed.count == 1)
        // only what was not carried over is compared: e-9 (sources only) is among them, unchanged
        #expect(Set(carried.touched).isSuperset(of: ["e-3", "e-20", "e-new"]) && carried.touched.count < 10)
    }
}
