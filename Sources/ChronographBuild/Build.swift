import ChronographCore
import ChronographExtract
import ChronographGraph
import ChronographRender
import Foundation

public enum OutputFormat: String, CaseIterable, Sendable {
    case json, dot, svg, html, timeline
    public var fileName: String {
        switch self {
        case .json: return "graph.json"
        case .dot: return "graph.dot"
        case .svg: return "graph.svg"
        case .html: return "index.html"
        case .timeline: return "timeline.svg"
        }
    }
}

public struct BuildOptions: Sendable {
    public var inputs: [String]
    public var outputDirectory: String
    public var formats: [OutputFormat]
    /// The Graphviz engine; nil: chosen by the size of the graph.
    public var layout: String?
    public var extract: ExtractOptions
    public var view: ViewOptions
    public var templatesDirectory: String
    public var title: String
    /// Where extractions are cached; nil: `<out>/.chronograph-cache`.
    public var cacheDirectory: String?
    /// The curation file (`--config`); nil: `chronograph.yml` in an input folder, if any.
    public var configPath: String?
    /// Write the remembered fragments to the cache after each build (watch mode writes them
    /// once, when it stops: they are in its memory meanwhile).
    public var saveMemos = true
    /// Map the memo files into memory rather than read them (`TextMemo.load`): for a process
    /// that ends with its builds; one that lives on while others may touch the files (watch
    /// mode) reads them.
    public var mapMemos = true
    public init(inputs: [String], outputDirectory: String, formats: [OutputFormat] = OutputFormat.allCases,
                layout: String? = nil, extract: ExtractOptions = ExtractOptions(), view: ViewOptions = ViewOptions(),
                templatesDirectory: String, title: String = "Chronograph", cacheDirectory: String? = nil) {
        self.inputs = inputs; self.outputDirectory = outputDirectory; self.formats = formats; self.layout = layout
        self.extract = extract; self.view = view; self.templatesDirectory = templatesDirectory; self.title = title
        self.cacheDirectory = cacheDirectory
    }

    public var cachePath: String { cacheDirectory ?? (outputDirectory as NSString).appendingPathComponent(".chronograph-cache") }

    /// The same options with every path's runs of slashes made one ("docs//a.txt" is
    /// "docs/a.txt"): Foundation's path functions stop the process on a doubled slash before
    /// letters past ASCII ("docs//ü"), and a build takes paths as the user typed them.
    public func withPlainSlashes() -> BuildOptions {
        var o = self
        o.inputs = inputs.map(Self.collapsingSlashes)
        o.outputDirectory = Self.collapsingSlashes(outputDirectory)
        o.templatesDirectory = Self.collapsingSlashes(templatesDirectory)
        o.cacheDirectory = cacheDirectory.map(Self.collapsingSlashes)
        o.configPath = configPath.map(Self.collapsingSlashes)
        return o
    }

    /// A path with each run of slashes made one (the path itself when it has none).
    public static func collapsingSlashes(_ p: String) -> String {
        let u = p.utf8
        guard u.count >= 2, zip(u, u.dropFirst()).contains(where: { $0 == 0x2F && $1 == 0x2F }) else { return p }
        var out: [UInt8] = []
        out.reserveCapacity(u.count)
        for b in u where !(b == 0x2F && out.last == 0x2F) { out.append(b) }
        return String(decoding: out, as: UTF8.self)
    }
}

public struct BuildReport: Sendable {
    /// The merged graph (empty when the build was up to date and nothing was merged).
    public var graph: Graph
    public var documentsBuilt: Int
    /// Documents whose extraction came from the cache.
    public var fromCache: Int = 0
    /// Nothing changed since the last build: no output was touched.
    public var upToDate: Bool = false
    /// Files read from disk (0 when their signatures showed that nothing changed).
    public var filesRead: Int = 0
    /// What changed since the previous build.
    public var changes: GraphChanges? = nil
    /// Inputs that were skipped, each with its one-line reason.
    public var problems: [String]
    public var notices: [String]
    /// Output files written (those whose bytes changed).
    public var written: [String]
    public var succeeded: Bool { problems.isEmpty }
}

public struct BuildFailure: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var problems: [String]
    public var description: String { message }
}

/// The whole pipeline: collect inputs → load and extract each document (in parallel) → merge →
/// render → write outputs atomically.
/// Phase timings on standard error when CHRONOGRAPH_TIMING is set (for profiling builds).
struct PhaseTimer {
    // getenv, not ProcessInfo's environment: that copies the whole environment at each call
    static let enabled = getenv("CHRONOGRAPH_TIMING") != nil
    let on = PhaseTimer.enabled
    var t = Date()
    mutating func mark(_ name: String) {
        guard on else { return }
        FileHandle.standardError.write(Data(String(format: "timing: %@ %.0f ms\n", name, Date().timeIntervalSince(t) * 1000).utf8))
        t = Date()
    }
}

/// A value computed on another thread; `value()` waits for it.
public final class Pending<T: Sendable>: @unchecked Sendable {
    let group = DispatchGroup()
    var result: Result<T, BuildFailure>? = nil
    public init(_ work: @escaping @Sendable () throws(BuildFailure) -> T) {
        DispatchQueue.global().async(group: group) {
            let r: Result<T, BuildFailure>
            do throws(BuildFailure) { r = .success(try work()) } catch { r = .failure(error) }
            self.result = r
        }
    }
    public func value() throws(BuildFailure) -> T {
        group.wait()
        return try result!.get()
    }
}

