import Foundation

/// A compact binary form of the model, for what Chronograph keeps between builds (extraction
/// cache entries, remembered fragments). Decoding it is many times faster than JSON, which is
/// what a rebuild spends its time on when one document of a thousand changed.
///
/// Integers are little-endian; strings and arrays are length-prefixed. A reader that runs off
/// the end or meets an unknown enum value fails (returns nil): the caller treats the entry as
/// damaged and rebuilds it. The form has no field names: `BinaryModel.version` changes with it.
public enum BinaryModel {
    /// Bump when any `BinaryCodable` layout below changes (or the cases of an enum written by
    /// its number, `BinaryCase`, change order).
    public static let version: UInt32 = 3
}

public struct BinaryWriter {
    public var bytes: [UInt8] = []
    /// A writer that hashes what it is given instead of keeping it (`stableKey`): the same
    /// fields in the same order, each number and each string's length hashed as a number and
    /// a string's bytes where they lie, so no buffer is filled only to be hashed.
    let hashing: Bool
    var hasher = ContentHasher()
    public init() { hashing = false }
    init(hashing: Bool) { self.hashing = hashing }
    public mutating func u32(_ v: UInt32) {
        if hashing { hasher.update(number: Int(v)); return }
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }
    public mutating func int(_ v: Int) {
        if hashing { hasher.update(number: v); return }
        withUnsafeBytes(of: Int64(v).littleEndian) { bytes.append(contentsOf: $0) }
    }
    public mutating func bool(_ v: Bool) {
        if hashing { hasher.update(number: v ? 1 : 0); return }
        bytes.append(v ? 1 : 0)
    }
    public mutating func string(_ s: String) {
        var s = s
        s.withUTF8 { u in
            u32(UInt32(u.count))
            if hashing { hasher.update(UnsafeRawBufferPointer(u)) } else { bytes.append(contentsOf: u) }
        }
    }
    public mutating func optional(_ s: String?) {
        if let s { bool(true); string(s) } else { bool(false) }
    }
    /// A memo's text, as `string` writes a string.
    public mutating func text(_ t: MemoText) {
        t.withUTF8 { u in
            u32(UInt32(u.count))
            if hashing { hasher.update(UnsafeRawBufferPointer(u)) } else { bytes.append(contentsOf: u) }
        }
    }
    public mutating func put<T: BinaryCodable>(_ v: T) { v.write(to: &self) }
    /// An enum's case, by its number (reading its name back was a comparison with each name).
    public mutating func code<E: BinaryCase>(_ e: E) { u32(UInt32(e.caseNumber)) }
    public mutating func array<T: BinaryCodable>(_ a: [T]) {
        u32(UInt32(a.count))
        for x in a { x.write(to: &self) }
    }
    public mutating func strings(_ a: [String]) {
        u32(UInt32(a.count))
        for x in a { string(x) }
    }
    public mutating func key(_ k: ContentKey) {
        if hashing { hasher.update(key: k); return }
        withUnsafeBytes(of: k.a.littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: k.b.littleEndian) { bytes.append(contentsOf: $0) }
    }
}

public struct BinaryReader {
    let bytes: UnsafeRawBufferPointer
    public private(set) var at: Int
    public init(_ bytes: UnsafeRawBufferPointer, at: Int = 0) { self.bytes = bytes; self.at = at }
    public var atEnd: Bool { at == bytes.count }

