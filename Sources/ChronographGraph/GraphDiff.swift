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
