import ChronographCore
import Foundation
import Mustache

public struct TemplateError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}

/// Renders the HTML timeline from Mustache templates (`index.mustache` and its partials).
public struct HTMLRenderer: Sendable {
    let library: MustacheLibrary
    /// The text of every template: fragments remembered under other templates are not reused.
    let templateKey: String
    /// The templates use the page's large parts (`Splice.names`) only as `{{{name}}}`: they are
    /// then put into the page as bytes, not through Mustache (see `Splice`).
    let spliceable: Bool

    /// Loads every `*.mustache` below `directory`; partials are named by their path without extension.
    public init(templatesDirectory directory: String) throws(TemplateError) {
        try self.init(HTMLRenderer.read(templatesDirectory: directory))
    }

    /// The templates of a folder as read, not parsed yet, and the key of their names and texts.
    public struct Sources: Sendable {
        let directory: String
        let texts: [(String, String)]
        public let key: String
    }

    /// Reads every `*.mustache` below `directory` (a missing folder or an unreadable template
    /// is an error); parsing is `init(_:)`.
    public static func read(templatesDirectory directory: String) throws(TemplateError) -> Sources {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue else {
            throw TemplateError(message: "\(directory): templates folder not found")
        }
        var key = ContentHasher()
        let base = URL(fileURLWithPath: directory)
        guard let walker = FileManager.default.enumerator(atPath: directory) else { throw TemplateError(message: "\(directory): cannot list templates") }
        var names: [String] = []
        for case let rel as String in walker where rel.hasSuffix(".mustache") { names.append(rel) }
        var texts: [(String, String)] = []
        for rel in names.sorted() {
            let path = base.appendingPathComponent(rel).path
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw TemplateError(message: "\(path): cannot read template") }
            key.update(rel); key.update(text)
            texts.append((rel, text))
        }
        return Sources(directory: directory, texts: texts, key: key.hex)
    }

    /// Parses templates read by `read` (a broken template, or no `index`, is an error).
    public init(_ sources: Sources) throws(TemplateError) {
        let templateKey = sources.key, texts = sources.texts, directory = sources.directory
        let base = URL(fileURLWithPath: directory)
        // templates parsed before (a rebuild in the same process) are not parsed again
        if let known = HTMLRenderer.parsed.get(templateKey) {
            self.library = known.library; self.templateKey = templateKey; self.spliceable = known.spliceable
            return
        }
        let spliceable = texts.allSatisfy { Splice.onlyUnescaped($0.1) }
        var lib = MustacheLibrary()
        for (rel, text) in texts {
            do { try lib.register(text, named: String(rel.dropLast(".mustache".count))) } catch {
                throw TemplateError(message: "\(base.appendingPathComponent(rel).path): broken template: \(error)")
            }
        }
        guard lib.getTemplate(named: "index") != nil else { throw TemplateError(message: "\(directory)/index.mustache: template missing") }
        HTMLRenderer.parsed.set(templateKey, lib, spliceable: spliceable)
        self.library = lib
        self.templateKey = templateKey
        self.spliceable = spliceable
    }

    /// The last templates parsed in this process, by the hash of their names and texts.
    final class Parsed: @unchecked Sendable {
        private let lock = NSLock()
        private var key = "", library: MustacheLibrary? = nil, spliceable = false
        func get(_ k: String) -> (library: MustacheLibrary, spliceable: Bool)? {
            lock.lock(); defer { lock.unlock() }
            guard k == key, let library else { return nil }
            return (library, spliceable)
        }
        func set(_ k: String, _ l: MustacheLibrary, spliceable: Bool) { lock.lock(); key = k; library = l; self.spliceable = spliceable; lock.unlock() }
    }
    static let parsed = Parsed()

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
        /// What identifies a document's text (say, a hash of its bytes): a source span's text is
        /// then known by it and the offsets, and fragments are remembered without cutting every
        /// quote out; nil: the quote itself.
        public var documentKey: (String) -> String? = { _ in nil }
        public init(graph: Graph, svg: String?, title: String = "Chronograph timeline", notes: [String] = [], newEvents: Set<String> = [],
                    sourceText: @escaping (SourceSpan) -> String, documentHref: @escaping (String) -> String?) {
            self.graph = graph; self.svg = svg; self.title = title; self.notes = notes; self.newEvents = newEvents
            self.sourceText = sourceText; self.documentHref = documentHref
        }
    }

    public func render(_ input: Input) throws(TemplateError) -> String {
        try render(input, svg: nil)
    }

    /// The page, with the drawing given by `svg` once the rest of the page is made (it may be
    /// laid out on another thread meanwhile); nil: `input.svg`.
    public func render(_ input: Input, svg: (() -> String?)?) throws(TemplateError) -> String {
        String(decoding: try renderBytes(input, svg: svg), as: UTF8.self)
    }

    /// The page's bytes. The large parts (the events' fragments, the documents' list, the
    /// drawing: nearly all of a page of thousands of events) are put in as bytes where the
    /// rendered templates hold their markers (`Splice`), when the templates allow it;
    /// `splicing: false` renders everything through Mustache (the same bytes).
    public func renderBytes(_ input: Input, svg: (() -> String?)?, splicing: Bool = true) throws(TemplateError) -> Data {
        try renderParts(input, svg: svg, splicing: splicing).data
    }

    /// The same bytes in parts, to be written out without being put together first.
    public func renderParts(_ input: Input, svg: (() -> String?)?, splicing: Bool = true) throws(TemplateError) -> ByteParts {
        let splice = splicing && spliceable ? Splice() : nil
        var ctx = HTMLRenderer.context(input, library: library, templateKey: templateKey, splice: splice)
        let drawing = svg.map { $0() } ?? input.svg
        if svg != nil { ctx["hasSVG"] = drawing != nil }
        ctx["svg"] = splice.map { $0.slot([drawing ?? ""], separator: "") } ?? (drawing ?? "")
        guard let html = library.render(ctx, withTemplate: "index") else { throw TemplateError(message: "index.mustache: rendering failed") }
        return splice?.assemble(html) ?? ByteParts(html)
    }

    /// The page's context. Each event's `<li>` is rendered once from `partials/event` (in
    /// parallel, and remembered by its content, so a rebuild in the same process renders only
    /// new or changed events) and given to `index` as `html`; the event's fields stay in the
    /// context too, for templates that include the partial themselves.
    static func context(_ input: Input, library: MustacheLibrary? = nil, templateKey: String = "", splice: Splice? = nil) -> [String: Any] {
        let g = input.graph
        let names = Dictionary(uniqueKeysWithValues: g.actors.map { ($0.id, $0) })
        let docs = Dictionary(uniqueKeysWithValues: g.documents.map { ($0.id, $0) })
        var hrefs: [String: String] = [:]
        for d in g.documents { if let h = input.documentHref(d.id) { hrefs[d.id] = h } }
        let page = EventView.Page(names: names, docs: docs, hrefs: hrefs, newEvents: input.newEvents, sourceText: input.sourceText,
                                  documentKey: input.documentKey)
        let views = EventFragments.render(g.events, page: page, library: library, templateKey: templateKey)
        // Group dated events by the year of their start (views are in the graph's event order).
        var years: [[String: Any]] = []
        var currentYear = ""
        var bucket: [EventView] = []
        var undatedContexts: [EventView] = []
        for v in views {
            guard let start = v.e.when?.start else { undatedContexts.append(v); continue }
            let y = String(start.prefix(4))
            if y != currentYear && !bucket.isEmpty { years.append(yearContext(currentYear, bucket, splice)); bucket = [] }
            currentYear = y
            bucket.append(v)
        }
        if !bucket.isEmpty { years.append(yearContext(currentYear, bucket, splice)) }
        let documents: [[String: Any]] = g.documents.map { d in
            var c: [String: Any] = ["id": d.id, "title": d.title, "path": d.path,
                                    "published": d.published.map { DateLabel.label(When(value: $0, basis: .explicit)) } ?? "date unknown",
                                    "publishedSource": d.publishedSource.rawValue]
            if let h = hrefs[d.id] { c["href"] = h }
            return c
        }
        let documentParts = DocumentFragments.render(documents, library: library, templateKey: templateKey)
        // (as the list's lines stood in index.mustache: one per line, indented)
        let documentsHTML = splice.map { $0.slot(documentParts, separator: "\n    ") } ?? documentParts.joined(separator: "\n    ")
        let inEvents = g.takingPart(Set(g.actors.map(\.id)))
        let actors: [[String: Any]] = g.actors.filter { inEvents.contains($0.id) }
            .map { ["id": $0.id, "name": $0.name, "kind": $0.kind.rawValue] }
        var newCount = 0
        if !input.newEvents.isEmpty { for i in g.events.indices where input.newEvents.contains(g.events[i].id) { newCount += 1 } }
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
            "documentsHTML": documentsHTML,
            "years": years,
            "undated": undatedContexts,
            "undatedHTML": joined(undatedContexts, splice),
            "hasUndated": !undatedContexts.isEmpty,
            "actors": actors,
            "svg": input.svg ?? "",
            "hasSVG": input.svg != nil,
        ]
    }
}

