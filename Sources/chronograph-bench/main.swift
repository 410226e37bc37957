// Benchmarks for scripts/bench (run in a release build). Prints medians of repeated runs and
// peak memory; the machines are shared and noisy, so compare ratios measured in one run.
import ChronographBuild
import ChronographCore
import ChronographExtract
import ChronographGraph
import ChronographRender
import Foundation

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// The process's CPU time so far (user and system, all threads), in seconds; with
/// `RUSAGE_CHILDREN`, that of the child processes waited for so far.
func cpuSeconds(_ who: __rusage_who = RUSAGE_SELF) -> Double {
    var u = rusage()
    getrusage(who.rawValue, &u)
    return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
}

/// The CPU time (all threads) of the child processes waited for so far.
func childrenCPUSeconds() -> Double { cpuSeconds(RUSAGE_CHILDREN) }

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// Runs `body` `runs` times (after one warm-up) and returns the median seconds.
func measure(_ runs: Int, _ body: () -> Void) -> Double { measure(runs, reset: {}, body) }

/// As `measure`, with `reset` run untimed before each run: an extraction is timed from its
/// input to its result, which is kept, as a build keeps it (the freeing of the last run's
/// result, which a build never does before extracting the next document, is not timed).
func measure(_ runs: Int, reset: () -> Void, _ body: () -> Void) -> Double {
    reset(); body()
    var times: [Double] = []
    for _ in 0..<runs {
        reset()
        let t0 = now()
        body()
        times.append(now() - t0)
    }
    return median(times)
}

/// Runs a program with its output and errors sent to /dev/null and waits for it (posix_spawn
/// and waitpid); returns its exit status.
func spawnAndWait(_ path: String, _ arguments: [String]) -> Int32 {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
    defer { for a in argv { free(a) } }
    var pid: pid_t = 0
    guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else { return -1 }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
}

func peakRSSMB() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_maxrss) / 1024 // kilobytes on Linux
}

// as the command line runs (large pages for the heap), so that in-process figures are watch's
MemoryTuning.restartWithLargePages()

let args = CommandLine.arguments
let root = args.count > 1 ? args[1] : "."
let what = Set(args.dropFirst(2))
let modes: Set<String> = ["tag-once", "write-corpus", "write-document", "extract-dir", "recognize-dir", "events-dir", "write-incremental", "merge-dir", "one-change", "extractor-init"]
func wanted(_ name: String) -> Bool { (what.isEmpty && !(args.count > 2 && modes.contains(args[2]))) || what.contains(name) }

// MARK: corpus from the bundled examples, with names, numbers and dates varied

struct Corpus {
    /// Paragraphs each naming people and firms not named before (names made of syllables by a
    /// fixed sequence), with dates, a pronoun that refers back, and a visit.
    static func newPeopleText(bytes: Int) -> String {
        let syllables = ["ka", "lo", "mi", "ra", "te", "su", "no", "va", "ri", "de", "zo", "fa", "gu", "pe", "xi", "ly"]
        var state: UInt64 = 0x9E3779B97F4A7C15
        func name() -> String {
            var w = ""
            for _ in 0..<3 { state = state &* 6364136223846793005 &+ 1442695040888963407; w += syllables[Int(state >> 60)] }
            return w.prefix(1).uppercased() + w.dropFirst()
        }
        var out = "", day = 0
        while out.utf8.count < bytes {
            day += 1
            let month = months[day % 12], d = day % 28 + 1
            out += "\(name()) \(name()), who chairs \(name()) Group, said on \(d) \(month) 2023 that she had met \(name()) \(name()) in Oslo. "
            out += "She also visited \(name()) Holdings two days later, and the firms signed a supply deal.\n\n"
        }
        return out
    }