    public mutating func u32() -> UInt32? {
        guard at + 4 <= bytes.count else { return nil }
        let v = bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self)
        at += 4
        return UInt32(littleEndian: v)
    }
    public mutating func int() -> Int? {
        guard at + 8 <= bytes.count else { return nil }
        let v = bytes.loadUnaligned(fromByteOffset: at, as: Int64.self)
        at += 8
        return Int(Int64(littleEndian: v))
    }
    public mutating func bool() -> Bool? {
        guard at < bytes.count else { return nil }
        defer { at += 1 }
        switch bytes[at] { case 0: return false; case 1: return true; default: return nil }
    }
    public mutating func string() -> String? {
        guard let n = u32().map(Int.init), at + n <= bytes.count else { return nil }
        defer { at += n }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[at..<(at + n)]), as: UTF8.self)
    }
    /// A string as `string()` reads it, as a memo's text: the bytes where they lie in `shared`
    /// (the bytes this reader reads), if they are UTF-8; nil if not.
    mutating func text(in shared: SharedBytes) -> MemoText? {
        guard let n = u32().map(Int.init), at + n <= bytes.count else { return nil }
        defer { at += n }
        guard isUTF8(UnsafeRawBufferPointer(rebasing: bytes[at..<(at + n)])) else { return nil }
        return MemoText(shared, at, n)
    }
    public mutating func optional() -> String?? {
        guard let has = bool() else { return nil }
        if !has { return .some(nil) }
        guard let s = string() else { return nil }
        return .some(s)
    }
    public mutating func get<T: BinaryCodable>(_: T.Type = T.self) -> T? { T(from: &self) }
    public mutating func array<T: BinaryCodable>(_: T.Type = T.self) -> [T]? {
        guard let n = u32(), Int(n) <= bytes.count - at else { return nil }
        var out: [T] = []
        out.reserveCapacity(Int(n))
        for _ in 0..<n { guard let x = T(from: &self) else { return nil }; out.append(x) }
        return out
    }
    public mutating func strings() -> [String]? {
        guard let n = u32(), Int(n) <= bytes.count - at else { return nil }
        var out: [String] = []
        out.reserveCapacity(Int(n))
        for _ in 0..<n { guard let x = string() else { return nil }; out.append(x) }
        return out
    }
    public mutating func key() -> ContentKey? {
        guard at + 16 <= bytes.count else { return nil }
        let a = bytes.loadUnaligned(fromByteOffset: at, as: UInt64.self), b = bytes.loadUnaligned(fromByteOffset: at + 8, as: UInt64.self)
        at += 16
        return ContentKey(a: UInt64(littleEndian: a), b: UInt64(littleEndian: b))
    }
    public mutating func code<E: BinaryCase>(_: E.Type) -> E? {
        guard let n = u32(), Int(n) < E.codeTable.count else { return nil }
        return E.codeTable[Int(n)]
    }
}

/// An enum written by the number of its case (in declaration order: reordering the cases
/// changes `BinaryModel.version`).
public protocol BinaryCase: CaseIterable, Equatable {
    static var codeTable: [Self] { get }
}

extension BinaryCase {
    /// The number of this case (what the binary form writes, and keys hash).
    public var caseNumber: Int { Self.codeTable.firstIndex(of: self)! }
}

extension PublishedSource: BinaryCase { public static let codeTable = Array(allCases) }
extension ActorKind: BinaryCase { public static let codeTable = Array(allCases) }
extension TimexType: BinaryCase { public static let codeTable = Array(allCases) }
extension DateBasis: BinaryCase { public static let codeTable = Array(allCases) }
extension Role: BinaryCase { public static let codeTable = Array(allCases) }
extension Modality: BinaryCase { public static let codeTable = Array(allCases) }

public protocol BinaryCodable {
    func write(to w: inout BinaryWriter)
    init?(from r: inout BinaryReader)
}

extension SourceSpan: BinaryCodable {
    public func write(to w: inout BinaryWriter) { w.string(doc); w.int(start); w.int(end) }
    public init?(from r: inout BinaryReader) {
        guard let d = r.string(), let s = r.int(), let e = r.int() else { return nil }
        self.init(doc: d, start: s, end: e)
    }
}

extension Mention: BinaryCodable {
    public func write(to w: inout BinaryWriter) { w.string(doc); w.int(start); w.int(end); w.string(text) }
    public init?(from r: inout BinaryReader) {
        guard let d = r.string(), let s = r.int(), let e = r.int(), let t = r.string() else { return nil }
        self.init(doc: d, start: s, end: e, text: t)
    }
}

extension DocumentInfo: BinaryCodable {
    public func write(to w: inout BinaryWriter) {
        w.string(id); w.string(path); w.string(title); w.optional(published); w.code(publishedSource)
    }
    public init?(from r: inout BinaryReader) {
        guard let id = r.string(), let p = r.string(), let t = r.string(), let pub = r.optional(), let src = r.code(PublishedSource.self) else { return nil }
        self.init(id: id, path: p, title: t, published: pub, publishedSource: src)
    }
}

extension Actor: BinaryCodable {
    public func write(to w: inout BinaryWriter) {
        w.string(id); w.string(name); w.code(kind); w.strings(aliases); w.array(mentions)
    }
    public init?(from r: inout BinaryReader) {
        guard let id = r.string(), let n = r.string(), let k = r.code(ActorKind.self), let al = r.strings(), let m = r.array(Mention.self) else { return nil }
        self.init(id: id, name: n, kind: k, aliases: al, mentions: m)
    }
}

