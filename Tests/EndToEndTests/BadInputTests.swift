import ChronographBuild
import ChronographCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite(.serialized) struct BadInputTests {
    @Test func badFilesAreReportedAndTheRestIsBuilt() throws {
        let dir = tempDir("in"), out = tempDir("out")
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: out) }
        write("---\ndate: 2024-01-05\n---\nLena Ortiz met Ivan Sokolov in Vienna on 3 January 2024.\n", dir + "/good.txt")
        write("", dir + "/empty.txt")
        write([0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0x10], dir + "/binary.txt")
        write(Array("Caf".utf8) + [0xE9] + Array(" au lait".utf8), dir + "/latin1.txt")
        write("---\ntitle: [unclosed\ndate: 2024-01-01\n---\nBody text.\n", dir + "/frontmatter.md")
        try FileManager.default.createSymbolicLink(atPath: dir + "/dangling.txt", withDestinationPath: dir + "/missing-target.txt")
        write("not a document", dir + "/notes.csv")
        // over the size limit (sparse: nothing is stored, and it is refused before it is read)
        #expect(FileManager.default.createFile(atPath: dir + "/huge.txt", contents: nil))
        #expect(truncate(dir + "/huge.txt", off_t((1 << 30) + 1)) == 0)
        let r = try runCLI(["build", dir, "--out", out])
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n").map(String.init)
        func line(_ name: String) -> String? { lines.first { $0.contains(name) } }
        #expect(line("empty.txt")?.contains("empty file") == true, "\(r.stderr)")
        #expect(line("binary.txt")?.contains("binary") == true)
        #expect(line("latin1.txt")?.contains("invalid UTF-8 at byte 3") == true)
        #expect(line("frontmatter.md")?.contains("malformed front matter") == true)
        #expect(line("frontmatter.md")?.contains("line") == true)
        #expect(line("dangling.txt")?.contains("cannot read") == true)
        #expect(line("notes.csv")?.contains("not a .txt") == true)
        #expect(line("huge.txt")?.contains("too large: 1073741825 bytes") == true)
        let g = try GraphJSON.decodeGraph(read(out + "/graph.json"))
        #expect(g.documents.map(\.id) == ["good"])
        #expect(g.actors.contains { $0.name == "Lena Ortiz" })
        #expect(FileManager.default.fileExists(atPath: out + "/index.html"))
    }

    /// Paths typed with doubled slashes, before letters past ASCII too ("in//ü"): read as with
    /// one slash (Foundation's path functions stopped the process on those).
    @Test func doubledSlashesInPathsAreOneSlash() throws {
        let dir = tempDir("slashes"), out = tempDir("slashes-out")
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: out) }
        write("---\ndate: 2024-01-05\n---\nLena Ortiz met Ivan Sokolov in Vienna on 3 January 2024.\n", dir + "/\u{FC}ber.txt")
        write("Not a document's name.\n", dir + "/\u{FC}")
        let r = try runCLI(["build", dir + "//\u{FC}ber.txt", dir + "//\u{FC}", "--out", out + "//\u{E9}t\u{E9}"])
        #expect(r.status == 1, "the file without an extension is skipped: \(r.stderr)")
        #expect(r.stderr.contains("not a document"), "\(r.stderr)")
        let g = try GraphJSON.decodeGraph(read(out + "/\u{E9}t\u{E9}/graph.json"))
        #expect(g.documents.map(\.path) == [dir + "/\u{FC}ber.txt"])
        #expect(BuildOptions.collapsingSlashes("a//b///c/") == "a/b/c/" && BuildOptions.collapsingSlashes("/x") == "/x")
    }

    @Test func aDateThatIsNoCalendarDayIsSaidAndIgnored() throws {
        let dir = tempDir("in"), out = tempDir("out")
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: out) }
        write("---\ndate: 2024-13-45\n---\nLena Ortiz met Ivan Sokolov in Vienna yesterday.\n", dir + "/typo.txt")
        let r = try runCLI(["build", dir, "--out", out, "--format", "json"], timeout: 120)
        #expect(r.status == 0, "the document is still built")
        #expect(r.stderr.contains("typo.txt: front matter 'date: 2024-13-45' is not a calendar date; ignored"), "\(r.stderr)")
        let g = try GraphJSON.decodeGraph(read(out + "/graph.json"))
        #expect(g.documents.first?.published == nil)
        #expect(g.events.allSatisfy { $0.when?.value.hasPrefix("2024") != true }, "no year guessed from the typo")
    }

    @Test func pipesDevicesAndOtherEncodingsAreSkippedNotWaitedOn() throws {
        // A named pipe called .txt had the build wait for a writer for good; a link to /dev/zero
        // called .txt had it read without end. Text in UTF-16 was called "binary".
        let dir = tempDir("odd"), out = tempDir("out")
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: out) }
        write("Lena Ortiz met Ivan Sokolov in Vienna on 3 January 2024.\n", dir + "/good.txt")
        #expect(mkfifo(dir + "/pipe.txt", 0o644) == 0)
        try FileManager.default.createSymbolicLink(atPath: dir + "/zero.txt", withDestinationPath: "/dev/zero")
        write([0xFF, 0xFE] + Array("Lena Ortiz met Ivan Sokolov.".utf8).flatMap { [$0, 0] }, dir + "/utf16.txt")
        let r = try runCLI(["build", dir, "--out", out], timeout: 60)
        #expect(r.status == 1, "\(r.status): \(r.stderr)")
        let lines = r.stderr.split(separator: "\n").map(String.init)
        func line(_ name: String) -> String? { lines.first { $0.contains(name) } }
        #expect(line("pipe.txt")?.contains("not a regular file") == true, "\(r.stderr)")
        #expect(line("zero.txt")?.contains("not a regular file") == true)
        #expect(line("utf16.txt")?.contains("UTF-16 text, not UTF-8") == true)
        let g = try GraphJSON.decodeGraph(read(out + "/graph.json"))
        #expect(g.documents.map(\.id) == ["good"])
    }

    @Test func aFocusThatNamesNoActorIsSaid() throws {
        let dir = tempDir("focus"), out = tempDir("out")
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: out) }
        write("Lena Ortiz met Ivan Sokolov in Vienna on 3 January 2024.\n", dir + "/a.txt")
        let miss = try runCLI(["build", dir, "--out", out, "--focus", "Ivan Sokolv"])
        #expect(miss.status == 0)
        #expect(miss.stderr.contains("--focus \"Ivan Sokolv\": no actor has this name, alias or id"), "\(miss.stderr)")
        let hit = try runCLI(["build", dir, "--out", out, "--focus", "Ivan Sokolov"])
        #expect(!hit.stderr.contains("no actor has this name"), "\(hit.stderr)")
    }

    @Test func folderWithNoDocumentsLeavesOutputsAlone() throws {
        let dir = tempDir("none"), out = tempDir("out")
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: out) }
        write("a,b\n", dir + "/data.csv")
        write("previous", out + "/graph.json")
        let r = try runCLI(["build", dir, "--out", out])
        #expect(r.status == 1)
        #expect(r.stderr.contains("no documents"))
        #expect(String(decoding: read(out + "/graph.json"), as: UTF8.self) == "previous", "the last good output stays")
    }

    @Test func unwritableOutputFolder() throws {
        let dir = tempDir("in"), blocker = tempDir("blk") + "/file"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        write("Lena Ortiz met Ivan Sokolov on 3 January 2024.", dir + "/a.txt")
        write("a file where a folder should be", blocker)
        let r = try runCLI(["build", dir, "--out", blocker + "/out"])
        #expect(r.status == 1)
        #expect(r.stderr.contains(blocker))
        #expect(r.stderr.split(separator: "\n").count <= 2)
    }

    @Test func nonexistentInputAndUsageErrors() throws {
        let out = tempDir("out")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let missing = try runCLI(["build", "/nonexistent/folder", "--out", out])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/nonexistent/folder: no such file or folder"))
        #expect(try runCLI(["build", "--format", "pdf"]).status == 2)
        #expect(try runCLI(["build", "--layout", "spiral"]).status == 2)
        #expect(try runCLI(["build", "--date", "yesterday"]).status == 2)
        // a date window that holds no day (it had drawn an empty graph without a word)
        let window = try runCLI(["build", "--from", "2024-06-01", "--to", "2024-01-01"])
        #expect(window.status == 2)
        #expect(window.stderr.contains("--from 2024-06-01 is after --to 2024-01-01"), "\(window.stderr)")
        #expect(try runCLI(["build", "--no-such-flag"]).status == 2)
        let help = try runCLI(["build", "--help"])
        #expect(help.status == 0)
        for opt in ["--out", "--format", "--layout", "--date", "--templates"] { #expect(help.stdout.contains(opt), "\(opt)") }
    }

    @Test func hostileDocumentStaysEscapedInEveryOutput() throws {
        let dir = tempDir("hostile"), out = tempDir("out")
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: out) }
        let text = """
        ---
        title: "Evil <script>alert('t')</script> \\"quoted\\" {braces} back\\\\slash"
        date: 2024-02-01
        ---
        Lena Ortiz met Evil Script\\Name "Quoted" in Vienna on 3 January 2024. <script>alert(1)</script> "><img src=x onerror=alert(2)> {{mustache}} </svg> Lena Ortiz and Evil Script\\Name agreed.
        """
        write(text, dir + "/hostile.txt")
        let r = try runCLI(["build", dir, "--out", out, "--title", "Brief \"x\" \\N back\\slash"])
        #expect(r.status == 0, "\(r.stderr)")
        let html = String(decoding: read(out + "/index.html"), as: UTF8.self)
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<img src=x"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("{{mustache}}"))
        _ = try XMLDocument(data: read(out + "/graph.svg"))
        let svg = String(decoding: read(out + "/graph.svg"), as: UTF8.self)
        #expect(!svg.contains("<script"))
        let json = try JSONSerialization.jsonObject(with: read(out + "/graph.json")) as! [String: Any]
        let title = ((json["documents"] as! [[String: Any]])[0]["title"] as! String)
        #expect(title.contains("<script>alert('t')</script>"), "JSON keeps the text exactly")
        // the DOT file parses back through Graphviz
        let dot = String(decoding: read(out + "/graph.dot"), as: UTF8.self)
        #expect(dot.contains("label=\"Brief \\\"x\\\" \\\\N back\\\\slash\""), "\(dot.prefix(300))")
    }
}

/// A program copied away from its build (without the resource bundle SwiftPM puts beside it)
/// reads the rules and lexicons from the source tree it was built from, instead of stopping
/// with a crash report.
@Suite struct CopiedProgramTests {
    @Test func aCopiedProgramStillFindsItsRules() throws {
        let dir = tempDir("lone"), out = tempDir("lone-out")
        try FileManager.default.copyItem(atPath: Repo.binary, toPath: dir + "/chronograph")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: dir + "/chronograph")
        p.arguments = ["build", Repo.examples, "--out", out, "--templates", Repo.templates, "--format", "json"]
        let err = Pipe()
        p.standardOutput = FileHandle.nullDevice; p.standardError = err
        try p.run()
        let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(e)")
        #expect(try GraphJSON.decodeGraph(read(out + "/graph.json")).actors.count > 10)
    }
}
