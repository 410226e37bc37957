/// Reduces an HTML page to its article text, keeping for every output byte the file range it
/// came from. Scripts, styles, navigation, forms and comments are dropped; block elements
/// become line breaks; character references are decoded. When the page has an `<article>`,
/// only its content is kept.
enum HTMLText {
    struct Result {
        var text: [UInt8] = []
        var starts: [Int32] = []
        var ends: [Int32] = []
        var title: String? = nil
        var meta: [String: String] = [:]
    }

    static let dropped: Set<String> = ["script", "style", "nav", "footer", "aside", "noscript", "svg", "form",
                                        "template", "iframe", "head", "button", "select", "menu", "canvas", "object"]
    static let blocks: Set<String> = ["p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "tr",
                                       "td", "th", "table", "article", "section", "blockquote", "header", "main",
                                       "figure", "figcaption", "dt", "dd", "dl", "pre", "hr", "address", "time", "body", "title"]

    static func reduce(_ b: [UInt8], from start: Int) -> Result {
        var r = Result()
        // Metadata and title come from the whole page, head included.
        scanMeta(b, from: start, into: &r)
        var lo = start, hi = b.count
        if let a = find(b, "<article", from: start), let gt = tagEnd(b, a) {
            lo = gt + 1
            hi = find(b, "</article", from: lo) ?? b.count
        }
        var i = lo
        func emit(_ byte: UInt8, _ s: Int, _ e: Int) {
            r.text.append(byte); r.starts.append(Int32(s)); r.ends.append(Int32(e))
        }
        func lastIsSpace() -> Bool { r.text.last.map { $0 == 32 || $0 == 10 } ?? true }
        func newline(_ s: Int, _ e: Int) {
            while r.text.last == 32 { r.text.removeLast(); r.starts.removeLast(); r.ends.removeLast() }
            let n = r.text.count
            if n >= 2 && r.text[n - 1] == 10 && r.text[n - 2] == 10 { return }
            if n == 0 { return }
            emit(10, s, e)
        }
        while i < hi {
            let c = b[i]
            if c == 60 /* < */ {
                if starts(b, i, "<!--") {
                    i = (find(b, "-->", from: i + 4).map { $0 + 3 }) ?? hi
                    continue
                }
                guard let gt = tagEnd(b, i) else { emit(c, i, i + 1); i += 1; continue }
                let (name, closing) = tagName(b, i)
                if name.isEmpty && !closing && b[i + 1] != 33 /* ! */ && b[i + 1] != 63 /* ? */ {
                    emit(c, i, i + 1); i += 1; continue // a bare "<" in text
                }
                if !closing && dropped.contains(name) && b[gt - 1] != 47 {
                    if let close = find(b, "</" + name, from: gt + 1), let cgt = tagEnd(b, close) {
                        i = cgt + 1
                    } else { i = gt + 1 }
                    continue
                }
                if blocks.contains(name) { newline(i, gt + 1) }
                i = gt + 1
                continue
            }
            if c == 38 /* & */, let (scalars, end) = entity(b, i) {
                if scalars == ["\u{00A0}"] {
                    if !lastIsSpace() { emit(32, i, end) } // a non-breaking space is a plain space here
                } else {
                    for byte in String(String.UnicodeScalarView(scalars)).utf8 { emit(byte, i, end) }
                }
                i = end
                continue
            }
            if c == 32 || c == 10 || c == 13 || c == 9 {
                if !lastIsSpace() { emit(32, i, i + 1) }
                i += 1
                continue
            }
            emit(c, i, i + 1)
            i += 1
        }
        while r.text.last == 32 || r.text.last == 10 { r.text.removeLast(); r.starts.removeLast(); r.ends.removeLast() }
        return r
    }

    static func scanMeta(_ b: [UInt8], from start: Int, into r: inout Result) {
        if let t = find(b, "<title", from: start), let gt = tagEnd(b, t), let close = find(b, "</title", from: gt + 1) {
            r.title = decodeText(Array(b[(gt + 1)..<close]))
        }
        var i = start
        while let m = find(b, "<meta", from: i), let gt = tagEnd(b, m) {
            let attrs = attributes(b, m, gt)
            if let key = (attrs["property"] ?? attrs["name"] ?? attrs["itemprop"])?.lowercased(), let content = attrs["content"] {
                if r.meta[key] == nil { r.meta[key] = content }
            }
            i = gt + 1
        }
        i = start
        while let t = find(b, "<time", from: i), let gt = tagEnd(b, t) {
            if let dt = attributes(b, t, gt)["datetime"], r.meta["time"] == nil { r.meta["time"] = dt }
            i = gt + 1
        }
        if let ld = find(b, "\"datepublished\"", from: start) {
            var j = ld + 15
            while j < b.count && (b[j] == 32 || b[j] == 58) { j += 1 }
            if j < b.count && b[j] == 34, let close = b[(j + 1)...].firstIndex(of: 34) {
                r.meta["jsonld:datepublished"] = String(decoding: b[(j + 1)..<close], as: UTF8.self)
            }
        }
    }

