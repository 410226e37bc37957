import ChronographCore

public struct DOTOptions: Sendable {
    public var layout: String
    public var title: String
    public init(layout: String = "dot", title: String = "Chronograph") { self.layout = layout; self.title = title }
}

/// Graph → Graphviz DOT. Node shape and colour by actor kind, edge width by weight, every
/// string escaped, a stable order (actors by id, links as in graph.json).
public enum DOTRenderer {
    public struct Style: Sendable { public let shape: String; public let fill: String; public let stroke: String }
    public static func style(_ kind: ActorKind) -> Style {
        switch kind {
        case .person: return Style(shape: "ellipse", fill: "#dbeafe", stroke: "#1e40af")
        case .organization: return Style(shape: "box", fill: "#dcfce7", stroke: "#166534")
        case .location: return Style(shape: "hexagon", fill: "#fef3c7", stroke: "#92400e")
        case .group: return Style(shape: "diamond", fill: "#f3e8ff", stroke: "#6b21a8")
        case .other: return Style(shape: "ellipse", fill: "#f1f5f9", stroke: "#475569")
        }
    }

    public static func render(_ g: Graph, options: DOTOptions = DOTOptions()) -> String {
        var used = Set<String>()
        for l in g.links { used.insert(l.source); used.insert(l.target) }
        for e in g.events { for a in e.actors { used.insert(a.actor) } }
        var eventCount: [String: Int] = [:]
        for e in g.events { for a in Set(e.actors.map(\.actor)) { eventCount[a, default: 0] += 1 } }
        var out = "digraph chronograph {\n"
        out += "  graph [label=\"\(Escape.dot(options.title))\", labelloc=t, fontname=\"Helvetica\", fontsize=16, layout=\(options.layout), overlap=false, splines=true, outputorder=edgesfirst, bgcolor=\"white\", pad=0.3];\n"
        out += "  node [fontname=\"Helvetica\", fontsize=11, style=filled, penwidth=1.2];\n"
        out += "  edge [fontname=\"Helvetica\", fontsize=9, color=\"#64748b\", arrowsize=0.7];\n"
        for a in g.actors where used.contains(a.id) {
            let st = style(a.kind)
            let n = eventCount[a.id] ?? 0
            let tip = "\(a.name) (\(a.kind.rawValue)): \(a.mentions.count) mention\(a.mentions.count == 1 ? "" : "s"), \(n) event\(n == 1 ? "" : "s")"
            out += "  \"\(Escape.dot(a.id))\" [id=\"actor-\(Escape.dot(a.id))\", class=\"actor \(a.kind.rawValue)\", label=\"\(Escape.dot(a.name))\", shape=\(st.shape), fillcolor=\"\(st.fill)\", color=\"\(st.stroke)\", tooltip=\"\(Escape.dot(tip))\"];\n"
        }
        for l in g.links {
            let width = 1.0 + log2(Double(max(1, l.weight)))
            let tip = "\(name(g, l.source)) — \(name(g, l.target)): \(l.kind), \(l.weight) sentence\(l.weight == 1 ? "" : "s")"
            var attrs = "id=\"link-\(Escape.dot(l.source))-\(Escape.dot(l.target))-\(Escape.dot(l.kind))\", class=\"link \(Escape.dot(l.kind))\", penwidth=\(String(format: "%.2f", width)), tooltip=\"\(Escape.dot(tip))\""
            if !l.directed { attrs += ", dir=none" }
            if l.kind == "co-occurrence" { attrs += ", style=dashed" } else { attrs += ", label=\"\(Escape.dot(l.kind))\"" }
            out += "  \"\(Escape.dot(l.source))\" -> \"\(Escape.dot(l.target))\" [\(attrs)];\n"
        }
        out += "}\n"
        return out
    }

    static func name(_ g: Graph, _ id: String) -> String { g.actors.first { $0.id == id }?.name ?? id }
}

import Foundation
