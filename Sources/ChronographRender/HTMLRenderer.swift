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

    /// Loads every `*.mustache` below `directory`; partials are named by their path without extension.
    public init(templatesDirectory directory: String) throws(TemplateError) {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw TemplateError(message: "\(directory): templates folder not found")
        }
        var lib = MustacheLibrary()
        let base = URL(fileURLWithPath: directory)
        guard let walker = FileManager.default.enumerator(atPath: directory) else { throw TemplateError(message: "\(directory): cannot list templates") }
        var names: [String] = []
        for case let rel as String in walker where rel.hasSuffix(".mustache") { names.append(rel) }
        for rel in names.sorted() {
            let path = base.appendingPathComponent(rel).path
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw TemplateError(message: "\(path): cannot read template") }
            do { try lib.register(text, named: String(rel.dropLast(".mustache".count))) } catch {
                throw TemplateError(message: "\(path): broken template: \(error)")
            }
        }
        guard lib.getTemplate(named: "index") != nil else { throw TemplateError(message: "\(directory)/index.mustache: template missing") }
        self.library = lib
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
        let ctx = HTMLRenderer.context(input)
        guard let html = library.render(ctx, withTemplate: "index") else { throw TemplateError(message: "index.mustache: rendering failed") }
        return html
    }

    static func context(_ input: Input) -> [String: Any] {
        let g = input.graph
        let names = Dictionary(uniqueKeysWithValues: g.actors.map { ($0.id, $0) })
        let docs = Dictionary(uniqueKeysWithValues: g.documents.map { ($0.id, $0) })
        func eventContext(_ e: Event) -> [String: Any] {
            let actors: [[String: Any]] = e.actors.compactMap { ea in
                guard let a = names[ea.actor] else { return nil }
                return ["id": a.id, "name": a.name, "kind": a.kind.rawValue, "role": ea.role.rawValue]
            }
            let sources: [[String: Any]] = e.sources.map { s in
                var d: [String: Any] = ["doc": s.doc, "text": input.sourceText(s), "docTitle": docs[s.doc]?.title ?? s.doc]
                if let href = input.documentHref(s.doc) { d["href"] = href }
                return d
            }
            var c: [String: Any] = [
                "id": e.id, "kind": e.kind, "trigger": e.trigger, "summary": e.summary,
                "modality": e.modality.rawValue, "actors": actors, "sources": sources,
                "actorIds": e.actors.map(\.actor).joined(separator: " "),
                "isNew": input.newEvents.contains(e.id),
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
        let dated = g.events.filter { $0.when?.start != nil }
        let undated = g.events.filter { $0.when?.start == nil }
        // Group dated events by the year of their start.
        var years: [[String: Any]] = []
        var currentYear = ""
        var bucket: [[String: Any]] = []
        for e in dated {
            let y = String(e.when!.start!.prefix(4))
            if y != currentYear && !bucket.isEmpty { years.append(["year": currentYear, "events": bucket]); bucket = [] }
            currentYear = y
            bucket.append(eventContext(e))
        }
        if !bucket.isEmpty { years.append(["year": currentYear, "events": bucket]) }
        let documents: [[String: Any]] = g.documents.map { d in
            var c: [String: Any] = ["id": d.id, "title": d.title, "path": d.path,
                                    "published": d.published.map { DateLabel.label(When(value: $0, basis: .explicit)) } ?? "date unknown",
                                    "publishedSource": d.publishedSource.rawValue]
            if let h = input.documentHref(d.id) { c["href"] = h }
            return c
        }
        let actors: [[String: Any]] = g.actors.filter { a in g.events.contains { $0.actors.contains { $0.actor == a.id } } }
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
            "undated": undated.map(eventContext),
            "hasUndated": !undated.isEmpty,
            "actors": actors,
            "svg": input.svg ?? "",
            "hasSVG": input.svg != nil,
        ]
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
