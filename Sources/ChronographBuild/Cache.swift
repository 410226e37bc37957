import ChronographCore
import ChronographExtract
import ChronographRender
import Foundation

/// The per-document extraction cache in `<out>/.chronograph-cache/` (or `--cache DIR`).
/// An entry is keyed by the document's content hash, its file name, the extractor's
/// fingerprint (version and rule files) and the extraction options; an entry that does not
/// decode, or whose recorded key differs, is foreign or corrupt: it is rebuilt, never trusted.
public struct ExtractionCache: Sendable {
    public let directory: String

    public static let format = "chronograph-cache"
    public static let version = 1

    struct Entry: Codable {
        var format: String
        var version: Int
        var key: String
        var extraction: DocumentExtraction
    }

    public init(directory: String) { self.directory = directory }

    /// The key of a document's extraction.
    public static func key(content: [UInt8], fileName: String, options: ExtractOptions) -> String {
        var h = ContentHasher()
        h.update(content)
        h.update(fileName)
        h.update(Extractor.fingerprint)
        h.update(options.fingerprint)
        return h.hex
    }

    func path(_ key: String) -> String { directory + "/" + key + ".json" }

    /// Extractions kept in memory between builds of one process (watch mode turns it on), so a
    /// rebuild decodes no cache entry it already read.
    public final class Memory: @unchecked Sendable {
        let lock = NSLock()
        var enabled = false
        var entries: [String: DocumentExtraction] = [:]
        public func enable() { lock.lock(); enabled = true; lock.unlock() }
        func get(_ key: String) -> DocumentExtraction? { lock.lock(); defer { lock.unlock() }; return enabled ? entries[key] : nil }
        func put(_ key: String, _ x: DocumentExtraction) { lock.lock(); if enabled { entries[key] = x }; lock.unlock() }
        func keep(_ keys: Set<String>) { lock.lock(); entries = entries.filter { keys.contains($0.key) }; lock.unlock() }
    }
    public static let memory = Memory()

    /// The cached extraction for a key, or nil (a miss, or an entry not to be trusted).
    public func load(_ key: String) -> DocumentExtraction? {
        if let x = Self.memory.get(key) { return x }
        guard let x = loadEntry(key) else { return nil }
        Self.memory.put(key, x)
        return x
    }

    func loadEntry(_ key: String) -> DocumentExtraction? {
        guard let data = FileManager.default.contents(atPath: path(key)),
              let e = try? JSONDecoder().decode(Entry.self, from: data),
              e.format == Self.format, e.version == Self.version, e.key == key else { return nil }
        return e.extraction
    }

    public func store(_ key: String, _ x: DocumentExtraction) {
        Self.memory.put(key, x)
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard let data = try? JSONEncoder().encode(Entry(format: Self.format, version: Self.version, key: key, extraction: x)) else { return }
        _ = try? OutputWriter.write(data, to: path(key))
    }

    /// Removes entries not used by the current build (deleted or changed documents).
    public func prune(keeping keys: Set<String>) {
        Self.memory.keep(keys)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for n in names where n.hasSuffix(".json") && n != "build.json" && n != "digest.json" && !keys.contains(String(n.dropLast(5))) {
            try? FileManager.default.removeItem(atPath: directory + "/" + n)
        }
    }

    /// The last complete build: its fingerprint (inputs, options, templates, program) and a
    /// hash of each document's bytes by id.
    public struct BuildRecord: Codable, Sendable {
        public var format = "chronograph-build"
        public var fingerprint: String
        public var documents: [String: String]
    }

    public func lastBuild() -> BuildRecord? {
        guard let d = FileManager.default.contents(atPath: directory + "/build.json") else { return nil }
        return try? JSONDecoder().decode(BuildRecord.self, from: d)
    }

    public func recordBuild(_ record: BuildRecord) {
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if let data = try? GraphJSON.encode(record) { _ = try? OutputWriter.write(data, to: directory + "/build.json") }
    }
}

/// One build at a time per output folder: an advisory lock (flock) on `<out>/.chronograph.lock`,
/// released when the build ends or its process dies.
public final class OutputLock {
    let fd: Int32
    public init(directory: String) throws(BuildFailure) {
        let path = directory + "/.chronograph.lock"
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw BuildFailure(message: "\(path): cannot create the lock file: \(String(cString: strerror(errno)))", problems: []) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            var buf = [UInt8](repeating: 0, count: 32)
            let n = pread(fd, &buf, 31, 0)
            let other = n > 0 ? String(decoding: buf[0..<n], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) : "?"
            close(fd)
            throw BuildFailure(message: "\(directory): another chronograph build (pid \(other)) is writing to this folder; try again when it ends", problems: [])
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pwrite(fd, pid, pid.count, 0)
    }
    deinit { flock(fd, LOCK_UN); close(fd) }
}
