import ChronographCore

/// A temporal expression found in a document's working text.
public struct TimexMatch: Sendable, Equatable {
    public var start: Int
    public var end: Int
    public var tokens: Range<Int>
    public var type: TimexType
    public var value: String
    public var basis: DateBasis
}

/// Finds temporal expressions with the rules of a `TimeGrammar` and normalizes them to TIMEX3
/// values, resolving relative and underspecified ones against a reference date (the
/// document's date). Without a reference date, relative expressions keep the TIMEX3
/// underspecified form (`XXXX-03`); the day the tool runs is never used.
public struct TimeTagger: Sendable {
    public let grammar: TimeGrammar
    public static let english = TimeTagger(grammar: .english)
    public init(grammar: TimeGrammar) { self.grammar = grammar }

    static let numericClasses = ["year", "day", "mm", "dd", "int", "hh", "min"]

    public func tag(_ tz: Tokenized, sentences: [Sentence], reference: CivilDate?) -> [TimexMatch] {
        let toks = tz.tokens
        var lowers = [String?](repeating: nil, count: toks.count)
        var lowerDone = [Bool](repeating: false, count: toks.count)
        func lower(_ k: Int) -> String? {
            if lowerDone[k] { return lowers[k] }
            lowerDone[k] = true
            let t = toks[k]
            if t.end - t.start <= 16 { lowers[k] = tz.lower(t) }
            return lowers[k]
        }
        var out: [TimexMatch] = []
        var si = 0
        var future: Bool? = nil
        var k = 0
        while k < toks.count {
            while si < sentences.count && sentences[si].tokens.upperBound <= k { si += 1; future = nil }
            let sentenceEnd = si < sentences.count ? sentences[si].tokens.upperBound : toks.count
            let t = toks[k]
            var candidates: [Int] = []
            if let w = lower(k) {
                if let r = grammar.byFirstLiteral[w] { candidates += r }
                if t.kind == .word, let cs = grammar.wordClasses[w] { for c in cs { candidates += grammar.byFirstClass[c] ?? [] } }
            }
            if t.kind == .number || (t.kind == .word && tz.text[t.start] >= 48 && tz.text[t.start] <= 57) {
                for c in TimeTagger.numericClasses + ["decade", "century"] { candidates += grammar.byFirstClass[c] ?? [] }
            }
            if candidates.isEmpty { k += 1; continue }
            if future == nil, si < sentences.count {
                future = sentences[si].tokens.contains { grammar.futureCues.contains(lower($0) ?? "") }
            }
            var best: (end: Int, rule: Int, value: String, basis: DateBasis)? = nil
            for ri in Set(candidates).sorted() {
                let rule = grammar.rules[ri]
                var bindings: [String: String] = [:]
                var results: [(Int, [String: String])] = []
                match(rule, 0, k, k, sentenceEnd, tz, lower, &bindings, &results)
                for (end, b) in results where end > k {
                    if let b0 = best, end <= b0.end { continue }
                    if !acceptable(rule, k, end, tz, lower) { continue }
                    guard let (v, basis) = evaluate(rule.value, b, reference: reference, future: future ?? false) else { continue }
                    best = (end, ri, v, basis)
                }
            }
            guard let b = best else { k += 1; continue }
            let rule = grammar.rules[b.rule]
            out.append(TimexMatch(start: toks[k].start, end: toks[b.end - 1].end, tokens: k..<b.end,
                                  type: rule.type, value: b.value, basis: b.basis))
            k = b.end
        }
        return out
    }

    /// Extra conditions a match must meet that patterns cannot say: a bare year must look
    /// like a year ("in 2022", "2022's"), not a count ("2000 people").
    func acceptable(_ rule: TimeRule, _ start: Int, _ end: Int, _ tz: Tokenized, _ lower: (Int) -> String?) -> Bool {
        let toks = tz.tokens
        if end - start == 1, toks[start].kind == .number, rule.elements.count == 1 {
            if end < toks.count, toks[end].kind == .word, !tz.isCapitalized(toks[end]) {
                let prev = start > 0 ? lower(start - 1) ?? "" : ""
                return grammar.lexicon["yearprep"]?[prev] != nil
            }
        }
        return true
    }