extension HTMLRenderer {
    /// A year of the timeline: its events, and their fragments joined (`eventsHTML`).
    static func yearContext(_ year: String, _ events: [EventView], _ splice: Splice? = nil) -> [String: Any] {
        ["year": year, "events": events, "eventsHTML": joined(events, splice)]
    }

    static func joined(_ events: [EventView], _ splice: Splice? = nil) -> String {
        let parts = events.compactMap(\.text)
        return splice.map { $0.slot(parts, separator: "\n") } ?? parts.map(\.string).joined(separator: "\n")
    }
}

/// The page's large parts, put into the rendered page as bytes. Rendering a page of thousands of
/// events through Mustache joined every fragment into one string per year, copied it into the
/// page, and copied the page again into bytes: megabytes three times over. Instead each part is
/// given to the templates as a marker (a control character, a number drawn for this page, the
/// part's index, the control character), which `{{{name}}}` puts in unchanged; the markers are
/// then replaced by the parts' bytes. A document cannot hold a marker: it cannot know the number.
/// Used only when the templates name these parts nowhere but in `{{{name}}}` (or `{{&name}}`),
/// where Mustache would put the part in unchanged too (`onlyUnescaped`).
final class Splice: @unchecked Sendable {
    /// The context's keys whose values are spliced.
    static let names: Set<String> = ["eventsHTML", "undatedHTML", "documentsHTML", "svg"]
    private let marker: [UInt8]
    private var parts: [(strings: [MemoText], separator: String)] = []
    private let lock = NSLock()

