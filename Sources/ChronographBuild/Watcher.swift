import ChronographCore
import ChronographExtract
import ChronographRender
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Set by SIGINT/SIGTERM; the watch loop checks it between waits.
nonisolated(unsafe) var watchStopRequested: sig_atomic_t = 0

/// `chronograph watch`: rebuilds when the inputs change. inotify on Linux (every folder
/// below the inputs, new folders included), or polling; bursts of writes are debounced;
/// create, change, delete and rename (editors' save-by-rename included) all count. A failed
/// rebuild is reported and the last good outputs stay; Ctrl-C stops it cleanly.
public final class Watcher {
    public let options: BuildOptions
    public let poll: Bool
    public let debounce: Double
    public let report: (String) -> Void
    var wds: [Int32: String] = [:]
    var fd: Int32 = -1

    public init(options: BuildOptions, poll: Bool = false, debounce: Double = 0.15, report: @escaping (String) -> Void) {
        var options = options
        options.saveMemos = false // kept in memory; written when the watch stops
        options.mapMemos = false
        self.options = options.withPlainSlashes(); self.poll = poll; self.debounce = debounce; self.report = report
    }

    /// What a rebuild line says set it off: the files' names, up to three ("a.txt, b.txt
    /// changed"); more, their number and the first three ("5 files changed: a.txt, b.txt, c.txt
    /// and 2 more"). A burst of writes to two files (a second event of a file saved in two steps
    /// arriving with the next file's) names both.
    static func reason(_ paths: [String]) -> String {
        let names = Set(paths.map { ($0 as NSString).lastPathComponent }).sorted()
        if names.count <= 3 { return names.joined(separator: ", ") + " changed" }
        return "\(names.count) files changed: " + names.prefix(3).joined(separator: ", ") + " and \(names.count - 3) more"
    }

    /// One build, reported as one line.
    @discardableResult
    public func rebuild(_ reason: String) -> Bool {
        let t0 = Date()
        do {
            let r = try Builder.build(options)
            let ms = Int(Date().timeIntervalSince(t0) * 1000)
            for p in r.problems { report("skipped \(p)") }
            if r.upToDate {
                report("\(reason): up to date (\(r.documentsBuilt) documents) in \(ms) ms")
            } else {
                report("\(reason): \(r.changes?.summary ?? "built") in \(ms) ms")
            }
            return r.problems.isEmpty
        } catch {
            for p in error.problems { report("skipped \(p)") }
            report("\(reason): error: \(error.message); the last good outputs stay")
            return false
        }
    }

    /// Runs until SIGINT or SIGTERM (or `until` returns true, for tests).
    public func run(until: () -> Bool = { false }) {
        // a long-running process: keep what each build computed for the next one (process-wide,
        // so only once the watch runs: a watcher made and not run changes nothing else)
        ExtractionCache.memory.enable()
        Builder.loadedMemory.enable()
        signal(SIGINT) { _ in watchStopRequested = 1 }
        signal(SIGTERM) { _ in watchStopRequested = 1 }
        // a parent may have left these blocked (the mask is inherited): Ctrl-C must work
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        // watch first, then build: a file saved while the first build runs is seen and rebuilt
        let inotify = !poll && startInotify()
        let before = inotify ? [:] : snapshot()
        rebuild("initial build")
        if inotify {
            loopInotify(until)
        } else {
            if !poll { report("inotify is not available: polling instead") }
            loopPolling(until, since: before)
        }
        if fd >= 0 { close(fd) }
        Builder.saveMemos(options)
        OutputWriter.Retired.finish() // the replaced outputs freed before the process ends
        report("stopped")
    }

    // MARK: inotify