    /// All ways the rule's elements from `ei` on can match from token `k`; appends (end, bindings).
    func match(_ r: TimeRule, _ ei: Int, _ k: Int, _ start: Int, _ limit: Int, _ tz: Tokenized,
               _ lower: (Int) -> String?, _ b: inout [String: String], _ results: inout [(Int, [String: String])]) {
        if ei == r.elements.count { results.append((k, b)); return }
        let el = r.elements[ei]
        if k < limit, !(el.glued && (k == start || tz.tokens[k].spaceBefore)) {
            if k == start || tz.tokens[k].newlinesBefore == 0 {
                switch el.match {
                case .literal(let alts):
                    if let w = lower(k), alts.contains(w) { match(r, ei + 1, k + 1, start, limit, tz, lower, &b, &results) }
                case .cls(let c, let name):
                    if let v = classValue(c, k, tz, lower) {
                        let saved = b[name]
                        b[name] = v
                        match(r, ei + 1, k + 1, start, limit, tz, lower, &b, &results)
                        b[name] = saved
                    }
                }
            }
        }
        if el.optional { match(r, ei + 1, k, start, limit, tz, lower, &b, &results) }
    }

    static let lexicalCapitalized: Set<String> = ["month", "weekday"]

    func classValue(_ c: String, _ k: Int, _ tz: Tokenized, _ lower: (Int) -> String?) -> String? {
        let t = tz.tokens[k]
        let len = t.end - t.start
        switch c {
        case "year":
            guard t.kind == .number, len == 4, let v = tz.intValue(t), v >= 1000, v <= 2199 else { return nil }
            return String(v)
        case "mm", "dd", "hh", "min", "day":
            if c == "day", t.kind == .word, let w = lower(k) { // 3rd, 21st
                let digits = w.prefix { $0.isNumber }
                let suffix = w.dropFirst(digits.count)
                guard !digits.isEmpty, ["st", "nd", "rd", "th"].contains(String(suffix)), let v = Int(digits), (1...31).contains(v) else { return nil }
                return pad(v, 2)
            }
            guard t.kind == .number, len <= 2, let v = tz.intValue(t) else { return nil }
            switch c {
            case "mm": return (1...12).contains(v) ? pad(v, 2) : nil
            case "hh": return (0...24).contains(v) ? pad(v, 2) : nil
            case "min": return len == 2 && (0...59).contains(v) ? pad(v, 2) : nil
            default: return (1...31).contains(v) ? pad(v, 2) : nil
            }
        case "int":
            guard t.kind == .number, let v = tz.intValue(t) else { return nil }
            return String(v)
        case "decade": // 1990s
            guard t.kind == .word, len == 5, let w = lower(k), w.hasSuffix("s"), let v = Int(w.prefix(4)), v % 10 == 0 else { return nil }
            return String(v / 10)
        case "century": // 20th (century) → "19"
            guard let w = lower(k) else { return nil }
            if let v = grammar.lexicon["ord"]?[w], let n = Int(v) { return pad(n - 1, 2) }
            let digits = w.prefix { $0.isNumber }
            guard !digits.isEmpty, ["st", "nd", "rd", "th"].contains(String(w.dropFirst(digits.count))), let n = Int(digits), n >= 1, n <= 30 else { return nil }
            return pad(n - 1, 2)
        default:
            guard t.kind == .word, let w = lower(k), let v = grammar.lexicon[c]?[w] else { return nil }
            if TimeTagger.lexicalCapitalized.contains(c) && !tz.isCapitalized(t) { return nil }
            return v
        }
    }

    // MARK: values

