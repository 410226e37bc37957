import ChronographCore
import Foundation

/// One element of a time rule's pattern.
struct TimePatternElement: Sendable {
    enum Match: Sendable {
        case literal(Set<String>, bind: String?) // lowercase words or punctuation
        case cls(String, bind: String) // a class and the name it binds
    }
    var match: Match
    var optional: Bool
    var glued: Bool
    /// Matched but left outside the expression's span ("early" in "early 1997").
    var outside: Bool = false
    /// A literal written with a capital in the rule ("Good Friday"): the word must be
    /// capitalized in the text, and may then stand inside a sentence.
    var capitalized: Bool = false
}

struct TimeRule: Sendable {
    /// nil for a NONE rule: words that look like a time expression but are not.
    var type: TimexType?
    var elements: [TimePatternElement]
    var value: String
    var line: Int
    /// For a range rule ("A / B"): the element that separates its two time expressions.
    var rangeSplit: Int?
    /// The first element that is not optional (how many optional ones precede it).
    var firstRequired: Int = 0
    /// `value` split at its colons once, when the rules are read; for a range rule, its two
    /// values ("A / B") likewise.
    let template: ValueTemplate
    let rangeTemplates: [ValueTemplate]

    init(type: TimexType?, elements: [TimePatternElement], value: String, line: Int, rangeSplit: Int?, rangeValues: [String] = []) {
        self.type = type; self.elements = elements; self.value = value; self.line = line; self.rangeSplit = rangeSplit
        self.template = ValueTemplate(value)
        self.rangeTemplates = rangeValues.map(ValueTemplate.init)
    }
}

/// A rule's value, split at its colons (`fn:arg:arg`), each part a run of text and `{name}`
/// variables: what a match binds is put in without parsing the template again.
struct ValueTemplate: Sendable {
    enum Piece: Sendable {
        case text(String)
        /// A variable; `pad`: a month or day of one digit takes a leading zero.
        case variable(String, pad: Bool)
    }
    /// Each part's pieces, and the part itself when it has no variable.
    let parts: [[Piece]]
    let constant: [String?]

    init(_ template: String) {
        var parts: [[Piece]] = []
        for part in template.split(separator: ":", omittingEmptySubsequences: false) {
            let u = Array(part.utf8)
            var pieces: [Piece] = [], text: [UInt8] = []
            var i = 0
            while i < u.count {
                if u[i] == 123, let close = u[(i + 1)...].firstIndex(of: 125) {
                    if !text.isEmpty { pieces.append(.text(String(decoding: text, as: UTF8.self))); text = [] }
                    let name = String(decoding: u[(i + 1)..<close], as: UTF8.self)
                    pieces.append(.variable(name, pad: name.hasPrefix("month") || name.hasPrefix("day")))
                    i = close + 1
                } else { text.append(u[i]); i += 1 }
            }
            if !text.isEmpty || pieces.isEmpty { pieces.append(.text(String(decoding: text, as: UTF8.self))) }
            parts.append(pieces)
        }
        self.parts = parts
        self.constant = parts.map { p in
            if p.count == 1, case .text(let t) = p[0] { return t }
            return nil
        }
    }

    /// The parts with the bindings put in (a variable bound to nothing stays `{name}`).
    func parts(_ b: Bindings) -> [String] {
        var out: [String] = []
        out.reserveCapacity(parts.count)
        var colon = false
        for (i, pieces) in parts.enumerated() {
            if let c = constant[i] { out.append(c); continue }
            var s = ""
            for piece in pieces {
                switch piece {
                case .text(let t): s += t
                case .variable(let name, let pad):
                    if let v = b[name] {
                        if pad && v.utf8.count == 1 { s += "0" }
                        s += v
                        if v.utf8.contains(58) { colon = true }
                    } else {
                        s += "{" + name + "}"
                    }
                }
            }
            out.append(s)
        }
        // a value with a colon in it ("11:4:4" for the fourth Thursday of November) makes parts
        // of its own, as if written in the template
        if colon { out = out.joined(separator: ":").split(separator: ":", omittingEmptySubsequences: false).map(String.init) }
        return out
    }
}