    init() {
        var g = SystemRandomNumberGenerator()
        marker = Array("\u{1}chronograph-part-\(String(g.next(), radix: 36))-".utf8)
    }

    /// Records a part (its strings, joined by `separator`) and returns its marker.
    func slot(_ strings: [String], separator: String) -> String { slot(strings.map(MemoText.init), separator: separator) }

    /// The same with remembered texts (put in from where they lie).
    func slot(_ texts: [MemoText], separator: String) -> String {
        lock.lock(); defer { lock.unlock() }
        parts.append((texts, separator))
        return String(decoding: marker, as: UTF8.self) + String(parts.count - 1) + "\u{1}"
    }

    /// The rendered page with each marker replaced by its part: the parts stay where they lie,
    /// to be written out in blocks (see `ByteParts`).
    func assemble(_ rendered: String) -> ByteParts {
        var out = ByteParts()
        var text = rendered
        text.withUTF8 { b in
            let n = b.count, m = marker.count
            var i = 0, copied = 0
            while i < n {
                // a marker starts with the control character 1; anything else is copied as it is
                guard b[i] == 1, i + m < n, marker.withUnsafeBufferPointer({ memcmp($0.baseAddress!, b.baseAddress! + i, m) == 0 }) else { i += 1; continue }
                var j = i + m, index = 0
                while j < n, b[j] >= 48, b[j] <= 57, index < parts.count { index = index * 10 + Int(b[j] - 48); j += 1 }
                guard j < n, j > i + m, b[j] == 1, index < parts.count else { i += 1; continue }
                if i > copied { out.append(bytes: Array(UnsafeBufferPointer(rebasing: b[copied..<i]))) }
                let p = parts[index]
                let separator = MemoText(p.separator)
                for (k, s) in p.strings.enumerated() {
                    if k > 0 { out.append(separator) }
                    out.append(s)
                }
                i = j + 1; copied = i
            }
            if n > copied { out.append(bytes: Array(UnsafeBufferPointer(rebasing: b[copied..<n]))) }
        }
        return out
    }

