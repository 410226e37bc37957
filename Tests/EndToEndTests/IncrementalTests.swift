import ChronographBuild
import ChronographCore
import ChronographExtract
import ChronographGraph
import ChronographRender
import Foundation
import Testing

func mtime(_ path: String) -> Date { (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date) ?? .distantPast }

@Suite(.serialized) struct IncrementalTests {
    func corpus() -> String {
        let dir = tempDir("inc-in")
        write("---\ndate: 2024-01-05\n---\nLena Ortiz met Ivan Sokolov in Vienna on 3 January 2024. Ortiz and Sokolov talked again on 4 January 2024.\n", dir + "/a.txt")
        write("---\ndate: 2024-02-05\n---\nMarta Kowalczyk visited Warsaw on 1 February 2024 with Lena Ortiz.\n", dir + "/b.txt")
        write("---\ndate: 2024-03-05\n---\nTomas Varga spoke in Budapest on 2 March 2024.\n", dir + "/c.md")
        return dir
    }
    func options(_ input: String, _ out: String, date: String? = nil) -> BuildOptions {
        BuildOptions(inputs: [input], outputDirectory: out, extract: ExtractOptions(defaultDate: date), templatesDirectory: Repo.templates)
    }

    @Test func secondBuildHitsTheCacheAndTouchesNothing() throws {
        let input = corpus(), out = tempDir("inc-out")
        let first = try Builder.build(options(input, out))
        #expect(first.fromCache == 0 && !first.upToDate)
        #expect(first.changes?.previous == false)
        let files = ["graph.json", "graph.dot", "graph.svg", "index.html", "timeline.svg", "changes.json"]
        let before = files.map { mtime(out + "/" + $0) }
        Thread.sleep(forTimeInterval: 0.05)
        let second = try Builder.build(options(input, out))
        #expect(second.fromCache == 3)
        #expect(second.upToDate)
        #expect(second.written.isEmpty)
        #expect(files.map { mtime(out + "/" + $0) } == before, "no output rewritten")
    }