/// The time lexicon and rules of one language, parsed from resources.
public final class TimeGrammar: Sendable {
    /// class → word → value
    let lexicon: [String: [String: String]]
    let rules: [TimeRule]
    /// Rules that can start at a word, by the hash of its lowercased bytes.
    let triggerRules: [UInt64: [Int]]
    /// The rules compiled for the hot path.
    let compiled: CompiledTimeRules
    /// Each compiled element's class as the tagger reads its value (`SlotClass`), made once
    /// here: naming the class by its string cost a string comparison per case at every binding.
    let compiledSlotClasses: [SlotClass]
    /// The lexicon's classes the tagger reads by name.
    let numWords: [String: String], ordWords: [String: String], ordinalSuffixes: [String: String]
    /// Rules that can start at a number (or a word that starts with a digit: 3rd, 1990s).
    let numericRules: [Int]
    /// Every tense-cue class of a word, as bits (`CueClass`): one lookup per token.
    let cueClasses: WordMap<UInt16>
    /// The same by the hash of the word's bytes (`TimeGrammar.hash`): what the tagger looks up
    /// for a token of ASCII bytes, without making its lowercase string.
    let cueTable: HashedClasses
    /// Word sequences right before an expression that place it in the future ("until", "as soon
    /// as"): one list of words (`futureBeforeWords`) and their hashes (`futureBeforeHashes`),
    /// each phrase a range of it.
    let futureBeforeRanges: [Range<Int>]
    let futureBeforeWords: [String]
    let futureBeforeHashes: [UInt64]
    /// The hashes of the words of class `coordinator` ("and", "but"): compared with a token's
    /// hash (a few words, looked for after every expression: no table lookup per word).
    let coordinatorHashes: [UInt64]

    public static let english = try! TimeGrammar(language: "en")

    public struct RuleError: Error, CustomStringConvertible {
        public let line: Int; public let message: String
        public var description: String { "time-rules.txt line \(line): \(message)" }
    }

    public convenience init(language: String) throws {
        try self.init(lexiconLines: ResourceFiles.lines("time-lexicon.txt", language: language),
                      ruleText: ResourceFiles.url("time-rules.txt", language: language).flatMap { try? String(contentsOf: $0, encoding: .utf8) } ?? "")
    }

