import ChronographCore
import Foundation
import Mustache

public struct TemplateError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}

/// Renders the HTML timeline from Mustache templates (`index.mustache` and its partials).
public struct HTMLRenderer {
    let library: MustacheLibrary
    /// The text of every template: fragments remembered under other templates are not reused.
    let templateKey: String

    /// Loads every `*.mustache` below `directory`; partials are named by their path without extension.
    public init(templatesDirectory directory: String) throws(TemplateError) {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw TemplateError(message: "\(directory): templates folder not found")
        }
        var lib = MustacheLibrary()
        var key = ContentHasher()
        let base = URL(fileURLWithPath: directory)
        guard let walker = FileManager.default.enumerator(atPath: directory) else { throw TemplateError(message: "\(directory): cannot list templates") }
        var names: [String] = []
        for case let rel as String in walker where rel.hasSuffix(".mustache") { names.append(rel) }
        for rel in names.sorted() {
            let path = base.appendingPathComponent(rel).path
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw TemplateError(message: "\(path): cannot read template") }
            key.update(rel); key.update(text)
            do { try lib.register(text, named: String(rel.dropLast(".mustache".count))) } catch {
                throw TemplateError(message: "\(path): broken template: \(error)")
            }
        }
        guard lib.getTemplate(named: "index") != nil else { throw TemplateError(message: "\(directory)/index.mustache: template missing") }
        self.library = lib
        self.templateKey = key.hex
    }

    public struct Input {
        public var graph: Graph
        public var svg: String?
        /// The text of a source span (the sentence), for quoting.
        public var sourceText: (SourceSpan) -> String
        /// A link to a document from the page, by document id.
        public var documentHref: (String) -> String?
        public var title: String
        /// Lines under the title: what the view leaves out.
        public var notes: [String] = []
        /// Events new since the previous build (marked, and filterable).
        public var newEvents: Set<String> = []
        public init(graph: Graph, svg: String?, title: String = "Chronograph timeline", notes: [String] = [], newEvents: Set<String> = [],
                    sourceText: @escaping (SourceSpan) -> String, documentHref: @escaping (String) -> String?) {
            self.graph = graph; self.svg = svg; self.title = title; self.notes = notes; self.newEvents = newEvents
            self.sourceText = sourceText; self.documentHref = documentHref
        }
    }

    public func render(_ input: Input) throws(TemplateError) -> String {
        let ctx = HTMLRenderer.context(input, library: library, templateKey: templateKey)
        guard let html = library.render(ctx, withTemplate: "index") else { throw TemplateError(message: "index.mustache: rendering failed") }
        return html
    }

    /// The page's context. Each event's `<li>` is rendered once from `partials/event` (in
    /// parallel, and remembered by its content, so a rebuild in the same process renders only
    /// new or changed events) and given to `index` as `html`; the event's fields stay in the
    /// context too, for templates that include the partial themselves.
    static func context(_ input: Input, library: MustacheLibrary? = nil, templateKey: String = "") -> [String: Any] {
        let g = input.graph
        let names = Dictionary(uniqueKeysWithValues: g.actors.map { ($0.id, $0) })
        let docs = Dictionary(uniqueKeysWithValues: g.documents.map { ($0.id, $0) })
        var hrefs: [String: String] = [:]
        for d in g.documents { if let h = input.documentHref(d.id) { hrefs[d.id] = h } }
        let newEvents = input.newEvents, sourceText = input.sourceText
        let eventContext = { (e: Event) -> [String: Any] in
            let actors: [[String: Any]] = e.actors.compactMap { ea in
                guard let a = names[ea.actor] else { return nil }
                return ["id": a.id, "name": a.name, "kind": a.kind.rawValue, "role": ea.role.rawValue]
            }
            let sources: [[String: Any]] = e.sources.map { s in
                var d: [String: Any] = ["doc": s.doc, "text": sourceText(s), "docTitle": docs[s.doc]?.title ?? s.doc]
                if let href = hrefs[s.doc] { d["href"] = href }
                return d
            }
            var c: [String: Any] = [
                "id": e.id, "kind": e.kind, "trigger": e.trigger, "summary": e.summary,
                "modality": e.modality.rawValue, "actors": actors, "sources": sources,
                "actorIds": e.actors.map(\.actor).joined(separator: " "),
                "isNew": newEvents.contains(e.id),
            ]
            if e.modality != .asserted { c["modalityNote"] = e.modality.rawValue }
            if let w = e.when {
                c["date"] = DateLabel.label(w)
                c["value"] = w.value
                c["start"] = w.start ?? ""
                c["end"] = w.end ?? ""
                c["basis"] = w.basis.rawValue
                // a rough date: relative or inferred, or coarser than a day (a month, a season, a year)
                c["fuzzy"] = (w.basis != .explicit && w.basis != .documentDate) || (w.start != w.end && !w.value.contains("/")) ? "1" : "0"
            }
            return c
        }
        let contexts = EventFragments.render(g.events, context: eventContext, library: library, templateKey: templateKey)
        var byID: [String: [String: Any]] = [:]
        for (e, c) in zip(g.events, contexts) { byID[e.id] = c }
        let dated = g.events.filter { $0.when?.start != nil }
        let undated = g.events.filter { $0.when?.start == nil }
        // Group dated events by the year of their start.
        var years: [[String: Any]] = []
        var currentYear = ""
        var bucket: [[String: Any]] = []
        for e in dated {
            let y = String(e.when!.start!.prefix(4))
            if y != currentYear && !bucket.isEmpty { years.append(yearContext(currentYear, bucket)); bucket = [] }
            currentYear = y
            bucket.append(byID[e.id]!)
        }
        if !bucket.isEmpty { years.append(yearContext(currentYear, bucket)) }
        let undatedContexts = undated.map { byID[$0.id]! }
        let documents: [[String: Any]] = g.documents.map { d in
            var c: [String: Any] = ["id": d.id, "title": d.title, "path": d.path,
                                    "published": d.published.map { DateLabel.label(When(value: $0, basis: .explicit)) } ?? "date unknown",
                                    "publishedSource": d.publishedSource.rawValue]
            if let h = hrefs[d.id] { c["href"] = h }
            return c
        }
        let inEvents = Set(g.events.flatMap { $0.actors.map(\.actor) })
        let actors: [[String: Any]] = g.actors.filter { inEvents.contains($0.id) }
            .map { ["id": $0.id, "name": $0.name, "kind": $0.kind.rawValue] }
        let newCount = g.events.filter { input.newEvents.contains($0.id) }.count
        return [
            "title": input.title,
            "notes": input.notes,
            "kinds": Array(Set(g.events.map(\.kind))).sorted(),
            "newCount": newCount > 0 ? newCount : false,
            "hasNew": newCount > 0,
            "documentCount": g.documents.count,
            "eventCount": g.events.count,
            "actorCount": g.actors.count,
            "linkCount": g.links.count,
            "documents": documents,
            "years": years,
            "undated": undatedContexts,
            "undatedHTML": joined(undatedContexts),
            "hasUndated": !undated.isEmpty,
            "actors": actors,
            "svg": input.svg ?? "",
            "hasSVG": input.svg != nil,
        ]
    }
}