    static let firstNames = ["Lena", "Ivan", "Marta", "Tomas", "Aiko", "Omar", "Petra", "Jonas", "Mei", "Rafael", "Nadia", "Karl"]
    static let lastNames = ["Ortiz", "Sokolov", "Kowalczyk", "Varga", "Tanaka", "Haddad", "Novak", "Berg", "Lin", "Costa", "Petrov", "Weber"]
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]

    /// The example documents' bodies (front matter and HTML markup dropped).
    static func exampleBodies(_ dir: String) -> [String] {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted()
        var out: [String] = []
        for f in files where DocumentLoader.format(ofPath: f) != nil {
            guard let doc = try? DocumentLoader.load(file: dir + "/" + f, path: f, id: f) else { continue }
            out.append(doc.workText(0, doc.text.count))
        }
        return out
    }

    /// A variant of a text: one person's name replaced, a year and a month shifted.
    static func variant(_ text: String, _ i: Int) -> String {
        var s = text
        s = s.replacingOccurrences(of: "Chen Wenqing", with: "\(firstNames[i % 12]) \(lastNames[(i / 12) % 12])")
        s = s.replacingOccurrences(of: "2022", with: String(1990 + i % 35))
        s = s.replacingOccurrences(of: "March", with: months[i % 12])
        return s
    }

    /// About `bytes` of text: variants of the examples, as paragraphs.
    static func text(_ bodies: [String], bytes: Int) -> String {
        var out = ""
        out.reserveCapacity(bytes + 4096)
        var i = 0
        while out.utf8.count < bytes {
            out += variant(bodies[i % bodies.count], i) + "\n\n"
            i += 1
        }
        return out
    }
}

let examples = root + "/examples"
let bodies = Corpus.exampleBodies(examples)
guard !bodies.isEmpty else { print("bench: no examples in \(examples)"); exit(1) }
print("bench: corpus generated from \(bodies.count) example documents (names, years and months varied)")

/// The front matter of the benchmark's documents: their date.
let benchHeader = "---\ndate: 2024-05-03\n---\n"

func loaded(_ text: String, id: String = "bench") -> LoadedDocument {
    return try! DocumentLoader.prepare(bytes: Array((benchHeader + text).utf8), path: id + ".txt", id: id, format: .text)
}

// MARK: 1. the temporal tagger alone, and scaling with document size

/// The tagger's three stages timed apart over one document (medians of 3): tokens, sentences,
/// tagging; and the time expressions found.
func timeTagger(_ doc: LoadedDocument) -> (tokenize: Double, split: Double, tag: Double, found: Int) {
    let tz = Tokenizer.tokenize(doc.text)
    let sentences = SentenceSplitter.english.split(tz)
    var found = 0
    let tTok = measure(3) { _ = Tokenizer.tokenize(doc.text) }
    let tSplit = measure(3) { _ = SentenceSplitter.english.split(tz) }
    let tTag = measure(3) { found = TimeTagger.english.tag(tz, sentences: sentences, reference: CivilDate(year: 2024, month: 5, day: 3)).count }
    return (tTok, tSplit, tTag, found)
}

if wanted("time") {
    let big = Corpus.text(bodies, bytes: ProcessInfo.processInfo.environment["BENCH_MB"].flatMap { Int($0) }.map { $0 * 1_000_000 } ?? 50_000_000)
    let doc = loaded(big)
    let mb = Double(doc.text.count) / 1e6
    let tagger = TimeTagger.english
    let (tTok, tSplit, tTag, n) = timeTagger(doc)
    print(String(format: "time: %.1f MB corpus, %d time expressions", mb, n))
    print(String(format: "time: tokenize %.0f MB/s, sentences %.0f MB/s, tag %.0f MB/s; tagger alone (tokenize + sentences + tag) %.1f MB/s",
                 mb / tTok, mb / tSplit, mb / tTag, mb / (tTok + tSplit + tTag)))
    for size in [1_000, 100_000, 10_000_000] {
        let d = loaded(Corpus.text(bodies, bytes: size))
        let reps = max(1, 20_000_000 / size)
        let t = measure(3) {
            for _ in 0..<min(reps, 2000) {
                let tz = Tokenizer.tokenize(d.text)
                _ = tagger.tag(tz, sentences: SentenceSplitter.english.split(tz), reference: CivilDate(year: 2024, month: 5, day: 3))
            }
        }
        let total = Double(d.text.count * min(reps, 2000)) / 1e6
        print(String(format: "time: documents of %8d bytes: %.1f MB/s", d.text.count, total / t))
    }
    print(String(format: "time: peak memory %.0f MB", peakRSSMB()))
    // the same on news as it was written: the shared evaluation's TimeBank/AQUAINT articles
    // (their own wording and density of dates: the example corpus, written for this project,
    // has nearly twice as many time expressions per kilobyte), when they are beside the project
    let newsDir = ProcessInfo.processInfo.environment["BENCH_NEWS"] ?? root + "/../shared/eval/data/tbaq/docs"
    let news = Corpus.exampleBodies(newsDir)
    if !news.isEmpty {
        let nd = loaded(Corpus.text(news, bytes: Int(mb * 1_000_000)))
        let nmb = Double(nd.text.count) / 1e6
        let (nTok, nSplit, nTag, found) = timeTagger(nd)
        print(String(format: "time: news articles (%d from %@), %.1f MB: %d time expressions (%.1f per KB, the example corpus %.1f)",
                     news.count, (newsDir as NSString).lastPathComponent == "docs" ? ((newsDir as NSString).deletingLastPathComponent as NSString).lastPathComponent : newsDir,
                     nmb, found, Double(found) / (nmb * 1000), Double(n) / (mb * 1000)))
        print(String(format: "time: news articles: tokenize %.0f MB/s, sentences %.0f MB/s, tag %.0f MB/s; tagger alone %.1f MB/s",
                     nmb / nTok, nmb / nSplit, nmb / nTag, nmb / (nTok + nSplit + nTag)))
        print(String(format: "time: peak memory with the news corpus too %.0f MB", peakRSSMB()))
    }
}

