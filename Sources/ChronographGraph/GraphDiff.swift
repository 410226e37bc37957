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
    /// `touchedEvents`: when `new` was carried over from `old` (`GraphDigest.carrying`), the ids
    /// of the events it did not take over; only those are compared.
    public static func between(_ old: GraphDigest?, _ new: GraphDigest, touchedEvents: [String]? = nil) -> GraphChanges {
        var c = GraphChanges(previous: old != nil)
        let o = old ?? GraphDigest()
        // hashes of an earlier version cannot tell a change: only what was added or removed
        let comparable = o.comparable && new.comparable
        func delta(_ a: [String: ContentKey], _ b: [String: ContentKey]) -> Delta {
            // one lookup of each id in the other digest (thousands of events per build)
            var d = Delta()
            for (k, v) in b {
                if let o = a[k] { if comparable && o != v { d.changed.append(k) } } else { d.added.append(k) }
            }
            if a.count != b.count - d.added.count { for k in a.keys where b[k] == nil { d.removed.append(k) } }
            d.added.sort(); d.removed.sort(); d.changed.sort()
            return d
        }
        c.documents = delta(o.documents, new.documents)
        c.actors = delta(o.actors, new.actors)
        if let touched = touchedEvents, old != nil, comparable {
            // every other event is in both digests with one hash
            var d = Delta()
            for id in Set(touched) {
                switch (o.events[id], new.events[id]) {
                case let (a?, b?): if a != b { d.changed.append(id) }
                case (nil, _?): d.added.append(id)
                case (_?, nil): d.removed.append(id)
                case (nil, nil): break
                }
            }
            d.added.sort(); d.removed.sort(); d.changed.sort()
            c.events = d
        } else {
            c.events = delta(o.events, new.events)
        }
        c.links = delta(o.links, new.links)
        return c
    }

    /// One line for the terminal: "2 documents changed (+1 ~1 -0); events +3 -1 ~0; links +2 -0 ~0".
    public var summary: String {
        let n = documents.added.count + documents.changed.count + documents.removed.count
        return "\(n) \(n == 1 ? "document" : "documents") changed (+\(documents.added.count) ~\(documents.changed.count) -\(documents.removed.count)); events +\(events.added.count) -\(events.removed.count) ~\(events.changed.count); links +\(links.added.count) -\(links.removed.count) ~\(links.changed.count)"
    }
}

/// A hash of each document, actor, event and link of a graph, by id: enough to tell what a
/// rebuild changed: name, kind, aliases and mention count of an actor; date, kind, summary,
/// participants and modality of an event; weight, direction and events of a link.
public struct GraphDigest: Hashable, Sendable {
    public var documents: [String: ContentKey] = [:]
    public var actors: [String: ContentKey] = [:]
    public var events: [String: ContentKey] = [:]
    public var links: [String: ContentKey] = [:]
    /// false for a digest kept by an earlier version, whose hashes were made another way: it
    /// tells which elements there were (added and removed are known), not whether they changed.
    public var comparable = true
    public init() {}

    public init(_ g: Graph) {
        self.init(others: g)
        // the events, the most numerous, hashed in parallel chunks
        let chunk = 1024, n = (g.events.count + chunk - 1) / chunk
        let parts = Parts(n)
        DispatchQueue.concurrentPerform(iterations: n) { c in
            var local: [ContentKey] = []
            local.reserveCapacity(chunk)
            g.events.withUnsafeBufferPointer { p in
                for i in (c * chunk)..<min(g.events.count, (c + 1) * chunk) { local.append(GraphDigest.key(p.baseAddress! + i)) }
            }
            parts.set(c, local)
        }
        events.reserveCapacity(g.events.count)
        var i = 0
        for part in parts.parts { for k in part { events[g.events[i].id] = k; i += 1 } }
    }

    /// An event's hash: date, kind, summary, modality, participants, conflicting dates (read
    /// where the event lies: a copy would retain every one of its strings).
    static func key(_ e: UnsafePointer<Event>) -> ContentKey {
        var x = ContentHasher()
        if let w = e.pointee.when { x.update(w.value); x.update(w.start ?? ""); x.update(w.end ?? ""); x.update(w.basis.rawValue) } else { x.update("") }
        x.update(e.pointee.kind); x.update(e.pointee.summary); x.update(e.pointee.modality.rawValue)
        for ea in e.pointee.actors { x.update(ea.actor); x.update(ea.role.rawValue) }
        for r in e.pointee.dateConflict ?? [] { x.update("conflict"); x.update(r.doc); x.update(r.value) }
        return x.key
    }

