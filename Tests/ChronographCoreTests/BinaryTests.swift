@testable import ChronographCore
import Foundation
import Testing

@Suite struct BinaryTests {
    func sample() -> DocumentExtraction {
        let doc = DocumentInfo(id: "d-1", path: "news/d 1.txt", title: "Envoys “meet” in Genève", published: nil, publishedSource: .none)
        let m = Mention(doc: "d-1", start: 12, end: 23, text: "Lena Ortiz")
        return DocumentExtraction(
            document: doc,
            timexes: [Timex(doc: "d-1", start: 40, end: 52, text: "last Tuesday", type: .date, value: "2024-03-05")],
            actors: [Actor(id: "lena-ortiz", name: "Lena Ortiz", kind: .person, aliases: ["Ortiz", "L. Ortiz"], mentions: [m]),
                     Actor(id: "geneve", name: "Genève", kind: .location)],
            events: [Event(id: "d-1#1", when: When(value: "2024-03", basis: .relative), kind: "meeting", trigger: "met",
                           summary: "Lena Ortiz met the envoys", modality: .planned,
                           actors: [EventActor(actor: "lena-ortiz", role: .agent), EventActor(actor: "geneve", role: .location)],
                           sources: [SourceSpan(doc: "d-1", start: 0, end: 80)]),
                     Event(id: "d-1#2", when: nil, kind: "statement", trigger: "", summary: "", actors: [], sources: [])],
            links: [Link(source: "lena-ortiz", target: "geneve", kind: "visited", directed: true, weight: 2, events: ["d-1#1"],
                         sources: [SourceSpan(doc: "d-1", start: 0, end: 80)])],
            candidates: [Actor(id: "recall", name: "Recall", kind: .other)])
    }

    @Test func anExtractionRoundTripsThroughItsBinaryForm() {
        let x = sample()
        var w = BinaryWriter()
        w.put(x)
        let back = w.bytes.withUnsafeBytes { buf -> DocumentExtraction? in
            var r = BinaryReader(buf)
            let v = r.get(DocumentExtraction.self)
            return r.atEnd ? v : nil
        }
        #expect(back == x)
    }

    @Test func cutOrDamagedBytesDecodeToNothing() {
        var w = BinaryWriter()
        w.put(sample())
        for cut in [0, 1, 7, w.bytes.count / 2, w.bytes.count - 1] {
            let part = Array(w.bytes.prefix(cut))
            let v = part.withUnsafeBytes { buf -> DocumentExtraction? in var r = BinaryReader(buf); return r.get(DocumentExtraction.self) }
            #expect(v == nil, "cut at \(cut)")
        }
        // an unknown enum value (the first actor's kind, the number after its name) is refused
        var bad = w.bytes
        let name = Array("Lena Ortiz".utf8)
        let at = (0..<(bad.count - name.count)).first(where: { Array(bad[$0..<($0 + name.count)]) == name })
        #expect(at != nil)
        if let at { bad[at + name.count] = 99 }
        let v = bad.withUnsafeBytes { buf -> DocumentExtraction? in var r = BinaryReader(buf); return r.get(DocumentExtraction.self) }
        #expect(v == nil)
    }

    /// Enums go by the number of their case: every case of each comes back as itself, and a
    /// number past the last case reads as damage.
    @Test func enumCasesRoundTripByNumber() {
        func roundTrip<E: BinaryCase>(_: E.Type) {
            for e in E.allCases {
                var w = BinaryWriter(); w.code(e)
                let back = w.bytes.withUnsafeBytes { buf -> E? in var r = BinaryReader(buf); return r.code(E.self) }
                #expect(back == e, "\(e)")
            }
            var w = BinaryWriter(); w.u32(UInt32(E.allCases.count))
            #expect(w.bytes.withUnsafeBytes { buf -> E? in var r = BinaryReader(buf); return r.code(E.self) } == nil)
        }
        roundTrip(PublishedSource.self); roundTrip(ActorKind.self); roundTrip(TimexType.self)
        roundTrip(DateBasis.self); roundTrip(Role.self); roundTrip(Modality.self)
    }