    /// Whether a template names the spliced parts only where Mustache puts a value in
    /// unescaped (`{{{name}}}`, `{{& name}}`). Any other use (escaped, a section, a dotted
    /// name), or delimiters changed, and the page is rendered through Mustache alone.
    static func onlyUnescaped(_ template: String) -> Bool {
        let b = Array(template.utf8)
        func find(_ pattern: [UInt8], from i: Int) -> Int? {
            var i = i
            while i + pattern.count <= b.count {
                if b[i] == pattern[0] && (1..<pattern.count).allSatisfy({ b[i + $0] == pattern[$0] }) { return i }
                i += 1
            }
            return nil
        }
        let open2: [UInt8] = [0x7B, 0x7B], close2: [UInt8] = [0x7D, 0x7D], close3: [UInt8] = [0x7D, 0x7D, 0x7D]
        var at = 0
        while let open = find(open2, from: at) {
            let start = open + 2
            if start < b.count && b[start] == 0x3D { return false } // {{= delimiters changed
            let triple = start < b.count && b[start] == 0x7B
            guard let close = find(triple ? close3 : close2, from: start) else { return true }
            let tag = String(decoding: b[(triple ? start + 1 : start)..<close], as: UTF8.self)
            at = close + (triple ? 3 : 2)
            let trimmed = tag.trimmingCharacters(in: .whitespaces)
            var sigil: Character? = nil
            var name = Substring(trimmed)
            if let f = name.first, "#^/&>!<$".contains(f) { sigil = f; name = name.dropFirst() }
            let names = name.trimmingCharacters(in: .whitespaces).split(whereSeparator: { $0 == "." || $0 == " " || $0 == "|" || $0 == "(" || $0 == ")" }).map(String.init)
            guard names.contains(where: { Splice.names.contains($0) }) else { continue }
            if sigil == "!" { continue } // a comment
            let plain = names.count == 1
            if plain && (triple ? sigil == nil : sigil == "&") { continue }
            return false
        }
        return true
    }
}

