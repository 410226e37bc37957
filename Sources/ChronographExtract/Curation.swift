import ChronographCore
import Foundation
import Yams

/// The user's curation, from `chronograph.yml` (in the input folder, or `--config`): it is
/// applied by every build, so corrections survive rebuilds.
///
/// ```yaml
/// aliases:            # canonical name → the variants that name the same actor
///   Xi Jinping: [Xi, President Xi, the Chinese leader]
/// ignore:             # names that are never actors
///   - Sponsor
/// kinds:              # force a kind: person, organization, location, group, other
///   Huawei: organization
/// ```
public struct Curation: Sendable, Hashable, Codable {
    public var aliases: [String: [String]] = [:]
    public var ignore: [String] = []
    public var kinds: [String: ActorKind] = [:]
    /// Where it came from (for messages).
    public var path: String = ""

    public init(aliases: [String: [String]] = [:], ignore: [String] = [], kinds: [String: ActorKind] = [:], path: String = "") {
        self.aliases = aliases; self.ignore = ignore; self.kinds = kinds; self.path = path
    }

    public static let fileName = "chronograph.yml"

    public var isEmpty: Bool { aliases.isEmpty && ignore.isEmpty && kinds.isEmpty }

    /// Every name the file mentions, lowercased, that must never be an actor.
    var ignored: Set<String> { Set(ignore.map { Curation.key($0) }) }

    static func key(_ s: String) -> String {
        s.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// A text that changes whenever the curation does (part of the extraction cache key).
    public var fingerprint: String {
        var h = ContentHasher()
        for (k, v) in aliases.sorted(by: { $0.key < $1.key }) { h.update("a\u{0}" + k); for x in v { h.update(x) } }
        for x in ignore.sorted() { h.update("i\u{0}" + x) }
        for (k, v) in kinds.sorted(by: { $0.key < $1.key }) { h.update("k\u{0}" + k + "\u{0}" + v.rawValue) }
        return h.hex
    }

    /// Reads a curation file. Errors name the file and the line.
    public static func load(path: String) throws(CurationError) -> Curation {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CurationError(path: path, line: nil, reason: "cannot read the file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CurationError(path: path, line: nil, reason: "not UTF-8 text")
        }
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String) throws(CurationError) -> Curation {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            let (line, reason) = yamlErrorLine(error)
            throw CurationError(path: path, line: line, reason: "malformed YAML: " + reason)
        }
        var c = Curation(path: path)
        guard let root else { return c }
        func line(_ n: Node) -> Int? { n.mark.map { $0.line } }
        guard let top = root.mapping else {
            throw CurationError(path: path, line: line(root), reason: "expected a mapping with aliases, ignore and kinds")
        }
        func names(_ n: Node, what: String) throws(CurationError) -> [String] {
            if let s = n.scalar?.string { return s.isEmpty ? [] : [s] }
            guard let seq = n.sequence else { throw CurationError(path: path, line: line(n), reason: "\(what): expected a name or a list of names") }
            var out: [String] = []
            for x in seq {
                guard let s = x.scalar?.string, !s.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw CurationError(path: path, line: line(x), reason: "\(what): expected a name")
                }
                out.append(s.trimmingCharacters(in: .whitespaces))
            }
            return out
        }
        for (k, v) in top {
            guard let key = k.scalar?.string else { throw CurationError(path: path, line: line(k), reason: "expected a key") }
            switch key {
            case "aliases":
                if v.scalar?.string == "" { continue }
                guard let m = v.mapping else { throw CurationError(path: path, line: line(v), reason: "aliases: expected 'canonical name: [variants]' lines") }
                for (name, variants) in m {
                    guard let canonical = name.scalar?.string.trimmingCharacters(in: .whitespaces), !canonical.isEmpty else {
                        throw CurationError(path: path, line: line(name), reason: "aliases: expected a canonical name")
                    }
                    c.aliases[canonical, default: []] += try names(variants, what: "aliases of \(canonical)")
                }
            case "ignore":
                c.ignore += try names(v, what: "ignore")
            case "kinds":
                if v.scalar?.string == "" { continue }
                guard let m = v.mapping else { throw CurationError(path: path, line: line(v), reason: "kinds: expected 'name: kind' lines") }
                for (name, kind) in m {
                    guard let n = name.scalar?.string, !n.isEmpty else { throw CurationError(path: path, line: line(name), reason: "kinds: expected a name") }
                    guard let raw = kind.scalar?.string, let k = ActorKind(rawValue: raw.lowercased()) else {
                        throw CurationError(path: path, line: line(kind),
                                            reason: "kinds: '\(kind.scalar?.string ?? "?")' for \(n) is not one of person, organization, location, group, other")
                    }
                    c.kinds[n] = k
                }
            default:
                throw CurationError(path: path, line: line(k), reason: "unknown key '\(key)' (expected aliases, ignore or kinds)")
            }
        }
        return c
    }

    /// Yams reports `line:column: message`: the line (counted from the YAML's first line) and
    /// the message. Shared with the front-matter reader, which shifts the line.
    static func yamlErrorLine(_ error: Error) -> (Int?, String) {
        let first = String(describing: error).split(separator: "\n").first.map(String.init) ?? "unreadable YAML"
        let parts = first.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        if parts.count == 3, let line = Int(parts[0]), Int(parts[1]) != nil {
            return (line, parts[2].trimmingCharacters(in: .whitespaces))
        }
        return (nil, first)
    }
}

public struct CurationError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var line: Int?
    public var reason: String
    public var description: String { line.map { "\(path):\($0): \(reason)" } ?? "\(path): \(reason)" }
}
