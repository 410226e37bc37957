import Foundation
import Testing
@testable import ChronographBuild
import ChronographExtract
#if canImport(Glibc)
import Glibc
#endif

/// The watcher's reading of inotify events, one at a time.
@Suite struct WatcherEventTests {
    @Test func aQueueOverflowWatchesEveryFolderAgainAndRebuilds() throws {
        let input = tempDir("watch-events")
        write("---\ndate: 2024-01-05\n---\nLena Ortiz met Ivan Sokolov in Vienna on 3 January 2024.\n", input + "/a.txt")
        let w = Watcher(options: BuildOptions(inputs: [input], outputDirectory: tempDir("watch-events-out"), templatesDirectory: Repo.templates), report: { _ in })
        #expect(w.startInotify())
        defer { close(w.fd) }
        // a folder made while events were being lost: no event announced it
        try FileManager.default.createDirectory(atPath: input + "/later/deeper", withIntermediateDirectories: true)
        #expect(!w.wds.values.contains(input + "/later/deeper"))
        let changed = w.handle(wd: -1, mask: UInt32(IN_Q_OVERFLOW), name: "")
        #expect(changed == [input], "a rebuild, which looks at every file")
        #expect(w.wds.values.contains(input + "/later") && w.wds.values.contains(input + "/later/deeper"))
        // ordinary events: a document counts, another file does not, an unknown watch nothing
        let root = try #require(w.wds.first { $0.value == input }?.key)
        #expect(w.handle(wd: root, mask: UInt32(IN_CLOSE_WRITE), name: "b.txt") == [input + "/b.txt"])
        #expect(w.handle(wd: root, mask: UInt32(IN_CLOSE_WRITE), name: "notes.pdf").isEmpty)
        #expect(w.handle(wd: 9999, mask: UInt32(IN_CLOSE_WRITE), name: "c.txt").isEmpty)
    }

    /// A rebuild line names what set it off: up to three files, else their number and the first.
    @Test func aRebuildLineNamesTheFilesThatChanged() {
        #expect(Watcher.reason(["/in/a.txt"]) == "a.txt changed")
        #expect(Watcher.reason(["/in/chronograph.yml", "/tpl/partials/event.mustache", "/in/chronograph.yml"]) == "chronograph.yml, event.mustache changed")
        #expect(Watcher.reason(["/in/d.md", "/in/b.txt", "/in/a.txt", "/in/c.txt", "/in/e.html"]) == "5 files changed: a.txt, b.txt, c.txt and 2 more")
    }
}

/// The fast forms of what a rebuild asks of every file give what the slow ones gave.
@Suite struct FileNameAndSignatureTests {
    @Test func aPathWithoutItsExtensionIsFoundationsAnswer() {
        for p in ["a.txt", "notes/b.md", "x/y.z/c.html", "deep/er/2024-05-03-talks.txt", "d.tar.md", "x.y/.hidden", ".md", "plain", "dir.v2/plain",
                  "ümlaut/ü.txt", "trailing.", "a/b.txt/"] {
            #expect(InputCollector.withoutExtension(p) == (p as NSString).deletingPathExtension, "\(p)")
        }
    }

    /// Paths made of pieces that matter to extensions and standardizing: dots, slashes, case,
    /// spaces, a leading "~", letters past ASCII (whose lowercase is Unicode's).
    static func trickyPaths() -> [String] {
        let pieces = ["a", ".", "..", "/", "txt", "TXT", "Md", "markdown", "HTML", "htm", "x.y", " ", "~", "é", "\u{212A}", "ＴＸＴ", "", "text", ".md"]
        var out: [String] = [], state: UInt64 = 0x9E3779B97F4A7C15
        for _ in 0..<6000 {
            var p = ""
            state = state &* 6364136223846793005 &+ 1442695040888963407
            for _ in 0..<(Int(state >> 61) + 1) {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                p += pieces[Int(state >> 33) % pieces.count]
            }
            out.append(p)
        }
        return out + ["a.txt", "a.TXT", ".txt", "dir/.txt", "dir.txt/", "a.txt//", "...txt", "a.", "/", "", ".", "..", "a.t xt", "a.tx\u{212A}", "a.ＴＸＴ",
                      "/abs/path/doc.md", "rel/./x.txt", "rel/../x.txt", "a//b.txt", "~/a.txt", "./a.txt", "../a.txt"]
    }

    @Test func aDocumentsFormatIsReadAsFoundationReadsItsExtension() {
        /// The extension by string operations: the last component (trailing slashes left out),
        /// after its last dot unless that dot starts it, lowercased.
        func reference(_ p: String) -> String {
            var s = Substring(p)
            while s.hasSuffix("/") { s = s.dropLast() }
            let name = s.split(separator: "/", omittingEmptySubsequences: false).last ?? ""
            guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
            return String(name[name.index(after: dot)...]).lowercased()
        }
        var known = 0, checked = 0
        for p in Self.trickyPaths() {
            #expect(DocumentLoader.format(ofPath: p) == DocumentLoader.extensions[reference(p)], "\(p)")
            if DocumentLoader.format(ofPath: p) != nil { known += 1 }
            // Foundation agrees, where it can answer: a doubled slash before letters past ASCII
            // stops the process inside it (the fast form reads those too)
            if p.contains("//") && p.utf8.contains(where: { $0 >= 0x80 }) { continue }
            #expect(reference(p) == (p as NSString).pathExtension.lowercased(), "\(p)")
            checked += 1
        }
        #expect(known > 300 && checked > 5000, "the paths include documents")
    }

    @Test func aPlainPathIsOneFoundationLeavesAsItIs() {
        var plain = 0
        for p in Self.trickyPaths() {
            // the former test, by components
            let parts = p.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            let expected = !p.hasPrefix("~") && !p.hasSuffix("/") && !parts.dropFirst().contains(where: { $0.isEmpty || $0.elementsEqual(".".utf8) || $0.elementsEqual("..".utf8) })
                && !(parts.first.map { $0.elementsEqual(".".utf8) || $0.elementsEqual("..".utf8) } ?? false)
            #expect(InputCollector.isPlainPath(p) == expected, "\(p)")
            if expected { plain += 1; #expect((p as NSString).standardizingPath == p || p.isEmpty, "\(p)") }
        }
        #expect(plain > 300)
    }

    @Test func lastTouchedReadsTheSignatureAsItsNumbers() throws {
        let dir = tempDir("sig")
        write("text", dir + "/a.txt")
        let sig = try #require(FileSignature.of(dir + "/a.txt"))
        let parts = sig.split(separator: ":")
        let expected = max(Double(parts[1])!, Double(parts[2])!)
        #expect(abs(FileSignature.lastTouched(sig) - expected) < 1e-6)
        #expect(FileSignature.lastTouched("12:1700000000.000000500:1700000001.250000000:7:8") == 1700000001.25)
        for bad in ["", "12", "12:x:1.0:1:1", "12:1.0", "12:-5.0:1.0:1:1", "12::1.0:1:1"] {
            #expect(FileSignature.lastTouched(bad) == .infinity, "\(bad)")
        }
    }
}