// MARK: 2. whole extraction on one core

if wanted("extract") {
    let extractor = Extractor()
    let doc = loaded(Corpus.text(bodies, bytes: 20_000_000))
    let mb = Double(doc.text.count) / 1e6
    var ex: DocumentExtraction? = nil
    let t = measure(3, reset: { ex = nil }) { ex = extractor.extract(doc) }
    print(String(format: "extract: %.1f MB in one document: %.1f MB/s (%d actors, %d events) on one core", mb, mb / t, ex!.actors.count, ex!.events.count))
    // the scope of the actors issue: time expressions and actors (tokens, sentences, tagger, recognizer)
    var recognizedResult: Extractor.Recognized? = nil
    let tRecognize = measure(3, reset: { recognizedResult = nil }) { recognizedResult = extractor.recognize(doc) }
    print(String(format: "extract: time expressions and actors alone (no events or links), same document: %.1f MB/s (%d actor mentions) on one core", mb / tRecognize, recognizedResult!.actors.count))
    recognizedResult = nil
    // the events stage alone, on what the first stages found
    let r = extractor.recognize(doc)
    let actorsOnly = r.actors.filter { !$0.weak }
    var eventsResult: EventExtractor.Output? = nil
    let tEvents = measure(3, reset: { eventsResult = nil }) {
        eventsResult = EventExtractor.english.extract(doc: doc, tz: r.tz, sentences: r.sentences, timexes: r.timexes, actors: actorsOnly,
                                                      published: r.published, lowers: r.lowers)
    }
    print(String(format: "extract: events and links alone, same document: %.1f MB/s (%d events)", mb / tEvents, eventsResult!.events.count))
    eventsResult = nil
    // scaling: documents where every paragraph names people not seen before (so that nothing
    // about an actor is found near the start of the document), of growing size
    for size in [100_000, 1_000_000, 8_000_000] {
        let d = loaded(Corpus.newPeopleText(bytes: size))
        let reps = max(1, 8_000_000 / size)
        var kept: [DocumentExtraction] = []
        let ts = measure(2, reset: { kept = []; kept.reserveCapacity(reps) }) { for _ in 0..<reps { kept.append(extractor.extract(d)) } }
        print(String(format: "extract: a document of %7d bytes naming new people in every paragraph: %.1f MB/s on one core",
                     d.text.count, Double(d.text.count * reps) / 1e6 / ts))
    }
    // many small documents, one core, then all cores
    let docs = (0..<4000).map { i in loaded(Corpus.text([bodies[i % bodies.count]], bytes: 1), id: "d\(i)") }
    let smb = Double(docs.reduce(0) { $0 + $1.text.count }) / 1e6
    var kept: [DocumentExtraction] = []
    let t1 = measure(3, reset: { kept = []; kept.reserveCapacity(docs.count) }) { for d in docs { kept.append(extractor.extract(d)) } }
    kept = []
    // (each result kept in its own slot: the threads write to distinct elements of a buffer)
    struct Slots: @unchecked Sendable { let buffer: UnsafeMutableBufferPointer<DocumentExtraction?> }
    let slots = Slots(buffer: .allocate(capacity: docs.count))
    slots.buffer.initialize(repeating: nil)
    let tN = measure(3, reset: { for i in slots.buffer.indices { slots.buffer[i] = nil } }) {
        DispatchQueue.concurrentPerform(iterations: docs.count) { slots.buffer[$0] = extractor.extract(docs[$0]) }
    }
    slots.buffer.deinitialize(); slots.buffer.deallocate()
    print(String(format: "extract: %d documents (%.1f MB): one core %.1f MB/s, %d cores %.1f MB/s, speed-up %.2fx",
                 docs.count, smb, smb / t1, ProcessInfo.processInfo.activeProcessorCount, smb / tN, t1 / tN))
    print(String(format: "extract: peak memory %.0f MB", peakRSSMB()))
}