    let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_CREATE | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF)

    /// The folders watched for the inputs: each input folder, and the folder of each input file.
    var roots: [String] = []
    /// Watches of folders outside the inputs that hold a setting (the curation file, the
    /// templates): in those only the settings count.
    var settingsOnly: Set<Int32> = []

    /// Files besides the documents whose change calls for a rebuild: the curation file
    /// (`--config`, else `chronograph.yml` in each input folder, there or not yet) and, when the
    /// page is made, its templates (`*.mustache` below the templates folder). Absolute paths.
    lazy var curationFiles: Set<String> = {
        if let c = options.configPath { return [standard(c)] }
        var out = Set<String>()
        for input in options.inputs {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: input, isDirectory: &isDir), isDir.boolValue {
                out.insert(standard((input as NSString).appendingPathComponent(Curation.fileName)))
            }
        }
        return out
    }()
    lazy var templatesFolder: String? = options.formats.contains(.html) ? standard(options.templatesDirectory) : nil

    func standard(_ p: String) -> String { (absolute(p) as NSString).standardizingPath }

    /// Whether a path is one of the settings (see `curationFiles`).
    func isSetting(_ path: String) -> Bool {
        let full = standard(path)
        if curationFiles.contains(full) { return true }
        if let t = templatesFolder, full.hasPrefix(t + "/"), full.hasSuffix(".mustache") { return true }
        return false
    }

    /// The folders of the settings not watched as inputs already: watched for their settings only.
    func watchSettings() {
        let watched = Set(wds.values.map(standard))
        var folders = Set(curationFiles.map { ($0 as NSString).deletingLastPathComponent })
        if let t = templatesFolder {
            folders.insert(t)
            let walker = FileManager.default.enumerator(atPath: t)
            while let rel = walker?.nextObject() as? String {
                var isDir: ObjCBool = false
                let p = (t as NSString).appendingPathComponent(rel)
                if FileManager.default.fileExists(atPath: p, isDirectory: &isDir), isDir.boolValue { folders.insert(p) }
            }
        }
        for f in folders.sorted() where !watched.contains(f) {
            let wd = inotify_add_watch(fd, f, mask)
            if wd >= 0 { wds[wd] = f; settingsOnly.insert(wd) }
        }
    }

    func startInotify() -> Bool {
        fd = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard fd >= 0 else { return false }
        for input in options.inputs {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input, isDirectory: &isDir) else { continue }
            let root = isDir.boolValue ? input : ((input as NSString).deletingLastPathComponent.isEmpty ? "." : (input as NSString).deletingLastPathComponent)
            roots.append(root)
            if isDir.boolValue { watchTree(root) } else { addWatch(root) }
        }
        guard !wds.isEmpty else { return false }
        watchSettings()
        return true
    }

    /// Input folders that were removed (their watch ended) and exist again: watched anew (a
    /// folder replaced whole, as a checkout or a sync may do, would otherwise go unseen);
    /// returns them.
    func rewatchReturnedRoots() -> [String] {
        let watched = Set(wds.values)
        var back: [String] = []
        for root in roots where !watched.contains(root) {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root, isDirectory: &isDir), isDir.boolValue else { continue }
            watchTree(root)
            if Set(wds.values).contains(root) { back.append(root) }
        }
        return back
    }

    func addWatch(_ dir: String) {
        let wd = inotify_add_watch(fd, dir, mask)
        if wd >= 0 { wds[wd] = dir }
    }

    func watchTree(_ dir: String) {
        if ignored(dir) { return }
        addWatch(dir)
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted() where !name.hasPrefix(".") {
            let p = (dir as NSString).appendingPathComponent(name)
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: p, isDirectory: &isDir), isDir.boolValue { watchTree(p) }
        }
    }

    /// Our own outputs and cache, hidden files and editors' temporary files do not count. (The
    /// output folder may be an input folder, or inside one: only the files a build writes there
    /// are passed over.)
    func ignored(_ path: String) -> Bool {
        let std = (path as NSString).standardizingPath
        let out = (absolute(options.outputDirectory) as NSString).standardizingPath
        let cache = (absolute(options.cachePath) as NSString).standardizingPath
        let full = (absolute(std) as NSString).standardizingPath
        if full == cache || full.hasPrefix(cache + "/") { return true }
        if (full as NSString).deletingLastPathComponent == out, Builder.ownOutputs(options).names.contains((full as NSString).lastPathComponent) { return true }
        let name = (path as NSString).lastPathComponent
        return name.hasPrefix(".") || name.hasSuffix("~") || name.hasSuffix(".swp") || name.hasSuffix(".tmp") || name.hasPrefix("#")
    }

    func absolute(_ p: String) -> String { p.hasPrefix("/") ? p : FileManager.default.currentDirectoryPath + "/" + p }

    /// Reads pending events; returns the changed paths worth a rebuild.
    func drain() -> [String] {
        var changed: [String] = []
        var buf = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n <= 0 { break }
            var off = 0
            while off + MemoryLayout<inotify_event>.size <= n {
                let (wd, evMask, len) = buf.withUnsafeBytes { raw -> (Int32, UInt32, Int) in
                    let e = raw.loadUnaligned(fromByteOffset: off, as: inotify_event.self)
                    return (e.wd, e.mask, Int(e.len))
                }
                let nameStart = off + MemoryLayout<inotify_event>.size
                let nameBytes = buf[nameStart..<min(n, nameStart + len)].prefix { $0 != 0 }
                let name = String(decoding: nameBytes, as: UTF8.self)
                off = nameStart + len
                changed += handle(wd: wd, mask: evMask, name: name)
            }
        }
        return changed
    }

    /// What one inotify event changed (the paths worth a rebuild); new folders are watched.
    func handle(wd: Int32, mask evMask: UInt32, name: String) -> [String] {
        // the kernel's queue overflowed: events were lost, among them perhaps the creation of
        // folders, so every folder is watched again and a rebuild looks at every file
        if evMask & UInt32(IN_Q_OVERFLOW) != 0 {
            for root in roots { watchTree(root) }
            return roots
        }
        guard let dir = wds[wd] else { return [] }
        let path = name.isEmpty ? dir : (dir as NSString).appendingPathComponent(name)
        if evMask & UInt32(IN_IGNORED) != 0 { wds[wd] = nil; settingsOnly.remove(wd); return [] }
        // the curation file and the templates (editors save them by rename too)
        if !name.isEmpty, isSetting(path) { return [path] }
        if settingsOnly.contains(wd) { return [] }
        if ignored(path) { return [] }
        if evMask & UInt32(IN_ISDIR) != 0 {
            if evMask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 { watchTree(path) }
            return [path]
        }
        if name.isEmpty || DocumentLoader.format(ofPath: name) != nil || evMask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF) != 0 {
            return [path]
        }
        return []
    }

    func loopInotify(_ until: () -> Bool) {
        var pending: [String] = []
        var last = Date.distantPast
        while watchStopRequested == 0 && !until() {
            var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let wait = pending.isEmpty ? 200 : max(1, Int32(debounce * 1000) - Int32(Date().timeIntervalSince(last) * 1000))
            let r = Glibc.poll(&pfd, 1, Int32(wait))
            if r > 0 {
                let c = drain()
                if !c.isEmpty { pending += c; last = Date() }
                continue
            }
            let back = rewatchReturnedRoots()
            if !back.isEmpty { pending += back; last = Date(); continue }
            if !pending.isEmpty && Date().timeIntervalSince(last) >= debounce {
                let names = pending
                pending = []
                rebuild(Watcher.reason(names))
            }
        }
    }

    // MARK: polling

    func snapshot() -> [String: String] {
        var s: [String: String] = [:]
        func note(_ file: String, as key: String) {
            var st = stat()
            if stat(file, &st) == 0 { s[key] = "\(st.st_size):\(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec):\(st.st_ino)" }
        }
        for f in InputCollector.collect(options.inputs, outputs: Builder.ownOutputs(options)).files { note(f.file, as: f.path) }
        // the settings: the curation file, the templates
        for c in curationFiles { note(c, as: c) }
        if let t = templatesFolder, let walker = FileManager.default.enumerator(atPath: t) {
            while let rel = walker.nextObject() as? String {
                if rel.hasSuffix(".mustache") { note((t as NSString).appendingPathComponent(rel), as: (t as NSString).appendingPathComponent(rel)) }
            }
        }
        return s
    }

    func loopPolling(_ until: () -> Bool, since before: [String: String]) {
        var previous = before
        var current = snapshot()
        // a change during the first build is a change: rebuild once the debounce has passed
        var changedAt: Date? = current != previous ? Date() : nil
        while watchStopRequested == 0 && !until() {
            usleep(UInt32(min(debounce, 0.25) * 1_000_000))
            let now = snapshot()
            if now != current { current = now; changedAt = Date(); continue }
            if let t = changedAt, Date().timeIntervalSince(t) >= debounce, current != previous {
                let names = Set(current.keys).symmetricDifference(previous.keys).union(current.keys.filter { previous[$0] != nil && previous[$0] != current[$0] })
                previous = current; changedAt = nil
                rebuild(Watcher.reason(Array(names)))
            }
        }
    }
}
