import ChronographCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import ChronographRender

let hostile = "Evil \"</svg><script>alert(1)</script>\" {{mustache}} \\N back\\ slash\nnew line & 'quote' ]]> <img onerror=x>"

func hostileGraph() -> Graph {
    Graph(
        documents: [DocumentInfo(id: "d", path: "d.txt", title: hostile, published: "2024-05-03", publishedSource: .frontMatter)],
        actors: [
            Actor(id: "evil", name: hostile, kind: .person, mentions: [Mention(doc: "d", start: 0, end: 4, text: "Evil")]),
            Actor(id: "ok", name: "Plain Name", kind: .organization, mentions: [Mention(doc: "d", start: 5, end: 9, text: "Good")]),
        ],
        events: [Event(id: "e-1", when: When(value: "2024-05-03", basis: .explicit), kind: "meeting", trigger: "met",
                       summary: hostile, actors: [EventActor(actor: "evil", role: .agent), EventActor(actor: "ok", role: .target)],
                       sources: [SourceSpan(doc: "d", start: 0, end: 9)])],
        links: [Link(source: "evil", target: "ok", kind: "met\"kind", directed: false, weight: 3, events: ["e-1"], sources: [])]
    )
}

@Suite struct EscapeTests {
    @Test func dotEscapesQuotesBackslashesAndLines() {
        #expect(Escape.dot("a\"b\\c\nd") == "a\\\"b\\\\c d")
        #expect(Escape.dot("ends with \\") == "ends with \\\\")
    }
    /// Escaping works on bytes; it must write what a walk over the characters writes, whatever
    /// multi-byte characters (accents, quotes, CJK, emoji with modifiers, combining marks) sit
    /// next to the characters it replaces or drops.
    @Test func byteEscapesAgreeWithACharacterWalk() {
        func html(_ s: String) -> String {
            var out = ""
            for ch in s.unicodeScalars {
                switch ch {
                case "&": out += "&amp;"
                case "<": out += "&lt;"
                case ">": out += "&gt;"
                case "\"": out += "&quot;"
                case "'": out += "&#39;"
                default: if ch.value >= 0x20 || ch == "\n" || ch == "\t" { out.unicodeScalars.append(ch) }
                }
            }
            return out
        }
        func dot(_ s: String, quoting: Bool) -> String {
            var out = ""
            for ch in s.unicodeScalars {
                switch ch {
                case "\\" where quoting: out += "\\\\"
                case "\"" where quoting: out += "\\\""
                case "\n", "\r", "\t": out += " "
                default: if ch.value >= 0x20 && ch.value != 0x7F { out.unicodeScalars.append(ch) }
                }
            }
            return out
        }
        let pieces = ["a", "Xi", " ", "é", "e\u{301}", "“", "”", "中国", "👍🏽", "&", "<", ">", "\"", "'", "\\", "\n", "\r", "\t",
                      "\u{01}", "\u{1F}", "\u{7F}", "\u{2028}", "&amp;"]
        var state: UInt64 = 7
        var changed = 0
        for n in 0..<600 {
            var s = ""
            for _ in 0..<(n % 24) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                s += pieces[Int(state >> 33) % pieces.count]
            }
            #expect(Escape.html(s) == html(s), "\(s.debugDescription)")
            #expect(Escape.dot(s) == dot(s, quoting: true), "\(s.debugDescription)")
            #expect(Escape.dotText(s) == dot(s, quoting: false), "\(s.debugDescription)")
            if Escape.html(s) != s { changed += 1 }
        }
        // (most of the texts had something to escape: the byte path was the one tested)
        #expect(changed > 400)
    }
    @Test func htmlAndScriptJSON() {
        #expect(Escape.html("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(Escape.jsonForScript("{\"a\":\"</script>\"}") == "{\"a\":\"\\u003c/script\\u003e\"}")
    }
}

@Suite struct DOTAndSVGTests {
    @Test func dotHasStableStyledNodesAndParses() throws {
        let dot = DOTRenderer.render(hostileGraph())
        #expect(dot == DOTRenderer.render(hostileGraph()))
        #expect(dot.contains("shape=ellipse") && dot.contains("shape=box"))
        #expect(dot.contains("penwidth=2.58")) // 1 + log2(3)
        // hostile text cannot break out: Graphviz parses it and the SVG is well-formed XML
        let svg = try SVGRenderer.render(dot: dot, layout: "dot")
        #expect(!svg.contains("<script"))
        #expect(!svg.contains("<!DOCTYPE"))
        #expect(svg.contains("Plain Name"))
        let xml = try XMLDocument(data: Data(svg.utf8))
        let texts = try xml.nodes(forXPath: "//*[local-name()='text']").compactMap(\.stringValue)
        #expect(texts.contains { $0.contains("</svg><script>alert(1)</script>") }, "the hostile name is shown as text")
        #expect(try xml.nodes(forXPath: "//*[local-name()='script']").isEmpty)
    }

