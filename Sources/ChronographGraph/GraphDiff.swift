import Foundation
import ChronographCore

/// What changed between two builds: actors, events and links added, removed or changed.
/// Written as changes.json beside graph.json.
public struct GraphChanges: Codable, Hashable, Sendable {
    public struct Delta: Codable, Hashable, Sendable {
        public var added: [String] = []
        public var removed: [String] = []
        public var changed: [String] = []
        public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }
    }
    public var format = "chronograph-changes"
    public var version = 1
    /// false when there was no previous build to compare with (everything is "added").
    public var previous: Bool
    public var documents = Delta()
    public var actors = Delta()
    public var events = Delta()
    /// Links by "source|target|kind".
    public var links = Delta()
    public var isEmpty: Bool { documents.isEmpty && actors.isEmpty && events.isEmpty && links.isEmpty }

    public static func linkKey(_ l: Link) -> String { "\(l.source)|\(l.target)|\(l.kind)" }

    public init(previous: Bool) { self.previous = previous }

    /// The changes between two digests (see `GraphDigest`): what a rebuild compares, without
    /// reading the previous graph.json back.
    public static func between(_ old: GraphDigest?, _ new: GraphDigest) -> GraphChanges {
        var c = GraphChanges(previous: old != nil)
        func delta(_ a: [String: String], _ b: [String: String]) -> Delta {
            var d = Delta()
            d.added = b.keys.filter { a[$0] == nil }.sorted()
            d.removed = a.keys.filter { b[$0] == nil }.sorted()
            d.changed = b.keys.filter { a[$0] != nil && a[$0] != b[$0] }.sorted()
            return d
        }
        let o = old ?? GraphDigest()
        c.documents = delta(o.documents, new.documents)
        c.actors = delta(o.actors, new.actors)
        c.events = delta(o.events, new.events)
        c.links = delta(o.links, new.links)
        return c
    }

    /// One line for the terminal: "+3/-1 events, +2/-0 links".
    public var summary: String {
        "\(documents.added.count + documents.changed.count + documents.removed.count) documents changed (+\(documents.added.count) ~\(documents.changed.count) -\(documents.removed.count)); events +\(events.added.count) -\(events.removed.count) ~\(events.changed.count); links +\(links.added.count) -\(links.removed.count) ~\(links.changed.count)"
    }
}

/// A hash of each document, actor, event and link of a graph, by id: enough to tell what a
/// rebuild changed: name, kind, aliases and mention count of an actor; date, kind, summary,
/// participants and modality of an event; weight, direction and events of a link.
public struct GraphDigest: Codable, Hashable, Sendable {
    public var format = "chronograph-digest"
    public var documents: [String: String] = [:]
    public var actors: [String: String] = [:]
    public var events: [String: String] = [:]
    public var links: [String: String] = [:]
    public init() {}

    public init(_ g: Graph) {
        @Sendable func h(_ body: (inout ContentHasher) -> Void) -> String { var x = ContentHasher(); body(&x); return x.hex }
        for d in g.documents { documents[d.id] = h { $0.update(d.path); $0.update(d.title); $0.update(d.published ?? ""); $0.update(d.publishedSource.rawValue) } }
        for a in g.actors {
            actors[a.id] = h { x in
                x.update(a.name); x.update(a.kind.rawValue); x.update(String(a.mentions.count))
                for al in a.aliases { x.update(al) }
            }
        }
        // the events, the most numerous, hashed in parallel chunks
        let chunk = 1024, n = (g.events.count + chunk - 1) / chunk
        let parts = Parts(n)
        DispatchQueue.concurrentPerform(iterations: n) { c in
            var local: [(String, String)] = []
            for e in g.events[(c * chunk)..<min(g.events.count, (c + 1) * chunk)] {
                local.append((e.id, h { x in
                    x.update(e.when?.value ?? ""); x.update(e.when?.start ?? ""); x.update(e.when?.end ?? ""); x.update(e.when?.basis.rawValue ?? "")
                    x.update(e.kind); x.update(e.summary); x.update(e.modality.rawValue)
                    for ea in e.actors { x.update(ea.actor + ":" + ea.role.rawValue) }
                    for r in e.dateConflict ?? [] { x.update("conflict " + r.doc + " " + r.value) }
                }))
            }
            parts.set(c, local)
        }
        events.reserveCapacity(g.events.count)
        for part in parts.parts { for (id, d) in part { events[id] = d } }
        for l in g.links {
            links[GraphChanges.linkKey(l)] = h { x in
                x.update(String(l.weight)); x.update(String(l.directed))
                for ev in l.events { x.update(ev) }
            }
        }
    }

    final class Parts: @unchecked Sendable {
        let lock = NSLock()
        var parts: [[(String, String)]]
        init(_ n: Int) { parts = Array(repeating: [], count: n) }
        func set(_ i: Int, _ p: [(String, String)]) { lock.lock(); parts[i] = p; lock.unlock() }
    }

    static let magic = Array("chronograph-digest 1\n".utf8)

    /// The digest in a compact binary form (kept in the cache between builds).
    public var binary: [UInt8] {
        var w = BinaryWriter()
        w.bytes = Self.magic
        for m in [documents, actors, events, links] {
            w.u32(UInt32(m.count))
            for k in m.keys.sorted() { w.string(k); w.string(m[k]!) }
        }
        return w.bytes
    }

    /// A digest read back from `binary`; nil when the bytes are not one.
    public init?(binary: [UInt8]) {
        let parsed: [[String: String]]? = binary.withUnsafeBytes { buf in
            guard buf.count >= Self.magic.count, buf.prefix(Self.magic.count).elementsEqual(Self.magic) else { return nil }
            var r = BinaryReader(buf, at: Self.magic.count)
            var maps: [[String: String]] = []
            for _ in 0..<4 {
                guard let n = r.u32(), Int(n) <= buf.count else { return nil }
                var m: [String: String] = [:]
                m.reserveCapacity(Int(n))
                for _ in 0..<n { guard let k = r.string(), let v = r.string() else { return nil }; m[k] = v }
                maps.append(m)
            }
            return r.atEnd ? maps : nil
        }
        guard let p = parsed else { return nil }
        documents = p[0]; actors = p[1]; events = p[2]; links = p[3]
    }
}