/// Outputs staged (written to temporary files) while the build still works on others; see
/// `OutputWriter.Staged`. Whatever is not committed when the build ends is removed.
public final class Staging: @unchecked Sendable {
    let directory: String
    private var staged: [String: OutputWriter.Staged] = [:]
    private let lock = NSLock()
    public init(directory: String) { self.directory = directory }
    /// Stages an output now (on the calling thread); a failure is left for the write phase to report.
    func stage(_ parts: ByteParts, as name: String) {
        guard let s = try? OutputWriter.stage(parts, to: (directory as NSString).appendingPathComponent(name), suffix: ".early") else { return }
        lock.lock(); let earlier = staged.updateValue(s, forKey: name); lock.unlock()
        earlier?.discard()
    }
    func take(_ name: String) -> OutputWriter.Staged? { lock.lock(); defer { lock.unlock() }; return staged.removeValue(forKey: name) }
    func discardAll() { lock.lock(); let all = staged.values; staged = [:]; lock.unlock(); for s in all { s.discard() } }
}

/// The page's templates for one build: parsed at its start, or, when the last build of this
/// program parsed the same texts (`token`), on another thread while the actors and events
/// merge (parsing them is a few milliseconds on one core at the start, when both are busy).
final class Templates: @unchecked Sendable {
    let token: String
    private var ready: HTMLRenderer?
    private let sources: HTMLRenderer.Sources?
    private var pending: Pending<HTMLRenderer>? = nil
    init(parsed: HTMLRenderer, token: String) { ready = parsed; sources = nil; self.token = token }
    init(deferred: HTMLRenderer.Sources, token: String) { ready = nil; sources = deferred; self.token = token }
    /// Starts parsing deferred templates on another thread.
    func parseMeanwhile() {
        guard ready == nil, pending == nil, let sources else { return }
        pending = Pending { () throws(BuildFailure) -> HTMLRenderer in
            do throws(TemplateError) { return try HTMLRenderer(sources) } catch { throw BuildFailure(message: error.description, problems: []) }
        }
    }
    /// The parsed templates (waiting for them, or parsing them here if not started).
    func parsed() throws(BuildFailure) -> HTMLRenderer {
        if let ready { return ready }
        parseMeanwhile()
        let r = try pending!.value()
        ready = r
        return r
    }
}

/// What a build leaves behind (the documents, their extractions, the outputs' bytes): freed
/// on a background thread once the build returns, not on the caller's. Freeing a thousand
/// documents' worth of values took milliseconds of every rebuild's time.
final class Leftovers: @unchecked Sendable {
    private var kept: [Any] = []
    private let lock = NSLock()
    func keep(_ x: Any) { lock.lock(); kept.append(x); lock.unlock() }
    /// Has a background thread drop everything kept (by then the build holds none of it).
    func release() {
        DispatchQueue.global(qos: .utility).async { [self] in
            lock.lock(); let all = kept; kept = []; lock.unlock()
            withExtendedLifetime(all) {}
        }
    }
}

public enum Builder {
    /// Starts reading the default language's rules and lexicons on another thread, before the
    /// command line is even parsed: a process's first milliseconds (starting, parsing its
    /// arguments) run on one core, and a rebuild that re-extracts a document waits for them.
    public static func prepareExtractor() {
        Extractor.prepare(language: ExtractOptions().language)
    }

    public static func build(_ options: BuildOptions) throws(BuildFailure) -> BuildReport {
        // (the build's own values are released when it returns; what it handed to `leftovers`
        // is then released elsewhere)
        let leftovers = Leftovers()
        defer { leftovers.release() }
        return try build(options, leaving: leftovers)
    }