    @Test func syntaxErrorsCarryGraphvizMessage() {
        do {
            _ = try SVGRenderer.render(dot: "digraph { a -> }", layout: "dot")
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("syntax"))
        }
    }

    @Test func everyLayoutEngineRenders() throws {
        let dot = DOTRenderer.render(hostileGraph())
        for engine in ["dot", "neato", "fdp", "sfdp", "circo", "twopi"] {
            let svg = try SVGRenderer.render(dot: dot, layout: engine)
            #expect(svg.contains("<svg"), "\(engine)")
        }
        #expect(throws: GraphvizError.self) { try SVGRenderer.render(dot: dot, layout: "nonsense") }
    }

    @Test func concurrentRendersAreSerialized() async throws {
        let dot = DOTRenderer.render(hostileGraph())
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<8 { group.addTask { try SVGRenderer.render(dot: dot, layout: "dot").count } }
            var sizes = Set<Int>()
            for try await n in group { sizes.insert(n) }
            #expect(sizes.count == 1)
        }
    }
}

@Suite struct HTMLTests {
    static let templates = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("templates").path

    @Test func hostileTextStaysText() throws {
        let r = try HTMLRenderer(templatesDirectory: Self.templates)
        let html = try r.render(.init(graph: hostileGraph(), svg: "<svg><text>safe</text></svg>", sourceText: { _ in hostile }, documentHref: { _ in "../d.txt" }))
        #expect(!html.contains("<script>alert(1)"))
        #expect(!html.contains("<img onerror"))
        #expect(html.contains("&lt;/svg&gt;&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("{{mustache}}"), "document text is never parsed as a template")
        #expect(html.contains("<svg><text>safe</text></svg>"))
    }

    /// The page's large parts are put in as bytes (`Splice`): the page is byte for byte the page
    /// rendered through Mustache alone, with events in several years, undated events, documents
    /// and a drawing, and hostile text everywhere (a document that writes a marker of its own
    /// gets it back as text).
    @Test func splicedPageIsThePageRenderedThroughMustache() throws {
        let r = try HTMLRenderer(templatesDirectory: Self.templates)
        #expect(r.spliceable)
        var g = hostileGraph()
        let fake = "\u{1}chronograph-part-0-0\u{1} \u{1}chronograph-part-\u{1}"
        g.documents.append(DocumentInfo(id: "f", path: "f.txt", title: "Marker " + fake, published: nil, publishedSource: .none))
        for (n, v) in ["2023-11-02", "2024-02-10", "2024-02-11", "1998"].enumerated() {
            g.events.append(Event(id: "e-y\(n)", when: When(value: v, basis: .explicit), kind: "visit", trigger: "visited", summary: "Visit \(n) " + fake,
                                  actors: [EventActor(actor: "ok", role: .agent)], sources: [SourceSpan(doc: n % 2 == 0 ? "d" : "f", start: n, end: n + 3)]))
        }
        g.events.append(Event(id: "e-u", when: nil, kind: "statement", trigger: "said", summary: "Undated",
                              actors: [EventActor(actor: "evil", role: .agent)], sources: [SourceSpan(doc: "f", start: 1, end: 2)]))
        let input = HTMLRenderer.Input(graph: g, svg: nil, sourceText: { s in s.doc == "f" ? fake : hostile }, documentHref: { "../\($0).txt" })
        let svg = "<svg><text>drawn</text></svg>"
        let spliced = try r.renderBytes(input, svg: { svg }, splicing: true)
        let plain = try r.renderBytes(input, svg: { svg }, splicing: false)
        #expect(spliced == plain)
        let page = String(decoding: spliced, as: UTF8.self)
        #expect(page.contains(svg))
        #expect(page.contains("Visit 3"))
        #expect(page.contains("Undated"))
        #expect(page.contains("Marker \u{1}chronograph-part-0-0\u{1}"), "the document's own marker is left as it wrote it")
        // no drawing: the section is left out alike
        #expect(try r.renderBytes(input, svg: { nil }, splicing: true) == (try r.renderBytes(input, svg: { nil }, splicing: false)))
    }