// MARK: 3. a corpus on disk, for the peer comparison (scripts/bench)

if args.count > 3 && args[2] == "write-corpus" {
    let dir = args[3]
    let bytes = args.count > 4 ? Int(args[4]) ?? 300_000 : 300_000
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    var written = 0, i = 0
    while written < bytes {
        let body = Corpus.variant(bodies[i % bodies.count], i)
        let text = "---\ntitle: Generated example \(i)\ndate: 2024-05-\(String(format: "%02d", 1 + i % 28))\n---\n" + body + "\n"
        try! Data(text.utf8).write(to: URL(fileURLWithPath: String(format: "%@/doc-%05d.txt", dir, i)))
        written += text.utf8.count; i += 1
    }
    print("bench: wrote \(i) documents, \(written) bytes to \(dir)")
}

// `write-document DIR BYTES`: the one long document of the extraction benchmark, for profiling
if args.count > 3 && args[2] == "write-document" {
    let bytes = args.count > 4 ? Int(args[4]) ?? 20_000_000 : 20_000_000
    try? FileManager.default.createDirectory(atPath: args[3], withIntermediateDirectories: true)
    try! Data((benchHeader + Corpus.text(bodies, bytes: bytes)).utf8).write(to: URL(fileURLWithPath: args[3] + "/document.txt"))
}

/// The .txt documents of a folder, loaded, and their size in bytes.
func textDocuments(in dir: String) -> ([LoadedDocument], Double) {
    let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted().filter { $0.hasSuffix(".txt") }
    let docs = files.map { try! DocumentLoader.load(file: dir + "/" + $0, path: $0, id: $0) }
    return (docs, Double(docs.reduce(0) { $0 + $1.bytes.count }))
}

// `recognize-dir DIR`: time expressions and actors alone over a folder, for profiling (median of 5)
if args.count > 3 && args[2] == "recognize-dir" {
    let (docs, bytes) = textDocuments(in: args[3])
    let extractor = Extractor()
    let t = measure(5) { for d in docs { _ = extractor.recognize(d) } }
    print(String(format: "recognize: time expressions and actors, one core: %.0f KB/s (median of 5)", bytes / 1000 / t))
}

// `events-dir DIR`: the events stage alone over a folder (first stages run once), for profiling
if args.count > 3 && args[2] == "events-dir" {
    let (docs, bytes) = textDocuments(in: args[3])
    let extractor = Extractor()
    let rs = docs.map { extractor.recognize($0) }
    let t = measure(9) {
        for (d, r) in zip(docs, rs) {
            _ = EventExtractor.english.extract(doc: d, tz: r.tz, sentences: r.sentences, timexes: r.timexes, actors: r.actors.filter { !$0.weak },
                                               published: r.published, lowers: r.lowers)
        }
    }
    print(String(format: "events: events and links stage, one core: %.0f KB/s (median of 9)", bytes / 1000 / t))
}

if args.count > 3 && args[2] == "extract-dir" {
    let (docs, bytes) = textDocuments(in: args[3])
    let extractor = Extractor()
    let t = measure(5) { for d in docs { _ = extractor.extract(d) } }
    print(String(format: "peer-corpus: chronograph extraction on one core: %.3f s for %.0f KB = %.0f KB/s (median of 5)", t, bytes / 1000, bytes / 1000 / t))
    print(String(format: "{\"chronograph_seconds\": %.6f, \"bytes\": %.0f}", t, bytes))
}