/// An event as the templates see it: its fields are computed when a template asks for them,
/// so the page's context costs nothing for the fields no template uses.
struct EventView: MustacheParent {
    /// What every event of a page shares: actors and documents by id, links to documents,
    /// the new events, and the text of a source span.
    final class Page: @unchecked Sendable {
        let names: [String: Actor], docs: [String: DocumentInfo], hrefs: [String: String]
        let newEvents: Set<String>
        let sourceText: (SourceSpan) -> String
        /// Each document as an event's fragment shows it (id, title, link) with what fixes its
        /// text (`Input.documentKey`), hashed once for the page; absent: its quotes are hashed.
        let documentKeys: [String: ContentKey]
        /// Each actor as an event's fragment shows it (name, kind), hashed once for the page.
        let actorKeys: [String: ContentKey]
        init(names: [String: Actor], docs: [String: DocumentInfo], hrefs: [String: String], newEvents: Set<String>,
             sourceText: @escaping (SourceSpan) -> String, documentKey: (String) -> String? = { _ in nil }) {
            self.names = names; self.docs = docs; self.hrefs = hrefs; self.newEvents = newEvents; self.sourceText = sourceText
            var actors: [String: ContentKey] = [:]
            actors.reserveCapacity(names.count)
            for (id, a) in names {
                var h = ContentHasher()
                h.update(a.name); h.update(number: a.kind.caseNumber)
                actors[id] = h.key
            }
            actorKeys = actors
            var keys: [String: ContentKey] = [:]
            for id in docs.keys {
                guard let text = documentKey(id) else { continue }
                var h = ContentHasher()
                h.update(id); h.update(text); h.update(docs[id]?.title ?? "-"); h.update(hrefs[id] ?? "-")
                keys[id] = h.key
            }
            documentKeys = keys
        }
    }
    /// The page's events, shared by every view: a view is its index, not a copy of the event
    /// (copying one retains each of its strings and arrays, thousands of times per page).
    final class Events: @unchecked Sendable {
        let list: [Event]
        init(_ list: [Event]) { self.list = list }
    }
    let events: Events
    let index: Int
    let page: Page
    /// The event's `<li>`, rendered from `partials/event` (or remembered).
    var text: MemoText? = nil
    /// The same as a string (for a template that puts it in itself).
    var html: String? { text?.string }
    /// The event, read in place.
    var e: Event { _read { yield events.list[index] } }

    func child(named name: String) -> Any? {
        switch name {
        case "id": return e.id
        case "kind": return e.kind
        case "trigger": return e.trigger
        case "summary": return e.summary
        case "modality": return e.modality.rawValue
        case "modalityNote": return e.modality != .asserted ? e.modality.rawValue : nil
        case "actors": return actors
        case "sources": return sources
        case "actorIds": return e.actors.map(\.actor).joined(separator: " ")
        case "isNew": return page.newEvents.contains(e.id)
        case "html": return html
        case "hasDateConflict": return e.dateConflict != nil
        case "dateConflict": return dateConflict
        default: break
        }
        guard let w = e.when else { return nil }
        switch name {
        case "date": return DateLabel.label(w)
        case "value": return w.value
        case "start": return w.start ?? ""
        case "end": return w.end ?? ""
        case "basis": return w.basis.rawValue
        // a rough date: relative or inferred, or coarser than a day (a month, a season, a year)
        case "fuzzy": return (w.basis != .explicit && w.basis != .documentDate) || (w.start != w.end && !w.value.utf8.contains(0x2F)) ? "1" : "0"
        default: return nil
        }
    }

    var actors: [[String: Any]] {
        e.actors.compactMap { ea in
            guard let a = page.names[ea.actor] else { return nil }
            return ["id": a.id, "name": a.name, "kind": a.kind.rawValue, "role": ea.role.rawValue]
        }
    }

    var sources: [[String: Any]] {
        e.sources.map { s in
            var d: [String: Any] = ["doc": s.doc, "text": page.sourceText(s), "docTitle": page.docs[s.doc]?.title ?? s.doc]
            if let href = page.hrefs[s.doc] { d["href"] = href }
            return d
        }
    }

    /// Each document's date, where the documents reporting the event disagree.
    var dateConflict: [[String: Any]]? {
        e.dateConflict?.map { r in
            var d: [String: Any] = ["doc": r.doc, "value": r.value, "date": DateLabel.label(value: r.value),
                                    "docTitle": page.docs[r.doc]?.title ?? r.doc]
            if let href = page.hrefs[r.doc] { d["href"] = href }
            return d
        }
    }

