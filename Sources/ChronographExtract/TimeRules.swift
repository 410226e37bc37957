import ChronographCore

/// One element of a time rule's pattern.
struct TimePatternElement: Sendable {
    enum Match: Sendable {
        case literal(Set<String>)      // lowercase words or punctuation
        case cls(String, bind: String) // a class and the name it binds
    }
    var match: Match
    var optional: Bool
    var glued: Bool
}

struct TimeRule: Sendable {
    var type: TimexType
    var elements: [TimePatternElement]
    var value: String
    var line: Int
}

/// The time lexicon and rules of one language, parsed from resources.
public struct TimeGrammar: Sendable {
    /// class → word → value
    let lexicon: [String: [String: String]]
    /// word → classes it belongs to
    let wordClasses: [String: [String]]
    let rules: [TimeRule]
    /// rule indexes by what their first element can start with: a literal word, or a class name
    let byFirstLiteral: [String: [Int]]
    let byFirstClass: [String: [Int]]
    let futureCues: Set<String>

    public static let english = try! TimeGrammar(language: "en")

    public struct RuleError: Error, CustomStringConvertible {
        public let line: Int; public let message: String
        public var description: String { "time-rules.txt line \(line): \(message)" }
    }

    public init(language: String) throws {
        try self.init(lexiconLines: ResourceFiles.lines("time-lexicon.txt", language: language),
                      ruleText: ResourceFiles.url("time-rules.txt", language: language).flatMap { try? String(contentsOf: $0, encoding: .utf8) } ?? "")
    }

    init(lexiconLines: [String], ruleText: String) throws {
        var lex: [String: [String: String]] = [:]
        var wc: [String: [String]] = [:]
        var future = Set<String>()
        for line in lexiconLines {
            let f = ResourceFiles.fields(line)
            guard f.count >= 2 else { continue }
            if f[0] == "future" { future.insert(f[1].lowercased()); continue }
            guard f.count >= 3 else { continue }
            lex[f[0], default: [:]][f[1].lowercased()] = f[2]
            wc[f[1].lowercased(), default: []].append(f[0])
        }
        self.lexicon = lex
        self.wordClasses = wc
        self.futureCues = future
        var rules: [TimeRule] = []
        for (n, raw) in ruleText.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: "|", maxSplits: 2).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 3, let type = TimexType(rawValue: parts[0]) else {
                throw RuleError(line: n + 1, message: "expected 'TYPE | pattern | value'")
            }
            var elements: [TimePatternElement] = []
            for tok in parts[1].split(separator: " ") {
                var s = Substring(tok)
                var glued = false, optional = false
                if s.hasPrefix("~") { glued = true; s = s.dropFirst() }
                if s.hasSuffix("?") && s.count > 1 { optional = true; s = s.dropLast() }
                if s.hasPrefix("@") {
                    let name = String(s.dropFirst())
                    let cls = String(name.prefix { !$0.isNumber })
                    let builtin: Set<String> = ["year", "day", "mm", "dd", "int", "decade", "century", "hh", "min"]
                    guard builtin.contains(cls) || lex[cls] != nil else {
                        throw RuleError(line: n + 1, message: "unknown class @\(cls)")
                    }
                    // @mm and @dd bind {month} and {day}, like @month and @day
                    let suffix = name.dropFirst(cls.count)
                    let bind = (cls == "mm" ? "month" : cls == "dd" ? "day" : cls) + suffix
                    elements.append(TimePatternElement(match: .cls(cls, bind: bind), optional: optional, glued: glued))
                } else {
                    var alts = Set(s.split(separator: "|").map { $0.lowercased() })
                    if alts.contains("dash") { alts.remove("dash"); alts.formUnion(["-", "\u{2013}", "\u{2014}"]) }
                    elements.append(TimePatternElement(match: .literal(alts), optional: optional, glued: glued))
                }
            }
            guard !elements.isEmpty else { throw RuleError(line: n + 1, message: "empty pattern") }
            rules.append(TimeRule(type: type, elements: elements, value: parts[2], line: n + 1))
        }
        self.rules = rules
        var byLit: [String: [Int]] = [:], byCls: [String: [Int]] = [:]
        for (i, r) in rules.enumerated() {
            // A rule can start at any of its leading optional elements, or its first required one.
            for el in r.elements {
                switch el.match {
                case .literal(let alts): for a in alts { byLit[a, default: []].append(i) }
                case .cls(let c, _): byCls[c, default: []].append(i)
                }
                if !el.optional { break }
            }
        }
        self.byFirstLiteral = byLit.mapValues { Array(Set($0)).sorted() }
        self.byFirstClass = byCls.mapValues { Array(Set($0)).sorted() }
    }
}
