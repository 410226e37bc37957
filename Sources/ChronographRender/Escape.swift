/// Escaping for each output target. Every string that comes from a document goes through one.
public enum Escape {
    /// Inside a DOT double-quoted string: backslashes and quotes escaped (so `\N`, `\G`, a trailing
    /// backslash and `"` stay literal), line breaks and other control characters made spaces.
    public static func dot(_ s: String) -> String {
        escapeDOT(s, quoting: true)
    }

    /// The text a DOT string escaped by `dot` stands for: line breaks and other control
    /// characters made spaces, nothing else changed.
    public static func dotText(_ s: String) -> String {
        escapeDOT(s, quoting: false)
    }

    static func escapeDOT(_ s: String, quoting: Bool) -> String {
        // most text needs nothing changed: one pass over the bytes tells
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || (quoting && ($0 == 0x5C || $0 == 0x22)) }) { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "\\" where quoting: out += "\\\\"
            case "\"" where quoting: out += "\\\""
            case "\n", "\r", "\t": out += " "
            default:
                if ch.value < 0x20 || ch.value == 0x7F { continue }
                out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// Text and attribute values in HTML and XML.
    public static func html(_ s: String) -> String {
        // most text needs nothing escaped: one pass over the bytes tells
        if !s.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 || ($0 < 0x20 && $0 != 0x0A && $0 != 0x09) }) {
            return s
        }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default:
                if ch.value < 0x20 && ch != "\n" && ch != "\t" { continue }
                out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// JSON text safe to embed in an HTML `<script>` element: `<`, `>`, `&`, U+2028 and U+2029
    /// written as \u escapes (the JSON means the same).
    public static func jsonForScript(_ json: String) -> String {
        var out = ""
        out.reserveCapacity(json.utf8.count)
        for ch in json.unicodeScalars {
            switch ch {
            case "<": out += "\\u003c"
            case ">": out += "\\u003e"
            case "&": out += "\\u0026"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
