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

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

/// Runs `body` `runs` times (after one warm-up) and returns the median seconds.
func measure(_ runs: Int, _ body: () -> Void) -> Double {
    body()
    var times: [Double] = []
    for _ in 0..<runs {
        let t0 = now()
        body()
        times.append(now() - t0)
    }
    return median(times)
}

func peakRSSMB() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_maxrss) / 1024 // kilobytes on Linux
}

let args = CommandLine.arguments
let root = args.count > 1 ? args[1] : "."
let what = Set(args.dropFirst(2))
func wanted(_ name: String) -> Bool { what.isEmpty || what.contains(name) }

// MARK: corpus from the bundled examples, with names, numbers and dates varied

struct Corpus {
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

func loaded(_ text: String, id: String = "bench") -> LoadedDocument {
    let header = "---\ndate: 2024-05-03\n---\n"
    return try! DocumentLoader.prepare(bytes: Array((header + text).utf8), path: id + ".txt", id: id, format: .text)
}

// MARK: 1. the temporal tagger alone, and scaling with document size

if wanted("time") {
    let big = Corpus.text(bodies, bytes: ProcessInfo.processInfo.environment["BENCH_MB"].flatMap { Int($0) }.map { $0 * 1_000_000 } ?? 50_000_000)
    let doc = loaded(big)
    let mb = Double(doc.text.count) / 1e6
    let tz = Tokenizer.tokenize(doc.text)
    let sentences = SentenceSplitter.english.split(tz)
    let tagger = TimeTagger.english
    var n = 0
    let tTok = measure(3) { n = Tokenizer.tokenize(doc.text).tokens.count }
    let tSplit = measure(3) { n = SentenceSplitter.english.split(tz).count }
    let tTag = measure(3) { n = tagger.tag(tz, sentences: sentences, reference: CivilDate(year: 2024, month: 5, day: 3)).count }
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
}

// MARK: 2. whole extraction on one core

if wanted("extract") {
    let extractor = Extractor()
    let doc = loaded(Corpus.text(bodies, bytes: 20_000_000))
    let mb = Double(doc.text.count) / 1e6
    var ex: DocumentExtraction? = nil
    let t = measure(3) { ex = extractor.extract(doc) }
    print(String(format: "extract: %.1f MB in one document: %.1f MB/s (%d actors, %d events) on one core", mb, mb / t, ex!.actors.count, ex!.events.count))
    // many small documents, one core, then all cores
    let docs = (0..<4000).map { i in loaded(Corpus.text([bodies[i % bodies.count]], bytes: 1), id: "d\(i)") }
    let smb = Double(docs.reduce(0) { $0 + $1.text.count }) / 1e6
    let t1 = measure(3) { for d in docs { _ = extractor.extract(d) } }
    let tN = measure(3) { DispatchQueue.concurrentPerform(iterations: docs.count) { _ = extractor.extract(docs[$0]) } }
    print(String(format: "extract: %d documents (%.1f MB): one core %.1f MB/s, %d cores %.1f MB/s, speed-up %.2fx",
                 docs.count, smb, smb / t1, ProcessInfo.processInfo.activeProcessorCount, smb / tN, t1 / tN))
    print(String(format: "extract: peak memory %.0f MB", peakRSSMB()))
}
