import ChronographCore
import Foundation

/// Data files under `Resources/<language>/`: lexicons, gazetteers and rules. Each file is
/// UTF-8 text; `#` starts a comment; blank lines are ignored.
public enum ResourceFiles {
    /// The folder that holds `<language>/`: the resource bundle SwiftPM builds beside the
    /// program (`Chronograph_ChronographExtract.resources/Resources`), else the source tree the
    /// program was built from. Looked up by hand: SwiftPM's `Bundle.module` stops the process
    /// with a crash report when its bundle is not where the build left it (a program copied
    /// elsewhere, its build folder removed).
    static let root: String? = {
        var candidates: [String] = []
        if let exe = Program.path {
            candidates.append((exe as NSString).deletingLastPathComponent + "/Chronograph_ChronographExtract.resources/Resources")
        }
        candidates.append((#filePath as NSString).deletingLastPathComponent + "/Resources")
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/en/countries.txt") }
    }()

    public static func url(_ name: String, language: String = "en") -> URL? {
        guard let root else { return nil }
        let path = root + "/\(language)/\(name)"
        return FileManager.default.fileExists(atPath: path) ? URL(fileURLWithPath: path) : nil
    }

    /// The folder of a language's files.
    public static func directory(language: String = "en") -> String? {
        guard let any = url("countries.txt", language: language) else { return nil }
        return any.deletingLastPathComponent().path
    }

    /// The non-comment, non-blank lines of a resource file, trimmed. Without the file the
    /// program cannot work: it says so in one line and ends (status 1).
    public static func lines(_ name: String, language: String = "en") -> [String] {
        guard let u = url(name, language: language), let data = try? Data(contentsOf: u) else {
            let message = root == nil
                ? "chronograph: error: the rules and lexicons (the folder Chronograph_ChronographExtract.resources that the build puts beside the program) were not found; keep that folder next to the program\n"
                : "chronograph: error: the rules and lexicons have no \(language)/\(name) (in \(root!))\n"
            FileHandle.standardError.write(Data(message.utf8))
            exit(1)
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
        if bar { return pieces(line, "|").map { $0.trimmedSpaces() } }
        if u.contains(0x09) { return pieces(line, "\t").map { $0.trimmedSpaces() }.filter { !$0.isEmpty } }
        return pieces(line, " ").filter { !$0.isEmpty }
    }

    /// A text cut at each occurrence of an ASCII separator (the pieces between, empty ones
    /// included, as `components(separatedBy:)` gives them; by bytes, without Foundation's search).
    static func pieces(_ text: String, _ separator: StaticString) -> [String] {
        var text = text
        let sep = UnsafeBufferPointer(start: separator.utf8Start, count: separator.utf8CodeUnitCount)
        return text.withUTF8 { b -> [String] in
            var out: [String] = []
            var start = 0, i = 0
            let m = sep.count
            while i + m <= b.count {
                if b[i] == sep[0] && (m == 1 || (1..<m).allSatisfy { b[i + $0] == sep[$0] }) {
                    out.append(String(decoding: UnsafeBufferPointer(rebasing: b[start..<i]), as: UTF8.self))
                    i += m; start = i
                } else {
                    i += 1
                }
            }
            out.append(String(decoding: UnsafeBufferPointer(rebasing: b[start...]), as: UTF8.self))
            return out
        }
    }
}

private let wideBlanks = CharacterSet.whitespaces

extension StringProtocol {
    /// The text without the spaces and tabs at its ends: what `trimmingCharacters(in:
    /// .whitespaces)` gives, looking up Foundation's set only for the rare scalar past ASCII, without going through
    /// NSString (reading the resource files at start-up spent most of its time there).
    func trimmedSpaces() -> String {
        // ASCII blanks are cut by bytes; Foundation's set is looked up only when a non-ASCII
        // scalar is left at an end
        let sub = Substring(self), u = sub.utf8
        var a = u.startIndex, b = u.endIndex
        while a < b && (u[a] == 0x20 || u[a] == 0x09) { a = u.index(after: a) }
        while a < b {
            let p = u.index(before: b)
            guard u[p] == 0x20 || u[p] == 0x09 else { break }
            b = p
        }
        if a == b { return "" }
        if u[a] < 0x80 && u[u.index(before: b)] < 0x80 { return String(sub[a..<b]) }
        let s = sub[a..<b].unicodeScalars
        let wide = wideBlanks
        func blank(_ c: Unicode.Scalar) -> Bool {
            c == " " || c == "\t" || (c.value >= 0x80 && wide.contains(c))
        }
        guard let x = s.firstIndex(where: { !blank($0) }) else { return "" }
        let y = s.lastIndex(where: { !blank($0) })!
        return String(Substring(s[x...y]))
    }
}