extension Timex: BinaryCodable {
    public func write(to w: inout BinaryWriter) {
        w.string(doc); w.int(start); w.int(end); w.string(text); w.code(type); w.string(value)
    }
    public init?(from r: inout BinaryReader) {
        guard let d = r.string(), let s = r.int(), let e = r.int(), let t = r.string(), let ty = r.code(TimexType.self), let v = r.string() else { return nil }
        self.init(doc: d, start: s, end: e, text: t, type: ty, value: v)
    }
}

extension When: BinaryCodable {
    public func write(to w: inout BinaryWriter) { w.string(value); w.optional(start); w.optional(end); w.code(basis) }
    public init?(from r: inout BinaryReader) {
        guard let v = r.string(), let s = r.optional(), let e = r.optional(), let b = r.code(DateBasis.self) else { return nil }
        self.init(value: v, start: s, end: e, basis: b)
    }
}

extension EventActor: BinaryCodable {
    public func write(to w: inout BinaryWriter) { w.string(actor); w.code(role) }
    public init?(from r: inout BinaryReader) {
        guard let a = r.string(), let role = r.code(Role.self) else { return nil }
        self.init(actor: a, role: role)
    }
}

extension Event: BinaryCodable {
    public func write(to w: inout BinaryWriter) {
        w.string(id)
        if let when { w.bool(true); w.put(when) } else { w.bool(false) }
        w.string(kind); w.string(trigger); w.string(summary); w.code(modality); w.array(actors); w.array(sources)
        if let dateConflict { w.bool(true); w.array(dateConflict) } else { w.bool(false) }
    }
    public init?(from r: inout BinaryReader) {
        guard let id = r.string(), let hasWhen = r.bool() else { return nil }
        var when: When? = nil
        if hasWhen { guard let w = r.get(When.self) else { return nil }; when = w }
        guard let k = r.string(), let t = r.string(), let s = r.string(), let m = r.code(Modality.self),
              let a = r.array(EventActor.self), let src = r.array(SourceSpan.self), let hasConflict = r.bool() else { return nil }
        var conflict: [ReportedDate]? = nil
        if hasConflict { guard let c = r.array(ReportedDate.self) else { return nil }; conflict = c }
        self.init(id: id, when: when, kind: k, trigger: t, summary: s, modality: m, actors: a, sources: src, dateConflict: conflict)
    }
}

extension ReportedDate: BinaryCodable {
    public func write(to w: inout BinaryWriter) { w.string(doc); w.string(value) }
    public init?(from r: inout BinaryReader) {
        guard let d = r.string(), let v = r.string() else { return nil }
        self.init(doc: d, value: v)
    }
}

extension Link: BinaryCodable {
    public func write(to w: inout BinaryWriter) {
        w.string(source); w.string(target); w.string(kind); w.bool(directed); w.int(weight); w.strings(events); w.array(sources)
    }
    public init?(from r: inout BinaryReader) {
        guard let s = r.string(), let t = r.string(), let k = r.string(), let d = r.bool(), let wt = r.int(),
              let ev = r.strings(), let src = r.array(SourceSpan.self) else { return nil }
        self.init(source: s, target: t, kind: k, directed: d, weight: wt, events: ev, sources: src)
    }
}

extension DocumentExtraction: BinaryCodable {
    public func write(to w: inout BinaryWriter) {
        w.put(document); w.array(timexes); w.array(actors); w.array(events); w.array(links); w.array(candidates)
    }
    public init?(from r: inout BinaryReader) {
        guard let d = r.get(DocumentInfo.self), let t = r.array(Timex.self), let a = r.array(Actor.self), let e = r.array(Event.self),
              let l = r.array(Link.self), let c = r.array(Actor.self) else { return nil }
        self.init(document: d, timexes: t, actors: a, events: e, links: l, candidates: c)
    }
}