    static func decodeText(_ b: [UInt8]) -> String {
        var out: [UInt8] = []
        var i = 0
        while i < b.count {
            if b[i] == 38, let (sc, end) = entity(b, i) {
                out.append(contentsOf: Array(String(String.UnicodeScalarView(sc)).utf8)); i = end
            } else { out.append(b[i]); i += 1 }
        }
        let s = String(decoding: out, as: UTF8.self)
        return s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    static func attributes(_ b: [UInt8], _ lt: Int, _ gt: Int) -> [String: String] {
        var out: [String: String] = [:]
        var i = lt + 1
        while i < gt && !isSpace(b[i]) { i += 1 } // tag name
        while i < gt {
            while i < gt && (isSpace(b[i]) || b[i] == 47) { i += 1 }
            let ns = i
            while i < gt && !isSpace(b[i]) && b[i] != 61 && b[i] != 47 { i += 1 }
            let name = String(decoding: b[ns..<i], as: UTF8.self).lowercased()
            while i < gt && isSpace(b[i]) { i += 1 }
            var value = ""
            if i < gt && b[i] == 61 {
                i += 1
                while i < gt && isSpace(b[i]) { i += 1 }
                if i < gt && (b[i] == 34 || b[i] == 39) {
                    let q = b[i]; let vs = i + 1
                    i = vs
                    while i < gt && b[i] != q { i += 1 }
                    value = decodeText(Array(b[vs..<i])); i += 1
                } else {
                    let vs = i
                    while i < gt && !isSpace(b[i]) { i += 1 }
                    value = decodeText(Array(b[vs..<i]))
                }
            }
            if !name.isEmpty && out[name] == nil { out[name] = value }
        }
        return out
    }

    @inline(__always) static func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 || c == 12 }

    static func lower(_ c: UInt8) -> UInt8 { c >= 65 && c <= 90 ? c + 32 : c }

    static func starts(_ b: [UInt8], _ i: Int, _ s: String) -> Bool {
        let u = Array(s.utf8)
        guard i + u.count <= b.count else { return false }
        for k in 0..<u.count where lower(b[i + k]) != u[k] { return false }
        return true
    }