    @Test func stableKeysFollowTheContent() {
        let x = sample()
        var y = x
        #expect(stableKey(x) == stableKey(y))
        y.events[0].summary += "."
        #expect(stableKey(x) != stableKey(y))
        #expect(stableKey(x, salt: "a") != stableKey(x, salt: "b"))
        // where one field ends and the next starts counts, whatever bytes the texts hold (the
        // key is hashed as the fields are written, a length before each text)
        let pairs: [(Mention, Mention)] = [
            (Mention(doc: "ab", start: 1, end: 2, text: "c"), Mention(doc: "a", start: 1, end: 2, text: "bc")),
            (Mention(doc: "doc-0001", start: 8, end: 0, text: ""), Mention(doc: "doc-0001\u{8}", start: 0, end: 0, text: "")),
            (Mention(doc: "", start: 0, end: 0, text: "12345678"), Mention(doc: "12345678", start: 0, end: 0, text: "")),
        ]
        for (a, b) in pairs { #expect(stableKey(a) != stableKey(b), "\(a) \(b)") }
        var evs = Set<ContentKey>()
        for i in x.events.indices { var z = x; z.events[i].actors.append(EventActor(actor: "extra", role: .other)); evs.insert(stableKey(z)) }
        #expect(evs.count == x.events.count && !evs.contains(stableKey(x)))
    }

    @Test func contentHashesSeparateFieldsAndBytes() {
        func key(_ fields: [String]) -> ContentKey { var h = ContentHasher(); for f in fields { h.update(f) }; return h.key }
        // where one field ends and the next starts is part of the hash
        #expect(key(["ab", "c"]) != key(["a", "bc"]))
        #expect(key(["abc", ""]) != key(["abc"]))
        // every byte counts, wherever it is (a word's tail included), and equal input is equal
        let long = "Lena Ortiz met Ivan Sokolov in Vienna on 3 May 2024."
        var seen = Set<ContentKey>()
        for i in long.indices { var t = long; t.replaceSubrange(i...i, with: "#"); seen.insert(key([t])) }
        #expect(seen.count == long.count)
        #expect(key([long]) == key([String(long)]))
        // bytes given as a sequence hash as the same bytes given as a string
        var a = ContentHasher(); a.update(Array(long.utf8))
        #expect(a.key == key([long]))
        #expect(a.hex.count == 32 && a.hex == a.key.description)
    }

    @Test func contentKeysAsDictionaryKeys() {
        // a dictionary hashes a key by its first lane, mixed with the table's seed: keys that
        // share that lane still stay apart, and every key is found again
        var d: [ContentKey: Int] = [:]
        for i in 0..<2000 { d[ContentKey(a: UInt64(i % 7), b: UInt64(i))] = i }
        for i in 0..<2000 { d[ContentKey("key \(i)")] = -i }
        #expect(d.count == 4000)
        #expect((0..<2000).allSatisfy { d[ContentKey(a: UInt64($0 % 7), b: UInt64($0))] == $0 && d[ContentKey("key \($0)")] == -$0 })
        // two sets of the same keys, built in different orders, are equal
        let keys = (0..<500).map { ContentKey("k\($0)") }
        #expect(Set(keys) == Set(keys.reversed()))
    }

    @Test(arguments: [false, true]) func aTextMemoJournalsSmallChangesAndFoldsLargeOnes(mapping: Bool) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("memo-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/m.bin"
        let m = TextMemo(name: "test")
        _ = m.snapshot(scope: "s")
        var all: [ContentKey: String] = [:]
        for i in 0..<200 { all[ContentKey("k\(i)")] = String(repeating: "<li>event \(i)</li>", count: 5) }
        m.record(all); m.commit(); m.save(to: path)
        #expect(!FileManager.default.fileExists(atPath: path + ".log"), "the first save writes the whole file")
        // one entry comes (a changed fragment has a new key: keys hash the content), one goes:
        // only that is appended
        var next = all
        next[ContentKey("k0-changed")] = "<li>changed</li>"; next[ContentKey("k1")] = nil
        m.record(next); m.commit(); m.save(to: path)
        let log = try #require(FileManager.default.contents(atPath: path + ".log"))
        #expect(log.count < 200)
        let other = TextMemo(name: "test")
        other.load(from: path, mapping: mapping)
        #expect(other.snapshot(scope: "s") == next)
        // a journal cut short is not read: the file alone loads
        try log.prefix(log.count - 3).write(to: URL(fileURLWithPath: path + ".log"))
        let cut = TextMemo(name: "test")
        cut.load(from: path, mapping: mapping)
        #expect(cut.snapshot(scope: "s") == all)
        // many changes fold the journal into the file
        var many: [ContentKey: String] = [:]
        for i in 0..<200 { many[ContentKey("n\(i)")] = "<li>new \(i)</li>" }
        m.record(many); m.commit(); m.save(to: path)
        #expect(!FileManager.default.fileExists(atPath: path + ".log"))
        let folded = TextMemo(name: "test")
        folded.load(from: path, mapping: mapping)
        #expect(folded.snapshot(scope: "s") == many)
    }

    /// Texts read from a memo file are the texts saved (kept where they lie once checked to be
    /// UTF-8); written back they give the same file; a file with a text that is not UTF-8 is
    /// damaged and loads nothing. Mapped rather than read, the texts stay readable after the
    /// file is replaced or removed.
    @Test(arguments: [false, true]) func aTextMemoReadsItsTextsAsSaved(mapping: Bool) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("memo-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let texts: [ContentKey: String] = [ContentKey("ascii"): "<li>Lena Ortiz met Ivan Sokolov</li>", ContentKey("empty"): "",
                                           ContentKey("wide"): "<li>Zoë Müller in Kraków — 東京</li>",
                                           ContentKey("long"): String(repeating: "<p>a line of a page</p>\n", count: 2_000)]
        let m = TextMemo(name: "test")
        _ = m.snapshot(scope: "s")
        m.record(texts); m.commit(); m.save(to: dir + "/m.bin")
        let loaded = TextMemo(name: "test")
        loaded.load(from: dir + "/m.bin", mapping: mapping)
        let read = loaded.texts(scope: "s")
        #expect(read.mapValues(\.string) == texts)
        #expect(read.mapValues(\.utf8Count) == texts.mapValues { $0.utf8.count })
        #expect(read == texts.mapValues(MemoText.init))
        // saved again (a fresh file: another scope first, then the texts as read)
        let again = TextMemo(name: "test")
        _ = again.snapshot(scope: "s")
        again.record(read); again.commit(); again.save(to: dir + "/again.bin")
        #expect(FileManager.default.contents(atPath: dir + "/again.bin") == FileManager.default.contents(atPath: dir + "/m.bin"))
        // "ë" made into a byte that is never UTF-8
        var bytes = try #require(FileManager.default.contents(atPath: dir + "/m.bin").map { [UInt8]($0) })
        let at = try #require((0..<(bytes.count - 3)).first { bytes[$0] == 0x5A && bytes[$0 + 1] == 0x6F && bytes[$0 + 2] == 0xC3 })
        bytes[at + 2] = 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/bad.bin"))
        let bad = TextMemo(name: "test")
        bad.load(from: dir + "/bad.bin", mapping: mapping)
        #expect(bad.snapshot(scope: "s").isEmpty)
        // the file replaced (as `save` does, by renaming another over it), then removed: the
        // texts loaded from it are still those saved
        try FileManager.default.removeItem(atPath: dir + "/again.bin")
        try Data("other".utf8).write(to: URL(fileURLWithPath: dir + "/again.bin"))
        #expect(rename(dir + "/again.bin", dir + "/m.bin") == 0)
        try FileManager.default.removeItem(atPath: dir + "/m.bin")
        #expect(read.mapValues(\.string) == texts)
        #expect(loaded.texts(scope: "s").mapValues(\.string) == texts)
    }

