import ChronographBuild
import ChronographCore
import ChronographRender
import Foundation
import Testing

/// The page as a browser leaves it after its scripts ran (headless Chromium, scripts/setup installs it).
func renderedDOM(_ file: String, hash: String = "") throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=4000", "--dump-dom", "file://" + file + hash]
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}

func browserAvailable() -> Bool {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["sh", "-c", "command -v chromium"]
    p.standardOutput = FileHandle.nullDevice
    try? p.run(); p.waitUntilExit()
    return p.terminationStatus == 0
}

/// `<li class="event ...">` elements of a dumped DOM: (id, hidden).
func eventItems(_ dom: String) -> [(id: String, hidden: Bool, kind: String, actors: String)] {
    var out: [(String, Bool, String, String)] = []
    var rest = Substring(dom)
    while let r = rest.range(of: "<li class=\"event") {
        let tagEnd = rest[r.lowerBound...].firstIndex(of: ">")!
        let tag = String(rest[r.lowerBound..<tagEnd])
        func attr(_ name: String) -> String {
            guard let a = tag.range(of: " \(name)=\"") else { return "" }
            return String(tag[a.upperBound...].prefix { $0 != "\"" })
        }
        out.append((attr("id"), tag.contains(" hidden"), attr("data-kind"), attr("data-actors")))
        rest = rest[tagEnd...]
    }
    return out
}

/// How many elements named `name` a serialized DOM holds (tags outside attribute values:
/// serialized attributes may hold a literal "<img" that is only text).
func elements(_ dom: String, _ name: String) -> Int {
    let b = Array(dom.utf8), n = Array(name.utf8)
    var i = 0, count = 0, inTag = false, quote: UInt8 = 0
    while i < b.count {
        let c = b[i]
        if inTag {
            if quote != 0 { if c == quote { quote = 0 } }
            else if c == 34 || c == 39 { quote = c }
            else if c == 62 { inTag = false }
        } else if c == 60 {
            inTag = true
            if i + 1 + n.count <= b.count && Array(b[(i + 1)..<(i + 1 + n.count)]).map({ $0 | 0x20 }) == n,
               i + 1 + n.count < b.count, [32, 62, 47, 10, 9].contains(b[i + 1 + n.count]) { count += 1 }
        }
        i += 1
    }
    return count
}

@Suite(.serialized) struct PageTests {
    static let out: String = {
        let dir = tempDir("page")
        _ = try! Builder.build(BuildOptions(inputs: [Repo.examples], outputDirectory: dir, templatesDirectory: Repo.templates, title: "Examples"))
        return dir
    }()

    @Test func scriptsRunAndEveryEventIsListed() throws {
        #expect(browserAvailable(), "headless Chromium is needed (scripts/setup installs it)")
        let dom = try renderedDOM(Self.out + "/index.html")
        let g = try GraphJSON.decodeGraph(read(Self.out + "/graph.json"))
        let items = eventItems(dom)
        #expect(dom.contains("data-ready-ms=\""), "the deferred part of the script ran, with or without frames")
        #expect(Set(items.map(\.id)) == Set(g.events.map(\.id)))
        #expect(items.allSatisfy { !$0.hidden })
        #expect(!dom.contains("id=\"controls\" class=\"controls\" aria-label=\"Filter the timeline\" hidden"), "the toolbar is shown once scripts run")
        let markers = dom.components(separatedBy: "class=\"marker").count - 1
        #expect(markers == g.events.filter { $0.when?.start != nil }.count, "one marker on the axis per dated event")
        #expect(dom.contains("\(items.count) of \(items.count) events shown"))
    }

