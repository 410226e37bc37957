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
    /// The entry layout: this number and the model's binary form (`BinaryModel.version`).
    public static let version: UInt32 = 2
    static let magic = Array("chronograph-cache\n".utf8)

    public init(directory: String) { self.directory = directory }

    /// The key of a document's extraction.
    public static func key(content: [UInt8], fileName: String, options: ExtractOptions) -> String {
        key(contentHash: ContentHasher.hex(content), fileName: fileName, options: options)
    }

    /// The key from the hash of the document's bytes (`ContentHasher.hex`).
    public static func key(contentHash: String, fileName: String, options: ExtractOptions) -> String {
        var h = ContentHasher()
        h.update(contentHash)
        h.update(fileName)
        h.update(Extractor.fingerprint)
        h.update(options.fingerprint)
        return h.hex
    }

    func path(_ key: String) -> String { directory + "/" + key + ".bin" }

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
        /// Forgets every extraction (it stays enabled).
        func forget() { lock.lock(); entries = [:]; lock.unlock() }
    }
    public static let memory = Memory()

    /// The cached extraction for a key, or nil (a miss, or an entry not to be trusted).
    public func load(_ key: String) -> DocumentExtraction? {
        if let x = Self.memory.get(key) { return x }
        guard let x = loadEntry(key) else { return nil }
        Self.memory.put(key, x)
        return x
    }

    /// An entry: a magic line, the layout versions, the key, then the extraction in the model's
    /// binary form, to its last byte. Anything else is foreign or damaged: nil.
    func loadEntry(_ key: String) -> DocumentExtraction? {
        guard let data = try? FileBytes.read(path(key)) else { return nil }
        return data.withUnsafeBytes { buf -> DocumentExtraction? in
            guard buf.count > Self.magic.count, buf.prefix(Self.magic.count).elementsEqual(Self.magic) else { return nil }
            var r = BinaryReader(buf, at: Self.magic.count)
            guard r.u32() == Self.version, r.u32() == BinaryModel.version, r.string() == key,
                  let x = r.get(DocumentExtraction.self), r.atEnd else { return nil }
            return x
        }
    }

    static func entryBytes(_ key: String, _ x: DocumentExtraction) -> Data {
        var w = BinaryWriter()
        w.bytes = magic
        w.u32(version); w.u32(BinaryModel.version); w.string(key)
        w.put(x)
        return Data(w.bytes)
    }

    public func store(_ key: String, _ x: DocumentExtraction) {
        Self.memory.put(key, x)
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        _ = try? OutputWriter.write(Self.entryBytes(key, x), to: path(key))
    }

    /// Removes entries not used by the current build (deleted or changed documents).
    public func prune(keeping keys: Set<String>) {
        Self.memory.keep(keys)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        // and what a build killed while writing left
        OutputWriter.removeStaleTemporaries(in: directory, names: names)
        for n in names {
            // entries of this layout that no document uses, and entries of an older layout
            let stale = n.hasSuffix(".bin") && n.count == 36 && !keys.contains(String(n.dropLast(4)))
            let old = n.hasSuffix(".json") && n.count == 37
            if stale || old { try? FileManager.default.removeItem(atPath: directory + "/" + n) }
        }
    }

    /// The last complete build: its fingerprint (inputs, options, templates, program) and a
    /// hash of each document's bytes by id.
    public struct BuildRecord: Codable, Sendable {
        public var format = "chronograph-build"
        public var fingerprint: String
        public var documents: [String: String]
        /// Each file read, by where it was read: its signature when read and its cache key, so
        /// that the next build can tell "nothing changed" without reading any file.
        public var files: [String: FileRecord]? = nil
        /// When the record was made (seconds since 1970): a file modified this close to it may
        /// have changed within one tick of the clock, and its signature is not trusted.
        public var recorded: Double? = nil
        /// The extraction options' fingerprint (the curation file's content is part of it) and
        /// the extractor's (`Builder.extractorIdentity`).
        public var extractOptions: String? = nil
        /// How the hashes were made (`ContentHasher.version`; absent in records of earlier
        /// versions): hashes made another way cannot tell whether a document changed.
        public var hashes: Int? = nil
        /// The templates the build parsed (`Builder.templatesToken`; absent when it made no page,
        /// and in records of earlier versions): the next build parses the same ones late.
        public var templates: String? = nil
    }

    public struct FileRecord: Codable, Sendable, Hashable {
        public var signature: String
        public var key: String
        /// The hash of the file's bytes (absent in records of earlier versions).
        public var hash: String? = nil
    }

    /// The record of the last build: `build.bin`, or the JSON of earlier versions.
    public func lastBuild() -> BuildRecord? {
        if let d = FileManager.default.contents(atPath: directory + "/" + BuildRecord.fileName) { return BuildRecord(binary: d) }
        guard let d = FileManager.default.contents(atPath: directory + "/build.json") else { return nil }
        return try? JSONDecoder().decode(BuildRecord.self, from: d)
    }

    public func recordBuild(_ record: BuildRecord) {
        writeRecord(ExtractionCache.encode(record))
    }

    /// The record's bytes (encoded apart from writing, so that the encoding can run while the
    /// outputs are written and the record is written only once they are).
    public static func encode(_ record: BuildRecord) -> Data { record.binary }

    /// `retiringTo`: where the replaced record keeps a name until a background thread frees it
    /// (see `OutputWriter.Staged.commit(retiringTo:)`; the record changes on every build).
    public func writeRecord(_ data: Data, retiringTo folder: String? = nil) {
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if (try? OutputWriter.write(data, to: directory + "/" + BuildRecord.fileName, retiringTo: folder)) != nil {
            unlink(directory + "/build.json") // the earlier versions' form
        }
    }
}