/// The bytes of a file read whole, shared by the texts taken from it (`MemoText`): in an array,
/// or mapped from the file itself (`FileBytes.map`), unmapped when no text needs them any more.
public final class SharedBytes: @unchecked Sendable {
    let array: [UInt8]
    let mapped: UnsafeBufferPointer<UInt8>?
    public init(_ bytes: [UInt8]) { array = bytes; mapped = nil }
    init(mapping: UnsafeBufferPointer<UInt8>) { array = []; mapped = mapping }
    deinit { if let m = mapped { munmap(UnsafeMutableRawPointer(mutating: m.baseAddress!), m.count) } }
    public var count: Int { mapped?.count ?? array.count }
    @inline(__always) public func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        if let mapped { return try body(mapped) }
        return try array.withUnsafeBufferPointer(body)
    }
}

/// A remembered text (`TextMemo`): a string, or a run of the bytes of the memo file it was read
/// from. Read from a file, a text stays where it lies (once found to be UTF-8): a new process that puts the
/// megabytes of a page's fragments back into the page copies each once, into the page, instead
/// of first into a string of its own (16,000 strings, 17 MB, for the 1,000-document bench).
public struct MemoText: Sendable {
    enum Storage: Sendable { case string(String), slice(SharedBytes, Int, Int), data(Data) }
    let storage: Storage
    public init(_ s: String) { storage = .string(s) }
    init(storage: Storage) { self.storage = storage }
    /// `count` bytes of `shared` from `offset`, which must be UTF-8 (`load` checks them).
    init(_ shared: SharedBytes, _ offset: Int, _ count: Int) { storage = .slice(shared, offset, count) }

    public var string: String {
        switch storage {
        case .string(let s): return s
        case .slice(let b, let o, let n):
            return b.withBytes { String(decoding: UnsafeBufferPointer(rebasing: $0[o..<(o + n)]), as: UTF8.self) }
        case .data(let d): return String(decoding: d, as: UTF8.self)
        }
    }
    /// The length in UTF-8 bytes.
    public var utf8Count: Int {
        switch storage {
        case .string(let s): return s.utf8.count
        case .slice(_, _, let n): return n
        case .data(let d): return d.count
        }
    }
    public func withUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        switch storage {
        case .string(let s):
            var s = s
            return try s.withUTF8(body)
        case .slice(let b, let o, let n):
            return try b.withBytes { try body(UnsafeBufferPointer(rebasing: $0[o..<(o + n)])) }
        case .data(let d):
            return try d.withUnsafeBytes { try body($0.bindMemory(to: UInt8.self)) }
        }
    }
}

extension MemoText: Equatable {
    public static func == (a: MemoText, b: MemoText) -> Bool {
        a.withUTF8 { x in b.withUTF8 { y in x.count == y.count && (x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0) } }
    }
}

/// Whether the bytes are well-formed UTF-8 (the Unicode standard's table 3-7: no overlong
/// forms, no surrogates, nothing past U+10FFFF). ASCII is skipped eight bytes at a time, so a
/// text of news prose with a dash or a quotation mark here and there costs little more than
/// one look at each word of eight bytes.
func isUTF8(_ b: UnsafeRawBufferPointer) -> Bool {
    var i = 0
    let n = b.count
    @inline(__always) func continuation(_ j: Int) -> Bool { j < n && b[j] & 0xC0 == 0x80 }
    while i < n {
        if i + 8 <= n && b.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
        let c = b[i]
        if c < 0x80 { i += 1; continue }
        guard i + 1 < n else { return false }
        let d = b[i + 1]
        switch c {
        case 0xC2...0xDF:
            guard d & 0xC0 == 0x80 else { return false }
            i += 2
        case 0xE0...0xEF:
            let low: UInt8 = c == 0xE0 ? 0xA0 : 0x80, high: UInt8 = c == 0xED ? 0x9F : 0xBF
            guard d >= low && d <= high, continuation(i + 2) else { return false }
            i += 3
        case 0xF0...0xF4:
            let low: UInt8 = c == 0xF0 ? 0x90 : 0x80, high: UInt8 = c == 0xF4 ? 0x8F : 0xBF
            guard d >= low && d <= high, continuation(i + 2), continuation(i + 3) else { return false }
            i += 4
        default:
            return false
        }
    }
    return true
}