    init(lexiconLines: [String], ruleText: String) throws {
        var lex: [String: [String: String]] = [:]
        var wc: [String: [String]] = [:]
        var classes = WordMap<UInt16>(), before: [[String]] = [], byHash: [UInt64: UInt16] = [:]
        for line in lexiconLines {
            let f = ResourceFiles.fields(line)
            guard f.count >= 2 else { continue }
            if let bit = CueClass.byName[f[0]] {
                classes[f[1].lowercased(), default: 0] |= bit
                byHash[TimeGrammar.hash(Array(f[1].lowercased().utf8)), default: 0] |= bit
                continue
            }
            if f[0] == "future-before" { before.append(f[1].lowercased().split(separator: " ").map(String.init)); continue }
            guard f.count >= 3 else { continue }
            lex[f[0], default: [:]][f[1].lowercased()] = f[2]
            wc[f[1].lowercased(), default: []].append(f[0])
        }
        self.lexicon = lex
        self.cueClasses = classes
        self.cueTable = HashedClasses(byHash)
        self.coordinatorHashes = byHash.filter { $0.value & CueClass.coordinator != 0 }.keys.sorted()
        var ranges: [Range<Int>] = [], words: [String] = []
        for phrase in before { ranges.append(words.count..<(words.count + phrase.count)); words += phrase }
        self.futureBeforeRanges = ranges
        self.futureBeforeWords = words
        self.futureBeforeHashes = words.map { TimeGrammar.hash(Array($0.utf8)) }
        var rules: [TimeRule] = []
        for (n, raw) in ResourceFiles.pieces(ruleText, "\n").enumerated() {
            // (a line of a file saved with CR LF ends without its CR)
            let line = (raw.utf8.last == 13 ? String(raw.dropLast()) : raw).trimmedSpaces()
            if line.isEmpty || line.hasPrefix("#") { continue }
            // columns are separated by " | "; a "|" without spaces separates alternatives
            let parts = ResourceFiles.pieces(line, " | ").map { $0.trimmedSpaces() }
            let type = TimexType(rawValue: parts[0])
            guard parts.count == 3, type != nil || parts[0] == "NONE" else {
                throw RuleError(line: n + 1, message: "expected 'TYPE | pattern | value'")
            }
            var elements: [TimePatternElement] = []
            for tok in parts[1].split(separator: " ") {
                var s = Substring(tok)
                var glued = false, optional = false, outside = false
                if s.hasPrefix("!") { outside = true; s = s.dropFirst() }
                if s.hasPrefix("~") { glued = true; s = s.dropFirst() }
                if s.hasSuffix("?") && s.count > 1 { optional = true; s = s.dropLast() }
                if s.hasPrefix("@") {
                    let name = String(s.dropFirst())
                    let cls = String(name.prefix { !$0.isNumber })
                    guard CompiledTimeRules.builtinCode(cls) != nil || lex[cls] != nil else {
                        throw RuleError(line: n + 1, message: "unknown class @\(cls)")
                    }
                    // @mm and @dd bind {month} and {day}, like @month and @day
                    let suffix = name.dropFirst(cls.count)
                    let bind = (cls == "mm" ? "month" : cls == "dd" ? "day" : cls) + suffix
                    elements.append(TimePatternElement(match: .cls(cls, bind: bind), optional: optional, glued: glued, outside: outside))
                } else {
                    var bind: String? = nil
                    if let eq = s.firstIndex(of: "="), eq != s.startIndex {
                        bind = String(s[s.index(after: eq)...]); s = s[..<eq]
                    }
                    var alts = Set(s.split(separator: "|").map { $0.lowercased() })
                    if alts.contains("dash") { alts.remove("dash"); alts.formUnion(["-", "\u{2013}", "\u{2014}"]) }
                    let capital = s.utf8.first.map { $0 >= 65 && $0 <= 90 } ?? false
                    elements.append(TimePatternElement(match: .literal(alts, bind: bind), optional: optional, glued: glued, outside: outside,
                                                       capitalized: capital))
                }
            }
            guard !elements.isEmpty else { throw RuleError(line: n + 1, message: "empty pattern") }
            var split: Int? = nil
            let rangeValues = ResourceFiles.pieces(parts[2], " / ")
            if rangeValues.count > 1 {
                split = elements.firstIndex { el in
                    if case .literal(let alts, _) = el.match { return alts.contains("-") || alts.contains("to") || alts.contains("and") }
                    return false
                }
                guard split != nil else { throw RuleError(line: n + 1, message: "a range value needs a dash, to, through, until or and in its pattern") }
            }
            rules.append(TimeRule(type: type, elements: elements, value: parts[2], line: n + 1, rangeSplit: split,
                                  rangeValues: split == nil ? [] : rangeValues))
        }
        for i in rules.indices { rules[i].firstRequired = rules[i].elements.firstIndex { !$0.optional } ?? 0 }
        self.rules = rules
        var byLit: [String: [Int]] = [:], byCls: [String: [Int]] = [:]
        for (i, r) in rules.enumerated() {
            // A rule can start at any of its leading optional elements, or its first required one.
            for el in r.elements {
                switch el.match {
                case .literal(let alts, _): for a in alts { byLit[a, default: []].append(i) }
                case .cls(let c, _): byCls[c, default: []].append(i)
                }
                if !el.optional { break }
            }
        }
        // The hot path looks a token up by a hash of its lowercased bytes: the rules that can
        // start at a word, merged and sorted once here.
        var triggers: [UInt64: Set<Int>] = [:]
        for (w, rs) in byLit { triggers[TimeGrammar.hash(Array(w.utf8)), default: []].formUnion(rs) }
        for (w, classes) in wc {
            var rs = Set<Int>()
            for c in classes {
                rs.formUnion(byCls[c] ?? [])
                if c == "num" { rs.formUnion(byCls["n"] ?? []) }
                if c == "ord" { rs.formUnion(byCls["century"] ?? []) }
            }
            if !rs.isEmpty { triggers[TimeGrammar.hash(Array(w.utf8)), default: []].formUnion(rs) }
        }
        self.triggerRules = triggers.mapValues { $0.sorted() }
        var numeric = Set<Int>()
        for name in CompiledTimeRules.builtinNames.keys { numeric.formUnion(byCls[name] ?? []) }
        self.numericRules = numeric.sorted()
        var compiled = CompiledTimeRules(rules: rules, lexicon: lex, capitalizedClasses: TimeTagger.lexicalCapitalized)
        compiled.setTriggers(self.triggerRules, numeric: self.numericRules)
        self.compiled = compiled
        self.compiledSlotClasses = rules.flatMap { r in
            r.elements.map { el -> SlotClass in
                if case .cls(let c, _) = el.match { return SlotClass(name: c, lexicon: lex) }
                return SlotClass(name: nil, lexicon: lex)
            }
        }
        self.numWords = lex["num"] ?? [:]
        self.ordWords = lex["ord"] ?? [:]
        self.ordinalSuffixes = lex["ordinal-suffix"] ?? [:]
    }