    @Test func aChangedDocumentIsReextractedAndReported() throws {
        let input = corpus(), out = tempDir("inc-out")
        _ = try Builder.build(options(input, out))
        write("---\ndate: 2024-03-05\n---\nTomas Varga spoke in Budapest on 2 March 2024. Varga met Aiko Tanaka on 3 March 2024.\n", input + "/c.md")
        let r = try Builder.build(options(input, out))
        #expect(r.fromCache == 2)
        let c = try #require(r.changes)
        #expect(c.documents.changed == ["c"])
        #expect(c.actors.added.contains("aiko-tanaka"))
        #expect(!c.events.added.isEmpty)
        let saved = try JSONDecoder().decode(GraphChanges.self, from: read(out + "/changes.json"))
        #expect(saved == c)
        // the page marks what is new
        let html = String(decoding: read(out + "/index.html"), as: UTF8.self)
        #expect(html.contains("new since the previous build"))
        for id in c.events.added { #expect(html.contains("class=\"event kind-") && html.contains("id=\"\(id)\"")) }
        #expect(html.contains(" new\" id=\""))
        // a no-change rebuild keeps the report of the last change
        let again = try Builder.build(options(input, out))
        #expect(again.upToDate)
        #expect(try JSONDecoder().decode(GraphChanges.self, from: read(out + "/changes.json")) == c)
        // a rebuild that changes no part of the graph (another title) reports no change,
        // while changes.json keeps the last real one
        var retitled = options(input, out)
        retitled.title = "Another title"
        let same = try Builder.build(retitled)
        #expect(!same.upToDate)
        #expect(same.changes?.isEmpty == true)
        #expect(try JSONDecoder().decode(GraphChanges.self, from: read(out + "/changes.json")) == c)
    }

    @Test func optionsAndExtractorVersionAreInTheKey() throws {
        let content = Array("Talks resumed.".utf8)
        let base = ExtractionCache.key(content: content, fileName: "a.txt", options: ExtractOptions())
        #expect(base == ExtractionCache.key(content: content, fileName: "a.txt", options: ExtractOptions()))
        #expect(base != ExtractionCache.key(content: content + [0x2E], fileName: "a.txt", options: ExtractOptions()))
        #expect(base != ExtractionCache.key(content: content, fileName: "b.txt", options: ExtractOptions()))
        #expect(base != ExtractionCache.key(content: content, fileName: "a.txt", options: ExtractOptions(defaultDate: "2024-01-01")))
        #expect(!Extractor.fingerprint.isEmpty)
        let input = corpus(), out = tempDir("inc-out")
        _ = try Builder.build(options(input, out))
        let other = try Builder.build(options(input, out, date: "2020-01-01"))
        #expect(other.fromCache == 0, "another option: every document re-extracted")
    }

    @Test func deletionAndRename() throws {
        let input = corpus(), out = tempDir("inc-out")
        _ = try Builder.build(options(input, out))
        try FileManager.default.removeItem(atPath: input + "/b.txt")
        let r = try Builder.build(options(input, out))
        #expect(r.changes?.documents.removed == ["b"])
        #expect(!r.graph.actors.contains { $0.id == "marta-kowalczyk" })
        // moving a file into a subfolder keeps its name: its extraction is reused under the new id
        try FileManager.default.createDirectory(atPath: input + "/sub", withIntermediateDirectories: true)
        try FileManager.default.moveItem(atPath: input + "/a.txt", toPath: input + "/sub/a.txt")
        let moved = try Builder.build(options(input, out))
        #expect(moved.fromCache == 2)
        #expect(moved.changes?.documents.added == ["sub-a"] && moved.changes?.documents.removed == ["a"])
        let ortiz = try #require(moved.graph.actors.first { $0.id == "lena-ortiz" })
        #expect(ortiz.mentions.allSatisfy { $0.doc == "sub-a" })
        // renaming it re-extracts it
        try FileManager.default.moveItem(atPath: input + "/sub/a.txt", toPath: input + "/sub/renamed.txt")
        let renamed = try Builder.build(options(input, out))
        #expect(renamed.fromCache == 1)
        #expect(renamed.graph.documents.map(\.id).contains("sub-renamed"))
    }

    @Test func corruptOrForeignCacheEntriesAreRebuilt() throws {
        let input = corpus(), out = tempDir("inc-out")
        _ = try Builder.build(options(input, out))
        let cacheDir = out + "/.chronograph-cache"
        let entries = try FileManager.default.contentsOfDirectory(atPath: cacheDir).filter { $0.hasSuffix(".bin") && $0.count == 36 }.sorted() // <key>.bin
        #expect(entries.count == 3)
        write("{ not an entry", cacheDir + "/" + entries[0])
        write("chronograph-cache\n\u{2}\0\0\0", cacheDir + "/" + entries[1]) // the right magic, then nothing
        // a whole entry cut short by a crash
        let whole = read(cacheDir + "/" + entries[2])
        try whole.prefix(whole.count - 9).write(to: URL(fileURLWithPath: cacheDir + "/" + entries[2]))
        try FileManager.default.removeItem(atPath: cacheDir + "/build.bin")
        let r = try Builder.build(options(input, out))
        #expect(r.fromCache == 0)
        let g = try GraphJSON.decodeGraph(read(out + "/graph.json"))
        #expect(g.actors.contains { $0.id == "lena-ortiz" } && g.actors.contains { $0.id == "tomas-varga" })
        #expect(try Builder.build(options(input, out)).fromCache == 3, "the entries were rewritten")
    }

    /// Sets a file's modification time `seconds` into the past.
    func age(_ path: String, _ seconds: Double) {
        let t = Date().addingTimeInterval(-seconds)
        try? FileManager.default.setAttributes([.modificationDate: t], ofItemAtPath: path)
    }

    @Test func unchangedFilesAreNotReadAgain() throws {
        let input = corpus(), out = tempDir("inc-out")
        for f in ["a.txt", "b.txt", "c.md"] { age(input + "/" + f, 60) }
        // a file changed within 2 s before a build is read again by the next one (its clock
        // tick may hide a second write); setting the time above changed the files' ctime
        Thread.sleep(forTimeInterval: 2.1)
        let first = try Builder.build(options(input, out))
        #expect(first.filesRead == 3)
        // the file system says nothing changed: no file is read, nothing is written
        let second = try Builder.build(options(input, out))
        #expect(second.upToDate && second.filesRead == 0)
        // touched with the same bytes: only it is read, and still up to date
        age(input + "/b.txt", 30)
        let touched = try Builder.build(options(input, out))
        #expect(touched.upToDate && touched.filesRead == 1)
        // new bytes of the same size: read and rebuilt
        let text = String(decoding: read(input + "/c.md"), as: UTF8.self)
        write(text.replacingOccurrences(of: "Budapest", with: "Debrecen"), input + "/c.md")
        age(input + "/c.md", 30)
        let edited = try Builder.build(options(input, out))
        #expect(!edited.upToDate && edited.changes?.documents.changed == ["c"])
        // a new curation file changes the extraction options: not up to date either
        #expect(try Builder.build(options(input, out)).upToDate)
        write("ignore:\n  - Debrecen\n", input + "/chronograph.yml")
        let curated = try Builder.build(options(input, out))
        #expect(!curated.upToDate)
        #expect(!curated.graph.actors.contains { $0.name == "Debrecen" })
    }

    @Test func theBuildRecordIsReadBackAndADamagedOneVouchesForNothing() throws {
        let input = corpus(), out = tempDir("inc-out")
        for f in ["a.txt", "b.txt", "c.md"] { age(input + "/" + f, 60) }
        Thread.sleep(forTimeInterval: 2.1) // see unchangedFilesAreNotReadAgain
        _ = try Builder.build(options(input, out))
        let cacheDir = out + "/.chronograph-cache"
        let record = read(cacheDir + "/build.bin")
        // the same inputs give the same record bytes but for the time it was made
        let out2 = tempDir("inc-out")
        _ = try Builder.build(options(input, out2))
        let other = read(out2 + "/.chronograph-cache/build.bin")
        #expect(record.count == other.count && zip(record, other).filter { $0 != $1 }.count <= 8)
        // read back: nothing is read, nothing rebuilt
        #expect(try Builder.build(options(input, out)).filesRead == 0)
        // cut short: it vouches for no file, every file is read (the extractions stay cached)
        try record.prefix(record.count - 3).write(to: URL(fileURLWithPath: cacheDir + "/build.bin"))
        let cut = try Builder.build(options(input, out))
        #expect(cut.filesRead == 3 && cut.fromCache == 3)
        // written again whole by that build, and trusted once more
        #expect(read(cacheDir + "/build.bin").count == record.count)
        #expect(try Builder.build(options(input, out)).filesRead == 0)
        // the JSON record of an earlier version is still read: an upgrade reads no file again
        let kept = try #require(ExtractionCache(directory: cacheDir).lastBuild())
        #expect(kept.files?.count == 3)
        try JSONEncoder().encode(kept).write(to: URL(fileURLWithPath: cacheDir + "/build.json"))
        try FileManager.default.removeItem(atPath: cacheDir + "/build.bin")
        let upgraded = try Builder.build(options(input, out))
        #expect(upgraded.upToDate && upgraded.filesRead == 0)
        // the next build that does work writes build.bin in its place
        write("---\ndate: 2024-03-05\n---\nTomas Varga spoke in Szeged on 2 March 2024.\n", input + "/c.md")
        #expect(try !Builder.build(options(input, out)).upToDate)
        #expect(!FileManager.default.fileExists(atPath: cacheDir + "/build.json"))
        #expect(FileManager.default.fileExists(atPath: cacheDir + "/build.bin"))
    }

    @Test func aRecordMadeByAnotherExtractorVouchesForNoFile() throws {
        // another version of chronograph, or other rule files, extract differently: the cache
        // keys its record holds name that extractor's extractions, so every file is read and
        // keyed anew (it once kept the old keys of unchanged files, and their old extractions)
        let input = corpus(), out = tempDir("inc-out")
        for f in ["a.txt", "b.txt", "c.md"] { age(input + "/" + f, 60) }
        Thread.sleep(forTimeInterval: 2.1) // see unchangedFilesAreNotReadAgain
        _ = try Builder.build(options(input, out))
        #expect(try Builder.build(options(input, out)).filesRead == 0)
        let cacheDir = out + "/.chronograph-cache"
        var record = try #require(ExtractionCache(directory: cacheDir).lastBuild())
        let identity = try #require(record.extractOptions)
        #expect(identity.hasSuffix("|" + Extractor.fingerprint))
        record.extractOptions = identity.replacingOccurrences(of: Extractor.fingerprint, with: "another extractor")
        record.fingerprint = "the build fingerprint of another extractor"
        try ExtractionCache.encode(record).write(to: URL(fileURLWithPath: cacheDir + "/build.bin"))
        let rebuilt = try Builder.build(options(input, out))
        #expect(rebuilt.filesRead == 3 && !rebuilt.upToDate)
        // its own record vouches for the files again
        #expect(try Builder.build(options(input, out)).filesRead == 0)
    }

    @Test func anOutputFolderInsideTheInputsIsNotReadBack() throws {
        // the outputs in the input folder, or in a folder inside it: the page is never read
        // back as a document, and the outputs are no notices
        for nested in [true, false] {
            let input = corpus()
            let out = nested ? input + "/out" : input
            let first = try Builder.build(options(input, out))
            #expect(first.documentsBuilt == 3)
            let second = try Builder.build(options(input, out))
            #expect(second.upToDate && second.documentsBuilt == 3, "nested \(nested)")
            #expect(!second.notices.contains { $0.contains("graph.json") || $0.contains("timeline.svg") }, "\(second.notices)")
            #expect(try GraphJSON.decodeGraph(read(out + "/graph.json")).documents.map(\.id).sorted() == ["a", "b", "c"])
        }
        // a cache put in the input folder (`--cache`) is not walked: no notice for its files
        let withCache = corpus()
        var cached = options(withCache, tempDir("inc-out"))
        cached.cacheDirectory = withCache + "/cache"
        _ = try Builder.build(cached)
        let again = try Builder.build(cached)
        #expect(again.upToDate && again.notices.isEmpty, "\(again.notices)")
        // named as an input, the page is refused with its reason
        let input = corpus()
        _ = try Builder.build(options(input, input))
        var named = options(input + "/index.html", input)
        named.inputs.append(input + "/a.txt")
        let r = try Builder.build(named)
        #expect(r.problems.contains { $0.contains("index.html") && $0.contains("an output of this build") })
    }

    @Test func temporaryFilesOfAKilledBuildAreRemoved() throws {
        // a build killed while writing leaves its temporary files; the next build removes
        // them, and leaves those of a process still running
        let input = corpus(), out = tempDir("inc-out")
        _ = try Builder.build(options(input, out))
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run(); gone.waitUntilExit()
        let dead = gone.processIdentifier
        let cacheDir = out + "/.chronograph-cache"
        let stale = [out + "/.graph.json.\(dead).tmp", out + "/.index.html.\(dead).early.tmp", cacheDir + "/fragments.bin.\(dead).tmp",
                     cacheDir + "/.0123456789abcdef0123456789abcdef.bin.\(dead).tmp"]
        let alive = [out + "/.graph.json.1.tmp", out + "/notes.\(dead).txt", out + "/.graph.json.tmp"]
        for f in stale + alive { write("partial", f) }
        // (a build with nothing to do removes them as well)
        #expect(try Builder.build(options(input, out)).upToDate)
        #expect(!FileManager.default.fileExists(atPath: out + "/.graph.json.\(dead).tmp"))
        #expect(!FileManager.default.fileExists(atPath: out + "/.index.html.\(dead).early.tmp"))
        for f in alive { #expect(FileManager.default.fileExists(atPath: f), "\(f)") }
        // the cache's are removed by the next build that prunes the cache
        write("---\ndate: 2024-03-05\n---\nTomas Varga spoke in Szeged on 2 March 2024.\n", input + "/c.md")
        #expect(try !Builder.build(options(input, out)).upToDate)
        #expect(!FileManager.default.fileExists(atPath: cacheDir + "/fragments.bin.\(dead).tmp"))
        #expect(!FileManager.default.fileExists(atPath: cacheDir + "/.0123456789abcdef0123456789abcdef.bin.\(dead).tmp"))
        #expect(OutputWriter.isStaleTemporary(".graph.json.\(dead).tmp"))
        #expect(!OutputWriter.isStaleTemporary(".graph.json.\(getpid()).tmp"), "this process's own")
        #expect(!OutputWriter.isStaleTemporary("graph.json") && !OutputWriter.isStaleTemporary(".tmp") && !OutputWriter.isStaleTemporary("x.12a.tmp"))
    }

    @Test func aRebuildReadsOnlyTheChangedDocument() throws {
        let input = corpus(), out = tempDir("inc-out")
        for f in ["a.txt", "b.txt", "c.md"] { age(input + "/" + f, 60) }
        Thread.sleep(forTimeInterval: 2.1) // see unchangedFilesAreNotReadAgain
        #expect(try Builder.build(options(input, out)).filesRead == 3)
        // one document edited: the others are taken on the last build's word, their quotes in
        // the drawing from the remembered ones
        write("---\ndate: 2024-03-05\n---\nTomas Varga spoke in Budapest on 2 March 2024. Varga met Aiko Tanaka on 3 March 2024.\n", input + "/c.md")
        age(input + "/c.md", 30)
        let edited = try Builder.build(options(input, out))
        #expect(edited.filesRead == 1 && edited.fromCache == 2)
        #expect(edited.changes?.documents.changed == ["c"])
        let fresh = tempDir("inc-out")
        _ = try Builder.build(options(input, fresh))
        let same = ["graph.json", "graph.dot", "graph.svg", "timeline.svg"]
        for f in same { #expect(read(out + "/" + f) == read(fresh + "/" + f), "\(f)") }
        #expect(String(decoding: read(out + "/graph.dot"), as: UTF8.self).contains("Lena Ortiz met Ivan Sokolov in Vienna"), "a quote of an unread document")
        // the cache entries and the quotes are lost: the unread documents are read after all
        let cacheDir = out + "/.chronograph-cache"
        for e in try FileManager.default.contentsOfDirectory(atPath: cacheDir) where (e.hasSuffix(".bin") && e.count == 36) || e.hasPrefix("quotes.bin") {
            write("damaged", cacheDir + "/" + e)
        }
        write("---\ndate: 2024-03-05\n---\nTomas Varga spoke in Budapest on 2 March 2024. Varga met Aiko Tanaka on 4 March 2024.\n", input + "/c.md")
        age(input + "/c.md", 20)
        let recovered = try Builder.build(options(input, out))
        #expect(recovered.filesRead == 1 && recovered.fromCache == 0 && recovered.problems.isEmpty)
        _ = try Builder.build(options(input, fresh))
        for f in same { #expect(read(out + "/" + f) == read(fresh + "/" + f), "\(f)") }
    }

    @Test func rememberedFragmentsGiveTheBytesOfAFreshRender() throws {
        // out1 renders from the fragments remembered by its previous build (in another process);
        // out2 makes the same two builds with its memos deleted in between: same bytes
        let input = corpus(), out1 = tempDir("inc-out"), out2 = tempDir("inc-out")
        #expect(try runCLI(["build", input, "--out", out1]).status == 0)
        #expect(try runCLI(["build", input, "--out", out2]).status == 0)
        for m in ["fragments.bin", "graph-json.bin", "layout.bin", "documents.bin", "quotes.bin"] {
            #expect(FileManager.default.fileExists(atPath: out1 + "/.chronograph-cache/" + m))
            try FileManager.default.removeItem(atPath: out2 + "/.chronograph-cache/" + m)
        }
        // damage one memo of out1: it must be ignored, not trusted
        write("chronograph-memo graph-json 1\n\u{5}\0\0\0ab", out1 + "/.chronograph-cache/graph-json.bin")
        write("---\ndate: 2024-02-05\n---\nMarta Kowalczyk visited Warsaw on 1 February 2024 with Lena Ortiz. Kowalczyk met Omar Haddad on 2 February 2024.\n", input + "/b.txt")
        #expect(try runCLI(["build", input, "--out", out1]).status == 0)
        #expect(try runCLI(["build", input, "--out", out2]).status == 0)
        for f in ["graph.json", "graph.dot", "graph.svg", "index.html", "timeline.svg", "changes.json"] {
            #expect(read(out1 + "/" + f) == read(out2 + "/" + f), "\(f)")
        }
        #expect(String(decoding: read(out1 + "/graph.json"), as: UTF8.self).contains("omar-haddad"))
    }

    @Test func carriedOverElementsGiveTheBytesOfAFreshRender() throws {
        // out1 is rebuilt in this process after each edit, so graph.json and the page's event
        // fragments are carried over from its previous build (`Carryover`); out2 is rebuilt by
        // a new process each time (fragments from the memo files, by key). Every output must be
        // the same, byte for byte, whatever the edit.
        let input = corpus(), out1 = tempDir("inc-out"), out2 = tempDir("inc-out")
        write("---\ndate: 2024-04-02\n---\nAiko Tanaka met Lena Ortiz in Oslo on 1 April 2024. Tanaka signed a trade accord with Norway on 2 April 2024.\n", input + "/d.txt")
        write("---\ndate: 2024-05-10\n---\nIvan Sokolov visited Prague on 8 May 2024. Sokolov criticized Marta Kowalczyk on 9 May 2024.\n", input + "/e.txt")
        let edits: [(String, () -> Void)] = [
            ("a sentence added", { write("---\ndate: 2024-02-05\n---\nMarta Kowalczyk visited Warsaw on 1 February 2024 with Lena Ortiz. Kowalczyk met Omar Haddad on 2 February 2024.\n", input + "/b.txt") }),
            ("an actor renamed", { write("---\ndate: 2024-03-05\n---\nTomas Varga-Nagy spoke in Budapest on 2 March 2024.\n", input + "/c.md") }),
            ("a title given", { write("---\ndate: 2024-04-02\ntitle: Oslo talks\n---\nAiko Tanaka met Lena Ortiz in Oslo on 1 April 2024. Tanaka signed a trade accord with Norway on 2 April 2024.\n", input + "/d.txt") }),
            ("a document removed", { try? FileManager.default.removeItem(atPath: input + "/e.txt") }),
            ("a document added", { write("---\ndate: 2024-06-01\n---\nOmar Haddad met Aiko Tanaka in Cairo on 30 May 2024.\n", input + "/f.txt") }),
            ("a date moved", { write("---\ndate: 2024-01-05\n---\nLena Ortiz met Ivan Sokolov in Vienna on 2 January 2024. Ortiz and Sokolov talked again on 4 January 2024.\n", input + "/a.txt") }),
        ]
        _ = try Builder.build(options(input, out1))
        #expect(try runCLI(["build", input, "--out", out2, "--templates", Repo.templates]).status == 0)
        for (what, edit) in edits {
            edit()
            _ = try Builder.build(options(input, out1))
            #expect(try runCLI(["build", input, "--out", out2, "--templates", Repo.templates]).status == 0)
            for f in ["graph.json", "graph.dot", "graph.svg", "index.html", "timeline.svg", "changes.json"] {
                #expect(read(out1 + "/" + f) == read(out2 + "/" + f), "\(what): \(f)")
            }
        }
        #expect(String(decoding: read(out1 + "/graph.json"), as: UTF8.self).contains("Oslo talks"))
        #expect(!String(decoding: read(out1 + "/index.html"), as: UTF8.self).contains("Prague"))
    }

    @Test func anUpgradeReadsTheEarlierJSONDigest() throws {
        let input = corpus(), out = tempDir("inc-out")
        let first = try Builder.build(options(input, out))
        // the form earlier versions kept: digest.json, each element's hash as hex text (made
        // another way than this version's, so it cannot say what changed, only what is new)
        let g = first.graph
        func hashes(_ ids: [String]) -> [String: String] { Dictionary(uniqueKeysWithValues: ids.map { ($0, String(repeating: "0", count: 32)) }) }
        let earlier = ["format": "chronograph-digest" as Any, "documents": hashes(g.documents.map(\.id)), "actors": hashes(g.actors.map(\.id)),
                       "events": hashes(g.events.map(\.id)), "links": hashes(g.links.map(GraphChanges.linkKey))]
        try JSONSerialization.data(withJSONObject: earlier).write(to: URL(fileURLWithPath: out + "/.chronograph-cache/digest.json"))
        try FileManager.default.removeItem(atPath: out + "/.chronograph-cache/digest.bin")
        write("---\ndate: 2024-03-05\n---\nTomas Varga spoke in Budapest on 2 March 2024. Varga met Aiko Tanaka on 3 March 2024.\n", input + "/c.md")
        let r = try Builder.build(options(input, out))
        #expect(r.changes?.previous == true)
        #expect(r.changes?.actors.added == ["aiko-tanaka"])
        #expect(r.changes?.actors.removed == [])
        #expect(r.changes?.events.changed == [], "hashes of another version cannot tell a change")
        #expect(!FileManager.default.fileExists(atPath: out + "/.chronograph-cache/digest.json"))
    }

    @Test func aFailedWriteLeavesNoTemporaryFiles() throws {
        // graph.json and the timeline are staged while the page is made; when one output cannot
        // be put in place (here index.html is a folder), the build fails naming it, and the
        // staged files not yet in place are removed
        let input = corpus(), out = tempDir("inc-out")
        try FileManager.default.createDirectory(atPath: out + "/index.html/x", withIntermediateDirectories: true)
        #expect(throws: BuildFailure.self) { _ = try Builder.build(options(input, out)) }
        do { _ = try Builder.build(options(input, out)) } catch { #expect(error.message.contains("index.html")) }
        let left = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasSuffix(".tmp") }
        #expect(left.isEmpty, "temporary files left: \(left)")
        #expect(!FileManager.default.fileExists(atPath: out + "/timeline.svg"), "an output after the failed one is not put in place")
        // once the obstacle is gone the build succeeds and leaves no temporary file either
        try FileManager.default.removeItem(atPath: out + "/index.html")
        _ = try Builder.build(options(input, out))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.hasSuffix(".tmp") }.isEmpty)
        #expect(FileManager.default.fileExists(atPath: out + "/timeline.svg"))
    }

    @Test func replacedOutputsAreFreedAfterTheBuild() throws {
        let input = corpus(), out = tempDir("inc-out")
        _ = try Builder.build(options(input, out))
        let before = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
        write("---\ndate: 2024-03-05\n---\nTomas Varga spoke in Pecs on 2 March 2024.\n", input + "/c.md")
        let r = try Builder.build(options(input, out))
        #expect(r.written.count >= 4)
        // the outputs are the new ones, the folder holds nothing more, and once the background
        // removal is done no old copy is left in the cache either
        #expect(String(decoding: read(out + "/graph.json"), as: UTF8.self).contains("Pecs"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == before)
        OutputWriter.Retired.finish()
        #expect(try FileManager.default.contentsOfDirectory(atPath: out + "/.chronograph-cache/retired").isEmpty)
    }

    /// Through the command line: each run is a process of its own. It leaves the copies it
    /// retired for the next run, which removes them while it works (waiting for their removal
    /// cost every run 20-30 ms at its end), so the cache holds at most one run's replaced
    /// outputs: never those of earlier runs (it once had 227 MB after 23 rebuilds of 1,000
    /// documents, when nothing removed them).
    @Test func repeatedCommandLineBuildsLeaveOnlyTheLastRunsRetiredCopies() throws {
        let input = corpus(), out = tempDir("inc-out")
        var owners: Set<String> = []
        for place in ["Pecs", "Gyor", "Szeged", "Eger"] {
            write("---\ndate: 2024-03-05\n---\nTomas Varga spoke in \(place) on 2 March 2024.\n", input + "/c.md")
            let r = try runCLI(["build", input, "--out", out, "--templates", Repo.templates], timeout: 120)
            #expect(r.status == 0, "\(r.stderr)")
            #expect(String(decoding: read(out + "/graph.json"), as: UTF8.self).contains(place))
            let retired = (try? FileManager.default.contentsOfDirectory(atPath: out + "/.chronograph-cache/retired")) ?? []
            // named "<output>.<pid>.<n>": one process's, each output at most once
            let pids = Set(retired.map { $0.split(separator: ".").dropLast().last.map(String.init) ?? "" })
            #expect(pids.count <= 1, "left behind by several runs: \(retired.sorted())")
            #expect(retired.count <= 8, "\(retired.sorted())")
            owners.formUnion(pids)
        }
        // the runs after the first did replace outputs, and left them
        #expect(owners.count >= 2)
    }

    /// Rule files are data a user may edit: an edited gazetteer or word list makes every cached
    /// extraction stale, with no new program (the cache key hashed no rule file: a build after
    /// such an edit said "up to date" and kept the old actors).
    @Test func anEditedRuleFileMakesTheCacheStale() throws {
        let bin = URL(fileURLWithPath: Repo.binary).deletingLastPathComponent().path
        let bundle = "Chronograph_ChronographExtract.resources"
        let dir = tempDir("rules")
        try FileManager.default.copyItem(atPath: Repo.binary, toPath: dir + "/chronograph")
        try FileManager.default.copyItem(atPath: bin + "/" + bundle, toPath: dir + "/" + bundle)
        try FileManager.default.createDirectory(atPath: dir + "/in", withIntermediateDirectories: true)
        write("---\ndate: 2024-05-03\n---\nLena Ortiz held talks with Vantor Kessling in Oslo on 2 May 2024.\n", dir + "/in/a.txt")
        func build() throws -> [String] {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: dir + "/chronograph")
            p.arguments = ["build", dir + "/in", "--out", dir + "/out", "--format", "json"]
            p.standardOutput = FileHandle.nullDevice; p.standardError = FileHandle.nullDevice
            try p.run(); p.waitUntilExit()
            #expect(p.terminationStatus == 0)
            return try GraphJSON.decodeGraph(read(dir + "/out/graph.json")).actors.map(\.name)
        }
        #expect(try build().contains("Vantor Kessling"))
        // "vantor" is now a word that is never a name: the next build must see it
        let words = dir + "/" + bundle + "/Resources/en/non-names.txt"
        write(String(decoding: read(words), as: UTF8.self) + "vantor\n", words)
        let after = try build()
        #expect(!after.contains("Vantor Kessling"), "\(after)")
    }

    @Test func theAllocatorKeepsLargeBlocks() {
        #if os(Linux)
        #expect(MemoryTuning.applied, "mallopt found and accepted (glibc)")
        #endif
    }

    @Test func twoBuildsCannotShareAnOutputFolder() throws {
        let input = corpus(), out = tempDir("inc-out")
        let lock = try OutputLock(directory: out)
        let r = try runCLI(["build", input, "--out", out])
        #expect(r.status == 1)
        #expect(r.stderr.contains("another chronograph build"))
        withExtendedLifetime(lock) {}
        _ = consume lock
        #expect(try runCLI(["build", input, "--out", out]).status == 0)
    }
}

/// Runs `chronograph watch` with its output going to a file, and reads that file.
final class WatchProcess: @unchecked Sendable {
    let process = Process()
    let log: String
    init(_ args: [String]) throws {
        log = tempDir("watch-log") + "/watch.log"
        FileManager.default.createFile(atPath: log, contents: nil)
        let handle = FileHandle(forWritingAtPath: log)!
        process.executableURL = URL(fileURLWithPath: Repo.binary)
        process.arguments = ["watch"] + args
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }
    var lines: [String] { String(decoding: read(log), as: UTF8.self).split(separator: "\n").map(String.init) }
    /// Waits until `count` lines containing `text` have been printed.
    func waitFor(_ text: String, count: Int = 1, timeout: Double = 20) -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if lines.filter({ $0.contains(text) }).count >= count { return true }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return false
    }
    func stop() -> Int32 {
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        return process.terminationStatus
    }
}