/// Texts remembered by a content key between builds: rendered fragments of an output (an
/// element's JSON, an event's `<li>`), kept in memory in one process and in a file of the cache
/// between processes. It holds only what the last use asked for, so it never grows past one
/// output. A missing, foreign or damaged file loads nothing: everything is then rendered anew.
public final class TextMemo: @unchecked Sendable {
    let lock = NSLock()
    let name: String
    var texts: [ContentKey: MemoText] = [:]
    var fresh: [ContentKey: MemoText] = [:]
    /// What the texts were rendered with (a template's text, say): another scope empties the memo.
    var scope = ""
    /// The file must be written whole (another scope, or nothing written yet).
    var rewrite = true
    /// What changed since the file was written: appended to its journal (`<file>.log`) on save.
    var added: [ContentKey: MemoText] = [:]
    var removed = Set<ContentKey>()
    /// Bytes of the file and of its journal: the journal is folded in when it grows past a
    /// quarter of the file.
    var baseBytes = 0, journalBytes = 0
    /// Counts the changes of the texts: a `Carryover` made at one generation vouches for the
    /// texts as they stood then, and for no others.
    var generationCount = 0

    public init(name: String) { self.name = name }

    /// The texts known for `scope` (empty when the memo was for another scope).
    public func snapshot(scope: String) -> [ContentKey: String] {
        texts(scope: scope).mapValues(\.string)
    }

    /// The same as they are kept (a text read from the memo file is not copied).
    public func texts(scope: String) -> [ContentKey: MemoText] {
        lock.lock(); defer { lock.unlock() }
        if self.scope != scope { texts = [:]; self.scope = scope; rewrite = true; added = [:]; removed = []; generationCount += 1 }
        return texts
    }

    /// The texts known for `scope` and their generation.
    public func textsWithGeneration(scope: String) -> ([ContentKey: MemoText], Int) {
        let t = texts(scope: scope)
        lock.lock(); defer { lock.unlock() }
        return (t, generationCount)
    }

    /// Forgets every text, as a new process starts: the next `load` reads the file again.
    public func forget() {
        lock.lock(); defer { lock.unlock() }
        texts = [:]; fresh = [:]; scope = ""; rewrite = true; added = [:]; removed = []; baseBytes = 0; journalBytes = 0
        generationCount += 1
    }

    /// Changes the texts by what a use found changed: the texts of elements gone are dropped,
    /// those of new elements added (as `record` and `commit` would leave them, when the texts
    /// were exactly the last use's). Returns the new generation.
    public func change(adding: [ContentKey: MemoText], removing: [ContentKey]) -> Int {
        lock.lock(); defer { lock.unlock() }
        for k in removing where texts.removeValue(forKey: k) != nil { removed.insert(k); added[k] = nil }
        for (k, v) in adding where texts[k] == nil { texts[k] = v; added[k] = v; removed.remove(k) }
        generationCount += 1
        return generationCount
    }

    /// The generation of the texts now.
    public var generation: Int { lock.lock(); defer { lock.unlock() }; return generationCount }

    /// Records this use's texts: they replace the memo when the use ends (`commit`).
    public func record(_ entries: [ContentKey: String]) { record(entries.mapValues(MemoText.init)) }

    /// The same with texts as they are kept.
    public func record(_ entries: [ContentKey: MemoText]) {
        // (the first use's texts are taken whole: merging them into an empty table inserted
        // every one of them again)
        lock.lock(); if fresh.isEmpty { fresh = entries } else { fresh.merge(entries) { a, _ in a } }; lock.unlock()
    }

    /// Keeps exactly the texts recorded since the last commit; returns the new generation.
    @discardableResult
    public func commit() -> Int {
        lock.lock(); defer { lock.unlock() }
        // keys are content hashes: a key already known holds the same text, only new keys count
        for (k, v) in fresh where texts[k] == nil { added[k] = v; removed.remove(k) }
        for k in texts.keys where fresh[k] == nil { removed.insert(k); added[k] = nil }
        texts = fresh
        fresh = [:]
        generationCount += 1
        return generationCount
    }

    var magic: [UInt8] { Array("chronograph-memo \(name) 2\n".utf8) }
    var journalMagic: [UInt8] { Array("chronograph-memo-log \(name) 2\n".utf8) }