    /// Substitutes bindings and evaluates a rule's value. Nil when the value is not a valid date.
    func evaluate(_ template: String, _ b: [String: String], reference: CivilDate?, future: Bool) -> (String, DateBasis)? {
        var s = ""
        var i = template.startIndex
        while i < template.endIndex {
            if template[i] == "{", let close = template[i...].firstIndex(of: "}") {
                let name = String(template[template.index(after: i)..<close])
                if let v = b[name] {
                    s += (name.hasPrefix("month") || name.hasPrefix("day")) && v.count == 1 ? "0" + v : v
                } else {
                    s += "{" + name + "}"
                }
                i = template.index(after: close)
            } else { s.append(template[i]); i = template.index(after: i) }
        }
        let parts = s.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        let fn = parts.count > 1 ? parts[0] : ""
        func cue(_ idx: Int) -> String { parts.count > idx ? parts[idx] : "" }
        switch fn {
        case "ref":
            guard parts.count >= 3, let n = Int(parts[2]) else { return parts.count >= 3 && parts[2].contains("X") ? ((parts[2].hasPrefix("-") ? "PAST_REF" : "FUTURE_REF"), .relative) : nil }
            guard let r = reference else { return (TimeTagger.underspecified(parts[1]), .relative) }
            return (TimeTagger.shift(r, unit: parts[1], by: n), .relative)
        case "month":
            guard let m = Int(parts[1]) else { return nil }
            guard let r = reference else { return ("XXXX-" + pad(m, 2), .relative) }
            let y = TimeTagger.resolveYear(month: m, day: nil, ref: r, cue: cue(2), future: future)
            return ("\(pad(y, 4))-\(pad(m, 2))", .relative)
        case "monthday":
            guard let m = Int(parts[1]), let d = Int(parts[2]), d <= CivilDate.daysIn(month: m, year: 2000) else { return nil }
            guard let r = reference else { return ("XXXX-\(pad(m, 2))-\(pad(d, 2))", .relative) }
            let y = TimeTagger.resolveYear(month: m, day: d, ref: r, cue: cue(3), future: future)
            guard let date = CivilDate(validYear: y, month: m, day: d) else { return nil }
            return (date.iso, .relative)
        case "weekday":
            guard let w = Int(parts[1]) else { return nil }
            guard let r = reference else { return ("XXXX-WXX-\(w)", .relative) }
            return (TimeTagger.resolveWeekday(w, ref: r, cue: cue(2), future: future).iso, .relative)
        case "season":
            let code = parts[1]
            guard let r = reference else { return ("XXXX-" + code, .relative) }
            var y = r.year
            if cue(2) == "last" { y -= 1 } else if cue(2) == "next" { y += 1 }
            return ("\(pad(y, 4))-\(code)", .relative)
        case "yearof":
            guard let n = Int(parts[1]) else { return nil }
            let fmt = parts[2...].joined(separator: ":")
            guard let r = reference else { return (fmt.replacingOccurrences(of: "{year}", with: "XXXX"), .relative) }
            return (fmt.replacingOccurrences(of: "{year}", with: pad(r.year + n, 4)), .relative)
        case "dur":
            let n = parts[1], u = parts[2]
            switch u {
            case "H", "MIN": return ("PT\(n)\(u == "MIN" ? "M" : "H")", .explicit)
            default: return ("P\(n)\(u)", .explicit)
            }
        default:
            if s.contains("{") { return nil }
            // explicit calendar values must exist
            if s.count == 10, s.first?.isNumber == true, CivilDate(iso: s) == nil { return nil }
            return (s, .explicit)
        }
    }

    static func underspecified(_ unit: String) -> String {
        switch unit {
        case "D": return "XXXX-XX-XX"
        case "W": return "XXXX-WXX"
        case "M": return "XXXX-XX"
        case "Q": return "XXXX-QX"
        default: return "XXXX"
        }
    }

    /// The reference date moved by `n` units, written at that unit's granularity.
    public static func shift(_ r: CivilDate, unit: String, by n: Int) -> String {
        switch unit {
        case "D": return r.adding(days: n).iso
        case "W": let w = r.adding(days: 7 * n).isoWeek; return "\(pad(w.year, 4))-W\(pad(w.week, 2))"
        case "M": let d = r.adding(months: n); return "\(pad(d.year, 4))-\(pad(d.month, 2))"
        case "Q":
            let q0 = r.year * 4 + (r.month - 1) / 3 + n
            let y = q0 >= 0 ? q0 / 4 : (q0 - 3) / 4
            return "\(pad(y, 4))-Q\(q0 - y * 4 + 1)"
        case "H":
            let h0 = r.year * 2 + (r.month - 1) / 6 + n
            let y = h0 >= 0 ? h0 / 2 : (h0 - 1) / 2
            return "\(pad(y, 4))-H\(h0 - y * 2 + 1)"
        case "DE": return pad((r.year + 10 * n) / 10, 3)
        case "CE": return pad((r.year + 100 * n) / 100, 2)
        default: return pad(r.year + n, 4)
        }
    }

    /// The year of a month (and day) given without one: "last" = the most recent before the
    /// reference, "next" = the first after, "this" = the reference year; with no cue, the
    /// sentence's tense decides (future: the next occurrence; otherwise the latest not after).
    public static func resolveYear(month: Int, day: Int?, ref: CivilDate, cue: String, future: Bool) -> Int {
        let a = month * 100 + (day ?? 0)
        let r = ref.month * 100 + (day == nil ? 0 : ref.day)
        switch cue {
        case "last": return a < r ? ref.year : ref.year - 1
        case "next": return a > r ? ref.year : ref.year + 1
        case "this": return ref.year
        default:
            if future { return a >= r ? ref.year : ref.year + 1 }
            return a <= r ? ref.year : ref.year - 1
        }
    }

    public static func resolveWeekday(_ w: Int, ref: CivilDate, cue: String, future: Bool) -> CivilDate {
        let diff = w - ref.weekday
        switch cue {
        case "last": return ref.adding(days: diff < 0 ? diff : diff - 7)
        case "next": return ref.adding(days: diff > 0 ? diff : diff + 7)
        case "this": return ref.adding(days: diff)
        default:
            if future { return ref.adding(days: diff >= 0 ? diff : diff + 7) }
            return ref.adding(days: diff <= 0 ? diff : diff - 7)
        }
    }
}
