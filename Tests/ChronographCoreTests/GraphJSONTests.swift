import Foundation
import Testing
@testable import ChronographCore

@Suite struct GraphJSONTests {
    static func sample() -> Graph {
        Graph(
            documents: [
                DocumentInfo(id: "a", path: "corpus/a.txt", title: "A \"quoted\" <title>", published: "2024-05-03", publishedSource: .frontMatter),
                DocumentInfo(id: "b", path: "corpus/b.md", title: "B", published: nil, publishedSource: .none),
            ],
            actors: [Actor(id: "xi-jinping", name: "Xi Jinping", kind: .person, aliases: ["Xi"],
                           mentions: [Mention(doc: "a", start: 10, end: 20, text: "Xi Jinping")])],
            timexes: [Timex(doc: "a", start: 0, end: 13, text: "November 2021", type: .date, value: "2021-11")],
            events: [
                Event(id: "e-2021-11-nist-solicited-1", when: When(value: "2021-11", basis: .explicit), kind: "demand", trigger: "solicited",
                      summary: "NIST asked companies \\ for advice\n", actors: [EventActor(actor: "nist", role: .agent)],
                      sources: [SourceSpan(doc: "a", start: 0, end: 40)]),
                Event(id: "e-undated-xi-other-1", when: nil, kind: "other", trigger: "", summary: "x", actors: [], sources: []),
            ],
            links: [Link(source: "chen-wenqing", target: "nikolai-patrushev", kind: "met", directed: false, weight: 1,
                         events: ["e-1"], sources: [SourceSpan(doc: "a", start: 1, end: 2)])]
        )
    }

    /// Each element's tree, built directly, is the tree its Codable form gives: the same text,
    /// whatever the element (null fields, empty lists, long texts that break a line, escapes).
    @Test func directTreesAreTheCodableTrees() throws {
        func same<T: Encodable & JSONNodeConvertible>(_ x: T, _ note: String) throws {
            var a = "", b = ""
            GraphJSON.write(x.jsonNode, indent: 2, into: &a)
            GraphJSON.write(try NodeEncoder.box(x).node, indent: 2, into: &b)
            #expect(a == b, "\(note)")
        }
        let long = String(repeating: "a long summary that runs past one line of JSON ", count: 5)
        let g = Self.sample()
        for x in g.documents { try same(x, x.id) }
        for x in g.actors { try same(x, x.id) }
        for x in g.timexes { try same(x, x.text) }
        for x in g.events { try same(x, x.id) }
        for x in g.links { try same(x, x.kind) }
        try same(Event(id: "e", when: When(value: "2024-05", start: nil, end: nil, basis: .inferred), kind: "meeting", trigger: "met", summary: long,
                       modality: .planned, actors: [EventActor(actor: String(repeating: "x", count: 170), role: .location)],
                       sources: [SourceSpan(doc: "d\u{2028}\"", start: 1, end: 2)],
                       dateConflict: [ReportedDate(doc: "a", value: "2024-05-01"), ReportedDate(doc: "b", value: "2024-05-02")]), "conflict")
        try same(Event(id: "u", when: nil, kind: "other", trigger: "", summary: "", actors: [], sources: []), "empty")
        try same(Actor(id: "a", name: "Åsa Öberg", kind: .person, aliases: [], mentions: []), "no mentions")
        try same(Actor(id: "b", name: "B", kind: .organization, aliases: (0..<30).map { "alias \($0)" },
                       mentions: [Mention(doc: "d", start: 0, end: 1, text: long)]), "long")
        try same(Link(source: "a", target: "b", kind: "met", directed: false, weight: 0, events: [], sources: []), "bare link")
        try same(DocumentInfo(id: "x", path: "p", title: "\u{1}", published: nil, publishedSource: .none), "no date")
        // and the examples' whole graph.json
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("output/graph.json")
        let whole = try GraphJSON.decodeGraph(Data(contentsOf: examples))
        #expect(whole.events.count > 20)
        for x in whole.events { try same(x, x.id) }
        for x in whole.actors { try same(x, x.id) }
        for x in whole.links { try same(x, x.kind) }
        for x in whole.timexes { try same(x, x.text) }
        for x in whole.documents { try same(x, x.id) }
    }

    @Test func roundTrip() throws {
        let g = Self.sample()
        let data = try GraphJSON.encode(g)
        let back = try GraphJSON.decodeGraph(data)
        #expect(back == g)
        // Encoding is deterministic.
        #expect(try GraphJSON.encode(back) == data)
    }

    @Test func contractKeysAndNulls() throws {
        let data = try GraphJSON.encode(Self.sample())
        let obj = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        #expect(obj["format"] as? String == "chronograph-graph")
        #expect(obj["version"] as? Int == 1)
        let docs = obj["documents"] as! [[String: Any]]
        #expect(docs[1]["published"] is NSNull, "unknown dates are an explicit null")
        #expect(docs[0]["publishedSource"] as? String == "front-matter")
        let events = obj["events"] as! [[String: Any]]
        let when = events[0]["when"] as! [String: Any]
        #expect(when["start"] as? String == "2021-11-01" && when["end"] as? String == "2021-11-30")
        #expect(events[1]["when"] is NSNull)
        for key in ["documents", "actors", "timexes", "events", "links"] { #expect(obj[key] is [Any]) }
        let link = (obj["links"] as! [[String: Any]])[0]
        for key in ["source", "target", "kind", "directed", "weight", "events", "sources"] { #expect(link[key] != nil, "\(key)") }
    }
}
