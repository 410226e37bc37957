import Foundation

/// Lowercase slug: ASCII letters and digits kept, Latin diacritics folded (é → e), letters of
/// other scripts kept as they are; every other run of characters becomes one "-".
public func slugify(_ s: String) -> String {
    // ASCII text (file names, most names and triggers): byte by byte, no Unicode tables
    if s.utf8.allSatisfy({ $0 < 0x80 }) {
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        var pendingDash = false
        for b in s.utf8 {
            if b == UInt8(ascii: "'") { continue }
            let c: UInt8
            switch b {
            case 48...57, 97...122: c = b
            case 65...90: c = b + 32
            default: pendingDash = true; continue
            }
            if pendingDash && !out.isEmpty { out.append(UInt8(ascii: "-")) }
            pendingDash = false
            out.append(c)
        }
        return String(decoding: out, as: UTF8.self)
    }
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