    /// Loads the file written by `save` and its journal, unless this process already has texts
    /// of its own. Every entry is keyed by its content, so a journal cut short by a crash is
    /// simply not read (what it held is rendered again).
    /// `mapping`: the file is mapped into memory rather than read (see `FileBytes.map`), for a
    /// process that ends with the build: reading 17 MB of memos for the 1,000-document bench
    /// into fresh memory, zeroed page by page first, was most of their loading time. A
    /// process that lives on (watch mode) reads them: `save` only ever replaces the file by
    /// renaming another over it, but someone else might cut it short in place, which a mapping
    /// would not survive.
    public func load(from path: String, mapping: Bool = false) {
        lock.lock(); defer { lock.unlock() }
        guard texts.isEmpty else { return }
        // (read directly: FileManager's reading cost more than the parsing, for the 10 MB files)
        let shared: SharedBytes
        if mapping, let mapped = FileBytes.map(path) { shared = mapped } else {
            guard let data = try? FileBytes.read(path) else { return }
            shared = SharedBytes(data)
        }
        let m = magic
        let parsed: (String, [ContentKey: MemoText])? = shared.withBytes { b in
            let buf = UnsafeRawBufferPointer(b)
            guard buf.count >= m.count, buf.prefix(m.count).elementsEqual(m) else { return nil }
            var r = BinaryReader(buf, at: m.count)
            guard let scope = r.string(), let n = r.u32(), Int(n) <= buf.count else { return nil }
            var out: [ContentKey: MemoText] = [:]
            out.reserveCapacity(Int(n))
            for _ in 0..<n {
                guard let k = r.key(), let v = r.text(in: shared) else { return nil }
                out[k] = v
            }
            return r.atEnd ? (scope, out) : nil
        }
        guard var (scope, texts) = parsed else { return }
        baseBytes = shared.count
        journalBytes = 0
        if let log = try? FileBytes.read(path + ".log") {
            let jm = journalMagic
            let sharedLog = SharedBytes(log)
            // (the whole journal checked before any of it is applied: one cut short is not used)
            let entries: [(ContentKey, MemoText?)]? = log.withUnsafeBytes { buf in
                guard buf.count >= jm.count, buf.prefix(jm.count).elementsEqual(jm) else { return nil }
                var r = BinaryReader(buf, at: jm.count)
                var out: [(ContentKey, MemoText?)] = []
                while !r.atEnd {
                    guard let op = r.u32(), let k = r.key() else { return nil }
                    if op == 1 { guard let v = r.text(in: sharedLog) else { return nil }; out.append((k, v)) } else { out.append((k, nil)) }
                }
                return out
            }
            if let entries {
                for (k, v) in entries { texts[k] = v }
                journalBytes = log.count
            }
        }
        self.scope = scope; self.texts = texts; rewrite = false; added = [:]; removed = []
        generationCount += 1
    }

    /// Writes what changed since loaded or saved: appended to the journal, or the whole file
    /// (atomically: temp file and rename) when there is none yet or the journal grew large.
    public func save(to path: String) {
        lock.lock(); defer { lock.unlock() }
        let fm = FileManager.default
        let exists = fm.fileExists(atPath: path)
        if !rewrite && added.isEmpty && removed.isEmpty && exists { return }
        // the journal's size is known before it is made: it is made only to be appended
        var journalSize = 0
        if !rewrite && exists {
            for (_, v) in added { journalSize += 4 + 16 + 4 + v.utf8Count }
            journalSize += removed.count * (4 + 16)
        }
        let appendable = !rewrite && exists && journalBytes + journalSize <= baseBytes / 4
        if appendable {
            var j = BinaryWriter()
            for k in added.keys.sorted() { j.u32(1); j.key(k); j.text(added[k]!) }
            for k in removed.sorted() { j.u32(2); j.key(k) }
            let logPath = path + ".log"
            let fd = open(logPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
            if fd >= 0 {
                var bytes = journalBytes == 0 ? journalMagic : []
                if journalBytes == 0 { _ = ftruncate(fd, 0) }
                bytes += j.bytes
                let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                close(fd)
                if n == bytes.count { journalBytes += n; added = [:]; removed = []; return }
            }
        }
        var w = BinaryWriter()
        // one buffer of the file's size (growing it by doubling copied it several times over)
        var size = magic.count + 8 + scope.utf8.count
        for (_, v) in texts { size += 16 + 4 + v.utf8Count }
        w.bytes.reserveCapacity(size)
        w.bytes.append(contentsOf: magic)
        w.string(scope)
        w.u32(UInt32(texts.count))
        for k in texts.keys.sorted() { w.key(k); w.text(texts[k]!) }
        // written with plain POSIX calls from the writer's bytes: Foundation's createFile copied
        // them into a Data and wrote a temporary file of its own (two copies of megabytes)
        let tmp = path + ".\(getpid()).tmp"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return }
        var ok = true
        w.bytes.withUnsafeBytes { raw in
            var off = 0
            while off < raw.count {
                let n = write(fd, raw.baseAddress! + off, raw.count - off)
                if n < 0 { if errno == EINTR { continue }; ok = false; return }
                off += n
            }
        }
        if close(fd) != 0 { ok = false }
        guard ok else { unlink(tmp); return }
        if rename(tmp, path) != 0 { unlink(tmp); return }
        unlink(path + ".log")
        baseBytes = w.bytes.count; journalBytes = 0
        rewrite = false; added = [:]; removed = []
    }
}