// MARK: 4. rendering large graphs and long timelines (issue: renderers)

/// A deterministic pseudo-random graph: `n` actors, `m` typed links, `e` events.
func syntheticGraph(actors n: Int, links m: Int, events e: Int) -> Graph {
    var rng: UInt64 = 0x9E3779B97F4A7C15
    func next() -> Int { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return Int(rng % 1_000_000_007) }
    let kinds: [ActorKind] = [.person, .organization, .location, .group]
    var g = Graph()
    g.documents = [DocumentInfo(id: "synthetic", path: "synthetic.txt", title: "Synthetic", published: "2024-05-03", publishedSource: .frontMatter)]
    g.actors = (0..<n).map { i in
        Actor(id: String(format: "a%05d", i), name: "\(Corpus.firstNames[i % 12]) \(Corpus.lastNames[(i / 12) % 12]) \(i)", kind: kinds[i % 4],
              mentions: [Mention(doc: "synthetic", start: i, end: i + 1, text: "x")])
    }
    let linkKinds = ["met", "visited", "signed", "sanctioned", "accused", "works-for"]
    var seen = Set<String>()
    while g.links.count < m {
        // mostly local links (communities), some long ones
        let a = next() % n
        let b = next() % 10 < 8 ? (a + 1 + next() % 25) % n : next() % n
        guard a != b else { continue }
        let (s, t) = a < b ? (a, b) : (b, a)
        let kind = linkKinds[next() % linkKinds.count]
        let key = "\(s)-\(t)-\(kind)"
        guard seen.insert(key).inserted else { continue }
        g.links.append(Link(source: g.actors[s].id, target: g.actors[t].id, kind: kind, directed: kind == "sanctioned" || kind == "accused",
                            weight: 1 + next() % 4, events: [], sources: [SourceSpan(doc: "synthetic", start: 0, end: 10)]))
    }
    g.links.sort { ($0.source, $0.target, $0.kind) < ($1.source, $1.target, $1.kind) }
    let eventKinds = ["meeting", "visit", "statement", "agreement", "sanction", "military"]
    g.events = (0..<e).map { i in
        let day = CivilDate(year: 2015, month: 1, day: 1).adding(days: next() % 3600)
        let fuzzy = i % 5 == 0
        let when = fuzzy ? When(value: String(day.iso.prefix(7)), basis: .relative) : When(value: day.iso, basis: .explicit)
        return Event(id: String(format: "e-%05d", i), when: when, kind: eventKinds[i % eventKinds.count], trigger: "met",
                     summary: "\(g.actors[i % n].name) met \(g.actors[(i * 7 + 3) % n].name) about item \(i)",
                     actors: [EventActor(actor: g.actors[i % n].id, role: .agent), EventActor(actor: g.actors[(i * 7 + 3) % n].id, role: .target)],
                     sources: [SourceSpan(doc: "synthetic", start: 0, end: 10)])
    }.sorted { ($0.when!.start!, $0.id) < ($1.when!.start!, $1.id) }
    return g
}

if wanted("render") {
    let templates = root + "/templates"
    let g = syntheticGraph(actors: 2000, links: 10000, events: 200)
    var options = BuildOptions(inputs: [], outputDirectory: "/tmp", formats: [.dot, .svg], templatesDirectory: templates, title: "Large graph")
    options.view.maxActors = 2000
    var notices: [String] = []
    var svgBytes = 0
    let t = measure(3) {
        let out = try! Builder.render(g, docs: [:], options: options, notices: &notices, problems: [])
        svgBytes = out.first { $0.0 == .svg }!.1.count
    }
    print(String(format: "render: 2000 actors, 10000 links -> DOT + SVG (%@, in-process) in %.2f s median (%d KB of SVG)",
                 DOTRenderer.automaticLayout(actors: 2000, links: 10000), t, svgBytes / 1024))
    // the timeline page with 5000 events, for the browser check in scripts/bench
    if args.count > 3, args.last!.hasPrefix("/") {
        let dir = args.last!
        let big = syntheticGraph(actors: 300, links: 600, events: 5000)
        var o = BuildOptions(inputs: [], outputDirectory: dir, formats: [.html, .timeline], templatesDirectory: templates, title: "5000 events")
        o.view.maxActors = 300
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let t2 = measure(3) {
            let out = try! Builder.render(big, docs: [:], options: o, notices: &notices, problems: [])
            for (f, parts) in out { try! OutputWriter.write(parts.data, to: dir + "/" + f.fileName) }
        }
        print(String(format: "render: 5000-event timeline page and timeline.svg written in %.2f s median", t2))
    }
}