extension HTMLRenderer {
    /// A year of the timeline: its events, and their fragments joined (`eventsHTML`).
    static func yearContext(_ year: String, _ events: [[String: Any]]) -> [String: Any] {
        ["year": year, "events": events, "eventsHTML": joined(events)]
    }

    static func joined(_ events: [[String: Any]]) -> String {
        events.compactMap { $0["html"] as? String }.joined(separator: "\n")
    }
}

/// Event fragments: each event's context and its `<li>` rendered from `partials/event`, in
/// parallel; a fragment is remembered by the text of its context, so a page rebuilt in the same
/// process (watch mode) renders only the events that are new or changed.
enum EventFragments {
    final class Memo: @unchecked Sendable {
        let lock = NSLock()
        var fragments: [String: String] = [:]
        var templateKey = ""
    }
    static let memo = Memo()

    final class Parts: @unchecked Sendable {
        let lock = NSLock()
        var parts: [[[String: Any]]]
        var fresh: [String: String] = [:]
        let context: (Event) -> [String: Any]
        init(_ n: Int, _ context: @escaping (Event) -> [String: Any]) { parts = Array(repeating: [], count: n); self.context = context }
    }

    static func render(_ events: [Event], context: @escaping (Event) -> [String: Any], library: MustacheLibrary?, templateKey: String) -> [[String: Any]] {
        let chunk = 128
        let n = (events.count + chunk - 1) / chunk
        let parts = Parts(n, context)
        memo.lock.lock()
        if memo.templateKey != templateKey { memo.fragments = [:]; memo.templateKey = templateKey }
        let known = memo.fragments
        memo.lock.unlock()
        DispatchQueue.concurrentPerform(iterations: n) { c in
            var local: [[String: Any]] = []
            var fresh: [String: String] = [:]
            for e in events[(c * chunk)..<min(events.count, (c + 1) * chunk)] {
                var ctx = parts.context(e)
                if let library {
                    var key = ""
                    describe(ctx, into: &key)
                    let html = known[key] ?? library.render(ctx, withTemplate: "partials/event") ?? ""
                    fresh[key] = html
                    ctx["html"] = html
                }
                local.append(ctx)
            }
            parts.lock.lock()
            parts.parts[c] = local
            parts.fresh.merge(fresh) { a, _ in a }
            parts.lock.unlock()
        }
        // keep only this page's fragments: the memo never grows past one page
        memo.lock.lock()
        if memo.templateKey == templateKey { memo.fragments = parts.fresh }
        memo.lock.unlock()
        return parts.parts.flatMap { $0 }
    }

