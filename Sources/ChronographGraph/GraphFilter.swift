import ChronographCore

/// What to draw. graph.json always holds the whole result; these options shape the rendered
/// graph (DOT, SVG) and timeline.
public struct ViewOptions: Sendable, Hashable {
    /// Only the actors within `depth` links of this one (name, alias or id).
    public var focus: String? = nil
    public var depth: Int = 1
    /// Links with fewer supporting sentences are left out.
    public var minWeight: Int = 1
    /// Keep only the N actors with the most events and links.
    public var top: Int? = nil
    /// Date window (inclusive, ISO days) for events, and for links through their events.
    public var from: String? = nil
    public var to: String? = nil
    /// Actor kinds to keep (empty: all).
    public var kinds: Set<ActorKind> = []
    /// Draw co-occurrence links (otherwise only when the graph has no typed link at all).
    public var cooccurrence: Bool = false
    /// Beyond this many actors the drawing is cut to the best-connected ones, with a note.
    public var maxActors: Int = 2000
    public init() {}

    /// Every option, as text: what a build's fingerprint holds of them.
    public var fingerprint: String {
        [focus ?? "-", String(depth), String(minWeight), top.map(String.init) ?? "-", from ?? "-", to ?? "-",
         kinds.map(\.rawValue).sorted().joined(separator: ","), cooccurrence ? "c" : "-", String(maxActors)].joined(separator: "|")
    }
}

/// The graph to draw, and notes about what was left out (shown on the drawing).
public struct GraphView: Sendable {
    public var graph: Graph
    public var notes: [String]
    /// A `focus` that names no actor (the whole graph is drawn; the user is told).
    public var focusNotFound: String? = nil
    public init(graph: Graph, notes: [String], focusNotFound: String? = nil) {
        self.graph = graph; self.notes = notes; self.focusNotFound = focusNotFound
    }
}

public enum GraphFilter {
    public static func view(_ g: Graph, _ o: ViewOptions) -> GraphView {
        var notes: [String] = []
        var focusNotFound: String? = nil
        var graph = g
        // date window: events outside it go; links keep only sources of events inside it
        if o.from != nil || o.to != nil {
            let lo = o.from ?? "0000-01-01", hi = o.to ?? "9999-12-31"
            graph.events = graph.events.filter { e in
                guard let s = e.when?.start, let t = e.when?.end else { return false }
                return t >= lo && s <= hi
            }
            let kept = Set(graph.events.map(\.id))
            graph.links = graph.links.compactMap { l in
                var l = l
                l.events = l.events.filter { kept.contains($0) }
                guard !l.events.isEmpty else { return nil }
                let spans = Set(graph.events.filter { l.events.contains($0.id) }.flatMap(\.sources))
                l.sources = l.sources.filter { spans.contains($0) }
                l.weight = max(1, l.sources.count)
                return l
            }
            notes.append("events from \(o.from ?? "the start") to \(o.to ?? "the end")")
        }
        let typed = graph.links.contains { $0.kind != "co-occurrence" }
        if !o.cooccurrence {
            if typed {
                graph.links.removeAll { $0.kind == "co-occurrence" }
            } else {
                // no typed link at all: co-occurrence is all there is; weight-1 clutter goes
                graph.links.removeAll { $0.kind == "co-occurrence" && $0.weight < 2 }
                if !graph.links.isEmpty { notes.append("links are sentence co-occurrence (no typed link found)") }
            }
        }
        if o.minWeight > 1 {
            graph.links.removeAll { $0.weight < o.minWeight }
            notes.append("links with at least \(o.minWeight) supporting sentences")
        }
        if !o.kinds.isEmpty {
            let keep = Set(graph.actors.filter { o.kinds.contains($0.kind) }.map(\.id))
            graph.actors.removeAll { !keep.contains($0.id) }
            graph.links.removeAll { !keep.contains($0.source) || !keep.contains($0.target) }
            notes.append("actors of kind " + o.kinds.map(\.rawValue).sorted().joined(separator: ", "))
        }
        if let f = o.focus {
            let key = f.lowercased()
            if let center = graph.actors.first(where: { $0.id == key || $0.name.lowercased() == key || $0.aliases.contains { $0.lowercased() == key } }) {
                var reach: Set<String> = [center.id]
                var frontier: Set<String> = [center.id]
                for _ in 0..<max(0, o.depth) {
                    var next = Set<String>()
                    for l in graph.links where frontier.contains(l.source) || frontier.contains(l.target) {
                        next.insert(l.source); next.insert(l.target)
                    }
                    frontier = next.subtracting(reach)
                    reach.formUnion(next)
                }
                graph.actors.removeAll { !reach.contains($0.id) }
                graph.links.removeAll { !reach.contains($0.source) || !reach.contains($0.target) }
                graph.events.removeAll { e in !e.actors.contains { reach.contains($0.actor) } }
                notes.append("actors within \(o.depth) link\(o.depth == 1 ? "" : "s") of \(center.name)")
            } else {
                notes.append("no actor named \"\(f)\": focus ignored")
                focusNotFound = f
            }
        }
        // prune isolated actors: in no drawn link and no kept event
        var used = Set<String>()
        for l in graph.links { used.insert(l.source); used.insert(l.target) }
        let inEvents = graph.takingPart(Set(graph.actors.lazy.map(\.id).filter { !used.contains($0) }))
        graph.actors.removeAll { !used.contains($0.id) && !inEvents.contains($0.id) }
        // top N, and the size cap
        let limit = min(o.top ?? Int.max, o.maxActors)
        if graph.actors.count > limit {
            var score: [String: Int] = [:]
            for l in graph.links { score[l.source, default: 0] += l.weight; score[l.target, default: 0] += l.weight }
            for e in graph.events { for a in e.actors { score[a.actor, default: 0] += 1 } }
            let ranked = graph.actors.sorted { (score[$0.id] ?? 0, $1.id) > (score[$1.id] ?? 0, $0.id) }
            let keep = Set(ranked.prefix(limit).map(\.id))
            let dropped = graph.actors.count - keep.count
            graph.actors.removeAll { !keep.contains($0.id) }
            let before = graph.links.count
            graph.links.removeAll { !keep.contains($0.source) || !keep.contains($0.target) }
            notes.append("the \(keep.count) best-connected actors shown; \(dropped) actors and \(before - graph.links.count) links left out")
        }
        return GraphView(graph: graph, notes: notes, focusNotFound: focusNotFound)
    }
}