    /// The digest of `g` made from the digest of an earlier graph of this process (`previous`,
    /// made from the events `previousEvents`): the events that come again unchanged keep their
    /// hash, so only the others are hashed (see `SharedEventLineUp`). `touched` gives the ids of
    /// the events that were not carried over, on either side: no other event's hash can differ
    /// between the two digests.
    public static func carrying(_ g: Graph, previous: GraphDigest, from previousEvents: [Event]) -> (digest: GraphDigest, touched: [String]) {
        var d = GraphDigest(others: g)
        let pairs = Event.pairs(previousEvents, g.events)
        d.events = previous.events
        var touched: [String] = []
        for j in unpaired(pairs, oldCount: previousEvents.count) { d.events[previousEvents[j].id] = nil; touched.append(previousEvents[j].id) }
        g.events.withUnsafeBufferPointer { p in
            for i in p.indices where pairs[i] == nil {
                let e = p.baseAddress! + i
                d.events[e.pointee.id] = GraphDigest.key(e)
                touched.append(e.pointee.id)
            }
        }
        return (d, touched)
    }

    /// Documents, actors and links (all but the events).
    init(others g: Graph) {
        func h(_ body: (inout ContentHasher) -> Void) -> ContentKey { var x = ContentHasher(); body(&x); return x.key }
        for d in g.documents { documents[d.id] = h { $0.update(d.path); $0.update(d.title); $0.update(d.published ?? ""); $0.update(d.publishedSource.rawValue) } }
        for a in g.actors {
            actors[a.id] = h { x in
                x.update(a.name); x.update(a.kind.rawValue); x.update(String(a.mentions.count))
                for al in a.aliases { x.update(al) }
            }
        }
        for l in g.links {
            links[GraphChanges.linkKey(l)] = h { x in
                x.update(String(l.weight)); x.update(String(l.directed))
                for ev in l.events { x.update(ev) }
            }
        }
    }

    final class Parts: @unchecked Sendable {
        let lock = NSLock()
        var parts: [[ContentKey]]
        init(_ n: Int) { parts = Array(repeating: [], count: n) }
        func set(_ i: Int, _ p: [ContentKey]) { lock.lock(); parts[i] = p; lock.unlock() }
    }

    static let magic = Array("chronograph-digest 2\n".utf8)
    /// The binary form of earlier versions: hashes as hex text.
    static let magic1 = Array("chronograph-digest 1\n".utf8)

    /// The digest in a compact binary form (kept in the cache between builds).
    public var binary: [UInt8] {
        var w = BinaryWriter()
        w.bytes = Self.magic
        for m in [documents, actors, events, links] {
            w.u32(UInt32(m.count))
            // in a fixed order (the same digest gives the same bytes): by hash, then id, so the
            // sort compares numbers, not thousands of ids
            for (k, v) in m.sorted(by: { $0.value != $1.value ? $0.value < $1.value : $0.key < $1.key }) { w.string(k); w.key(v) }
        }
        return w.bytes
    }

    /// A digest read back from `binary` (or from the binary form of earlier versions, which is
    /// not `comparable`); nil when the bytes are not one.
    public init?(binary: [UInt8]) {
        let parsed: ([[String: ContentKey]], Bool)? = binary.withUnsafeBytes { buf in
            let current = buf.count >= Self.magic.count && buf.prefix(Self.magic.count).elementsEqual(Self.magic)
            let earlier = buf.count >= Self.magic1.count && buf.prefix(Self.magic1.count).elementsEqual(Self.magic1)
            guard current || earlier else { return nil }
            var r = BinaryReader(buf, at: Self.magic.count)
            var maps: [[String: ContentKey]] = []
            for _ in 0..<4 {
                guard let n = r.u32(), Int(n) <= buf.count else { return nil }
                var m: [String: ContentKey] = [:]
                m.reserveCapacity(Int(n))
                for _ in 0..<n {
                    guard let k = r.string() else { return nil }
                    if current { guard let v = r.key() else { return nil }; m[k] = v } else { guard r.string() != nil else { return nil }; m[k] = ContentKey(a: 0, b: 0) }
                }
                maps.append(m)
            }
            return r.atEnd ? (maps, current) : nil
        }
        guard let (p, current) = parsed else { return nil }
        documents = p[0]; actors = p[1]; events = p[2]; links = p[3]
        comparable = current
    }

    /// The JSON digest (`digest.json`) of the earliest versions: which elements there were.
    public init?(earlierJSON data: Data) {
        struct Earlier: Decodable { var documents, actors, events, links: [String: String] }
        guard let e = try? JSONDecoder().decode(Earlier.self, from: data) else { return nil }
        func ids(_ m: [String: String]) -> [String: ContentKey] { m.mapValues { _ in ContentKey(a: 0, b: 0) } }
        documents = ids(e.documents); actors = ids(e.actors); events = ids(e.events); links = ids(e.links)
        comparable = false
    }
}
