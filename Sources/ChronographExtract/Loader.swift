import Foundation
import ChronographCore
import Yams

public enum DocumentFormat: String, Sendable { case text, markdown, html }

/// A document read from disk: its bytes, the working text the extractor scans, and the map
/// from working-text offsets back to file offsets.
public struct LoadedDocument: Sendable {
    public let id: String
    public let path: String
    public let format: DocumentFormat
    public let bytes: [UInt8]
    /// The working text: the body with markup removed or blanked.
    public let text: [UInt8]
    public let map: OffsetMap
    public let title: String
    /// Front matter fields as raw strings (`title`, `date`, `author`, `source`, `url`, ...).
    public let frontMatter: [String: String]
    /// HTML `<meta>` properties and names (lowercased) with their content, and `<time datetime>` values under "time".
    public let htmlMeta: [String: String]

    /// File offsets of a working-text range.
    public func fileRange(_ start: Int, _ end: Int) -> (start: Int, end: Int) {
        (map.fileStart(start), map.fileEnd(end))
    }
    /// The file's bytes in `[start, end)` decoded as UTF-8 (the `text` of a span in graph.json).
    public func fileText(_ start: Int, _ end: Int) -> String {
        let s = max(0, min(start, bytes.count)), e = max(s, min(end, bytes.count))
        return String(decoding: bytes[s..<e], as: UTF8.self)
    }
    /// The readable text of a file range (markup removed, whitespace collapsed): what to quote
    /// from a source span.
    public func displayText(_ fileStart: Int, _ fileEnd: Int) -> String {
        let (a, b) = map.workRange(fileStart: fileStart, fileEnd: fileEnd, count: text.count)
        return Self.collapsingWhitespace(text[max(0, a)..<min(b, text.count)])
    }

    /// The first `limit` characters of `displayText` (all of it when shorter), collapsing no
    /// more of a long span than that takes: a quote for a tooltip, which shows a bounded part of
    /// its sentence however long the sentence is.
    public func displayText(_ fileStart: Int, _ fileEnd: Int, characters limit: Int) -> String {
        let (a0, b0) = map.workRange(fileStart: fileStart, fileEnd: fileEnd, count: text.count)
        let a = max(0, a0), b = min(b0, text.count)
        guard a < b else { return "" }
        var take = min(b, a + 4 * (limit + 2) + 64)
        while true {
            let s = Self.collapsingWhitespace(text[a..<take])
            if take == b { return s.count > limit ? String(s.prefix(limit)) : s }
            // (a character cut at the end of the part read is past the ones kept)
            if s.count > limit + 1 { return String(s.prefix(limit)) }
            take = min(b, a + 4 * (take - a))
        }
    }

    /// The length in bytes of the white-space character (Unicode White_Space) at `i`; 0 when none.
    @inline(__always)
    static func whiteSpaceLength<C: RandomAccessCollection<UInt8>>(_ u: C, _ i: Int) -> Int where C.Index == Int {
        let b = u[i]
        if b == 0x20 || (b >= 0x09 && b <= 0x0D) { return 1 }
        guard b >= 0xC2 else { return 0 }
        let b1 = i + 1 < u.endIndex ? u[i + 1] : 0, b2 = i + 2 < u.endIndex ? u[i + 2] : 0
        if b == 0xC2 && (b1 == 0x85 || b1 == 0xA0) { return 2 }
        if b == 0xE1 && b1 == 0x9A && b2 == 0x80 { return 3 }
        if b == 0xE2 && b1 == 0x80 && (b2 <= 0x8A || b2 == 0xA8 || b2 == 0xA9 || b2 == 0xAF) { return 3 }
        if b == 0xE2 && b1 == 0x81 && b2 == 0x9F { return 3 }
        if b == 0xE3 && b1 == 0x80 && b2 == 0x80 { return 3 }
        return 0
    }