    static func build(_ options: BuildOptions, leaving leftovers: Leftovers) throws(BuildFailure) -> BuildReport {
        let options = options.withPlainSlashes()
        _ = MemoryTuning.applied
        // the rules are read on another thread meanwhile (a rebuild extracts changed documents)
        Extractor.prepare(language: options.extract.language)
        var timer = PhaseTimer()
        let collected = InputCollector.collect(options.inputs, outputs: ownOutputs(options))
        timer.mark("collect")
        var problems = collected.errors.map(\.description)
        var notices = collected.notices.map(\.description)

        // Check the output folder and the templates before the work, so a bad one fails fast.
        do { try OutputWriter.prepareDirectory(options.outputDirectory) } catch {
            throw BuildFailure(message: error.description, problems: problems)
        }
        let lock: OutputLock
        do { lock = try OutputLock(directory: options.outputDirectory) } catch {
            throw BuildFailure(message: error.message, problems: problems)
        }
        defer { withExtendedLifetime(lock) {} }
        // temporary outputs a build killed while writing left (this one holds the lock now);
        // the copies of replaced outputs an earlier process left are removed in the background
        // meanwhile
        OutputWriter.removeStaleTemporaries(in: options.outputDirectory)
        _ = retiredFolder(options)
        let cache = ExtractionCache(directory: options.cachePath)
        let lastRecord = cache.lastBuild() // read once: it is a thousand lines for a thousand documents
        // The templates are read now; they are parsed now too (a broken one fails the build
        // before any work), unless the last build of this program parsed the very same ones:
        // then they are parsed while the merge runs on one core (see `Templates`).
        var templates: Templates? = nil
        if options.formats.contains(.html) {
            do {
                let sources = try HTMLRenderer.read(templatesDirectory: options.templatesDirectory)
                let token = templatesToken(sources)
                templates = lastRecord?.templates == token ? Templates(deferred: sources, token: token)
                    : Templates(parsed: try HTMLRenderer(sources), token: token)
            } catch {
                throw BuildFailure(message: error.description, problems: problems)
            }
        }

        timer.mark("lock, record and templates")
        var extractOptions = options.extract
        do { extractOptions.curation = try curation(options) } catch {
            throw BuildFailure(message: error.description, problems: problems)
        }
        // the extractor's rules and lexicons are read while the inputs and the cache are: a
        // rebuild needs them only for the documents that changed
        let options0 = extractOptions
        let extractorMade = Pending { Extractor(options: options0) }
        timer.mark("options")
        // Nothing changed since the last build, by the file system's word: every file has the
        // signature it had when last read (and was not touched just before that build), so its
        // cache key is the recorded one. Then no file is read and no output touched.
        if collected.errors.isEmpty, let last = lastRecord, let files = last.files, let recorded = last.recorded,
           last.extractOptions == extractorIdentity(extractOptions), !collected.files.isEmpty, collected.files.count == files.count {
            var keys: [String] = []
            for f in collected.files {
                guard let r = files[f.file], let sig = FileSignature.of(f.file), sig == r.signature,
                      FileSignature.lastTouched(sig) < recorded - 2 else { break }
                keys.append(r.key)
            }
            if keys.count == collected.files.count,
               buildFingerprint(keys: keys, ids: collected.files.map { ($0.id, $0.path) }, options: options, templates: templates?.token) == last.fingerprint,
               outputsExist(options) {
                timer.mark("signatures")
                return BuildReport(graph: Graph(), documentsBuilt: keys.count, fromCache: keys.count, upToDate: true, filesRead: 0,
                                   changes: GraphChanges(previous: true), problems: problems, notices: notices, written: [])
            }
        }
        // Load every document and compute its cache key; when the fingerprint of the whole
        // build is the last build's, nothing changed: stop before reading the cache at all.
        let loaded = loadAll(collected.files, extractOptions, known: KnownFiles(lastRecord, options: extractOptions))
        leftovers.keep(loaded)
        let filesRead = loaded.filter { if case .success(let l) = $0 { return !l.reused }; return true }.count
        timer.mark("load")
        let loadedOK = loaded.compactMap { try? $0.get() }
        if loadedOK.count == loaded.count, !loadedOK.isEmpty {
            let fp = buildFingerprint(keys: loadedOK.map(\.key), ids: loadedOK.map { ($0.file.id, $0.file.path) }, options: options, templates: templates?.token)
            if lastRecord?.fingerprint == fp, outputsExist(options) {
                return BuildReport(graph: Graph(), documentsBuilt: loadedOK.count, fromCache: loadedOK.count, upToDate: true, filesRead: filesRead,
                                   changes: GraphChanges(previous: true), problems: problems, notices: notices, written: [])
            }
        }
        // (making an extractor cannot fail: the value is always there)
        let results = extractAll(loaded, options: extractOptions, extractor: { try! extractorMade.value() }, cache: cache)
        leftovers.keep(results)
        timer.mark("extract")
        var docs: [String: DocumentSource] = [:]
        var extractions: [DocumentExtraction] = []
        var keys: [String] = []
        var hits = 0
        var docKeys: [String: String] = [:]
        for r in results {
            switch r {
            case .success(let d):
                docs[d.source.file.id] = d.source; extractions.append(d.extraction); keys.append(d.key)
                notices.append(contentsOf: d.notes)
                if docKeys[d.extraction.document.id] == nil { docKeys[d.extraction.document.id] = d.contentHash }
                if d.cached { hits += 1 }
            case .failure(let e): problems.append(e.description)
            }
        }
        guard !extractions.isEmpty else {
            throw BuildFailure(message: "no document could be built; outputs left as they were", problems: problems)
        }
        // the entries of changed and deleted documents are removed on another thread (unlinking
        // a file is kernel work of milliseconds); the build waits for it before it ends
        let keep = Set(keys)
        let pruned = Pending { cache.prune(keeping: keep) }
        defer { try? pruned.value() }
        // Nothing changed since the last build (documents, options, templates): touch nothing.
        let fingerprint = buildFingerprint(keys: keys, ids: extractions.map { ($0.document.id, $0.document.path) }, options: options, templates: templates?.token)
        let outDir = options.outputDirectory as NSString
        let last = lastRecord
        if last?.fingerprint == fingerprint,
           outputsExist(options) {
            return BuildReport(graph: Graph(), documentsBuilt: extractions.count, fromCache: hits, upToDate: true, filesRead: filesRead,
                               changes: GraphChanges(previous: true), problems: problems, notices: notices, written: [])
        }
        timer.mark("fingerprint")
        leftovers.keep(extractions); leftovers.keep(docs)
        // what the last build rendered, and its digest, are read while the actors and events
        // merge (they are needed only after it): the merge runs on one core for most of its
        // time, while until it the build keeps both busy (the documents, the cache, the rules)
        let memosRead = Pending { loadMemos(options) }
        let digestPath = (options.cachePath as NSString).appendingPathComponent("digest.bin")
        // (the digest this process wrote last, if the file is still that one: not read back, and
        // carried over below)
        let remembered = digestMemory.get(digestPath)
        let previousRead = Pending { () -> GraphDigest? in
            if let remembered { return remembered.digest }
            return (try? FileBytes.read(digestPath)).flatMap { GraphDigest(binary: $0) }
                // the JSON digest of earlier versions, so that an upgrade does not mark everything new
                ?? FileManager.default.contents(atPath: (options.cachePath as NSString).appendingPathComponent("digest.json"))
                    .flatMap { GraphDigest(earlierJSON: $0) }
        }
        templates?.parseMeanwhile()
        let graph = GraphBuilder.merge(extractions, placesWithin: PlaceContainment.of(language: extractOptions.language),
                                       orgSuffixes: CompanyForms.suffixes(language: extractOptions.language),
                                       nicknames: GivenNameForms.of(language: extractOptions.language))
        timer.mark("merge")
        // graph.json depends on the graph alone: it is encoded while the changes are worked out
        // and the page is rendered
        var json: Pending<ByteParts>? = nil
        try? memosRead.value()
        // the large outputs are written to temporary files as soon as each is made; they are
        // put in place together at the end, or removed if the build fails
        let staging = Staging(directory: options.outputDirectory)
        defer { staging.discardAll() }
        if options.formats.contains(.json) {
            json = encodingJSON(graph, problems: problems, staging: staging)
        }
        // What changed since the previous build; when nothing did, the previous report stays.
        let changesPath = outDir.appendingPathComponent("changes.json")
        let previous = (try? previousRead.value()) ?? nil
        // the events that come again unchanged keep their hash, and only the others are compared
        var touched: [String]? = nil
        let digest: GraphDigest
        if let remembered {
            let carried = GraphDigest.carrying(graph, previous: remembered.digest, from: remembered.events)
            digest = carried.digest; touched = carried.touched
        } else {
            digest = GraphDigest(graph)
        }
        leftovers.keep(digest); if let previous { leftovers.keep(previous) }
        var changes = GraphChanges.between(previous, digest, touchedEvents: touched)
        // a document whose text changed is "changed" even when its title and path did not
        if let old = last?.documents, last?.hashes == ContentHasher.version {
            let edited = docKeys.filter { old[$0.key] != nil && old[$0.key] != $0.value }.map(\.key)
            changes.documents.changed = Array(Set(changes.documents.changed + edited)).sorted()
        }
        // changes.json (and the page's "new" marks) report the last build that changed
        // something: when nothing did, the previous report stays. The returned report is
        // always this build's own comparison.
        var shown = changes
        var writeChanges = true
        if previous != nil && changes.isEmpty, let d = FileManager.default.contents(atPath: changesPath),
           let kept = try? JSONDecoder().decode(GraphChanges.self, from: d) {
            shown = kept
            writeChanges = false
        }
        let newEvents = shown.previous ? Set(shown.events.added + shown.events.changed) : []
        timer.mark("changes")
        var parsedTemplates: HTMLRenderer? = nil
        if let templates {
            do { parsedTemplates = try templates.parsed() } catch {
                throw BuildFailure(message: error.description, problems: problems)
            }
        }
        let rendered = try render(graph, docs: docs, contentHashes: docKeys, options: options, newEvents: newEvents, json: json,
                                  html: parsedTemplates, staging: staging, notices: &notices, problems: problems)
        timer.mark("render")
        leftovers.keep(rendered)
        // every fragment is remembered by now: the memo files are written while the outputs are
        let opts = options
        let memosSaved: Pending<Bool>? = options.saveMemos ? Pending { saveMemos(opts); return true } : nil
        var files = rendered.map { ($0.0.fileName, $0.1) }
        if writeChanges || !FileManager.default.fileExists(atPath: changesPath) {
            do { files.append(("changes.json", ByteParts(data: try GraphJSON.encode(shown)))) } catch {
                throw BuildFailure(message: "changes.json: \(error)", problems: problems)
            }
        }
        // the digest and the build record are encoded while the outputs are written; they are
        // written only once the outputs are (a record must never vouch for outputs not written)
        let digestBytes = Pending { Data(digest.binary) }
        var fileRecords: [String: ExtractionCache.FileRecord] = [:]
        for (l, x) in zip(loaded, results) {
            if case .success(let l) = l, case .success(let x) = x, let sig = l.signature {
                fileRecords[l.file.file] = .init(signature: sig, key: x.key, hash: x.contentHash)
            }
        }
        let record = ExtractionCache.BuildRecord(fingerprint: fingerprint, documents: docKeys, files: fileRecords,
                                                 recorded: Date().timeIntervalSince1970, extractOptions: extractorIdentity(extractOptions),
                                                 hashes: ContentHasher.version, templates: templates?.token)
        let recordBytes = Pending { ExtractionCache.encode(record) }
        // the files not staged yet are staged side by side; then, if every one was, all are put
        // in place (each a rename); the first error, in output order, fails the build
        let toWrite = files
        let writes = Box<Result<OutputWriter.Staged, OutputError>>(count: toWrite.count)
        let outPath = options.outputDirectory
        DispatchQueue.concurrentPerform(iterations: toWrite.count) { i in
            if let early = staging.take(toWrite[i].0) { writes.set(i, .success(early)); return }
            let path = (outPath as NSString).appendingPathComponent(toWrite[i].0)
            do throws(OutputError) { writes.set(i, .success(try OutputWriter.stage(toWrite[i].1, to: path))) } catch {
                writes.set(i, .failure(error))
            }
        }
        let staged = writes.values.compactMap { if case .success(let s)? = $0 { return s }; return nil }
        for case .failure(let error)? in writes.values {
            for s in staged { s.discard() }
            throw BuildFailure(message: error.description, problems: problems)
        }
        var written: [String] = []
        // replaced outputs keep a name in the cache until a background thread frees them
        let retire = retiredFolder(options)
        defer { OutputWriter.Retired.remove(staged.compactMap(\.retired)) }
        for (i, s) in staged.enumerated() {
            do throws(OutputError) { try s.commit(retiringTo: retire) } catch {
                for rest in staged[(i + 1)...] { rest.discard() }
                throw BuildFailure(message: error.description, problems: problems)
            }
            if s.changes { written.append(outDir.appendingPathComponent(toWrite[i].0)) }
        }
        if let d = try? digestBytes.value(), (try? OutputWriter.write(d, to: digestPath, retiringTo: retire)) != nil {
            unlink((options.cachePath as NSString).appendingPathComponent("digest.json")) // the earlier versions' form
            digestMemory.put(digestPath, digest: digest, events: graph.events)
        } else {
            digestMemory.forget()
        }
        timer.mark("write")
        _ = try? memosSaved?.value()
        timer.mark("memos (waited for)")
        if let r = try? recordBytes.value() { cache.writeRecord(r, retiringTo: retire) }
        timer.mark("record")
        return BuildReport(graph: graph, documentsBuilt: extractions.count, fromCache: hits, filesRead: filesRead, changes: changes,
                           problems: problems, notices: notices, written: written)
    }