/// A stable content key of a model value: its binary form, hashed (the same in every process),
/// as it is written, without being put in a buffer first.
public func stableKey<T: BinaryCodable>(_ x: T, salt: String = "") -> ContentKey {
    var w = BinaryWriter(hashing: true)
    w.string(salt)
    x.write(to: &w)
    return w.hasher.key
}

/// A whole file's bytes, read with POSIX calls straight into one array sized by `fstat`
/// (Foundation's reading, or a scratch buffer per file, cost more than the bytes did when a
/// build reads a thousand small files).
public enum FileBytes {
    public struct Failure: Error, Sendable {
        public let reason: String
        /// The file's size, when it was refused for being larger than `maxBytes`.
        public var tooLarge: Int? = nil
    }

    /// `maxBytes`: a larger file is refused from its size, before any of it is read.
    /// A regular file's bytes mapped into memory, read-only; nil if it cannot be (then read it).
    /// The mapping lasts as long as the returned value. The file must not be cut short while
    /// it is mapped (reading past its new end would end the process): only for files that
    /// are replaced, never rewritten in place.
    public static func map(_ path: String) -> SharedBytes? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_size > 0 else { return nil }
        let size = Int(st.st_size)
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else { return nil }
        return SharedBytes(mapping: UnsafeBufferPointer(start: p.assumingMemoryBound(to: UInt8.self), count: size))
    }

    public static func read(_ path: String, maxBytes: Int = .max) throws(Failure) -> [UInt8] {
        func failure() -> Failure { Failure(reason: "cannot read: \(String(cString: strerror(errno)))") }
        // (without blocking: opening a named pipe would wait for a writer for good)
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            var st = stat()
            if errno == EISDIR || (stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR) { throw Failure(reason: "is a folder") }
            throw failure()
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw failure() }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw Failure(reason: "is a folder") }
        // a pipe never ends until its writer closes it, a device such as /dev/zero never ends:
        // only regular files are documents
        if (st.st_mode & S_IFMT) != S_IFREG { throw Failure(reason: "not a regular file (a pipe, socket or device)") }
        if Int(st.st_size) > maxBytes { throw Failure(reason: "too large: \(st.st_size) bytes (at most \(maxBytes))", tooLarge: Int(st.st_size)) }
        // back to blocking reads (a file on a network file system may make a read wait)
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        // the size known, plus room to notice a file that grew while it was read; read straight
        // into the array's storage (filling it with zeros first wrote every byte twice)
        let size = max(Int(st.st_size), 0)
        var failed = false
        var out = [UInt8](unsafeUninitializedCapacity: size + 1) { buf, initialized in
            var count = 0
            while count < buf.count {
                let n = Foundation.read(fd, buf.baseAddress! + count, buf.count - count)
                if n < 0 { if errno == EINTR { continue }; failed = true; break }
                if n == 0 { break }
                count += n
            }
            initialized = count
        }
        if failed { throw failure() }
        // a file that grew while it was read (or whose size the file system does not tell, as
        // /proc's): the rest, in steps
        if out.count == size + 1 {
            var chunk = [UInt8](repeating: 0, count: 1 << 16)
            while true {
                let n = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress!, $0.count) }
                if n < 0 { if errno == EINTR { continue }; throw failure() }
                if n == 0 { break }
                out.append(contentsOf: chunk[..<n])
            }
        }
        return out
    }

    /// Whether the regular file at `path` holds exactly `bytes`. It is read in steps of 256 KB
    /// into one buffer, stopping at the first difference: comparing an output of megabytes with
    /// the file it would replace does not make a second copy of it in fresh memory.
    public static func holds<B: ContiguousBytes>(_ path: String, _ bytes: B) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return false }
        return bytes.withUnsafeBytes { want -> Bool in
            guard Int(st.st_size) == want.count else { return false }
            let step = 1 << 18
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: step, alignment: 16)
            defer { buffer.deallocate() }
            var at = 0
            while true {
                let n = Foundation.read(fd, buffer, step)
                if n < 0 { if errno == EINTR { continue }; return false }
                // the file ended: the same when it ended where the bytes do
                if n == 0 { return at == want.count }
                guard at + n <= want.count, memcmp(buffer, want.baseAddress! + at, n) == 0 else { return false }
                at += n
            }
        }
    }
}