/// The build record in the binary form of the cache (a thousand documents make a thousand
/// file records: JSON took milliseconds to read and write on every rebuild). Maps are written
/// in key order, so the same record gives the same bytes. A record cut short or of another
/// layout reads as none: the next build then reads every file (the extractions stay cached).
extension ExtractionCache.BuildRecord {
    static let fileName = "build.bin"
    static let magic = Array("chronograph-build 1\n".utf8)

    var binary: Data {
        var w = BinaryWriter()
        w.bytes.append(contentsOf: Self.magic)
        w.string(fingerprint)
        w.u32(UInt32(documents.count))
        for (k, v) in documents.sorted(by: { $0.key < $1.key }) { w.string(k); w.string(v) }
        w.bool(files != nil)
        if let files {
            w.u32(UInt32(files.count))
            for (k, f) in files.sorted(by: { $0.key < $1.key }) { w.string(k); w.string(f.signature); w.string(f.key); w.optional(f.hash) }
        }
        w.bool(recorded != nil)
        if let recorded { w.int(Int(bitPattern: UInt(recorded.bitPattern))) }
        w.optional(extractOptions)
        w.bool(hashes != nil)
        if let hashes { w.int(hashes) }
        w.optional(templates)
        return Data(w.bytes)
    }

    init?(binary data: Data) {
        let m = Self.magic
        guard let r: Self = data.withUnsafeBytes({ buf -> Self? in
            guard buf.count >= m.count, buf.prefix(m.count).elementsEqual(m) else { return nil }
            var r = BinaryReader(buf, at: m.count)
            guard let fingerprint = r.string(), let nd = r.u32(), Int(nd) <= buf.count else { return nil }
            var documents: [String: String] = [:]
            documents.reserveCapacity(Int(nd))
            for _ in 0..<nd { guard let k = r.string(), let v = r.string() else { return nil }; documents[k] = v }
            var record = Self(fingerprint: fingerprint, documents: documents)
            guard let hasFiles = r.bool() else { return nil }
            if hasFiles {
                guard let nf = r.u32(), Int(nf) <= buf.count else { return nil }
                var files: [String: ExtractionCache.FileRecord] = [:]
                files.reserveCapacity(Int(nf))
                for _ in 0..<nf {
                    guard let k = r.string(), let sig = r.string(), let key = r.string(), let hash = r.optional() else { return nil }
                    files[k] = .init(signature: sig, key: key, hash: hash)
                }
                record.files = files
            }
            guard let hasRecorded = r.bool() else { return nil }
            if hasRecorded { guard let bits = r.int() else { return nil }; record.recorded = Double(bitPattern: UInt64(UInt(bitPattern: bits))) }
            guard let options = r.optional(), let hasHashes = r.bool() else { return nil }
            record.extractOptions = options
            if hasHashes { guard let h = r.int() else { return nil }; record.hashes = h }
            // (records of earlier versions end here)
            if r.atEnd { return record }
            guard let templates = r.optional() else { return nil }
            record.templates = templates
            return r.atEnd ? record : nil
        }) else { return nil }
        self = r
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

/// What the file system says of a file: size, modification and change times (nanoseconds),
/// inode and device. Equal signatures mean the bytes were not rewritten.
public enum FileSignature {
    public static func of(_ path: String) -> String? {
        var st = stat()
        guard stat(path, &st) == 0 else { return nil }
        func time(_ t: timespec) -> String {
            let ns = String(t.tv_nsec)
            return "\(t.tv_sec)." + String(repeating: "0", count: max(0, 9 - ns.count)) + ns // a decimal fraction
        }
        return "\(st.st_size):\(time(st.st_mtim)):\(time(st.st_ctim)):\(st.st_ino):\(st.st_dev)"
    }

    /// The modification or change time, whichever is later, in seconds since 1970.
    /// (read off the bytes: splitting the signature and parsing its parts was most of the time a
    /// rebuild spent on a thousand unchanged files)
    public static func lastTouched(_ signature: String) -> Double {
        var s = signature
        return s.withUTF8 { u -> Double in
            // "size:seconds.nanoseconds:seconds.nanoseconds:inode:device"
            var i = 0
            while i < u.count && u[i] != 0x3A { i += 1 }
            func time() -> Double? {
                guard i < u.count, u[i] == 0x3A else { return nil }
                i += 1
                var whole = 0, fraction = 0, scale = 1, wholeDigits = 0, fractionDigits = 0, dot = false
                while i < u.count && u[i] != 0x3A {
                    let c = u[i]
                    if c == 0x2E, !dot { dot = true } else if c >= 0x30 && c <= 0x39 {
                        if dot { fraction = fraction * 10 + Int(c - 0x30); scale *= 10; fractionDigits += 1 } else {
                            whole = whole * 10 + Int(c - 0x30); wholeDigits += 1
                        }
                        if wholeDigits > 17 || fractionDigits > 17 { return nil }
                    } else { return nil }
                    i += 1
                }
                return wholeDigits + fractionDigits == 0 ? nil : Double(whole) + Double(fraction) / Double(scale)
            }
            guard let m = time(), let c = time() else { return .infinity }
            return max(m, c)
        }
    }
}
