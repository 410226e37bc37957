import Foundation

/// Data files under `Resources/<language>/`: lexicons, gazetteers and rules. Each file is
/// UTF-8 text; `#` starts a comment; blank lines are ignored.
public enum ResourceFiles {
    public static func url(_ name: String, language: String = "en") -> URL? {
        Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Resources/\(language)")
            ?? Bundle.module.resourceURL?.appendingPathComponent("Resources/\(language)/\(name)")
    }

    /// The folder of a language's files.
    public static func directory(language: String = "en") -> String? {
        guard let any = url("countries.txt", language: language) else { return nil }
        return any.deletingLastPathComponent().path
    }

    /// The non-comment, non-blank lines of a resource file, trimmed.
    public static func lines(_ name: String, language: String = "en") -> [String] {
        guard let u = url(name, language: language), let data = try? Data(contentsOf: u) else {
            fatalError("Chronograph resource \(language)/\(name) is missing from the bundle")
        }
        return parseLines(String(decoding: data, as: UTF8.self))
    }

    /// (over the bytes: splitting into `Character`s, and Foundation's substring search, were
    /// most of the extractor's start-up, which every build that re-extracts a document waits for)
    public static func parseLines(_ text: String) -> [String] {
        var out: [String] = []
        var text = text
        text.withUTF8 { b in
            let n = b.count
            var start = 0
            while start < n {
                var end = start
                while end < n && b[end] != 0x0A { end += 1 }
                // a comment: from the line's first "#", when it starts the line or follows a blank
                var stop = end
                if let hash = (start..<end).first(where: { b[$0] == 0x23 }), hash == start || b[hash - 1] == 0x20 || b[hash - 1] == 0x09 {
                    stop = hash
                }
                // (a line of a file saved with CR LF ends without its CR)
                if stop == end && stop > start && b[stop - 1] == 0x0D { stop -= 1 }
                let t = String(decoding: UnsafeBufferPointer(rebasing: b[start..<stop]), as: UTF8.self).trimmedSpaces()
                if !t.isEmpty { out.append(t) }
                start = end + 1
            }
        }
        return out
    }

    /// Lines split into fields on "|", else on tabs, else on spaces. A gazetteer (`names`:
    /// one name to a line, its other fields after "|") keeps a line without "|" whole: a name
    /// of several words is not a name and its aliases.
    public static func table(_ name: String, language: String = "en", names: Bool = false) -> [[String]] {
        lines(name, language: language).map { fields($0, names: names) }
    }

    public static func fields(_ line: String, names: Bool = false) -> [String] {
        let u = line.utf8
        let bar = u.contains(0x7C)
        if names && !bar { return [line.trimmedSpaces()] }
        if bar {
            return u.split(separator: 0x7C, omittingEmptySubsequences: false).map { Substring($0).trimmedSpaces() }
        }
        if u.contains(0x09) {
            return u.split(separator: 0x09).map { Substring($0).trimmedSpaces() }.filter { !$0.isEmpty }
        }
        return u.split(separator: 0x20).map { String(Substring($0)) }
    }
}

private let wideBlanks = CharacterSet.whitespaces

extension StringProtocol {
    /// The text without the spaces and tabs at its ends: what `trimmingCharacters(in:
    /// .whitespaces)` gives, looking up Foundation's set only for the rare scalar past ASCII, without going through
    /// NSString (reading the resource files at start-up spent most of its time there).
    func trimmedSpaces() -> String {
        let s = Substring(self).unicodeScalars
        let wide = wideBlanks
        func blank(_ c: Unicode.Scalar) -> Bool {
            c == " " || c == "\t" || (c.value >= 0x80 && wide.contains(c))
        }
        guard let a = s.firstIndex(where: { !blank($0) }) else { return "" }
        let b = s.lastIndex(where: { !blank($0) })!
        return String(Substring(s[a...b]))
    }
}