    /// Templates of a test's own: `index` and an event partial showing the summary (read, then
    /// the folder removed).
    static func renderer(index: String) throws -> HTMLRenderer {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tpl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("partials"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try index.write(to: dir.appendingPathComponent("index.mustache"), atomically: true, encoding: .utf8)
        try "<li>{{summary}}</li>".write(to: dir.appendingPathComponent("partials/event.mustache"), atomically: true, encoding: .utf8)
        return try HTMLRenderer(templatesDirectory: dir.path)
    }

    /// A template may put a part in twice, or not at all: the page is still the page Mustache
    /// renders.
    @Test func aPartSplicedTwiceOrNever() throws {
        let r = try Self.renderer(index: "<a>{{{svg}}}</a>{{#years}}<y>{{{eventsHTML}}}</y>{{/years}}<b>{{{svg}}}</b>\u{1}")
        #expect(r.spliceable)
        let input = HTMLRenderer.Input(graph: hostileGraph(), svg: nil, sourceText: { _ in "" }, documentHref: { _ in nil })
        let spliced = try r.renderBytes(input, svg: { "<svg>drawn</svg>" }, splicing: true)
        #expect(spliced == (try r.renderBytes(input, svg: { "<svg>drawn</svg>" }, splicing: false)))
        #expect(String(decoding: spliced, as: UTF8.self).components(separatedBy: "<svg>drawn</svg>").count == 3)
    }

    /// Templates that use a large part otherwise than unescaped are rendered through Mustache
    /// alone: `{{eventsHTML}}` shows the markup escaped, as Mustache would.
    @Test func templatesUsingAPartEscapedAreNotSpliced() throws {
        #expect(Splice.onlyUnescaped("<ol>{{{eventsHTML}}}</ol>{{& svg}}{{#hasSVG}}x{{/hasSVG}}{{! svg comment }}"))
        #expect(!Splice.onlyUnescaped("<ol>{{eventsHTML}}</ol>"))
        #expect(!Splice.onlyUnescaped("{{#svg}}drawn{{/svg}}"))
        #expect(!Splice.onlyUnescaped("{{{years.eventsHTML}}}"))
        #expect(!Splice.onlyUnescaped("{{=<% %>=}}<%{svg}%>"))
        let r = try Self.renderer(index: "{{#years}}[{{eventsHTML}}]{{/years}}")
        #expect(!r.spliceable)
        let page = try r.render(.init(graph: hostileGraph(), svg: nil, sourceText: { _ in "" }, documentHref: { _ in nil }))
        #expect(page.hasPrefix("[&lt;li&gt;"), "\(page.prefix(80))")
        #expect(!page.contains("chronograph-part"))
    }

    @Test func missingAndBrokenTemplates() throws {
        #expect(throws: TemplateError.self) { try HTMLRenderer(templatesDirectory: "/nonexistent/templates") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tpl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "{{#events}} unclosed".write(to: dir.appendingPathComponent("index.mustache"), atomically: true, encoding: .utf8)
        do {
            _ = try HTMLRenderer(templatesDirectory: dir.path)
            Issue.record("expected a broken-template error")
        } catch { #expect(error.message.contains("index.mustache")) }
        try FileManager.default.removeItem(at: dir.appendingPathComponent("index.mustache"))
        try "x".write(to: dir.appendingPathComponent("other.mustache"), atomically: true, encoding: .utf8)
        #expect(throws: TemplateError.self) { try HTMLRenderer(templatesDirectory: dir.path) }
    }

    @Test func editedTemplatesAreParsedAgainInTheSameProcess() throws {
        // templates parsed once are reused by later builds of the process only while their text
        // is the same
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tpl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let index = dir.appendingPathComponent("index.mustache")
        func page() throws -> String {
            try HTMLRenderer(templatesDirectory: dir.path).render(.init(graph: Graph(), svg: nil, title: "Brief", sourceText: { _ in "" }, documentHref: { _ in nil }))
        }
        try "first {{title}}".write(to: index, atomically: true, encoding: .utf8)
        #expect(try page() == "first Brief")
        #expect(try page() == "first Brief")
        try "second {{title}}".write(to: index, atomically: true, encoding: .utf8)
        #expect(try page() == "second Brief")
        try "{{#x}} unclosed".write(to: index, atomically: true, encoding: .utf8)
        #expect(throws: TemplateError.self) { try page() }
        try "first {{title}}".write(to: index, atomically: true, encoding: .utf8)
        #expect(try page() == "first Brief")
    }

    /// Event fragments rebuilt from what the last page carried over are the fragments rendered
    /// from nothing; an event is carried over only when it shows alike on both pages (its
    /// actors' names, its documents' texts and titles, its "new" mark).
    @Test func carriedOverFragmentsAreFreshFragments() throws {
        let r = try HTMLRenderer(templatesDirectory: Self.templates)
        func page(_ names: [Actor], docKey: String, titleB: String, new: Set<String>) -> EventView.Page {
            let docs = ["a": DocumentInfo(id: "a", path: "a.txt", title: "A", published: nil, publishedSource: .none),
                        "b": DocumentInfo(id: "b", path: "b.txt", title: titleB, published: nil, publishedSource: .none)]
            return EventView.Page(names: Dictionary(uniqueKeysWithValues: names.map { ($0.id, $0) }), docs: docs, hrefs: [:], newEvents: new,
                                  sourceText: { s in "Quote \(s.doc) \(s.start) \(s.doc == "b" ? docKey : "fixed")" }, documentKey: { $0 == "b" ? docKey : "fixed" })
        }
        let actors = [Actor(id: "ana", name: "Ana Lopes", kind: .person, aliases: [], mentions: []),
                      Actor(id: "ben", name: "Ben Okafor", kind: .person, aliases: [], mentions: [])]
        let events = (0..<30).map { n in
            Event(id: "e-\(n)", when: When(value: "2024-01-\(10 + n % 9)", basis: .explicit), kind: "meeting", trigger: "met", summary: "Talk \(n)",
                  actors: [EventActor(actor: n % 3 == 0 ? "ana" : "ben", role: .agent)], sources: [SourceSpan(doc: n % 5 == 0 ? "b" : "a", start: n, end: n + 4)])
        }
        func html(_ views: [EventView]) -> [String] { views.map { $0.html ?? "<none>" } }
        let memo = TextMemo(name: "test"), carried = Carryover<Event, EventFragments.Made>()
        let p1 = page(actors, docKey: "v1", titleB: "B", new: [])
        let first = EventFragments.render(events, page: p1, library: r.library, templateKey: r.templateKey, memo: memo, carried: carried)
        #expect(carried.lastReused == 0)
        // one actor renamed, one document's text changed, one event new, one event gone
        var renamed = actors; renamed[0].name = "Ana Lopes-Silva"
        var edited = events; edited.remove(at: 7)
        let p2 = page(renamed, docKey: "v2", titleB: "B", new: ["e-8"])
        let again = EventFragments.render(edited, page: p2, library: r.library, templateKey: r.templateKey, memo: memo, carried: carried)
        let fresh = EventFragments.render(edited, page: p2, library: r.library, templateKey: r.templateKey, memo: TextMemo(name: "fresh"),
                                          carried: Carryover<Event, EventFragments.Made>())
        #expect(html(again) == html(fresh))
        #expect(html(again).contains { $0.contains("Ana Lopes-Silva") })
        // as a new process renders it: the first page's memo, nothing carried over (fragments
        // found by their keys alone, which must hold every name, mark and text they show)
        let kept = TextMemo(name: "kept")
        _ = EventFragments.render(events, page: p1, library: r.library, templateKey: r.templateKey, memo: kept, carried: Carryover<Event, EventFragments.Made>())
        let byKeys = EventFragments.render(edited, page: p2, library: r.library, templateKey: r.templateKey, memo: kept, carried: Carryover<Event, EventFragments.Made>())
        #expect(html(byKeys) == html(fresh))
        let alike = edited.filter { $0.id != "e-8" && $0.actors[0].actor != "ana" && $0.sources[0].doc != "b" }.count
        #expect(carried.lastReused == alike)
        #expect(alike > 0 && alike < edited.count)
        #expect(html(first).count == 30)
        // another title of a document: its events are not carried over
        let p3 = page(renamed, docKey: "v2", titleB: "B retitled", new: ["e-8"])
        let third = EventFragments.render(edited, page: p3, library: r.library, templateKey: r.templateKey, memo: memo, carried: carried)
        #expect(html(third) == html(EventFragments.render(edited, page: p3, library: r.library, templateKey: r.templateKey, memo: TextMemo(name: "f"),
                                                          carried: Carryover<Event, EventFragments.Made>())))
        #expect(carried.lastReused == edited.filter { $0.sources[0].doc != "b" }.count)
    }

    @Test func dateLabels() {
        #expect(DateLabel.label(value: "2024-05-03") == "3 May 2024")
        #expect(DateLabel.label(value: "2021-11") == "November 2021")
        #expect(DateLabel.label(value: "2022-SP") == "Spring 2022")
        #expect(DateLabel.label(value: "2024-W18") == "Week 18, 2024")
        #expect(DateLabel.label(When(value: "2024-04", start: "2024-04-20", end: "2024-04-28", basis: .explicit)) == "20–28 April 2024")
    }
}