// MARK: 5. incremental builds and watch latency on 1,000 documents

/// The 1,000 dated documents of the incremental benchmark (also `write-incremental DIR`, for profiling).
func writeIncrementalCorpus(_ input: String) {
    try! FileManager.default.createDirectory(atPath: input, withIntermediateDirectories: true)
    for i in 0..<1000 {
        let body = Corpus.variant(bodies[i % bodies.count], i)
        let day = CivilDate(year: 2022, month: 1, day: 1).adding(days: i)
        try! Data("---\ntitle: Document \(i)\ndate: \(day.iso)\n---\n\(body)\n".utf8).write(to: URL(fileURLWithPath: String(format: "%@/doc-%04d.txt", input, i)))
    }
}

if args.count > 3 && args[2] == "write-incremental" { writeIncrementalCorpus(args[3]) }

// `extractor-init`: how long a new process takes to make its extractor (rules and lexicons
// read and indexed), as a command-line rebuild of one changed document waits for it
if args.count > 2 && args[2] == "extractor-init" {
    let t0 = now()
    let x = Extractor()
    let t = now() - t0
    withExtendedLifetime(x) {}
    print(String(format: "extractor-init: %.1f ms", t * 1000))
    // each part made again (the rule files are in the page cache by now): medians of 9
    var keep: [Any] = []
    let parts: [(String, () -> Any)] = [
        ("actor lexicon", { ActorLexicon(language: "en") }), ("time grammar", { try! TimeGrammar(language: "en") }),
        ("event cues", { EventExtractor(language: "en") }), ("sentence splitter", { SentenceSplitter(language: "en") }),
    ]
    print("extractor-init parts (medians of 9):", parts.map { name, make in
        String(format: "%@ %.1f ms", name, measure(9) { keep.append(make()) } * 1000)
    }.joined(separator: ", "))
    withExtendedLifetime(keep) {}
}

// `tag-once MB [DIR]`: the tagger once over MB of the example corpus (or of the documents of
// DIR), for counting its instructions under valgrind (a figure the shared machines' noise leaves
// alone): prints the expressions found
if args.count > 3 && args[2] == "tag-once" {
    let source = args.count > 4 ? Corpus.exampleBodies(args[4]) : bodies
    let d = loaded(Corpus.text(source.isEmpty ? bodies : source, bytes: (Int(args[3]) ?? 1) * 1_000_000))
    let tz = Tokenizer.tokenize(d.text)
    let found = TimeTagger.english.tag(tz, sentences: SentenceSplitter.english.split(tz), reference: CivilDate(year: 2024, month: 5, day: 3))
    print("tag-once: \(found.count) time expressions")
}

// `merge-dir DIR`: the merge of a folder's extractions alone, for profiling (median of 9)
if args.count > 3 && args[2] == "merge-dir" {
    let dir = args[3]
    let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted().filter { DocumentLoader.format(ofPath: $0) != nil }
    let extractor = Extractor()
    let xs = files.map { extractor.extract(try! DocumentLoader.load(file: dir + "/" + $0, path: $0, id: $0)) }
    var g = Graph()
    let t = measure(Int(ProcessInfo.processInfo.environment["MERGE_REPS"] ?? "9") ?? 9) { g = GraphBuilder.merge(xs, placesWithin: PlaceContainment.of(language: "en"), orgSuffixes: CompanyForms.suffixes(language: "en"), nicknames: GivenNameForms.of(language: "en")) }
    print(String(format: "merge: %d extractions, %d events: %.1f ms median", xs.count, g.events.count, t * 1000))
}

