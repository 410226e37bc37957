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

    /// A small object of scalars goes on one line while that line has at most 160 characters
    /// (characters, not bytes: accented text is not broken sooner), a list of strings while it
    /// has at most 100; longer ones take a line per member, indented, with their escapes.
    @Test func smallObjectsStayOnOneLineUpToTheirLimit() {
        func text(_ m: Mention) -> String { var s = ""; GraphJSON.write(m.jsonNode, indent: 2, into: &s); return s }
        let head = "{ \"doc\": \"a\", \"start\": 1, \"end\": 2, \"text\": \""
        // 160 characters exactly, in 235 bytes
        let accented = String(repeating: "é", count: 160 - head.count - 3)
        #expect(text(Mention(doc: "a", start: 1, end: 2, text: accented)) == head + accented + "\" }")
        #expect(text(Mention(doc: "a", start: 1, end: 2, text: accented + "é")).hasPrefix("{\n      \"doc\": \"a\",\n"))
        let quoted = text(Mention(doc: "a", start: 1, end: 2, text: "say \"hi\"\n" + String(repeating: "x", count: 200)))
        #expect(quoted.hasPrefix("{\n      \"doc\": \"a\",\n      \"start\": 1,\n      \"end\": 2,\n      \"text\": \"say \\\"hi\\\"\\n"))
        #expect(quoted.hasSuffix("x\"\n    }"))
        var names = "", many = ""
        GraphJSON.write(.array(["Xi", "Xi Jinping"].map { .string($0) }), indent: 1, into: &names)
        #expect(names == "[\"Xi\", \"Xi Jinping\"]")
        GraphJSON.write(.array((0..<20).map { .string("alias \($0)") }), indent: 1, into: &many)
        #expect(many.hasPrefix("[\n    \"alias 0\",\n    \"alias 1\",\n") && many.hasSuffix("\"alias 19\"\n  ]"))
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

    /// A rebuilt list lines up with the last one: elements inserted, removed and changed in
    /// place are left unpaired, the others pair off in order.
    @Test func listsLineUpAcrossEdits() {
        func pairs(_ old: [String], _ new: [String]) -> [Int?] {
            lineUp(oldCount: old.count, newCount: new.count, oldKey: { old[$0].lowercased() }, newKey: { new[$0].lowercased() }) { old[$0] == new[$1] }
        }
        let old = ["a", "b", "c", "d", "e", "f"]
        #expect(pairs(old, old) == [0, 1, 2, 3, 4, 5])
        #expect(pairs(old, ["a", "b", "x", "c", "d", "e", "f"]) == [0, 1, nil, 2, 3, 4, 5], "inserted")
        #expect(pairs(old, ["a", "c", "d", "e", "f"]) == [0, 2, 3, 4, 5], "removed")
        #expect(pairs(old, ["a", "b", "C", "d", "e", "f"]) == [0, 1, nil, 3, 4, 5], "changed in place (the same name)")
        #expect(pairs(old, ["x", "y", "a", "b", "c", "d", "e", "f"]) == [nil, nil, 0, 1, 2, 3, 4, 5], "inserted first")
        #expect(pairs(old, ["a", "b", "c"]) == [0, 1, 2], "the end removed")
        #expect(pairs([], ["a"]) == [nil] && pairs(old, []) == [])
        // a long run inserted, and one removed, far from each other
        let long = (0..<100).map { "n\($0)" }
        #expect(pairs(["a", "b", "c", "d"], ["a"] + long + ["c", "d"]) == [0] + Array(repeating: nil, count: 100) + [2, 3])
        #expect(pairs(["a"] + long + ["z"], ["a", "z"]) == [0, 101])
        #expect(pairs(old, ["a", "x", "c", "y", "e", "f"]) == [0, nil, 2, nil, 4, 5], "two changed, apart")
        #expect(pairs(old, ["a", "d", "e", "x", "f"]) == [0, 3, 4, nil, 5], "removed, then inserted")
        // a pairing is made only where the elements are the same
        let moved = pairs(old, ["f", "e", "d", "c", "b", "a"])
        for (i, j) in moved.enumerated() { if let j { #expect(old[j] == ["f", "e", "d", "c", "b", "a"][i]) } }
    }

    /// Events compared in place (for lining lists up) differ on every field `==` compares.
    @Test func eventsAreComparedOnEveryField() {
        let e = Event(id: "e-1", when: When(value: "2024-05", basis: .explicit), kind: "meeting", trigger: "met", summary: "They met",
                      modality: .asserted, actors: [EventActor(actor: "a", role: .agent)], sources: [SourceSpan(doc: "d", start: 1, end: 5)],
                      dateConflict: [ReportedDate(doc: "d", value: "2024-05-01")])
        #expect(Mirror(reflecting: e).children.count == 9, "a field added to Event must be compared by Event.same too")
        func same(_ a: Event, _ b: Event) -> Bool { withUnsafePointer(to: a) { p in withUnsafePointer(to: b) { q in Event.same(p, q) } } }
        #expect(same(e, e))
        var changed: [Event] = []
        var x = e; x.id = "e-2"; changed.append(x)
        x = e; x.when = When(value: "2024-06", basis: .explicit); changed.append(x)
        x = e; x.when = nil; changed.append(x)
        x = e; x.kind = "visit"; changed.append(x)
        x = e; x.trigger = "meets"; changed.append(x)
        x = e; x.summary = "They met again"; changed.append(x)
        x = e; x.modality = .planned; changed.append(x)
        x = e; x.actors = []; changed.append(x)
        x = e; x.sources = [SourceSpan(doc: "d", start: 1, end: 6)]; changed.append(x)
        x = e; x.dateConflict = nil; changed.append(x)
        for c in changed { #expect(!same(e, c) && c != e) }
    }

    /// The events' pairing shared by the outputs of one build is the pairing of the lists asked
    /// about, never that of other lists asked about before.
    @Test func aSharedPairingIsForTheListsAskedAbout() {
        let old = (0..<20).map { Event(id: "e-\($0)", when: nil, kind: "meeting", trigger: "met", summary: "Talk \($0)", actors: [], sources: []) }
        var new = old; new.remove(at: 3); new[7].summary = "Changed"
        #expect(SharedEventLineUp.pairs(old, new) == lineUp(old, new))
        #expect(SharedEventLineUp.pairs(old, new) == lineUp(old, new))
        // another list of the same length: paired anew
        var other = old; other.remove(at: 0); other[10].summary = "Also changed"
        #expect(SharedEventLineUp.pairs(old, other) == lineUp(old, other))
        #expect(lineUp(old, other) != lineUp(old, new))
        // the same contents in other storage: the same pairing
        let copy = new.map { $0 }
        #expect(SharedEventLineUp.pairs(old, copy) == lineUp(old, new))
    }

    /// graph.json re-encoded after an edit, from what the last encoding carried over, is the
    /// encoding of the new graph from nothing; the memo is left as that encoding leaves it.
    @Test func carriedOverElementsGiveTheBytesOfAFreshEncoding() throws {
        var g = Self.sample()
        for n in 0..<40 {
            g.events.append(Event(id: "e-2022-0\(n % 9 + 1)-x-\(n)", when: When(value: "2022-0\(n % 9 + 1)", basis: .explicit), kind: "meeting",
                                  trigger: "met", summary: "Meeting number \(n)", actors: [EventActor(actor: "xi-jinping", role: .agent)],
                                  sources: [SourceSpan(doc: "a", start: n, end: n + 5)]))
        }
        let memo = TextMemo(name: "test"), carried = GraphJSON.Carried()
        let first = try GraphJSON.encode(g, memo: memo, carried: carried)
        #expect(first == (try GraphJSON.encode(g, memo: TextMemo(name: "fresh"), carried: GraphJSON.Carried())))
        #expect(carried.lastReused == 0)
        var edited = g
        edited.events[5].summary = "A changed summary"
        edited.events.insert(Event(id: "e-new", when: nil, kind: "other", trigger: "", summary: "inserted", actors: [], sources: []), at: 20)
        edited.events.remove(at: 30)
        edited.links = []
        edited.actors[0].mentions.append(Mention(doc: "b", start: 1, end: 3, text: "Xi"))
        let again = try GraphJSON.encode(edited, memo: memo, carried: carried)
        let freshMemo = TextMemo(name: "fresh")
        #expect(again == (try GraphJSON.encode(edited, memo: freshMemo, carried: GraphJSON.Carried())))
        // every element but the five changed, inserted, removed or emptied was taken over
        #expect(carried.lastReused == g.documents.count + g.timexes.count + g.events.count - 2)
        #expect(memo.texts == freshMemo.texts)
        #expect(String(decoding: again, as: UTF8.self).contains("A changed summary"))
        // the memo changed by another route: nothing is carried over
        _ = memo.snapshot(scope: "another")
        _ = try GraphJSON.encode(g, memo: memo, carried: carried)
        #expect(carried.lastReused == 0)
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
