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

    public static func parseLines(_ text: String) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: true).compactMap { raw in
            var line = Substring(raw)
            if let hash = line.firstIndex(of: "#"), hash == line.startIndex || line[line.index(before: hash)] == " " || line[line.index(before: hash)] == "\t" {
                line = line[..<hash]
            }
            let t = line.trimmedSpaces()
            return t.isEmpty ? nil : t
        }
    }

    /// Lines split into fields on "|", else on tabs, else on spaces. A gazetteer (`names`:
    /// one name to a line, its other fields after "|") keeps a line without "|" whole: a name
    /// of several words is not a name and its aliases.
    public static func table(_ name: String, language: String = "en", names: Bool = false) -> [[String]] {
        lines(name, language: language).map { fields($0, names: names) }
    }

    public static func fields(_ line: String, names: Bool = false) -> [String] {
        if names && !line.contains("|") { return [line.trimmedSpaces()] }
        if line.contains("|") {
            return line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmedSpaces() }
        }
        if line.contains("\t") {
            return line.split(separator: "\t").map { $0.trimmedSpaces() }.filter { !$0.isEmpty }
        }
        return line.split(separator: " ").map(String.init)
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