    /// The files a build writes in its output folder (never read as inputs).
    public static func ownOutputs(_ options: BuildOptions) -> InputCollector.Outputs {
        InputCollector.Outputs(folder: options.outputDirectory, names: Set(OutputFormat.allCases.map(\.fileName) + ["changes.json"]),
                               cache: options.cachePath)
    }

    /// What a cache key depends on besides a document's bytes and name: the extraction options
    /// and the extractor itself (its version, rule files and program). A build record made
    /// under another vouches for none of its cache keys.
    static func extractorIdentity(_ options: ExtractOptions) -> String {
        options.fingerprint + "|" + Extractor.fingerprint
    }

    /// What the build record keeps of the templates a build parsed: their names and texts, and
    /// the program (which parses them).
    static func templatesToken(_ sources: HTMLRenderer.Sources) -> String {
        sources.key + "|" + Extractor.fingerprint
    }

    /// Where replaced outputs are retired (see `OutputWriter.Staged.commit(retiringTo:)`); nil
    /// when it cannot be made. What an earlier process left there is removed now.
    static func retiredFolder(_ options: BuildOptions) -> String? {
        let folder = (options.cachePath as NSString).appendingPathComponent("retired")
        var isDir: ObjCBool = false
        if !FileManager.default.fileExists(atPath: folder, isDirectory: &isDir) {
            guard (try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)) != nil else { return nil }
        } else if !isDir.boolValue { return nil }
        sweptLock.lock()
        let first = sweptRetired.insert(folder).inserted
        sweptLock.unlock()
        if first { OutputWriter.Retired.sweep(folder) }
        return folder
    }
    nonisolated(unsafe) static var sweptRetired = Set<String>()
    static let sweptLock = NSLock()

    static func memoPaths(_ options: BuildOptions) -> (fragments: String, json: String, layout: String, documents: String, quotes: String) {
        let c = options.cachePath as NSString
        return (c.appendingPathComponent("fragments.bin"), c.appendingPathComponent("graph-json.bin"), c.appendingPathComponent("layout.bin"),
                c.appendingPathComponent("documents.bin"), c.appendingPathComponent("quotes.bin"))
    }

    /// The drawing's quotes of source sentences, by document content hash and offsets.
    static let quoteMemo = TextMemo(name: "quotes")

    /// The SVG of the last drawing before its tooltips and widths were put in, by the hash of
    /// its engine and layout DOT (`DOTRenderer.Drawing`).
    static let layoutMemo = TextMemo(name: "layout")

    /// Reads what the last build rendered, by content (a rebuild renders only what changed).
    static func loadMemos(_ options: BuildOptions) {
        let paths = memoPaths(options)
        let map = options.mapMemos
        if options.formats.contains(.json) { GraphJSON.memo.load(from: paths.json, mapping: map) }
        if options.formats.contains(.html) {
            EventFragments.memo.load(from: paths.fragments, mapping: map)
            DocumentFragments.memo.load(from: paths.documents, mapping: map)
        }
        if options.formats.contains(.svg) || options.formats.contains(.html) { layoutMemo.load(from: paths.layout, mapping: map) }
        quoteMemo.load(from: paths.quotes, mapping: map)
    }

    /// The change digest this process last wrote, with the events it was made from and the
    /// digest file's signature once written: the next build takes it instead of reading the file
    /// back, and carries it over (`GraphDigest.carrying`). A file written since by another
    /// process has another signature: it is read.
    final class DigestMemory: @unchecked Sendable {
        private let lock = NSLock()
        private var path = "", signature: String? = nil, digest: GraphDigest? = nil, events: [Event] = []
        func get(_ path: String) -> (digest: GraphDigest, events: [Event])? {
            lock.lock(); defer { lock.unlock() }
            guard path == self.path, let d = digest, let sig = signature, FileSignature.of(path) == sig else { return nil }
            return (d, events)
        }
        func put(_ path: String, digest: GraphDigest, events: [Event]) {
            let sig = FileSignature.of(path)
            lock.lock(); self.path = path; signature = sig; self.digest = digest; self.events = events; lock.unlock()
        }
        func forget() { lock.lock(); path = ""; signature = nil; digest = nil; events = []; lock.unlock() }
    }
    static let digestMemory = DigestMemory()

    /// Forgets what this process remembered of earlier builds, the documents and extractions
    /// `watch` keeps in memory too (a cold build in a benchmark).
    public static func forgetMemos() {
        ExtractionCache.memory.forget()
        loadedMemory.forget()
        digestMemory.forget()
        GraphJSON.forget()
        EventFragments.forget()
        TimelineSVG.forget()
        SharedEventLineUp.forget()
        for m in [DocumentFragments.memo, layoutMemo, quoteMemo] { m.forget() }
    }

    /// Writes the remembered page fragments and graph.json elements to the cache, when changed.
    public static func saveMemos(_ options: BuildOptions) {
        if options.formats.contains(.html) {
            EventFragments.memo.save(to: memoPaths(options).fragments)
            DocumentFragments.memo.save(to: memoPaths(options).documents)
        }
        if options.formats.contains(.json) { GraphJSON.memo.save(to: memoPaths(options).json) }
        if options.formats.contains(.svg) || options.formats.contains(.html) { layoutMemo.save(to: memoPaths(options).layout) }
        quoteMemo.save(to: memoPaths(options).quotes)
    }

    /// Every output of the options, and changes.json, is in the output folder.
    static func outputsExist(_ options: BuildOptions) -> Bool {
        let outDir = options.outputDirectory as NSString
        return (options.formats.map(\.fileName) + ["changes.json"]).allSatisfy { FileManager.default.fileExists(atPath: outDir.appendingPathComponent($0)) }
    }

    /// The curation file: `--config`, or `chronograph.yml` in the first input folder that has
    /// one; nil when there is none.
    public static func curationPath(_ options: BuildOptions) -> String? {
        if let c = options.configPath { return c }
        for input in options.inputs {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isDir), isDir.boolValue else { continue }
            let p = (input as NSString).appendingPathComponent(Curation.fileName)
            if FileManager.default.fileExists(atPath: p) { return p }
        }
        return nil
    }

    static func curation(_ options: BuildOptions) throws(CurationError) -> Curation? {
        guard let p = curationPath(options) else { return nil }
        return try Curation.load(path: p)
    }

    /// Everything an output depends on: each document's cache key, id and path, the options,
    /// and the templates' text.
    /// `templates`: the token of the page's templates as read for this build (nil: no page
    /// asked for, so they do not matter).
    static func buildFingerprint(keys: [String], ids: [(String, String)], options: BuildOptions, templates: String?) -> String {
        var h = ContentHasher()
        for (k, x) in zip(keys, ids) { h.update(k); h.update(x.0); h.update(x.1) }
        h.update(options.formats.map(\.rawValue).joined(separator: ","))
        h.update(options.layout ?? "auto")
        h.update(options.title)
        h.update(options.view.fingerprint)
        h.update(templates ?? "no page")
        // (the extractor's fingerprint names the program too: a new chronograph renders anew)
        h.update(Extractor.fingerprint)
        return h.hex
    }

    /// Renders every requested output of a graph: the view (filters) first, then DOT, SVG with
    /// its legend, the timeline chart, the HTML page and graph.json (always the whole graph).
    /// `html`: the templates, when the caller has already loaded them.
    public static func render(_ graph: Graph, docs: [String: DocumentSource], contentHashes: [String: String] = [:], options: BuildOptions,
                              newEvents: Set<String> = [], json: Pending<ByteParts>? = nil, html templates: HTMLRenderer? = nil,
                              staging: Staging? = nil, notices: inout [String], problems: [String]) throws(BuildFailure) -> [(OutputFormat, ByteParts)] {
        var timer = PhaseTimer()
        let view = GraphFilter.view(graph, options.view)
        func quote(_ span: SourceSpan) -> String {
            guard let d = try? docs[span.doc]?.document() else { return "" }
            return d.displayText(span.start, span.end)
        }
        // the drawing's quotes (as much of each as a tooltip shows: a sentence may be megabytes
        // long), remembered by the document's content and the offsets: a rebuild does not read
        // a document only to quote it again
        @Sendable func tooltipQuote(_ span: SourceSpan) -> String {
            guard let d = try? docs[span.doc]?.document() else { return "" }
            return d.displayText(span.start, span.end, characters: DOTRenderer.evidenceCharacters)
        }
        let knownQuotes = contentHashes.isEmpty ? [:] : quoteMemo.snapshot(scope: "quotes 2 \(Extractor.fingerprint)")
        @Sendable func evidence(_ span: SourceSpan) -> String {
            guard let h = contentHashes[span.doc] else { return tooltipQuote(span) }
            var k = ContentHasher(); k.update(h); k.update(String(span.start)); k.update(String(span.end))
            let key = k.key
            let q = knownQuotes[key] ?? tooltipQuote(span)
            quoteMemo.record([key: q])
            return q
        }
        if let f = view.focusNotFound {
            notices.append("--focus \"\(f)\": no actor has this name, alias or id; the whole graph is drawn")
        }
        let layout = options.layout ?? DOTRenderer.automaticLayout(actors: view.graph.actors.count, links: view.graph.links.count)
        if options.layout == nil && layout != "dot" {
            notices.append("layout \(layout) chosen for \(view.graph.actors.count) actors and \(view.graph.links.count) links (the dot engine is slow on large graphs; --layout overrides)")
        }
        // graph.json and the timeline chart do not wait for the layout: they are made meanwhile
        let json = json ?? (options.formats.contains(.json) ? encodingJSON(graph, problems: problems, staging: staging) : nil)
        let title = options.title
        var outputs: [(OutputFormat, ByteParts)] = []
        // The drawing is laid out on another thread while the page's events are rendered here:
        // the page needs the SVG only at its end.
        let wantSVG = options.formats.contains(.svg) || options.formats.contains(.html)
        let chosen = layout, title0 = options.title, notes0 = view.notes, keyed = !contentHashes.isEmpty
        let drawn = Pending { () throws(BuildFailure) -> Drawn in
            var t = PhaseTimer()
            var layout = chosen
            var drawing = DOTRenderer.drawing(view.graph, options: DOTOptions(layout: layout, title: title0, notes: notes0), evidence: evidence)
            if keyed { quoteMemo.commit() }
            var svg: String? = nil
            var note: String? = nil
            if wantSVG {
                do throws(GraphvizError) {
                    // a drawing laid out before is not laid out again: its SVG is remembered by what
                    // the positions depend on (tooltips and edge widths are put in afterwards)
                    var h = ContentHasher(); h.update(layout); h.update(drawing.layoutDOT)
                    let key = h.key
                    // (scope 3: layouts remembered before each layout reseeded the random numbers
                    // may be those of a second layout in a process, not what a new process draws)
                    let known = layoutMemo.snapshot(scope: "svg 3")[key]
                    let r: SafeLayout.Result
                    if let known { r = SafeLayout.Result(svg: known, layout: layout, note: "") } else {
                        r = try SafeLayout.render(dot: drawing.layoutDOT, layout: layout, actors: view.graph.actors.count, links: view.graph.links.count)
                    }
                    if r.layout == layout { layoutMemo.record([key: r.svg]) }
                    layoutMemo.commit()
                    if r.layout != layout {
                        note = r.note
                        layout = r.layout
                        drawing = DOTRenderer.drawing(view.graph, options: DOTOptions(layout: layout, title: title0, notes: notes0 + [r.note]), evidence: evidence)
                        quoteMemo.commit()
                        svg = drawing.finish(try SVGRenderer.render(dot: drawing.layoutDOT, layout: layout))
                    } else {
                        svg = drawing.finish(r.svg)
                    }
                    svg = svg.map { DOTRenderer.addLegend($0, graph: view.graph) }
                } catch {
                    throw BuildFailure(message: "graph.svg: \(error.description)", problems: problems)
                }
            }
            t.mark("(side) layout and SVG (\(layout))")
            return Drawn(dot: drawing.dot, svg: svg, note: note)
        }
        // (after the drawing, which the page waits for: the chart is waited for only at the end)
        let timeline = options.formats.contains(.timeline) ? Pending {
            var t = PhaseTimer()
            let d = Data(TimelineSVG.renderBytes(view.graph, title: title))
            t.mark("(side) timeline")
            staging?.stage(ByteParts(data: d), as: OutputFormat.timeline.fileName)
            return d
        } : nil

        // the page first (on this thread, while the side work runs), then the outputs in order
        var page: ByteParts? = nil
        if options.formats.contains(.html) {
            do {
                let outAbs = absolute(options.outputDirectory)
                let cwd = FileManager.default.currentDirectoryPath
                // the way from the output folder to each input folder is found once per folder
                var ways: [Substring: String] = [:]
                var input = HTMLRenderer.Input(
                    graph: view.graph, svg: nil, title: options.title, notes: view.notes, newEvents: newEvents,
                    sourceText: quote,
                    documentHref: { id in
                        guard let d = docs[id] else { return nil }
                        let path = absolute(d.file.path, cwd: cwd)
                        guard let slash = path.lastIndex(of: "/") else { return relativePath(from: outAbs, to: path) }
                        let folder = path[..<slash]
                        let way: String
                        if let known = ways[folder] { way = known } else {
                            way = relativePath(from: outAbs, to: folder.isEmpty ? "/" : String(folder)); ways[folder] = way
                        }
                        let name = path[path.index(after: slash)...]
                        return way.isEmpty ? String(name) : way + "/" + name
                    })
                // a quote is fixed by its document's bytes and its offsets: no need to cut it out
                // to know whether the event's fragment changed
                if !contentHashes.isEmpty {
                    input.documentKey = { contentHashes[$0] }
                }
                let html: HTMLRenderer
                if let templates { html = templates } else {
                    do { html = try HTMLRenderer(templatesDirectory: options.templatesDirectory) } catch {
                        throw BuildFailure(message: error.description, problems: problems)
                    }
                }
                let drawing: () -> String? = { (try? drawn.value())?.svg ?? nil }
                do throws(TemplateError) { page = try html.renderParts(input, svg: drawing) } catch {
                    throw BuildFailure(message: error.description, problems: problems)
                }
                // written now, while graph.json and the chart may still be in the making
                if let page { staging?.stage(page, as: OutputFormat.html.fileName) }
            }
        }
        timer.mark("html")
        let d = try drawn.value()
        if let note = d.note { notices.append(note) }
        let dot = d.dot, svg = d.svg
        timer.mark("layout and SVG (waited for)")
        for f in options.formats {
            switch f {
            case .json: outputs.append((f, try json!.value()))
            case .dot: outputs.append((f, ByteParts(dot)))
            case .svg: outputs.append((f, ByteParts(svg!)))
            case .timeline: outputs.append((f, ByteParts(data: try timeline!.value())))
            case .html: outputs.append((f, page!))
            }
        }
        timer.mark("graph.json and timeline (waited for)")
        return outputs
    }

    /// The drawing as laid out: graph.dot, the SVG (when asked for), and the note saying the
    /// layout engine was changed (nil when it was not).
    struct Drawn: Sendable { var dot: String; var svg: String?; var note: String? }

    /// graph.json of a graph, encoded on another thread.
    static func encodingJSON(_ graph: Graph, problems: [String], staging: Staging? = nil) -> Pending<ByteParts> {
        Pending { () throws(BuildFailure) -> ByteParts in
            var t = PhaseTimer()
            let d: ByteParts
            do { d = try GraphJSON.encodeParts(graph) } catch { throw BuildFailure(message: "graph.json: \(error)", problems: problems) }
            t.mark("(side) graph.json encoded")
            staging?.stage(d, as: OutputFormat.json.fileName)
            return d
        }
    }

    public struct Extracted: Sendable {
        public var source: DocumentSource
        public var extraction: DocumentExtraction
        public var key: String
        public var cached: Bool
        public var contentHash: String = ""
        /// What the extraction found wrong in the document (a date that is no calendar date),
        /// one line each: said when the document is extracted, not when its extraction comes
        /// from the cache.
        public var notes: [String] = []
    }

    public struct Loaded: Sendable {
        public var file: InputFile
        /// The document, read now or when first needed.
        public var source: DocumentSource
        public var key: String
        /// The file's signature, taken before it was read.
        public var signature: String? = nil
        /// The hash of the document's bytes.
        public var contentHash: String = ""
        /// Kept in memory from an earlier build of this process, not read again.
        public var reused = false
    }

    /// Documents kept in memory between builds of one process (watch mode turns it on): a file
    /// whose signature did not change is not read again. A file touched within a second before
    /// it was read is read again next time (its clock tick may hide a second write).
    public final class LoadedMemory: @unchecked Sendable {
        let lock = NSLock()
        var enabled = false
        var entries: [String: (Loaded, String, Double)] = [:]
        public func enable() { lock.lock(); enabled = true; lock.unlock() }
        func get(_ f: InputFile, signature: String, options: String) -> Loaded? {
            lock.lock(); defer { lock.unlock() }
            guard enabled, let (l, o, readAt) = entries[f.file], o == options, l.file == f, l.signature == signature,
                  FileSignature.lastTouched(signature) < readAt - 1 else { return nil }
            return l
        }
        func put(_ l: Loaded, options: String) {
            lock.lock(); if enabled { entries[l.file.file] = (l, options, Date().timeIntervalSince1970) }; lock.unlock()
        }
        /// Forgets every document (it stays enabled).
        func forget() { lock.lock(); entries = [:]; lock.unlock() }
    }
    public static let loadedMemory = LoadedMemory()

    /// What the last build recorded of the files it read: a file whose signature is the same
    /// (and was not touched just before that build) has the recorded cache key and content
    /// hash, and is read only if something needs its text.
    public struct KnownFiles: Sendable {
        var files: [String: ExtractionCache.FileRecord] = [:]
        var recorded: Double = 0
        public init() {}
        init(_ record: ExtractionCache.BuildRecord?, options: ExtractOptions) {
            // a record whose hashes were made another way vouches for no file
            // nor does a record made by another extractor (another version of chronograph, or
            // other rule files): its cache keys name that extractor's extractions
            guard let r = record, r.extractOptions == extractorIdentity(options), r.hashes == ContentHasher.version,
                  let files = r.files, let at = r.recorded else { return }
            self.files = files; recorded = at
        }
        func known(_ f: InputFile, signature: String) -> (key: String, hash: String)? {
            guard let r = files[f.file], r.signature == signature, let hash = r.hash,
                  FileSignature.lastTouched(signature) < recorded - 2 else { return nil }
            return (r.key, hash)
        }
    }

    /// Reads and prepares every file and computes its cache key, in parallel over the cores.
    /// Files the last build read, unchanged since, are not read (see `KnownFiles`).
    public static func loadAll(_ files: [InputFile], _ options: ExtractOptions, known: KnownFiles = KnownFiles()) -> [Result<Loaded, DocumentError>] {
        let box = Box<Result<Loaded, DocumentError>>(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            let f = files[i]
            let sig = FileSignature.of(f.file)
            if let sig, var kept = loadedMemory.get(f, signature: sig, options: options.fingerprint) {
                kept.reused = true
                box.set(i, .success(kept)); return
            }
            if let sig, let k = known.known(f, signature: sig) {
                box.set(i, .success(Loaded(file: f, source: DocumentSource(f), key: k.key, signature: sig, contentHash: k.hash, reused: true)))
                return
            }
            do throws(DocumentError) {
                let doc = try DocumentLoader.load(file: f.file, path: f.path, id: f.id)
                let hash = ContentHasher.hex(doc.bytes)
                let key = ExtractionCache.key(contentHash: hash, fileName: (f.path as NSString).lastPathComponent, options: options)
                let l = Loaded(file: f, source: DocumentSource(f, doc), key: key, signature: sig, contentHash: hash)
                loadedMemory.put(l, options: options.fingerprint)
                box.set(i, .success(l))
            } catch {
                box.set(i, .failure(error))
            }
        }
        return box.values.map { $0! }
    }

    /// Loads every file and extracts it, or takes its extraction from the cache, in parallel
    /// over the cores; results keep the input order.
    public static func extractAll(_ files: [InputFile], _ extractor: Extractor, cache: ExtractionCache? = nil) -> [Result<Extracted, DocumentError>] {
        extractAll(loadAll(files, extractor.options), options: extractor.options, extractor: { extractor }, cache: cache)
    }

    /// `extractor` is asked for only when a document is not in the cache.
    public static func extractAll(_ loaded: [Result<Loaded, DocumentError>], options: ExtractOptions, extractor: @escaping @Sendable () -> Extractor,
                                  cache: ExtractionCache? = nil) -> [Result<Extracted, DocumentError>] {
        let box = Box<Result<Extracted, DocumentError>>(count: loaded.count)
        DispatchQueue.concurrentPerform(iterations: loaded.count) { i in
            let r: Result<Extracted, DocumentError>
            switch loaded[i] {
            case .failure(let e): r = .failure(e)
            case .success(let l):
                let f = l.file, key = l.key
                if let hit = cache?.load(key) {
                    r = .success(Extracted(source: l.source, extraction: hit.reassigned(id: f.id, path: f.path), key: key, cached: true, contentHash: l.contentHash))
                } else {
                    // not in the cache (or a damaged entry): the file is read now if it was not
                    do throws(DocumentError) {
                        let doc = try l.source.document()
                        // a file read only now is checked against what the last build recorded
                        let hash = l.source.readLate ? ContentHasher.hex(doc.bytes) : l.contentHash
                        let key = hash == l.contentHash ? key : ExtractionCache.key(contentHash: hash, fileName: (f.path as NSString).lastPathComponent, options: options)
                        let ex = extractor()
                        let x = ex.extract(doc)
                        cache?.store(key, x)
                        r = .success(Extracted(source: l.source, extraction: x, key: key, cached: false, contentHash: hash,
                                               notes: ex.dateProblems(doc).map { "\(f.path): \($0)" }))
                    } catch {
                        r = .failure(error)
                    }
                }
            }
            box.set(i, r)
        }
        return box.values.map { $0! }
    }

    final class Box<T>: @unchecked Sendable {
        var values: [T?]
        let lock = NSLock()
        init(count: Int) { values = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ v: T) { lock.lock(); values[i] = v; lock.unlock() }
    }

    static func absolute(_ p: String, cwd: String = FileManager.default.currentDirectoryPath) -> String {
        let full = p.hasPrefix("/") ? p : cwd + "/" + p
        // already standard (no ".", "..", "//" or trailing "/"): Foundation's standardizing is slow
        let parts = full.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).dropFirst()
        if !parts.contains(where: { $0.isEmpty || $0.elementsEqual(".".utf8) || $0.elementsEqual("..".utf8) }) { return full }
        return (full as NSString).standardizingPath
    }

    /// A relative path from folder `from` to file `to` (both absolute).
    public static func relativePath(from: String, to: String) -> String {
        let a = from.split(separator: "/"), b = to.split(separator: "/")
        var i = 0
        while i < a.count && i < b.count && a[i] == b[i] { i += 1 }
        let ups = Array(repeating: "..", count: a.count - i)
        return (ups + b[i...].map(String.init)).joined(separator: "/")
    }
}