    /// Case-insensitive search for an ASCII string (lowercase in `s`).
    static func find(_ b: [UInt8], _ s: String, from: Int) -> Int? {
        let u = Array(s.utf8)
        guard let first = u.first, u.count <= b.count else { return nil }
        var i = from
        let last = b.count - u.count
        while i <= last {
            if lower(b[i]) == first {
                var k = 1
                while k < u.count && lower(b[i + k]) == u[k] { k += 1 }
                if k == u.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// The index of the `>` that closes the tag opened at `lt`, honouring quoted attributes.
    static func tagEnd(_ b: [UInt8], _ lt: Int) -> Int? {
        var i = lt + 1
        var quote: UInt8 = 0
        while i < b.count {
            let c = b[i]
            if quote != 0 { if c == quote { quote = 0 } }
            else if c == 34 || c == 39 { quote = c }
            else if c == 62 { return i }
            else if c == 60 && i > lt + 1 { return nil } // "<" before ">": not a tag
            i += 1
        }
        return nil
    }

    static func tagName(_ b: [UInt8], _ lt: Int) -> (String, Bool) {
        var i = lt + 1
        var closing = false
        if i < b.count && b[i] == 47 { closing = true; i += 1 }
        let s = i
        while i < b.count && ((b[i] >= 97 && b[i] <= 122) || (b[i] >= 65 && b[i] <= 90) || (b[i] >= 48 && b[i] <= 57)) { i += 1 }
        return (String(decoding: b[s..<i], as: UTF8.self).lowercased(), closing)
    }

    static let named: [String: UInt32] = [
        "amp": 38, "lt": 60, "gt": 62, "quot": 34, "apos": 39, "nbsp": 0xA0, "mdash": 0x2014, "ndash": 0x2013,
        "lsquo": 0x2018, "rsquo": 0x2019, "ldquo": 0x201C, "rdquo": 0x201D, "hellip": 0x2026, "copy": 0xA9,
        "reg": 0xAE, "trade": 0x2122, "eacute": 0xE9, "egrave": 0xE8, "aacute": 0xE1, "oacute": 0xF3,
        "uuml": 0xFC, "ouml": 0xF6, "auml": 0xE4, "ccedil": 0xE7, "euro": 0x20AC, "pound": 0xA3, "middot": 0xB7,
        "laquo": 0xAB, "raquo": 0xBB, "shy": 0xAD, "thinsp": 0x2009, "ensp": 0x2002, "emsp": 0x2003,
    ]

    /// Decodes the character reference at `i` ("&amp;", "&#8217;", "&#x2019;").
    static func entity(_ b: [UInt8], _ i: Int) -> ([Unicode.Scalar], Int)? {
        var j = i + 1
        let limit = min(b.count, i + 12)
        while j < limit && b[j] != 59 && b[j] != 38 && !isSpace(b[j]) { j += 1 }
        guard j < limit, b[j] == 59, j > i + 1 else { return nil }
        let body = String(decoding: b[(i + 1)..<j], as: UTF8.self)
        var code: UInt32?
        if body.hasPrefix("#x") || body.hasPrefix("#X") { code = UInt32(body.dropFirst(2), radix: 16) }
        else if body.hasPrefix("#") { code = UInt32(body.dropFirst(1)) }
        else { code = named[body] ?? named[body.lowercased()] }
        guard let c = code, c != 0, let sc = Unicode.Scalar(c) else { return nil }
        return ([sc], j + 1)
    }
}

/// Blanks Markdown markup with spaces, in place, so that offsets stay those of the file.
enum MarkdownText {
    static func blank(_ t: inout [UInt8]) {
        var i = 0
        var lineStart = true
        var inFence = false
        let n = t.count
        while i < n {
            let c = t[i]
            if lineStart {
                // code fences: blank the whole block
                // (each line blanked up to its newline, then passed: the next line starts; the
                // newline had been left as the next character with the line still starting, and
                // the loop never moved again on any document with a fence)
                if i + 3 <= n && ((t[i] == 96 && t[i + 1] == 96 && t[i + 2] == 96) || (t[i] == 126 && t[i + 1] == 126 && t[i + 2] == 126)) {
                    inFence.toggle()
                    while i < n && t[i] != 10 { t[i] = 32; i += 1 }
                    i += 1
                    continue
                }
                if inFence {
                    while i < n && t[i] != 10 { t[i] = 32; i += 1 }
                    i += 1
                    continue
                }
                var j = i
                while j < n && (t[j] == 32 || t[j] == 9) { j += 1 }
                // headings, quotes, list bullets
                var k = j
                while k < n && (t[k] == 35 || t[k] == 62) { k += 1 }
                if k > j && (k == n || t[k] == 32) { for x in j..<k { t[x] = 32 } }
                else if j + 1 < n && (t[j] == 45 || t[j] == 42 || t[j] == 43) && t[j + 1] == 32 { t[j] = 32 }
                lineStart = false
            }
            switch c {
            case 10: lineStart = true
            case 42, 96: t[i] = 32 // * and `
            case 95: // _ used as emphasis: at a word boundary
                let before = i > 0 ? t[i - 1] : 32, after = i + 1 < n ? t[i + 1] : 32
                if !isWord(before) || !isWord(after) { t[i] = 32 }
            case 33 where i + 1 < n && t[i + 1] == 91: // ![alt](url): an image, blank it all
                if let close = linkEnd(t, i + 1) { for x in i..<close { t[x] = 32 }; i = close; continue }
            case 91: // [text](url): keep the text
                if let close = linkEnd(t, i) {
                    t[i] = 32
                    if let mid = t[i..<close].lastIndex(of: 93) { for x in mid..<close { t[x] = 32 } }
                    i += 1; continue
                }
            default: break
            }
            i += 1
        }
    }

    static func isWord(_ c: UInt8) -> Bool { (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c >= 128 }

    /// For "[text](url)" starting at `open`, the index just past ")".
    static func linkEnd(_ t: [UInt8], _ open: Int) -> Int? {
        var i = open + 1
        while i < t.count && t[i] != 93 && t[i] != 10 { i += 1 }
        guard i + 1 < t.count, t[i] == 93, t[i + 1] == 40 else { return nil }
        var j = i + 2
        while j < t.count && t[j] != 41 && t[j] != 10 && t[j] != 32 { j += 1 }
        guard j < t.count, t[j] == 41 else { return nil }
        return j + 1
    }
}