/// Bytes laid end to end from parts (a rendered page and the fragments spliced into it, the
/// elements of graph.json), written out or compared with a file a block at a time through one
/// small buffer, never copied into a buffer of the whole: an output of megabytes in fresh
/// memory cost a page fault per 4 KB before its first byte was copied, and was then copied once
/// more into the file.
public struct ByteParts: Sendable {
    var parts: [MemoText] = []
    /// The length in bytes.
    public private(set) var count = 0
    public init() {}
    public init(_ s: String) { append(s) }

    public mutating func append(_ t: MemoText) {
        let n = t.utf8Count
        guard n > 0 else { return }
        count += n; parts.append(t)
    }
    public mutating func append(_ s: String) { append(MemoText(s)) }
    public mutating func append(bytes: [UInt8]) { append(MemoText(SharedBytes(bytes), 0, bytes.count)) }
    /// Bytes of a `Data` (bytes, not necessarily text: they are only ever written out).
    public init(data: Data) { append(MemoText(storage: .data(data))) }

    /// The bytes in blocks of at most `size` bytes, in order (parts shorter than a block are
    /// gathered into one; a longer part is given in place, cut into blocks). `body` returns
    /// false to stop; the result says whether every block was given.
    @discardableResult
    public func forEachBlock(_ size: Int = 1 << 18, _ body: (UnsafeRawBufferPointer) -> Bool) -> Bool {
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        defer { buffer.deallocate() }
        var filled = 0
        for p in parts {
            let ok = p.withUTF8 { b -> Bool in
                var at = 0
                while at < b.count {
                    if filled == 0 && b.count - at >= size {
                        // a long run: given where it lies
                        guard body(UnsafeRawBufferPointer(start: b.baseAddress! + at, count: size)) else { return false }
                        at += size
                        continue
                    }
                    let n = min(size - filled, b.count - at)
                    memcpy(buffer + filled, b.baseAddress! + at, n)
                    filled += n; at += n
                    if filled == size {
                        guard body(UnsafeRawBufferPointer(start: buffer, count: size)) else { return false }
                        filled = 0
                    }
                }
                return true
            }
            if !ok { return false }
        }
        if filled > 0 { return body(UnsafeRawBufferPointer(start: buffer, count: filled)) }
        return true
    }

    /// The bytes in one buffer.
    public var data: Data {
        var out = Data(capacity: count)
        for p in parts { p.withUTF8 { out.append($0) } }
        return out
    }

    /// Writes the bytes to an open file; 0, or the errno of the write that failed.
    public func write(to fd: Int32) -> Int32 {
        var failure: Int32 = 0
        forEachBlock { block in
            var offset = 0
            while offset < block.count {
                let n = Foundation.write(fd, block.baseAddress! + offset, block.count - offset)
                if n < 0 { if errno == EINTR { continue }; failure = errno; return false }
                offset += n
            }
            return true
        }
        return failure
    }
}

extension FileBytes {
    /// Whether the regular file at `path` holds exactly these bytes (read in blocks, stopping at
    /// the first difference; nothing is read when the sizes differ).
    public static func holds(_ path: String, _ parts: ByteParts) -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG, Int(st.st_size) == parts.count else { return false }
        let step = 1 << 18
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: step, alignment: 16)
        defer { buffer.deallocate() }
        let same = parts.forEachBlock(step) { want in
            var have = 0
            while have < want.count {
                let n = Foundation.read(fd, buffer + have, want.count - have)
                if n < 0 { if errno == EINTR { continue }; return false }
                if n == 0 { return false } // the file is shorter now
                have += n
            }
            return memcmp(buffer, want.baseAddress!, want.count) == 0
        }
        guard same else { return false }
        // and the file ends there
        var extra: UInt8 = 0
        return Foundation.read(fd, &extra, 1) == 0
    }
}