    /// The memo's check of UTF-8 says what the standard library's does: for the edge cases of
    /// the encoding (overlong forms, surrogates, past U+10FFFF, cut short, stray continuation
    /// bytes), at every offset from an eight-byte word's start, and for random bytes.
    @Test func theUTF8CheckAgreesWithTheStandardLibrary() {
        func agrees(_ bytes: [UInt8]) -> Bool {
            bytes.withUnsafeBytes { isUTF8($0) } == (String(validating: bytes, as: UTF8.self) != nil)
        }
        let cases: [[UInt8]] = [
            [], [0x41], [0x7F], [0x80], [0xBF], [0xC0, 0x80], [0xC1, 0xBF], [0xC2, 0x80], [0xDF, 0xBF], [0xC2], [0xC2, 0x41],
            [0xE0, 0x9F, 0x80], [0xE0, 0xA0, 0x80], [0xE2, 0x80, 0x94], [0xE2, 0x80], [0xED, 0x9F, 0xBF], [0xED, 0xA0, 0x80],
            [0xEF, 0xBF, 0xBF], [0xEF, 0xBF, 0x41], [0xF0, 0x8F, 0xBF, 0xBF], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF],
            [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xF0, 0x9F, 0x98], [0xFE], [0xFF], [0xF3, 0xBF, 0xBF, 0xBF],
        ]
        var checked = 0
        for c in cases {
            // at every offset from an eight-byte word's start, with ASCII before and after
            for pad in 0..<9 {
                let bytes = Array(repeating: UInt8(ascii: "a"), count: pad) + c + Array("— a dash".utf8)
                #expect(agrees(bytes), "\(bytes)")
                #expect(agrees(Array(repeating: UInt8(ascii: "a"), count: pad) + c), "\(c) at the end after \(pad)")
                checked += 2
            }
        }
        var state: UInt64 = 0x2545F4914F6CDD1D
        for _ in 0..<3000 {
            var bytes: [UInt8] = []
            for _ in 0..<24 {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                let r = UInt8(truncatingIfNeeded: state >> 56)
                // mostly ASCII, and the lead and continuation bytes the edge cases are made of
                bytes.append(r < 96 ? r & 0x7F : [0x80, 0x9F, 0xA0, 0xBF, 0xC2, 0xE0, 0xED, 0xE2, 0xF0, 0xF4, 0xC0, 0xF5][Int(r) % 12])
            }
            #expect(agrees(bytes), "\(bytes)")
            checked += 1
        }
        #expect(checked == cases.count * 18 + 3000)
        #expect("Zoë Müller — 東京 🙂".utf8.withContiguousStorageIfAvailable { isUTF8(UnsafeRawBufferPointer($0)) } == true)
    }

    @Test func aTextMemoKeepsOneUseAndSurvivesAProcess() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("memo-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let m = TextMemo(name: "test")
        #expect(m.snapshot(scope: "s1").isEmpty)
        m.record([ContentKey("k1"): "<li>one</li>", ContentKey("k2"): "<li>two</li>"])
        m.commit()
        #expect(m.snapshot(scope: "s1") == [ContentKey("k1"): "<li>one</li>", ContentKey("k2"): "<li>two</li>"])
        // the next use keeps only what it used
        m.record([ContentKey("k2"): "<li>two</li>"])
        m.commit()
        #expect(m.snapshot(scope: "s1") == [ContentKey("k2"): "<li>two</li>"])
        m.save(to: dir + "/m.bin")
        let other = TextMemo(name: "test")
        other.load(from: dir + "/m.bin")
        #expect(other.snapshot(scope: "s1") == [ContentKey("k2"): "<li>two</li>"])
        // another scope (other templates) starts empty
        #expect(other.snapshot(scope: "s2").isEmpty)
        // a memo of another name, or damaged bytes, loads nothing
        let foreign = TextMemo(name: "else")
        foreign.load(from: dir + "/m.bin")
        #expect(foreign.snapshot(scope: "s1").isEmpty)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/m.bin")))
        bytes.removeLast(3)
        try Data(bytes).write(to: URL(fileURLWithPath: dir + "/cut.bin"))
        let cut = TextMemo(name: "test")
        cut.load(from: dir + "/cut.bin")
        #expect(cut.snapshot(scope: "s1").isEmpty)
    }
}

