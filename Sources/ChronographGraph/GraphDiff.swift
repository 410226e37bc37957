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

    public static func between(_ old: Graph?, _ new: Graph) -> GraphChanges {
        var c = GraphChanges(previous: old != nil)
        func delta<T>(_ a: [T], _ b: [T], key: (T) -> String, same: (T, T) -> Bool) -> Delta {
            let oldBy = Dictionary(a.map { (key($0), $0) }, uniquingKeysWith: { x, _ in x })
            let newBy = Dictionary(b.map { (key($0), $0) }, uniquingKeysWith: { x, _ in x })
            var d = Delta()
            d.added = newBy.keys.filter { oldBy[$0] == nil }.sorted()
            d.removed = oldBy.keys.filter { newBy[$0] == nil }.sorted()
            d.changed = newBy.keys.filter { k in oldBy[k].map { !same($0, newBy[k]!) } ?? false }.sorted()
            return d
        }
        let o = old ?? Graph()
        c.documents = delta(o.documents, new.documents, key: \.id, same: ==)
        c.actors = delta(o.actors, new.actors, key: \.id, same: { $0.name == $1.name && $0.kind == $1.kind && $0.aliases == $1.aliases && $0.mentions.count == $1.mentions.count })
        c.events = delta(o.events, new.events, key: \.id, same: { $0.when == $1.when && $0.kind == $1.kind && $0.summary == $1.summary && $0.actors == $1.actors && $0.modality == $1.modality })
        c.links = delta(o.links, new.links, key: linkKey, same: { $0.weight == $1.weight && $0.events == $1.events && $0.directed == $1.directed })
        return c
    }

    /// One line for the terminal: "+3/-1 events, +2/-0 links".
    public var summary: String {
        "\(documents.added.count + documents.changed.count + documents.removed.count) documents changed (+\(documents.added.count) ~\(documents.changed.count) -\(documents.removed.count)); events +\(events.added.count) -\(events.removed.count) ~\(events.changed.count); links +\(links.added.count) -\(links.removed.count) ~\(links.changed.count)"
    }
}

/// A hash of each document, actor, event and link of a graph, by id: enough to tell what a
/// rebuild changed. The same fields count as in `GraphChanges.between(_:_:)` on graphs.
public struct GraphDigest: Codable, Hashable, Sendable {
    public var format = "chronograph-digest"
    public var documents: [String: String] = [:]
    public var actors: [String: String] = [:]
    public var events: [String: String] = [:]
    public var links: [String: String] = [:]
    public init() {}

    public init(_ g: Graph) {
        func h(_ parts: [String]) -> String { var x = ContentHasher(); for p in parts { x.update(p) }; return x.hex }
        for d in g.documents { documents[d.id] = h([d.path, d.title, d.published ?? "", d.publishedSource.rawValue]) }
        for a in g.actors { actors[a.id] = h([a.name, a.kind.rawValue, String(a.mentions.count)] + a.aliases) }
        for e in g.events {
            events[e.id] = h([e.when?.value ?? "", e.when?.start ?? "", e.when?.end ?? "", e.when?.basis.rawValue ?? "", e.kind, e.summary, e.modality.rawValue]
                             + e.actors.map { $0.actor + ":" + $0.role.rawValue })
        }
        for l in g.links { links[GraphChanges.linkKey(l)] = h([String(l.weight), String(l.directed)] + l.events) }
    }
}