    /// Where a word of hash `h` is looked for first in an open-addressed table of `mask + 1`
    /// slots (the word sets, the triggers, the tense cues). The low bit is left out: it is set
    /// in every hash.
    @inline(__always) static func slot(_ h: UInt64, _ mask: Int) -> Int { Int(truncatingIfNeeded: h >> 1) & mask }

    /// FNV-1a over the bytes with ASCII letters lowercased; the low bit is always set, so 0
    /// can mean "not computed yet".
    @inline(__always) static func hash<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var h: UInt64 = 0xcbf29ce484222325
        for b in bytes {
            h ^= UInt64(b >= 65 && b <= 90 ? b + 32 : b)
            h = h &* 0x100000001b3
        }
        return h | 1
    }
}

/// What value a pattern element's binding takes: a literal's word, a built-in class's
/// normalized number, or a lexicon class's value (its words, and whether they must be
/// capitalized in the text).
struct SlotClass: Sendable {
    enum Kind: Sendable { case literal, builtin(CompiledTimeRules.Builtin), lexicon }
    let kind: Kind
    /// The class's words and their values (a lexicon class; empty for a class the lexicon lacks).
    let words: [String: String]
    let capitalized: Bool

    /// `name`: the class a pattern element names, nil for a literal.
    init(name: String?, lexicon: [String: [String: String]]) {
        guard let name else { kind = .literal; words = [:]; capitalized = false; return }
        if let b = CompiledTimeRules.builtinCode(name) {
            kind = .builtin(b); words = [:]; capitalized = false
        } else {
            kind = .lexicon; words = lexicon[name] ?? [:]; capitalized = TimeTagger.lexicalCapitalized.contains(name)
        }
    }
}

/// Bits by a word's hash (`TimeGrammar.hash`, never 0), in an open-addressed table; 0 for a
/// word not in it.
struct HashedClasses: Sendable {
    private var keys: [UInt64]
    private var values: [UInt16]
    private let mask: Int

    init(_ entries: [UInt64: UInt16]) {
        var size = 8
        while size < 2 * entries.count { size *= 2 }
        keys = Array(repeating: 0, count: size); values = Array(repeating: 0, count: size); mask = size - 1
        for (h, v) in entries {
            var i = TimeGrammar.slot(h, mask)
            while keys[i] != 0 { i = (i + 1) & mask }
            keys[i] = h; values[i] = v
        }
    }

    @inline(__always) subscript(_ h: UInt64) -> UInt16 {
        var i = TimeGrammar.slot(h, mask)
        while true {
            let k = keys[i]
            if k == h { return values[i] }
            if k == 0 { return 0 }
            i = (i + 1) & mask
        }
    }
}

/// The tense-cue classes of time-lexicon.txt, as bits of `TimeGrammar.cueClasses`.
enum CueClass {
    static let future: UInt16 = 1, past: UInt16 = 2, reporting: UInt16 = 4, weakFuture: UInt16 = 8
    static let notPast: UInt16 = 16, auxiliary: UInt16 = 32, perfect: UInt16 = 64, nounBefore: UInt16 = 128
    /// adverbs such as "still" before a word in -ed make it an adjective (as nounBefore words do)
    static let adjectiveBefore: UInt16 = 256
    /// words that open a reported clause or name its subject: past them, a reporting verb no
    /// longer sets the tense ("told a conference on Tuesday that ...")
    static let complementizer: UInt16 = 512
    /// words that make "to" after them a plan ahead ("is to", "set to")
    static let futureTo: UInt16 = 1024
    /// words that open a relative clause after a comma (", who will lead ..."): a cue past them
    /// is that clause's, not the expression's
    static let relative: UInt16 = 2048
    /// "and", "but" before a verb of tense ("... on Wednesday and will brief ..."): a predicate
    /// of its own after the expression
    static let coordinator: UInt16 = 4096
    /// The classes of time-lexicon.txt by name.
    static let byName: [String: UInt16] = ["future": future, "past": past, "reporting": reporting, "weak-future": weakFuture,
                                           "not-past": notPast, "auxiliary": auxiliary, "perfect": perfect,
                                           "noun-before": nounBefore, "adjective-before": adjectiveBefore,
                                           "complementizer": complementizer, "future-to": futureTo, "relative": relative, "coordinator": coordinator]
}
