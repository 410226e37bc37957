import ChronographCore
import Foundation

public struct DOTOptions: Sendable {
    public var layout: String
    public var title: String
    /// Lines shown under the title: what the drawing leaves out.
    public var notes: [String]
    public init(layout: String = "dot", title: String = "Chronograph", notes: [String] = []) {
        self.layout = layout; self.title = title; self.notes = notes
    }
}

/// Graph → Graphviz DOT. Node shape and colour by actor kind, size by number of events; edge
/// colour and style by link kind (arrows on directed kinds), width by weight; tooltips that
/// name the actor or link and quote the evidence; every string escaped; a stable order.
public enum DOTRenderer {
    public struct Style: Sendable { public let shape: String; public let fill: String; public let stroke: String; public let label: String }
    public static func style(_ kind: ActorKind) -> Style {
        switch kind {
        case .person: return Style(shape: "ellipse", fill: "#dbeafe", stroke: "#1e40af", label: "person")
        case .organization: return Style(shape: "box", fill: "#dcfce7", stroke: "#166534", label: "organization")
        case .location: return Style(shape: "hexagon", fill: "#fef3c7", stroke: "#92400e", label: "place")
        case .group: return Style(shape: "diamond", fill: "#f3e8ff", stroke: "#6b21a8", label: "group")
        case .other: return Style(shape: "ellipse", fill: "#f1f5f9", stroke: "#475569", label: "other")
        }
    }

    public struct EdgeStyle: Sendable { public let color: String; public let style: String }
    public static func edgeStyle(_ kind: String) -> EdgeStyle {
        switch kind {
        case "met", "meeting": return EdgeStyle(color: "#2563eb", style: "solid")
        case "visited": return EdgeStyle(color: "#0d9488", style: "solid")
        case "signed", "agreed", "cooperated": return EdgeStyle(color: "#7c3aed", style: "solid")
        case "sanctioned", "sanction": return EdgeStyle(color: "#dc2626", style: "bold")
        case "accused", "accusation", "threatened", "demanded": return EdgeStyle(color: "#ea580c", style: "solid")
        case "attacked", "attack", "invaded", "military": return EdgeStyle(color: "#991b1b", style: "bold")
        case "works-for", "leads", "formerly-led", "advises", "member-of": return EdgeStyle(color: "#6b7280", style: "solid")
        case "co-occurrence": return EdgeStyle(color: "#94a3b8", style: "dashed")
        default: return EdgeStyle(color: "#64748b", style: "solid")
        }
    }