@Suite struct OutputWriterTests {
    /// A new, empty output folder.
    func scratchFolder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("out-\(UUID().uuidString)").path
        try OutputWriter.prepareDirectory(dir)
        return dir
    }

    @Test func atomicWriteAndUnchangedFilesUntouched() throws {
        let dir = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/graph.json"
        #expect(try OutputWriter.write(Data("one".utf8), to: path))
        let m1 = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as! Date
        Thread.sleep(forTimeInterval: 0.05)
        #expect(try OutputWriter.write(Data("one".utf8), to: path) == false)
        let m2 = try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as! Date
        #expect(m1 == m2)
        #expect(try OutputWriter.write(Data("two".utf8), to: path))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "two")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["graph.json"], "no temp file left behind")
    }

    @Test func stagedOutputsAppearOnlyWhenCommitted() throws {
        let dir = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/index.html"
        try OutputWriter.write(Data("old".utf8), to: path)
        let staged = try OutputWriter.stage(Data("new".utf8), to: path)
        #expect(staged.changes)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old", "the file keeps its bytes until the commit")
        try staged.commit()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
        let dropped = try OutputWriter.stage(Data("newer".utf8), to: path)
        dropped.discard()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "new")
        let same = try OutputWriter.stage(Data("new".utf8), to: path)
        #expect(!same.changes, "the same bytes stage nothing")
        try same.commit()
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["index.html"], "no temporary file left behind")
    }

    @Test func aReplacedFileIsRetiredThenFreed() throws {
        let dir = try scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let retired = dir + "/.retired"
        try FileManager.default.createDirectory(atPath: retired, withIntermediateDirectories: true)
        let path = dir + "/graph.json"
        try OutputWriter.write(Data("first".utf8), to: path)
        // a reader that opened the old file keeps reading the old bytes
        let reader = try #require(FileHandle(forReadingAtPath: path))
        let staged = try OutputWriter.stage(Data("second".utf8), to: path)
        try staged.commit(retiringTo: retired)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second")
        let kept = try #require(staged.retired)
        #expect(kept.hasPrefix(retired + "/graph.json."))
        #expect(try String(contentsOfFile: kept, encoding: .utf8) == "first", "the old bytes keep a name until freed")
        #expect(String(decoding: reader.readDataToEndOfFile(), as: UTF8.self) == "first")
        OutputWriter.Retired.remove([kept])
        OutputWriter.Retired.finish()
        #expect(try FileManager.default.contentsOfDirectory(atPath: retired).isEmpty)
        // a folder that cannot hold the second name: replaced in place, still whole
        let again = try OutputWriter.stage(Data("third".utf8), to: path)
        try again.commit(retiringTo: dir + "/missing")
        #expect(again.retired == nil)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "third")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == [".retired", "graph.json"])
        // what another process left there is swept; this process's own names are not
        try Data("old".utf8).write(to: URL(fileURLWithPath: retired + "/index.html.1.1"))
        let mine = retired + "/index.html.\(getpid()).99"
        try Data("mine".utf8).write(to: URL(fileURLWithPath: mine))
        OutputWriter.Retired.sweep(retired)
        OutputWriter.Retired.finish()
        #expect(try FileManager.default.contentsOfDirectory(atPath: retired) == ["index.html.\(getpid()).99"])
    }

    @Test func unwritableOutputFolder() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("plain-\(UUID().uuidString)").path
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        #expect(throws: OutputError.self) { try OutputWriter.prepareDirectory(file) }
        #expect(throws: OutputError.self) { try OutputWriter.prepareDirectory(file + "/sub") }
    }
}