    /// The text with every run of white space (Unicode White_Space) made one space, and none at
    /// either end; on the bytes, as this runs for every source quoted on a page.
    static func collapsingWhitespace(_ u: ArraySlice<UInt8>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(u.count)
        var i = u.startIndex
        var pendingSpace = false
        while i < u.endIndex {
            let b = u[i]
            let w = whiteSpaceLength(u, i)
            if w > 0 {
                pendingSpace = !out.isEmpty
                i += w
            } else {
                if pendingSpace { out.append(0x20); pendingSpace = false }
                out.append(b)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Working text in `[start, end)` as a String.
    public func workText(_ start: Int, _ end: Int) -> String {
        String(decoding: text[max(0, start)..<min(end, text.count)], as: UTF8.self)
    }
}

public enum DocumentLoader {
    public static let extensions: [String: DocumentFormat] = [
        "txt": .text, "text": .text, "md": .markdown, "markdown": .markdown, "html": .html, "htm": .html,
    ]

    /// The format of a file by the extension of its path's last component, in any case ("a.TXT"):
    /// what `(path as NSString).pathExtension.lowercased()` names (trailing slashes left out; a
    /// name that only starts with a dot has none), read from the bytes. A rebuild asks it of
    /// every file of its folders, and Foundation's way cost microseconds a file; it also stops
    /// the process on some paths ("a//ü": a doubled slash before a last letter past ASCII).
    public static func format(ofPath path: String) -> DocumentFormat? {
        var path = path
        return path.withUTF8 { u -> DocumentFormat? in
            var end = u.count
            while end > 0 && u[end - 1] == 0x2F { end -= 1 }
            var start = end
            while start > 0 && u[start - 1] != 0x2F { start -= 1 }
            var dot = end
            while dot > start && u[dot - 1] != 0x2E { dot -= 1 }
            // no dot, or only a leading one ("/.txt"): no extension
            guard dot - 1 > start, end - dot <= 32 else { return nil }
            let ext = UnsafeBufferPointer(rebasing: u[dot..<end])
            // (an extension past ASCII is lowered as Unicode lowers it: "\u{212A}" is "k")
            if ext.contains(where: { $0 >= 0x80 }) { return extensions[String(decoding: ext, as: UTF8.self).lowercased()] }
            var lower = [UInt8](ext)
            for i in lower.indices where lower[i] >= 0x41 && lower[i] <= 0x5A { lower[i] |= 0x20 }
            return extensions[String(decoding: lower, as: UTF8.self)]
        }
    }

    /// The largest document, in bytes: offsets into a document's text are 32 bits (tokens, spans).
    public static let maxDocumentBytes = 1 << 30

    /// Reads and prepares one document. Throws a `DocumentError` with a one-line reason.
    public static func load(file: String, path: String, id: String) throws(DocumentError) -> LoadedDocument {
        let bytes: [UInt8]
        // (a document too large is told from its size, before it is read)
        do { bytes = try FileBytes.read(file, maxBytes: maxDocumentBytes) } catch {
            throw DocumentError(path: path, reason: error.tooLarge.map { tooLarge($0) } ?? error.reason)
        }
        return try prepare(bytes: bytes, path: path, id: id, format: format(ofPath: path) ?? .text)
    }

    /// Prepares a document from bytes already read (used by tests and by `load`).
    public static func prepare(bytes: [UInt8], path: String, id: String, format: DocumentFormat) throws(DocumentError) -> LoadedDocument {
        try prepare(bytes: bytes, path: path, id: id, format: format, limit: maxDocumentBytes)
    }

    static func tooLarge(_ n: Int, limit: Int = maxDocumentBytes) -> String { "too large: \(n) bytes (at most \(limit) a document; split it)" }

    static func prepare(bytes: [UInt8], path: String, id: String, format: DocumentFormat, limit: Int) throws(DocumentError) -> LoadedDocument {
        func fail(_ r: String) -> DocumentError { DocumentError(path: path, reason: r) }
        if bytes.isEmpty { throw fail("empty file") }
        if bytes.count > limit { throw fail(tooLarge(bytes.count, limit: limit)) }
        let probe = bytes.prefix(8192)
        // text in another Unicode encoding, told by its byte order mark: the spans of the outputs
        // are offsets into the file's UTF-8 bytes, so it cannot be read as it is
        for (mark, name) in [([0xFF, 0xFE, 0, 0] as [UInt8], "UTF-32"), ([0, 0, 0xFE, 0xFF], "UTF-32"), ([0xFF, 0xFE], "UTF-16"), ([0xFE, 0xFF], "UTF-16")]
        where bytes.starts(with: mark) {
            throw fail("\(name) text, not UTF-8: convert it (iconv -f \(name) -t UTF-8)")
        }
        if probe.contains(0) { throw fail("binary file (contains NUL bytes), not a text document") }
        if let bad = firstInvalidUTF8(bytes) { throw fail("invalid UTF-8 at byte \(bad)") }
        var bodyStart = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bodyStart = 3 }
        var front: [String: String] = [:]
        if let fm = try frontMatterRange(bytes, from: bodyStart, path: path) {
            front = try parseFrontMatter(String(decoding: bytes[fm.yaml], as: UTF8.self), path: path)
            bodyStart = fm.bodyStart
        }
        var text: [UInt8]
        var map: OffsetMap
        var meta: [String: String] = [:]
        var htmlTitle: String? = nil
        switch format {
        case .html:
            let r = HTMLText.reduce(bytes, from: bodyStart)
            text = r.text; map = .table(starts: r.starts, ends: r.ends); meta = r.meta; htmlTitle = r.title
        case .markdown:
            text = Array(bytes[bodyStart...]); MarkdownText.blank(&text); map = .shift(bodyStart)
        case .text:
            text = Array(bytes[bodyStart...]); map = .shift(bodyStart)
        }
        if !text.contains(where: { $0 > 32 }) { throw fail(front.isEmpty ? "no text in document" : "front matter but no text after it") }
        let title = nonEmpty(front["title"]) ?? nonEmpty(htmlTitle) ?? firstLine(text) ?? id
        return LoadedDocument(id: id, path: path, format: format, bytes: bytes, text: text, map: map,
                              title: title, frontMatter: front, htmlMeta: meta)
    }

    static func nonEmpty(_ s: String?) -> String? {
        guard let t = s?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { return nil }
        return t
    }

    static func firstLine(_ text: [UInt8]) -> String? {
        var i = 0
        while i < text.count {
            var j = i
            while j < text.count && text[j] != 10 { j += 1 }
            let line = String(decoding: text[i..<j], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !line.isEmpty {
                let collapsed = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
                return collapsed.count > 160 ? String(collapsed.prefix(157)) + "..." : collapsed
            }
            i = j + 1
        }
        return nil
    }

    /// Offset of the first byte that is not part of valid UTF-8, or nil.
    public static func firstInvalidUTF8(_ b: [UInt8]) -> Int? {
        var i = 0
        let n = b.count
        while i < n {
            let c = b[i]
            if c < 0x80 { i += 1; continue }
            var need = 0
            var minScalar: UInt32 = 0
            var v: UInt32 = 0
            if c & 0xE0 == 0xC0 { need = 1; v = UInt32(c & 0x1F); minScalar = 0x80 }
            else if c & 0xF0 == 0xE0 { need = 2; v = UInt32(c & 0x0F); minScalar = 0x800 }
            else if c & 0xF8 == 0xF0 { need = 3; v = UInt32(c & 0x07); minScalar = 0x10000 }
            else { return i }
            if i + need >= n { return i }
            for k in 1...need {
                let cc = b[i + k]
                if cc & 0xC0 != 0x80 { return i }
                v = (v << 6) | UInt32(cc & 0x3F)
            }
            if v < minScalar || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF) { return i }
            i += need + 1
        }
        return nil
    }

    /// Finds `---\n ... \n---` at the start. Returns the YAML bytes and where the body starts.
    static func frontMatterRange(_ b: [UInt8], from start: Int, path: String) throws(DocumentError) -> (yaml: Range<Int>, bodyStart: Int)? {
        func isFence(_ i: Int, _ ch: UInt8) -> Int? { // returns end of fence line (after newline)
            guard i + 3 <= b.count, b[i] == ch, b[i + 1] == ch, b[i + 2] == ch else { return nil }
            var j = i + 3
            while j < b.count && (b[j] == 32 || b[j] == 9) { j += 1 }
            if j == b.count { return j }
            if b[j] == 13 && j + 1 < b.count && b[j + 1] == 10 { return j + 2 }
            if b[j] == 10 { return j + 1 }
            return nil
        }
        guard let yamlStart = isFence(start, 45) else { return nil }
        var i = yamlStart
        while i < b.count {
            if let end = isFence(i, 45) ?? isFence(i, 46) { return (yamlStart..<i, end) }
            while i < b.count && b[i] != 10 { i += 1 }
            i += 1
        }
        throw DocumentError(path: path, reason: "malformed front matter: no closing '---' line")
    }

    static func parseFrontMatter(_ yaml: String, path: String) throws(DocumentError) -> [String: String] {
        let node: Node?
        // UTF-8 named explicitly: the default reads the process environment on every call.
        // The basic resolver: every value is read as its text below, so the tags the default
        // one gives (booleans, numbers, dates) are never used, and it compiles seven regular
        // expressions in each process that reads a front matter (about 3 ms of a rebuild)
        do { node = try Yams.compose(yaml: yaml, .basic, .default, .utf8) } catch {
            throw DocumentError(path: path, reason: "malformed front matter: " + describeYAMLError(error))
        }
        guard let node else { return [:] }
        guard let mapping = node.mapping else {
            throw DocumentError(path: path, reason: "malformed front matter (line 2): expected 'key: value' lines")
        }
        var out: [String: String] = [:]
        for (k, v) in mapping {
            guard let key = k.string?.lowercased() else { continue }
            if let s = v.scalar?.string { out[key] = s }
            else if let seq = v.sequence { out[key] = seq.compactMap { $0.string }.joined(separator: ", ") }
        }
        return out
    }

    /// Yams reports `line:column: message` counted from the YAML's first line, which is the
    /// file's second line (after `---`): shift it so the line names the file's line.
    static func describeYAMLError(_ error: Error) -> String {
        let (line, message) = Curation.yamlErrorLine(error)
        return line.map { "line \($0 + 1): " + message } ?? message
    }
}
