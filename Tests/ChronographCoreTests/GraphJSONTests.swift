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