@Suite(.serialized) struct WatchTests {
    /// Whether graph.json in `out` comes to hold the actor within 20 s (a watcher rebuilds on
    /// its own time).
    func eventually(_ out: String, _ id: String) -> Bool {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            if (try? GraphJSON.decodeGraph(read(out + "/graph.json")))?.actors.contains(where: { $0.id == id }) == true { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }

    func run(poll: Bool) throws {
        let input = tempDir("watch-in"), out = tempDir("watch-out")
        write("---\ndate: 2024-01-05\n---\nLena Ortiz met Ivan Sokolov in Vienna on 3 January 2024.\n", input + "/a.txt")
        let w = try WatchProcess([input, "--out", out, "--debounce", "100"] + (poll ? ["--poll"] : []))
        #expect(w.waitFor("initial build"))
        // a change
        write("---\ndate: 2024-01-05\n---\nLena Ortiz met Ivan Sokolov in Vienna on 3 January 2024. Aiko Tanaka joined them on 4 January 2024.\n", input + "/a.txt")
        #expect(w.waitFor("a.txt changed"), "\(w.lines)")
        #expect(try GraphJSON.decodeGraph(read(out + "/graph.json")).actors.contains { $0.id == "aiko-tanaka" })
        // an editor's save: write a temporary file, rename it over the document
        write("---\ndate: 2024-01-05\n---\nLena Ortiz met Omar Haddad in Vienna on 3 January 2024.\n", input + "/.a.txt.swp")
        try FileManager.default.removeItem(atPath: input + "/a.txt")
        try FileManager.default.moveItem(atPath: input + "/.a.txt.swp", toPath: input + "/a.txt")
        #expect(w.waitFor("changed", count: 2), "\(w.lines)")
        #expect(eventually(out, "omar-haddad"), "\(w.lines)")
        // a bad document is reported; the watcher goes on and the last good outputs stay
        write([0x00, 0x01, 0x02], input + "/bad.txt")
        #expect(w.waitFor("bad.txt"), "\(w.lines)")
        #expect(w.lines.contains { $0.contains("skipped") && $0.contains("binary") })
        // a new folder and a document in it
        try FileManager.default.createDirectory(atPath: input + "/more", withIntermediateDirectories: true)
        Thread.sleep(forTimeInterval: 0.3)
        write("---\ndate: 2024-01-06\n---\nNadia Petrov visited Riga on 5 January 2024.\n", input + "/more/b.txt")
        #expect(eventually(out, "nadia-petrov"), "\(w.lines)")
        // a deletion
        try FileManager.default.removeItem(atPath: input + "/more/b.txt")
        #expect(w.waitFor("-1)"), "\(w.lines)")
        #expect(w.stop() == 0)
        #expect(w.lines.last == nil || w.lines.contains { $0.hasSuffix("stopped") })
    }

    /// A document saved while the first build runs is not lost: the watch starts before it.
    func savedDuringTheFirstBuild(poll: Bool) throws {
        let input = tempDir("watch-in"), out = tempDir("watch-out")
        for i in 0..<150 {
            write("---\ndate: 2024-01-05\n---\nLena Ortiz met Ivan Sokolov in Vienna on 3 January 2024. Document \(i) adds nothing else.\n", input + "/d\(i).txt")
        }
        let w = try WatchProcess([input, "--out", out, "--debounce", "100"] + (poll ? ["--poll"] : []))
        Thread.sleep(forTimeInterval: 0.15)
        write("---\ndate: 2024-01-05\n---\nNadia Petrov visited Riga on 5 January 2024.\n", input + "/d7.txt")
        #expect(eventually(out, "nadia-petrov"), "\(w.lines)")
        #expect(w.stop() == 0)
    }

    /// The watched folder removed and made again (a checkout or a sync may replace it whole):
    /// the failed build leaves the outputs, and the new folder's documents are built.
    func folderReplaced(poll: Bool) throws {
        let parent = tempDir("watch-root"), out = tempDir("watch-out")
        let input = parent + "/articles"
        try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
        write("---\ndate: 2024-01-05\n---\nLena Ortiz met Ivan Sokolov in Vienna on 3 January 2024.\n", input + "/a.txt")
        let w = try WatchProcess([input, "--out", out, "--debounce", "100"] + (poll ? ["--poll"] : []))
        #expect(w.waitFor("initial build"))
        try FileManager.default.removeItem(atPath: input)
        #expect(w.waitFor("the last good outputs stay"), "\(w.lines)")
        #expect(try GraphJSON.decodeGraph(read(out + "/graph.json")).actors.contains { $0.id == "lena-ortiz" })
        try FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
        write("---\ndate: 2024-01-06\n---\nNadia Petrov visited Riga on 5 January 2024.\n", input + "/b.txt")
        #expect(eventually(out, "nadia-petrov"), "\(w.lines)")
        // and later changes in the new folder are seen too
        write("---\ndate: 2024-01-07\n---\nOmar Haddad visited Tallinn on 6 January 2024.\n", input + "/c.txt")
        #expect(eventually(out, "omar-haddad"), "\(w.lines)")
        #expect(w.stop() == 0)
    }

    /// Outputs written into the watched folder itself: a rebuild does not set off another.
    func outputsInTheWatchedFolder(poll: Bool) throws {
        let input = tempDir("watch-in")
        write("---\ndate: 2024-01-05\n---\nLena Ortiz met Ivan Sokolov in Vienna on 3 January 2024.\n", input + "/a.txt")
        let w = try WatchProcess([input, "--out", input, "--debounce", "100"] + (poll ? ["--poll"] : []))
        #expect(w.waitFor("initial build"))
        write("---\ndate: 2024-01-06\n---\nNadia Petrov visited Riga on 5 January 2024.\n", input + "/b.txt")
        #expect(w.waitFor("b.txt changed"), "\(w.lines)")
        // no rebuild follows its own outputs: every rebuild line names b.txt as what set it off
        // (a rebuild line names its files). The write is not atomic, so on a loaded machine its
        // creation and its close may fall into two debounce windows and give a second, empty
        // rebuild for b.txt: that one is allowed, a rebuild set off by graph.json is not.
        Thread.sleep(forTimeInterval: 1.2)
        let rebuilds = w.lines.filter { !$0.contains("initial build") && $0.contains("changed") }
        #expect(!rebuilds.isEmpty && rebuilds.allSatisfy { $0.contains("] b.txt changed:") }, "\(w.lines)")
        #expect(try GraphJSON.decodeGraph(read(input + "/graph.json")).documents.map(\.id).sorted() == ["a", "b"])
        #expect(w.stop() == 0)
    }

    /// The curation file and the page's templates are watched with the documents: editing
    /// them had needed a restart of the watch to take effect.
    func settingsChanged(poll: Bool) throws {
        let input = tempDir("watch-in"), out = tempDir("watch-out"), templates = tempDir("watch-tpl")
        try? FileManager.default.removeItem(atPath: templates)
        try FileManager.default.copyItem(atPath: Repo.templates, toPath: templates)
        write("---\ndate: 2024-01-05\n---\nLena Ortiz met Ivan Sokolov in Vienna on 3 January 2024.\n", input + "/a.txt")
        let w = try WatchProcess([input, "--out", out, "--debounce", "100", "--templates", templates] + (poll ? ["--poll"] : []))
        #expect(w.waitFor("initial build"))
        #expect(try GraphJSON.decodeGraph(read(out + "/graph.json")).actors.contains { $0.id == "vienna" })
        // a curation file made in the input folder: Vienna is to be ignored
        write("ignore: [Vienna]\n", input + "/chronograph.yml")
        #expect(w.waitFor("chronograph.yml changed"), "\(w.lines)")
        #expect(try !GraphJSON.decodeGraph(read(out + "/graph.json")).actors.contains { $0.id == "vienna" })
        // a partial of the page edited
        let partial = templates + "/partials/event.mustache"
        write(String(decoding: read(partial), as: UTF8.self) + "<!-- edited while watched -->\n", partial)
        #expect(w.waitFor("event.mustache changed"), "\(w.lines)")
        #expect(String(decoding: read(out + "/index.html"), as: UTF8.self).contains("edited while watched"))
        #expect(w.stop() == 0)
    }

    @Test func settingsChangedInotify() throws { try settingsChanged(poll: false) }
    @Test func settingsChangedPolling() throws { try settingsChanged(poll: true) }

    @Test func outputsInTheWatchedFolderInotify() throws { try outputsInTheWatchedFolder(poll: false) }
    @Test func outputsInTheWatchedFolderPolling() throws { try outputsInTheWatchedFolder(poll: true) }

    @Test func folderReplacedInotify() throws { try folderReplaced(poll: false) }
    @Test func folderReplacedPolling() throws { try folderReplaced(poll: true) }

    @Test func savedDuringTheFirstBuildInotify() throws { try savedDuringTheFirstBuild(poll: false) }
    @Test func savedDuringTheFirstBuildPolling() throws { try savedDuringTheFirstBuild(poll: true) }

    @Test func inotify() throws { try run(poll: false) }
    @Test func polling() throws { try run(poll: true) }
}
