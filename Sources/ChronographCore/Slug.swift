import Foundation

/// Lowercase slug: ASCII letters and digits kept, Latin diacritics folded (é → e), letters of
/// other scripts kept as they are; every other run of characters becomes one "-".
public func slugify(_ s: String) -> String {
    var out = ""
    var pendingDash = false
    for ch in s.decomposedStringWithCanonicalMapping.unicodeScalars {
        if ch == "'" || ch == "\u{2019}" { continue }
        let props = ch.properties
        if props.generalCategory == .nonspacingMark { continue }
        var piece: String? = nil
        if ch.isASCII {
            let v = ch.value
            if (v >= 48 && v <= 57) || (v >= 97 && v <= 122) { piece = String(ch) }
            else if v >= 65 && v <= 90 { piece = String(Unicode.Scalar(v + 32)!) }
        } else if props.isAlphabetic || props.numericType != nil {
            piece = String(ch).lowercased()
        }
        if let p = piece {
            if pendingDash && !out.isEmpty { out += "-" }
            pendingDash = false
            out += p
        } else {
            pendingDash = true
        }
    }
    return out
}