    @Test func theAxisOfAPageOverCenturiesTicksRoundYears() throws {
        #expect(browserAvailable())
        // a page reaching back to 1066 had a tick for every year: a solid grey band
        let dir = tempDir("centuries"), out = tempDir("out")
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: out) }
        write("---\ndate: 2024-05-03\n---\nThe duke's army invaded England in 1066.\n\nOn 3 May 2024, Lena Ortiz met Ivan Sokolov in Vienna.\n", dir + "/long.md")
        _ = try Builder.build(BuildOptions(inputs: [dir], outputDirectory: out, templatesDirectory: Repo.templates, title: "Centuries"))
        let dom = try renderedDOM(out + "/index.html")
        var ticks: [String] = []
        var rest = Substring(dom)
        while let r = rest.range(of: "class=\"tick\"") {
            let after = rest[r.upperBound...]
            guard let gt = after.firstIndex(of: ">"), let lt = after[gt...].firstIndex(of: "<") else { break }
            ticks.append(String(after[after.index(after: gt)..<lt]))
            rest = after[lt...]
        }
        #expect(!ticks.isEmpty && ticks.count <= 30, "\(ticks.count) ticks")
        #expect(ticks.allSatisfy { (Int($0) ?? 1) % 50 == 0 }, "\(ticks)")
    }

    @Test func filtersFromTheURLHash() throws {
        #expect(browserAvailable())
        let byKind = eventItems(try renderedDOM(Self.out + "/index.html", hash: "#kind=visit"))
        #expect(byKind.contains { !$0.hidden })
        #expect(byKind.allSatisfy { $0.hidden == ($0.kind != "visit") })
        let byActor = eventItems(try renderedDOM(Self.out + "/index.html", hash: "#actor=xi-jinping"))
        #expect(byActor.contains { !$0.hidden })
        #expect(byActor.allSatisfy { $0.hidden == !(" " + $0.actors + " ").contains(" xi-jinping ") })
        let byText = eventItems(try renderedDOM(Self.out + "/index.html", hash: "#q=sanctions"))
        #expect(byText.filter { !$0.hidden }.count >= 1 && byText.contains { $0.hidden })
        let none = try renderedDOM(Self.out + "/index.html", hash: "#q=zzzznothing")
        #expect(eventItems(none).allSatisfy { $0.hidden })
        #expect(none.contains("<p id=\"no-match\" class=\"empty\">"), "the no-match message is shown")
    }

    @Test func withoutScriptsThePageIsAPlainList() throws {
        let html = String(decoding: read(Self.out + "/index.html"), as: UTF8.self)
        #expect(html.contains("id=\"controls\" class=\"controls\" aria-label=\"Filter the timeline\" hidden"), "controls stay hidden without JavaScript")
        #expect(eventItems(html).allSatisfy { !$0.hidden })
        #expect(!html.contains("src=\"http") && !html.contains("href=\"http"), "no network")
    }

    @Test func hostileDocumentInjectsNothingIntoTheDOM() throws {
        #expect(browserAvailable())
        let dir = tempDir("hostile-page"), out = tempDir("hostile-out")
        write("---\ndate: 2024-02-01\n---\nLena Ortiz met Ivan Sokolov in Vienna on 3 January 2024 \"><img src=x onerror=alert(1)> <script>document.title='pwned'</script> {{mustache}} </svg></li></ol>.\n", dir + "/evil.txt")
        let r = try runCLI(["build", dir, "--out", out])
        #expect(r.status == 0)
        let dom = try renderedDOM(out + "/index.html")
        #expect(elements(dom, "img") == 0, "no injected image")
        #expect(elements(dom, "script") == 1, "only the page's own script")
        #expect(!dom.contains("<title>pwned"))
        #expect(dom.contains("{{mustache}}"))
    }

    @Test func conflictingReportsAreShownWithTheirDocuments() throws {
        let dir = tempDir("conflict-in"), out = tempDir("conflict-out")
        write("---\ndate: 2024-04-22\ntitle: Envoys in Vienna\n---\nLena Ortiz met Ivan Sokolov in Vienna on 20 April 2024.\n", dir + "/a.txt")
        // a hostile title must stay text in the conflict line too
        write("---\ndate: 2024-04-24\ntitle: \"<img src=x onerror=alert(1)> A later account\"\n---\nLena Ortiz met Ivan Sokolov in Vienna on 21 April 2024, a ministry said.\n", dir + "/c.txt")
        #expect(try runCLI(["build", dir, "--out", out]).status == 0)
        let html = String(decoding: read(out + "/index.html"), as: UTF8.self)
        let line = try #require(html.components(separatedBy: "<p class=\"conflict\"").dropFirst().first?.components(separatedBy: "</p>").first)
        #expect(line.contains("20 April 2024") && line.contains("21 April 2024"))
        #expect(line.contains("Envoys in Vienna") && line.contains("&lt;img src=x onerror=alert(1)&gt; A later account"))
        #expect(!html.contains("<img src=x"))
        #expect(html.components(separatedBy: "<li class=\"event kind-meeting").count - 1 == 1, "one meeting, not two")
    }

    @Test func templatesCanBeOverridden() throws {
        let tpl = tempDir("tpl"), out = tempDir("tpl-out")
        try FileManager.default.createDirectory(atPath: tpl + "/partials", withIntermediateDirectories: true)
        write("<html><body><h1>Custom: {{title}}</h1>{{#years}}{{#events}}<p>{{summary}}</p>{{/events}}{{/years}}</body></html>", tpl + "/index.mustache")
        let r = try runCLI(["build", Repo.examples, "--out", out, "--templates", tpl, "--title", "Mine"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(String(decoding: read(out + "/index.html"), as: UTF8.self).hasPrefix("<html><body><h1>Custom: Mine</h1>"))
        let broken = tempDir("tpl-bad")
        write("{{#years}}", broken + "/index.mustache")
        let bad = try runCLI(["build", Repo.examples, "--out", out, "--templates", broken])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("index.mustache"))
        let missing = try runCLI(["build", Repo.examples, "--out", out, "--templates", "/nonexistent"])
        #expect(missing.status == 1 && missing.stderr.contains("templates folder not found"))
    }

    /// Templates a build parsed are recorded, and the next build parses the same ones late
    /// (while the merge runs): the page is still made from them; templates changed since, and
    /// broken, still fail the build and leave the page as it was.
    @Test func templatesParsedLateStillMakeAndGuardThePage() throws {
        let tpl = tempDir("tpl-late"), docs = tempDir("tpl-late-docs"), out = tempDir("tpl-late-out")
        write("<html><body><h1>{{title}}</h1>{{{documentsHTML}}}</body></html>", tpl + "/index.mustache")
        try FileManager.default.createDirectory(atPath: tpl + "/partials", withIntermediateDirectories: true)
        write("<p class=\"doc\">{{title}}</p>", tpl + "/partials/document.mustache")
        write("<li>{{summary}}</li>", tpl + "/partials/event.mustache")
        write("---\ntitle: Port talks\ndate: 2024-03-05\n---\nLena Ortiz met Ivan Sokolov in Gdansk on 4 March 2024.\n", docs + "/a.md")
        let first = try runCLI(["build", docs, "--out", out, "--templates", tpl, "--title", "Late"])
        #expect(first.status == 0, "\(first.stderr)")
        let record = try #require(ExtractionCache(directory: out + "/.chronograph-cache").lastBuild())
        let token = try #require(record.templates)
        #expect(token.hasPrefix(try HTMLRenderer.read(templatesDirectory: tpl).key + "|"))
        // the same templates, a document more: parsed late, the page made from them
        write("---\ntitle: Grain deal\ndate: 2024-03-06\n---\nMarta Kowalczyk signed a grain deal in Riga on 5 March 2024.\n", docs + "/b.md")
        let second = try runCLI(["build", docs, "--out", out, "--templates", tpl, "--title", "Late"])
        #expect(second.status == 0, "\(second.stderr)")
        let page = String(decoding: read(out + "/index.html"), as: UTF8.self)
        #expect(page.hasPrefix("<html><body><h1>Late</h1>"))
        #expect(page.contains("<p class=\"doc\">Port talks</p>") && page.contains("<p class=\"doc\">Grain deal</p>"))
        // the same folder, its index broken: parsed at the start, the build fails and the page stays
        write("<html>{{#years}}</html>", tpl + "/index.mustache")
        write("---\ntitle: Grain deal\ndate: 2024-03-06\n---\nMarta Kowalczyk signed a grain deal in Riga on 6 March 2024.\n", docs + "/b.md")
        let broken = try runCLI(["build", docs, "--out", out, "--templates", tpl, "--title", "Late"])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("index.mustache"))
        #expect(String(decoding: read(out + "/index.html"), as: UTF8.self) == page)
        #expect(try ExtractionCache(directory: out + "/.chronograph-cache").lastBuild()?.templates == token)
    }

    @Test func viewOptionsAndAutomaticLayout() throws {
        let out = tempDir("view")
        let r = try runCLI(["build", Repo.examples, "--out", out, "--focus", "Chen Wenqing", "--format", "dot,svg"])
        #expect(r.status == 0, "\(r.stderr)")
        let dot = String(decoding: read(out + "/graph.dot"), as: UTF8.self)
        #expect(dot.contains("actors within 1 link of Chen Wenqing"))
        #expect(dot.contains("\"chen-wenqing\""))
        #expect(try runCLI(["build", "--kinds", "robots"]).status == 2)
        #expect(try runCLI(["build", "--from", "May 2024"]).status == 2)
    }
}