// `one-change DIR N`: a cold build of DIR into DIR/../out-bench, then N in-process rebuilds
// each after one document changed, for profiling (median printed; WATCH_MEMORY=1 keeps
// documents and extractions in memory between the builds, as watch mode does)
if args.count > 4 && args[2] == "one-change" {
    let input = args[3], out = (args[3] as NSString).deletingLastPathComponent + "/out-bench"
    let options = BuildOptions(inputs: [input], outputDirectory: out, templatesDirectory: root + "/templates", title: "one-change")
    if ProcessInfo.processInfo.environment["WATCH_MEMORY"] != nil { ExtractionCache.memory.enable(); Builder.loadedMemory.enable() }
    _ = try! Builder.build(options)
    let files = ((try? FileManager.default.contentsOfDirectory(atPath: input)) ?? []).sorted()
    let path = input + "/" + files[files.count / 2]
    var times: [Double] = [], cpu: [Double] = []
    // the document as it was: each rebuild adds one sentence to it, not one more than the last
    let original = String(decoding: FileManager.default.contents(atPath: path)!, as: UTF8.self)
    for n in 0..<(Int(args[4]) ?? 20) {
        OutputWriter.Retired.finish()
        try! Data((original + "\nOn \(n % 28 + 1) May 2024 Lena Ortiz met Ivan Sokolov again.\n").utf8).write(to: URL(fileURLWithPath: path))
        let c0 = cpuSeconds(), t0 = now()
        _ = try! Builder.build(options)
        times.append(now() - t0); cpu.append(cpuSeconds() - c0)
    }
    try! Data(original.utf8).write(to: URL(fileURLWithPath: path))
    // CPU time (all threads) is steadier than wall time on a shared machine
    print(String(format: "one-change: %d rebuilds, median %.1f ms, CPU %.1f ms", times.count, median(times) * 1000, median(cpu) * 1000))
}