    /// A deterministic text of a context (keys sorted), the fragment's memo key.
    static func describe(_ v: Any, into out: inout String) {
        switch v {
        case let s as String: out += "\"" + s.replacingOccurrences(of: "\"", with: "\\\"") + "\""
        case let b as Bool: out += b ? "T" : "F"
        case let i as Int: out += String(i)
        case let a as [Any]: out += "["; for x in a { describe(x, into: &out); out += "," }; out += "]"
        case let d as [String: Any]:
            out += "{"
            for k in d.keys.sorted() { out += k; out += ":"; describe(d[k]!, into: &out); out += "," }
            out += "}"
        default: out += "?\(v)"
        }
    }
}

/// Human-readable labels for TIMEX3 values.
public enum DateLabel {
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

    public static func label(_ w: When) -> String {
        let v = w.value
        if let s = w.start, let e = w.end, s != e, let a = CivilDate(iso: s), let b = CivilDate(iso: e),
           TimexValue.interval(of: v).map({ $0.start != a || $0.end != b }) ?? true {
            if a.year == b.year && a.month == b.month { return "\(a.day)–\(b.day) \(months[a.month - 1]) \(a.year)" }
            return "\(day(a)) – \(day(b))"
        }
        return label(value: v)
    }

    static func day(_ d: CivilDate) -> String { "\(d.day) \(months[d.month - 1]) \(d.year)" }

    public static func label(value v: String) -> String {
        let u = Array(v.utf8)
        if u.count >= 10, let d = CivilDate(iso: v) { return day(d) }
        if u.count == 7, let iv = TimexValue.interval(of: v) {
            let tail = String(v.suffix(2))
            switch tail {
            case "SP": return "Spring \(iv.start.year)"
            case "SU": return "Summer \(iv.start.year)"
            case "FA": return "Autumn \(iv.start.year)"
            case "WI": return "Winter \(iv.start.year)"
            case "Q1", "Q2", "Q3", "Q4": return "\(tail) \(iv.start.year)"
            case "H1", "H2": return "\(tail) \(iv.start.year)"
            default: return "\(months[iv.start.month - 1]) \(iv.start.year)"
            }
        }
        if v.count == 8, v.dropFirst(5).hasPrefix("W"), let iv = TimexValue.interval(of: v) { return "Week \(v.suffix(2)), \(iv.start.isoWeek.year)" }
        if u.count == 3 { return "\(v)0s" }
        if u.count == 2, let c = Int(v) { return "\(c + 1)th century" }
        return v
    }
}