    /// Breaks a long label into lines of about `width` characters at spaces.
    public static func wrap(_ s: String, width: Int = 18) -> [String] {
        var lines: [String] = [], line = ""
        for w in s.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + w.count > width { lines.append(line); line = "" }
            line += line.isEmpty ? String(w) : " " + w
        }
        if !line.isEmpty { lines.append(line) }
        return lines.isEmpty ? [s] : lines
    }

    /// The layout engine for a graph of this size when none is asked for: `dot` for small
    /// graphs, `sfdp` beyond them (the dot engine explodes on dense graphs).
    public static func automaticLayout(actors: Int, links: Int) -> String {
        actors <= 120 && links <= 300 ? "dot" : "sfdp"
    }

    /// The actors a drawing shows: those with a drawn link (all of them when there is no link).
    public static func drawnActors(_ g: Graph) -> [Actor] {
        guard !g.links.isEmpty else { return g.actors }
        var linked = Set<String>()
        for l in g.links { linked.insert(l.source); linked.insert(l.target) }
        return g.actors.filter { linked.contains($0.id) }
    }

    public static func render(_ g: Graph, options: DOTOptions = DOTOptions(), evidence: (SourceSpan) -> String = { _ in "" }) -> String {
        drawing(g, options: options, evidence: evidence).dot
    }

    /// A graph drawn in two forms: `dot`, the DOT text as written to graph.dot, and
    /// `layoutDOT`, the same graph with every tooltip a marker and every edge of the default
    /// width. Positions depend on the second alone, so a drawing whose tooltips and widths are
    /// all that changed (a new sentence for a link already drawn) is not laid out again: the
    /// remembered SVG of its `layoutDOT` is `finish`ed with this build's tooltips and widths.
    public struct Drawing: Sendable {
        public let dot: String
        public let layoutDOT: String
        let tooltips: [String]
        let widths: [String]

        /// The SVG of `layoutDOT` with the tooltips and edge widths put in (escaped for XML).
        public func finish(_ svg: String) -> String {
            let u = Array(svg.utf8)
            var out: [UInt8] = []
            out.reserveCapacity(u.count + tooltips.reduce(0) { $0 + $1.utf8.count + 16 })
            let title = Array("xlink:title=\"@@t".utf8), width = Array(" @@w".utf8)
            var i = 0, copied = 0
            func number(_ at: Int) -> (Int, Int)? { // the marker's number, and the index after its closing "@@"
                var j = at, n = 0
                while j < u.count, u[j] >= 0x30, u[j] <= 0x39, j - at < 9 { n = n * 10 + Int(u[j] - 0x30); j += 1 }
                guard j > at, j + 1 < u.count, u[j] == 0x40, u[j + 1] == 0x40 else { return nil }
                return (n, j + 2)
            }
            func matches(_ p: [UInt8], _ at: Int) -> Bool {
                at + p.count <= u.count && p.indices.allSatisfy { u[at + $0] == p[$0] }
            }
            while i < u.count {
                if u[i] == 0x78, matches(title, i), let (n, end) = number(i + title.count), n < tooltips.count {
                    out += u[copied..<i]
                    out += Array("xlink:title=\"".utf8) + Array(Escape.html(Escape.dotText(tooltips[n])).utf8)
                    i = end; copied = end
                } else if u[i] == 0x20, matches(width, i), let (n, end) = number(i + width.count), n < widths.count, end < u.count, u[end] == 0x22 {
                    // the edge's group: ` class="edge link met @@w3@@"` → ` class="edge link met" stroke-width="2.58"`
                    out += u[copied..<i]
                    out.append(0x22)
                    if !widths[n].isEmpty { out += Array(" stroke-width=\"\(widths[n])\"".utf8) }
                    i = end + 1; copied = end + 1
                } else {
                    i += 1
                }
            }
            out += u[copied...]
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The documents an actor is mentioned in. Mentions sorted by document (as a merged graph
    /// keeps them) are counted by the changes of document; others through a set.
    static func documentCount(_ mentions: [Mention]) -> Int {
        guard let first = mentions.first else { return 0 }
        var n = 1, last = first.doc
        for m in mentions.dropFirst() where m.doc != last {
            if m.doc < last { return Set(mentions.map(\.doc)).count }
            n += 1; last = m.doc
        }
        return n
    }

    /// The most of a quote any tooltip shows, and one character more (to know it was cut): an
    /// `evidence` function need return no more than this.
    public static let evidenceCharacters = 221

    public static func drawing(_ g: Graph, options: DOTOptions = DOTOptions(), evidence: (SourceSpan) -> String = { _ in "" }) -> Drawing {
        // each actor's events, and the first source of its first event that has one (one
        // table, looked up once per participant)
        var taking: [String: (events: Int, first: SourceSpan?)] = [:]
        // events read in place, each actor counted once per event (the lists are short)
        func note(_ entry: inout (events: Int, first: SourceSpan?), _ source: SourceSpan?) {
            entry.events += 1
            if entry.first == nil { entry.first = source }
        }
        for i in g.events.indices {
            let actors = g.events[i].actors
            let source = g.events[i].sources.first
            for (j, ea) in actors.enumerated() where !actors[..<j].contains(where: { $0.actor == ea.actor }) {
                note(&taking[ea.actor, default: (0, nil)], source)
            }
        }
        let names = Dictionary(uniqueKeysWithValues: g.actors.map { ($0.id, $0.name) })
        var head = "digraph chronograph {\n"
        let label = ([options.title] + options.notes).map(Escape.dot).joined(separator: "\\n")
        // routing splines around nodes is what makes big layouts take minutes: straight edges there
        let large = drawnActors(g).count > 60 || g.links.count > 120
        head += "  graph [label=\"\(label)\", labelloc=t, labeljust=l, fontname=\"Helvetica\", fontsize=14, layout=\(options.layout), overlap=false, splines=\(large ? "false" : "true"), outputorder=edgesfirst, bgcolor=\"white\", pad=0.3, nodesep=0.35, ranksep=0.6"
        if options.layout == "dot" { head += ", rankdir=LR, nslimit=2, mclimit=1" }
        if options.layout == "sfdp" { head += ", overlap=prism, K=0.9" }
        head += "];\n"
        head += "  node [fontname=\"Helvetica\", fontsize=11, style=filled, penwidth=1.2, margin=\"0.12,0.05\"];\n"
        head += "  edge [fontname=\"Helvetica\", fontsize=9, arrowsize=0.7];\n"
        var dot = head, layoutDOT = head
        var tooltips: [String] = [], widths: [String] = []
        for a in drawnActors(g) {
            let st = style(a.kind)
            let n = taking[a.id]?.events ?? 0
            // the label grows a step each time the events double (1, 3, 7, 15, 31): a step is
            // visible, and a drawing is laid out again only when an actor crosses one
            let size = 10 + 2 * min(5, Int(log2(Double(1 + n))))
            let docs = documentCount(a.mentions)
            var tip = "\(a.name) (\(st.label)): \(n) event\(n == 1 ? "" : "s"), \(a.mentions.count) mention\(a.mentions.count == 1 ? "" : "s") in \(docs) document\(docs == 1 ? "" : "s")"
            if !a.aliases.isEmpty { tip += "; also \(a.aliases.prefix(4).joined(separator: ", "))" }
            if let s = taking[a.id]?.first {
                let q = evidence(s)
                if !q.isEmpty { tip += ". “" + (q.count > 200 ? String(q.prefix(197)) + "…" : q) + "”" }
            }
            let lbl = wrap(a.name).map(Escape.dot).joined(separator: "\\n")
            let line = "  \"\(Escape.dot(a.id))\" [id=\"actor-\(Escape.dot(a.id))\", class=\"actor \(a.kind.rawValue)\", label=\"\(lbl)\", shape=\(st.shape), fillcolor=\"\(st.fill)\", color=\"\(st.stroke)\", fontsize=\(size), tooltip=\""
            dot += line + Escape.dot(tip) + "\"];\n"
            layoutDOT += line + "@@t\(tooltips.count)@@\"];\n"
            tooltips.append(tip)
        }
        for l in g.links {
            let es = edgeStyle(l.kind)
            let width = String(format: "%.2f", 1.0 + log2(Double(max(1, l.weight))))
            var tip = "\(names[l.source] ?? l.source) \(l.directed ? "→" : "—") \(names[l.target] ?? l.target): \(l.kind), \(l.weight) sentence\(l.weight == 1 ? "" : "s")"
            if let first = l.sources.first {
                let q = evidence(first)
                if !q.isEmpty { tip += ". “" + (q.count > 220 ? String(q.prefix(217)) + "…" : q) + "”" }
            }
            let ends = "  \"\(Escape.dot(l.source))\" -> \"\(Escape.dot(l.target))\" [id=\"link-\(Escape.dot(l.source))-\(Escape.dot(l.target))-\(Escape.dot(l.kind))\", class=\"link \(Escape.dot(l.kind))"
            let look = "color=\"\(es.color)\", style=\(es.style)"
            var rest = ""
            if !l.directed { rest += ", dir=none" }
            if l.kind != "co-occurrence" { rest += ", label=\"\(Escape.dot(l.kind))\", fontcolor=\"\(es.color)\"" }
            dot += ends + "\", " + look + ", penwidth=\(width), tooltip=\"\(Escape.dot(tip))\"" + rest + "];\n"
            // (an explicit width of 1, so that no style widens the path itself: the group's width is inherited)
            layoutDOT += ends + " @@w\(widths.count)@@\", " + look + ", penwidth=1, tooltip=\"@@t\(tooltips.count)@@\"" + rest + "];\n"
            tooltips.append(tip)
            // Graphviz writes no width for 1
            widths.append(width == "1.00" ? "" : (width.hasSuffix(".00") ? String(width.dropLast(3)) : width.hasSuffix("0") ? String(width.dropLast()) : width))
        }
        dot += "}\n"
        layoutDOT += "}\n"
        return Drawing(dot: dot, layoutDOT: layoutDOT, tooltips: tooltips, widths: widths)
    }

    /// A legend (actor kinds and link kinds present) added to the top of a rendered SVG: the
    /// viewBox grows to make room, so it works whatever the layout engine.
    public static func addLegend(_ svg: String, graph g: Graph) -> String {
        let drawn = drawnActors(g)
        let kinds = ActorKind.allCases.filter { k in drawn.contains { $0.kind == k } }
        let linkKinds = Array(Set(g.links.map(\.kind))).sorted()
        guard !kinds.isEmpty || !linkKinds.isEmpty,
              let open = find("<svg", in: svg, svg.startIndex..<svg.endIndex), let close = find(">", in: svg, open.upperBound..<svg.endIndex),
              let vbRange = find("viewBox=\"", in: svg, open.upperBound..<close.lowerBound),
              let vbEnd = find("\"", in: svg, vbRange.upperBound..<close.lowerBound) else { return svg }
        let vb = svg[vbRange.upperBound..<vbEnd.lowerBound].split(separator: " ").compactMap { Double($0) }
        guard vb.count == 4 else { return svg }
        let h: Double = 34
        var items = ""
        var x = 8.0
        for k in kinds {
            let st = style(k)
            items += "<g class=\"legend-item\"><rect x=\"\(fmt(x))\" y=\"10\" width=\"14\" height=\"14\" rx=\"\(k == .organization ? 2 : 7)\" fill=\"\(st.fill)\" stroke=\"\(st.stroke)\"/><text x=\"\(fmt(x + 19))\" y=\"21\" font-family=\"Helvetica,sans-serif\" font-size=\"11\" fill=\"#334155\">\(st.label)</text></g>"
            x += 28 + Double(st.label.count) * 6.2
        }
        for k in linkKinds {
            let es = edgeStyle(k)
            let dash = es.style == "dashed" ? " stroke-dasharray=\"5,3\"" : ""
            items += "<g class=\"legend-item\"><line x1=\"\(fmt(x))\" y1=\"17\" x2=\"\(fmt(x + 22))\" y2=\"17\" stroke=\"\(es.color)\" stroke-width=\"\(es.style == "bold" ? 3 : 2)\"\(dash)/><text x=\"\(fmt(x + 27))\" y=\"21\" font-family=\"Helvetica,sans-serif\" font-size=\"11\" fill=\"#334155\">\(Escape.html(k))</text></g>"
            x += 36 + Double(k.count) * 6.2
        }
        let width = max(vb[2], x + 8)
        let newVB = "\(fmt(vb[0])) \(fmt(vb[1] - h)) \(fmt(width)) \(fmt(vb[3] + h))"
        var head = String(svg[open.lowerBound..<close.upperBound])
        head = head.replacingOccurrences(of: "viewBox=\"\(svg[vbRange.upperBound..<vbEnd.lowerBound])\"", with: "viewBox=\"\(newVB)\"")
        for attr in ["width", "height"] {
            if let r = head.range(of: " \(attr)=\""), let e = head.range(of: "pt\"", range: r.upperBound..<head.endIndex), let v = Double(head[r.upperBound..<e.lowerBound]) {
                let nv = attr == "width" ? max(v, width) : v + h
                head.replaceSubrange(r.lowerBound..<e.upperBound, with: " \(attr)=\"\(fmt(nv))pt\"")
            }
        }
        let legend = "\n<g id=\"legend\" transform=\"translate(\(fmt(vb[0])),\(fmt(vb[1] - h)))\"><rect x=\"0\" y=\"0\" width=\"\(fmt(width))\" height=\"\(fmt(h))\" fill=\"white\"/>\(items)</g>"
        return svg[..<open.lowerBound] + head + legend + svg[close.upperBound...]
    }

    static func fmt(_ d: Double) -> String { String(format: "%.2f", d) }

    /// Where `needle` first occurs in `s` within `range`, found in its bytes (Foundation's
    /// `range(of:)` first indexed the whole text, megabytes for a large drawing, to find a tag
    /// at its start).
    static func find(_ needle: String, in s: String, _ range: Range<String.Index>) -> Range<String.Index>? {
        s.utf8[range].firstRange(of: needle.utf8)
    }
}