    /// Everything the view can show, hashed: the key its fragment is remembered by.
    /// (The enums by the numbers of their cases, each actor by its key for the page: hashing
    /// their names, and looking each participant up among the actors, was most of the cost.)
    var key: ContentKey {
        var h = ContentHasher()
        h.update(e.id); h.update(e.kind); h.update(e.trigger); h.update(e.summary); h.update(number: e.modality.caseNumber)
        if let w = e.when {
            h.update(w.value); h.update(w.start ?? "-"); h.update(w.end ?? "-"); h.update(number: w.basis.caseNumber)
        } else { h.update("undated") }
        h.update(number: page.newEvents.contains(e.id) ? 1 : 0)
        for ea in e.actors {
            h.update(ea.actor); h.update(number: ea.role.caseNumber)
            if let a = page.actorKeys[ea.actor] { h.update(key: a) } else { h.update("?") }
        }
        for s in e.sources {
            if let d = page.documentKeys[s.doc] {
                h.update(key: d); h.update(number: s.start); h.update(number: s.end)
            } else {
                h.update(s.doc); h.update(page.sourceText(s)); h.update(page.docs[s.doc]?.title ?? "-"); h.update(page.hrefs[s.doc] ?? "-")
            }
        }
        for r in e.dateConflict ?? [] {
            h.update("conflict"); h.update(r.doc); h.update(r.value); h.update(page.docs[r.doc]?.title ?? "-"); h.update(page.hrefs[r.doc] ?? "-")
        }
        return h.key
    }
}

/// Event fragments: each event's `<li>` rendered from `partials/event`, in parallel. A fragment
/// is remembered by the hash of what it shows (`EventView.key`): a page rebuilt in the same
/// process (watch mode), or by a build that loaded the memo from the cache, renders only the
/// events that are new or changed.
public enum EventFragments {
    public static let memo = TextMemo(name: "event-fragments")

    final class Parts: @unchecked Sendable {
        let lock = NSLock()
        var parts: [[EventView]]
        init(_ n: Int) { parts = Array(repeating: [], count: n) }
    }

    /// What the last page of this process showed: its events, their keys and fragments, and
    /// the page they were shown on.
    struct Made { let key: ContentKey; let html: MemoText }
    static let carried = Carryover<Event, Made>()

    /// Forgets the fragments remembered, in memory and carried over (a cold build in a benchmark).
    public static func forget() { memo.forget(); carried.forget() }

    /// What differs between two pages for an event shown on both (what its key hashes besides
    /// the event): the actors whose name or kind differ, the documents whose text, title or
    /// link are not known to be the same, the events whose "new" mark differs. Worked out once
    /// per page, so that each event is checked by a few lookups.
    struct PageChange {
        let actors: Set<String>
        /// Documents the same on both pages (a text key on both, equal; the same title and link).
        let documents: Set<String>
        let marks: Set<String>

        init(_ a: EventView.Page, _ b: EventView.Page) {
            var actors = Set<String>()
            for (id, x) in a.names { if let y = b.names[id], y.name == x.name, y.kind == x.kind { continue }; actors.insert(id) }
            for id in b.names.keys where a.names[id] == nil { actors.insert(id) }
            var documents = Set<String>()
            for (id, x) in a.documentKeys {
                guard let y = b.documentKeys[id], x == y, a.docs[id]?.title == b.docs[id]?.title, a.hrefs[id] == b.hrefs[id] else { continue }
                documents.insert(id)
            }
            self.actors = actors
            self.documents = documents
            marks = a.newEvents.symmetricDifference(b.newEvents)
        }

        /// Whether an event, the same in both pages, shows the same in both.
        /// (read where it lies: a copy of the event retains each of its strings and arrays)
        func alike(_ e: UnsafePointer<Event>) -> Bool {
            if !marks.isEmpty && marks.contains(e.pointee.id) { return false }
            if !actors.isEmpty { for ea in e.pointee.actors where actors.contains(ea.actor) { return false } }
            for s in e.pointee.sources where !documents.contains(s.doc) { return false }
            if let conflict = e.pointee.dateConflict { for r in conflict where !documents.contains(r.doc) { return false } }
            return true
        }
    }