/// Whole files read into one array: every byte, whatever the size; a file whose size the file
/// system does not tell (as /proc's) read to its end; folders, pipes and missing files refused.
@Suite struct FileBytesTests {
    /// A folder of its own for a test, removed when `body` returns.
    func inFolder(_ name: String, _ body: (String) throws -> Void) throws {
        let dir = NSTemporaryDirectory() + "\(name)-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try body(dir)
    }

    @Test func readsEveryByte() throws { try inFolder("filebytes") { dir in
        for size in [0, 1, 4095, 65_536, 1_000_003] {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            let path = dir + "/f\(size)"
            #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
            #expect(try FileBytes.read(path) == bytes)
        }
        // size 0 on the file system, text when read
        let status = try FileBytes.read("/proc/self/status")
        #expect(status.count > 100)
        #expect(String(decoding: status, as: UTF8.self).contains("\nPid:"))
        #expect(throws: FileBytes.Failure.self) { try FileBytes.read(dir) }
        #expect(mkfifo(dir + "/pipe", 0o644) == 0)
        #expect(throws: FileBytes.Failure.self) { try FileBytes.read(dir + "/pipe") }
        #expect(throws: FileBytes.Failure.self) { try FileBytes.read(dir + "/missing") }
    } }

    /// A file mapped has every byte, in place (not read into an array); what cannot be mapped
    /// (an empty file, /proc's, a folder, a pipe, a missing file) gives nothing, to be read
    /// instead.
    @Test func mapsRegularFiles() throws { try inFolder("filebytes-map") { dir in
        for size in [1, 4095, 65_536, 1_000_003] {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            let path = dir + "/f\(size)"
            #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
            let mapped = try #require(FileBytes.map(path))
            #expect(mapped.mapped != nil && mapped.count == size)
            #expect(mapped.withBytes { Array($0) } == bytes)
        }
        #expect(FileManager.default.createFile(atPath: dir + "/empty", contents: Data()))
        #expect(mkfifo(dir + "/pipe", 0o644) == 0)
        for path in [dir + "/empty", "/proc/self/status", dir, dir + "/pipe", dir + "/missing"] { #expect(FileBytes.map(path) == nil, "\(path)") }
    } }

    /// `holds` compares a file with bytes in steps of 256 KB: a difference in any step, or a
    /// size that differs, is seen.
    @Test func holdsComparesEveryStep() throws { try inFolder("filebytes-holds") { dir in
        for size in [0, 1, 262_144, 262_145, 700_001] {
            let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ 5) }
            let path = dir + "/f\(size)"
            #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
            #expect(FileBytes.holds(path, Data(bytes)), "\(size)")
            #expect(FileBytes.holds(path, bytes), "\(size)")
            #expect(!FileBytes.holds(path, Data(bytes + [0])), "\(size) + 1")
            if size > 0 {
                #expect(!FileBytes.holds(path, Data(bytes.dropLast())), "\(size) - 1")
                // one byte changed: first, last, and the first and last of a later step
                for i in Set([0, size - 1, min(size - 1, 262_144), min(size - 1, 524_287)]) {
                    var other = bytes
                    other[i] &+= 1
                    #expect(!FileBytes.holds(path, Data(other)), "\(size) at \(i)")
                }
            }
        }
        #expect(!FileBytes.holds(dir, Data()))
        #expect(!FileBytes.holds(dir + "/missing", Data()))
        #expect(mkfifo(dir + "/pipe", 0o644) == 0)
        #expect(!FileBytes.holds(dir + "/pipe", Data()))
    } }

    /// Pseudo-random parts of every kind (strings, bytes, remembered texts read from a memo's
    /// bytes, `Data`, and with `mapped`, texts where they lie in a mapped file), empty ones and
    /// ones longer than a block among them, and their bytes.
    func randomParts(_ seed: UInt64, count: Int, mapped: SharedBytes? = nil) -> (ByteParts, [UInt8]) {
        var state = seed
        func next() -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int(state >> 33) }
        var parts = ByteParts(), all: [UInt8] = []
        for _ in 0..<count {
            let n = [0, 1, 3, 17, 100, 999, 5000][next() % 7]
            let bytes = (0..<n).map { _ in UInt8(97 + next() % 26) }
            switch next() % (mapped == nil ? 4 : 6) {
            case 4, 5:
                let m = mapped!, at = next() % (m.count - n)
                parts.append(MemoText(m, at, n))
                all += m.withBytes { Array($0[at..<(at + n)]) }
                continue
            case 0: parts.append(String(decoding: bytes, as: UTF8.self))
            case 1: parts.append(bytes: bytes)
            case 2:
                let shared = SharedBytes([1, 2] + bytes + [3])
                parts.append(MemoText(shared, 2, n))
            default: parts.append(MemoText(storage: .data(Data(bytes))))
            }
            all += bytes
        }
        return (parts, all)
    }

    /// Bytes in parts come out in blocks of the size asked, in order, whatever the parts'
    /// lengths; and the blocks can be stopped.
    @Test func bytePartsComeOutInBlocks() {
        for seed in 1...40 as ClosedRange<UInt64> {
            let (parts, all) = randomParts(seed, count: Int(seed % 9) * 7)
            #expect(parts.count == all.count)
            let whole = parts.data == Data(all)
            #expect(whole)
            for block in [1, 7, 64, 4096] {
                var out: [UInt8] = [], sizes: [Int] = []
                #expect(parts.forEachBlock(block) { b in out += b; sizes.append(b.count); return true })
                let same = out == all
                #expect(same, "seed \(seed), block \(block)")
                // every block full but the last
                #expect(sizes.dropLast().allSatisfy { $0 == block } && (sizes.last ?? 1) <= block && !sizes.contains(0))
            }
            if all.count > 10 {
                var given = 0
                #expect(!parts.forEachBlock(4) { _ in given += 1; return given < 2 })
                #expect(given == 2)
            }
        }
    }

    /// Bytes in parts are written out whole, and compared with a file as bytes in one buffer are.
    @Test func bytePartsAreWrittenAndComparedWithAFile() throws { try inFolder("byteparts") { dir in
        // a file to map, for texts that are written from where they lie
        let source = (0..<70_000).map { UInt8(97 + ($0 &* 7919) % 26) }
        #expect(FileManager.default.createFile(atPath: dir + "/mapped", contents: Data(source)))
        let mapped = try #require(FileBytes.map(dir + "/mapped"))
        for seed in 1...16 as ClosedRange<UInt64> {
            // up to ~1 MB: several blocks; from seed 13 on, mapped texts too, and then as many as
            // 2,400 parts: more than one call writes
            let (parts, all) = seed <= 12 ? randomParts(seed, count: Int(seed) * 40) : randomParts(seed, count: Int(seed - 12) * 600, mapped: mapped)
            let path = dir + "/p\(seed)"
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            #expect(fd >= 0)
            #expect(parts.write(to: fd) == 0)
            close(fd)
            let back = try FileBytes.read(path)
            let written = back == all // (a Bool: a failure would print megabytes otherwise)
            #expect(written, "seed \(seed)")
            let held = FileBytes.holds(path, parts)
            #expect(held, "seed \(seed)")
            var longer = parts; longer.append("x")
            #expect(!FileBytes.holds(path, longer))
            if !all.isEmpty {
                for i in Set([0, all.count - 1, all.count / 2, min(all.count - 1, 262_144)]) {
                    var other = all
                    other[i] &+= 1
                    #expect(!FileBytes.holds(path, ByteParts(data: Data(other))), "seed \(seed) at \(i)")
                }
                // the file cut short by a byte, the parts the same
                #expect(truncate(path, off_t(all.count - 1)) == 0)
                #expect(!FileBytes.holds(path, parts))
            }
        }
        #expect(!FileBytes.holds(dir + "/missing", ByteParts()))
    } }
}