if wanted("incremental") {
    let base = NSTemporaryDirectory() + "chronograph-bench-\(getpid())"
    let input = base + "/docs", out = base + "/out"
    try? FileManager.default.removeItem(atPath: base)
    writeIncrementalCorpus(input)
    let options = BuildOptions(inputs: [input], outputDirectory: out, templatesDirectory: root + "/templates", title: "1000 documents")
    // in process, as `watch` rebuilds: the documents and extractions of the last build kept in
    // memory (a cold build forgets them, with everything else this process remembered)
    ExtractionCache.memory.enable(); Builder.loadedMemory.enable()
    var last: BuildReport? = nil
    // cold: nothing on disk and nothing remembered by this process (as a first run of the
    // command); removing the last run's outputs is not timed
    var colds: [Double] = []
    for _ in 0..<4 {
        try? FileManager.default.removeItem(atPath: out)
        Builder.forgetMemos()
        OutputWriter.Retired.finish()
        let t0 = now()
        last = try! Builder.build(options)
        colds.append(now() - t0)
    }
    let cold = median(Array(colds.dropFirst()))
    let g = last!.graph
    let layout = DOTRenderer.automaticLayout(actors: DOTRenderer.drawnActors(GraphFilter.view(g, options.view).graph).count, links: GraphFilter.view(g, options.view).graph.links.count)
    let noChange = measure(5) { last = try! Builder.build(options) }
    precondition(last!.upToDate)
    var n = 0
    /// One document changed: a sentence added to it (another each time).
    func changeOneDocument() {
        n += 1
        let path = input + "/doc-0500.txt"
        let text = String(decoding: FileManager.default.contents(atPath: path)!, as: UTF8.self)
        try! Data((text + "\nOn \(n) March 2024 Lena Ortiz met Ivan Sokolov again.\n").utf8).write(to: URL(fileURLWithPath: path))
    }
    // The rebuild alone is timed, from a quiet start as the cold build's: the document is saved
    // first, and the removal of the outputs the last rebuild replaced (on a background thread,
    // after it ended) is waited for. (Both had been timed: saving the document took about 20 ms
    // while that removal still held the file system, as it never does between a user's edits.)
    let oneChanged = measure(5, reset: { OutputWriter.Retired.finish(); changeOneDocument() }) {
        last = try! Builder.build(options)
    }
    print(String(format: "incremental: 1000 documents (%d actors, %d events, %d links; layout %@), in process as watch rebuilds: cold build %.2f s, no-change rebuild %.3f s (%.1f%% of cold), one changed document %.3f s (%.1f%% of cold)",
                 g.actors.count, g.events.count, g.links.count, layout, cold, noChange, 100 * noChange / cold, oneChanged, 100 * oneChanged / cold))
    let binary = root + "/.build/release/chronograph"
    // the same through the command line, a process per build as a user runs it: the process
    // starts, reads the rules, the cache and the memos, and ends, in the cold build and in the
    // rebuild alike
    if FileManager.default.isExecutableFile(atPath: binary) {
        let cliOut = base + "/out-cli"
        // (spawned and waited for as a shell does: Foundation's Process.waitUntilExit added about
        // 50 ms to every run here, the time it takes to notice that the child ended)
        let cliCold = base + "/out-cli-cold"
        func runBuild(_ out: String) {
            let status = spawnAndWait(binary, ["build", input, "--out", out, "--templates", root + "/templates", "--title", "1000 documents"])
            precondition(status == 0, "chronograph build failed")
        }
        // Cold builds and one-change rebuilds take turns, so that both are measured in the same
        // moments of a shared machine (measured one series after the other, the ratio moved
        // with the machine's load: the cold build alone took 1.2 s in one run and 1.9 s in the next).
        // The cold build goes to a folder of its own, emptied untimed before each; the rebuilds to
        // one kept warm. (The document is saved untimed, as above; a process leaves the outputs
        // it replaced to the next one, which removes them in the background while it works:
        // that stays timed.)
        // Each round's rebuild is also divided by that round's cold build: the two ran moments
        // apart, so a slow spell of the machine weighs on both (the medians of the pairs' ratios,
        // of wall and of CPU time, are printed besides the ratio of the medians).
        try? FileManager.default.removeItem(atPath: cliOut)
        runBuild(cliOut)
        var colds: [Double] = [], changes: [Double] = [], pairs: [Double] = [], cpuPairs: [Double] = []
        for _ in 0..<9 {
            try? FileManager.default.removeItem(atPath: cliCold)
            let c0 = childrenCPUSeconds(), t0 = now(); runBuild(cliCold)
            let cold = now() - t0, coldCPU = childrenCPUSeconds() - c0
            changeOneDocument()
            let c1 = childrenCPUSeconds(), t1 = now(); runBuild(cliOut)
            let change = now() - t1, changeCPU = childrenCPUSeconds() - c1
            colds.append(cold); changes.append(change); pairs.append(change / cold); cpuPairs.append(changeCPU / coldCPU)
        }
        let c = median(colds), changed = median(changes)
        print(String(format: "incremental: through the command line (a process per build, 9 rounds taking turns): cold build %.2f s, one changed document %.3f s (medians; %.1f%% of cold); per round, the rebuild is %.1f%% of that round's cold build (median; CPU time %.1f%%)",
                     c, changed, 100 * changed / c, 100 * median(pairs), 100 * median(cpuPairs)))
        try? FileManager.default.removeItem(atPath: cliOut)
        try? FileManager.default.removeItem(atPath: cliCold)
    }
    // watch latency: a saved file to updated outputs, through the release binary
    if FileManager.default.isExecutableFile(atPath: binary) {
        let log = base + "/watch.log"
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: binary)
        p.arguments = ["watch", input, "--out", out, "--debounce", "50", "--templates", root + "/templates", "--title", "1000 documents"]
        p.standardOutput = FileHandle(forWritingAtPath: log)
        p.standardError = FileHandle.nullDevice
        try! p.run()
        func lineCount() -> Int { String(decoding: FileManager.default.contents(atPath: log) ?? Data(), as: UTF8.self).split(separator: "\n").count }
        while lineCount() < 1 { usleep(10_000) }
        var latencies: [Double] = []
        for i in 0..<9 {
            let before = lineCount()
            let path = input + String(format: "/doc-%04d.txt", 100 + i)
            let text = String(decoding: FileManager.default.contents(atPath: path)!, as: UTF8.self)
            let t0 = now()
            try! Data((text + "\nOn \(i + 1) April 2024 Aiko Tanaka visited Oslo.\n").utf8).write(to: URL(fileURLWithPath: path))
            while lineCount() <= before { usleep(2_000) }
            latencies.append(now() - t0)
            usleep(200_000)
        }
        kill(p.processIdentifier, SIGINT)
        p.waitUntilExit()
        print(String(format: "incremental: watch latency from a saved file to updated outputs: median %.0f ms (debounce 50 ms included; min %.0f, max %.0f; layout %@)",
                     median(latencies) * 1000, latencies.min()! * 1000, latencies.max()! * 1000, layout))
    }
    try? FileManager.default.removeItem(atPath: base)
}