    static func render(_ events: [Event], page: EventView.Page, library: MustacheLibrary?, templateKey: String,
                       memo: TextMemo = EventFragments.memo, carried: Carryover<Event, Made> = EventFragments.carried) -> [EventView] {
        let shared = EventView.Events(events)
        guard let library else { return events.indices.map { EventView(events: shared, index: $0, page: page) } }
        let chunk = 128
        let n = (events.count + chunk - 1) / chunk
        let parts = Parts(n)
        let (known, generation) = memo.textsWithGeneration(scope: templateKey)
        // a rebuild in this process: the events shown alike on the last page keep their
        // fragments, without being keyed again (see `Carryover`)
        var matched = [Int?](repeating: nil, count: events.count)
        var old: [Made] = []
        var removed: [ContentKey] = []
        var incremental = false
        if let previous = carried.previous(generation: generation), let before = previous.context as? EventView.Page {
            incremental = true
            let olds = previous.elements
            old = previous.made
            let change = PageChange(before, page)
            // the events' pairing (shared with graph.json and the chart), kept where the event
            // shows alike on both pages
            matched = Event.pairs(olds, events)
            events.withUnsafeBufferPointer { n in
                for i in matched.indices where matched[i] != nil && !change.alike(n.baseAddress! + i) { matched[i] = nil }
            }
            removed = unpaired(matched, oldCount: olds.count).map { old[$0].key }
        }
        let carriedOver = old, lined = matched, isIncremental = incremental
        let made = MadeParts(n)
        DispatchQueue.concurrentPerform(iterations: n) { c in
            var local: [EventView] = []
            var localMade: [Made] = []
            var used: [ContentKey: MemoText] = [:]
            for i in (c * chunk)..<min(events.count, (c + 1) * chunk) {
                var v = EventView(events: shared, index: i, page: page)
                if let j = lined[i] {
                    v.text = carriedOver[j].html
                    localMade.append(carriedOver[j])
                } else {
                    let key = v.key
                    let html = known[key] ?? MemoText(library.render(v, withTemplate: "partials/event") ?? "")
                    used[key] = html
                    v.text = html
                    localMade.append(Made(key: key, html: html))
                }
                local.append(v)
            }
            if !isIncremental { memo.record(used) }
            parts.lock.lock()
            parts.parts[c] = local
            made.parts[c] = localMade
            if isIncremental { made.used.merge(used) { a, _ in a } }
            parts.lock.unlock()
        }
        // keep only this page's fragments: the memo never grows past one page
        let next = incremental ? memo.change(adding: made.used, removing: removed) : memo.commit()
        carried.keep(events, made.parts.flatMap { $0 }, generation: next, context: page)
        carried.lastReused = lined.count { $0 != nil }
        return parts.parts.flatMap { $0 }
    }

    final class MadeParts: @unchecked Sendable {
        var parts: [[Made]]
        var used: [ContentKey: MemoText] = [:]
        init(_ n: Int) { parts = Array(repeating: [], count: n) }
    }
}

/// The documents list: each document's `<li>` rendered from `partials/document` and
/// remembered by its content, like the events' (a template folder without that partial gets an
/// empty `documentsHTML`; `documents` stays in the context).
public enum DocumentFragments {
    public static let memo = TextMemo(name: "document-fragments")

    /// Each document's `<li>`, in order (none without the partial).
    static func render(_ documents: [[String: Any]], library: MustacheLibrary?, templateKey: String) -> [String] {
        guard let library, library.getTemplate(named: "partials/document") != nil else { return [] }
        let known = memo.snapshot(scope: templateKey)
        var used: [ContentKey: String] = [:]
        var parts: [String] = []
        parts.reserveCapacity(documents.count)
        for c in documents {
            var h = ContentHasher()
            for k in ["id", "title", "path", "published", "publishedSource", "href"] { h.update(k); h.update(c[k] as? String ?? "\u{0}") }
            let key = h.key
            var html = known[key] ?? library.render(c, withTemplate: "partials/document") ?? ""
            if html.hasSuffix("\n") { html.removeLast() }
            used[key] = html
            parts.append(html)
        }
        memo.record(used)
        memo.commit()
        return parts
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
