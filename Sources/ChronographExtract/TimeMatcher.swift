import ChronographCore

/// The time rules compiled to flat arrays of trivial values, so that matching on the hot path
/// does no reference counting and builds no strings: word sets are open-addressing tables of
/// hashes, bindings are token indices. Strings are made only for the candidates evaluated.
struct CompiledTimeRules: Sendable {
    /// The built-in classes of numbers, by the names rules give them (`@year`).
    enum Builtin: Int32, CaseIterable {
        case year, yy, day, mm, dd, hh, min, int, n, decade, century, clock, dotdate, isoday
        static let count = Int32(allCases.count)
    }

    struct Element: Sendable {
        var kind: UInt8          // 0 literal, 1 lexicon class, 2 built-in class
        var set: Int32           // word set (literal alternatives, or the class's words)
        var builtin: Int32       // Builtin raw value for kind 2
        var slot: Int16          // binding slot, -1 for none
        var optional: Bool
        var glued: Bool
        var outside: Bool
        var capitalized: Bool    // a lexicon class whose words must be capitalized (month, weekday), or such a literal
    }

    struct Rule: Sendable {
        var first: Int32         // index of its first element in `elements`
        var count: Int32
        var firstRequired: Int32
        /// When the rule's first element is a required built-in class: its bit (1 << code), else 0.
        var firstBuiltinMask: UInt32 = 0
        /// The fewest tokens a match can span (its required elements).
        var minTokens: Int32 = 0
        /// For the tagger's quick reject: the element after the first required one, when it is
        /// required too (its index in `elements`), else -1.
        var quickNext: Int32 = -1
    }

    var elements: [Element] = []
    var rules: [Rule] = []
    /// All word sets in one table: set i occupies table[offsets[i] ..< offsets[i] + sizes[i]]
    /// (size a power of two, 0 = empty slot).
    var table: [UInt64] = []
    var offsets: [Int32] = []
    var sizes: [Int32] = []
    /// Binding slot names (index = slot), and for each slot the lexicon class it reads values from.
    var slotNames: [String] = []
    var numSet: Int32 = -1
    var ordSet: Int32 = -1
    var ordinalSuffixSet: Int32 = -1
    /// Every word of every set: a word outside it matches no literal or lexicon class (and a
    /// built-in class only a number, or a word starting with a digit).
    var anyWordSet: Int32 = -1
    /// The most elements of any rule.
    var maxElements = 1
    /// Rules that can start at a word: an open-addressing table from the word's hash to a run
    /// of rule indices in `triggerList`; `numericFirst..<numericEnd` there are the rules that
    /// can start at a number. Each run lists first the rules a match of one token can satisfy
    /// (`triggerShort`, `numericShort` of them), then those that need two or more: at a token
    /// whose next token no rule can use, only the first part is tried ("the" opens 52 rules,
    /// and is followed by such a word six times in seven).
    var triggerKeys: [UInt64] = []
    var triggerStart: [Int32] = []
    var triggerCount: [Int32] = []
    var triggerShort: [Int32] = []
    /// For each trigger, the words its rules of two or more tokens can use at the next token
    /// (a set), or -1 when a number may come next (then any word of any set, or a number, lets
    /// them be tried: `timeish`). "the" opens 52 rules, and the word after it is a month, a
    /// number word or such far more rarely than it is any word of some set.
    var triggerFollow: [Int32] = []
    var triggerList: [Int32] = []
    /// Beside each entry of `triggerList`, the same for that rule alone (-1 for a rule of one
    /// token, or when a number may come next): when the next token is in no word set its rule
    /// can use there, the rule is not tried. ("the" opens 52 rules of two or more tokens, and a
    /// word such as "first" after it is used by a few of them: trying every rule after "the"
    /// was half of all the rules tried in news text.)
    var listFollow: [Int32] = []
    var numericFirst: Int32 = 0
    var numericEnd: Int32 = 0
    var numericShort: Int32 = 0

    mutating func setTriggers(_ byHash: [UInt64: [Int]], numeric: [Int]) {
        var size = 16
        while size < byHash.count * 2 { size *= 2 }
        triggerKeys = Array(repeating: 0, count: size)
        triggerStart = Array(repeating: 0, count: size)
        triggerCount = Array(repeating: 0, count: size)
        triggerShort = Array(repeating: 0, count: size)
        triggerFollow = Array(repeating: -1, count: size)
        // (the rules of one token first, each part in the rules' order)
        func partitioned(_ rs: [Int]) -> (list: [Int32], short: Int32) {
            let short = rs.filter { rules[$0].minTokens < 2 }, long = rs.filter { rules[$0].minTokens >= 2 }
            return ((short + long).map(Int32.init), Int32(short.count))
        }
        // (each set's words gathered once: the follow sets read the same sets again and again)
        var members: [Int32: Set<UInt64>] = [:]
        var madeFollow: [[Int32]: Int32] = [:]
        /// The follow set of each rule after the rules of one token (-1 for those, and where a
        /// number may come next), and the word sets of them all (for `triggerFollow`; nil when a
        /// number may come next in any one).
        func follows(_ list: [Int32], _ short: Int32, opener h: UInt64?) -> (each: [Int32], all: [Int32]?) {
            var each: [Int32] = [], all: [Int32]? = []
            for j in list.indices {
                guard j >= Int(short) else { each.append(-1); continue }
                guard let sets = followSets(of: h, rule: Int(list[j]), members: &members) else { each.append(-1); all = nil; continue }
                each.append(set(of: sets, members: &members, made: &madeFollow))
                all? += sets
            }
            return (each, all)
        }
        for (h, rs) in byHash.sorted(by: { $0.key < $1.key }) {
            var i = TimeGrammar.slot(h, size - 1)
            while triggerKeys[i] != 0 { i = (i + 1) & (size - 1) }
            let (list, short) = partitioned(rs)
            triggerKeys[i] = h
            triggerStart[i] = Int32(triggerList.count)
            triggerCount[i] = Int32(list.count)
            triggerShort[i] = short
            let (each, all) = follows(list, short, opener: h)
            triggerFollow[i] = all.map { set(of: $0, members: &members, made: &madeFollow) } ?? -1
            triggerList.append(contentsOf: list)
            listFollow.append(contentsOf: each)
        }
        let (list, short) = partitioned(numeric)
        numericFirst = Int32(triggerList.count)
        triggerList.append(contentsOf: list)
        listFollow.append(contentsOf: follows(list, short, opener: nil).each)
        numericEnd = Int32(triggerList.count)
        numericShort = short
    }

    /// The words of a set.
    func members(_ set: Int32) -> Set<UInt64> {
        let off = Int(offsets[Int(set)]), size = Int(sizes[Int(set)])
        return Set(table[off..<(off + size)].lazy.filter { $0 != 0 })
    }

    /// The word sets of the elements the token after the opening one may match in rule `ri`
    /// (of two or more tokens); nil when a built-in class (a number) may come there. The word
    /// of hash `h` opens a match at an element with no required element before it; the next
    /// token then matches one of the elements after that one up to the first required one.
    /// With no word (`h` nil: a number opens the match), every element up to the first
    /// required one may be the opening one.
    func followSets(of h: UInt64?, rule ri: Int, members known: inout [Int32: Set<UInt64>]) -> [Int32]? {
        var next: [Int32] = []
        let r = rules[ri]
        let first = Int(r.first), count = Int(r.count)
        for p in 0..<count {
            let e = elements[first + p]
            if h == nil || e.kind == 2 || (e.set >= 0 && wordsOf(e.set, &known).contains(h!)) {
                var q = p + 1
                while q < count {
                    let f = elements[first + q]
                    if f.kind == 2 { return nil }
                    if f.set >= 0 { next.append(f.set) }
                    if !f.optional { break }
                    q += 1
                }
            }
            if !e.optional { break }
        }
        return next
    }

    /// The words of a set, gathered once.
    func wordsOf(_ set: Int32, _ known: inout [Int32: Set<UInt64>]) -> Set<UInt64> {
        if let w = known[set] { return w }
        let w = members(set); known[set] = w; return w
    }

    /// One set of the words of the sets `sets` (made once for each distinct list of sets: every
    /// month name, say, is followed by the same ones).
    mutating func set(of sets: [Int32], members known: inout [Int32: Set<UInt64>], made: inout [[Int32]: Int32]) -> Int32 {
        let key = Array(Set(sets)).sorted()
        if let id = made[key] { return id }
        var words = Set<UInt64>()
        for set in key { words.formUnion(wordsOf(set, &known)) }
        let id = addSet(words)
        made[key] = id
        return id
    }

    mutating func addSet(_ hashes: Set<UInt64>) -> Int32 {
        var size = 4
        while size < hashes.count * 2 { size *= 2 }
        let off = table.count
        table.append(contentsOf: repeatElement(0, count: size))
        for h in hashes {
            var i = TimeGrammar.slot(h, size - 1)
            while table[off + i] != 0 { i = (i + 1) & (size - 1) }
            table[off + i] = h
        }
        offsets.append(Int32(off)); sizes.append(Int32(size))
        return Int32(offsets.count - 1)
    }

    init(rules source: [TimeRule], lexicon: [String: [String: String]], capitalizedClasses: Set<String>) {
        var classSet: [String: Int32] = [:]
        var allWords: Set<UInt64> = []
        for c in lexicon.keys.sorted() {
            allWords.formUnion(lexicon[c]!.keys.map { TimeGrammar.hash(Array($0.utf8)) })
            classSet[c] = addSet(Set(lexicon[c]!.keys.map { TimeGrammar.hash(Array($0.utf8)) }))
        }
        numSet = classSet["num"] ?? -1
        ordSet = classSet["ord"] ?? -1
        ordinalSuffixSet = classSet["ordinal-suffix"] ?? -1
        var slotIndex: [String: Int16] = [:]
        func slot(_ name: String?) -> Int16 {
            guard let n = name else { return -1 }
            if let s = slotIndex[n] { return s }
            slotNames.append(n); slotIndex[n] = Int16(slotNames.count - 1)
            return Int16(slotNames.count - 1)
        }
        for r in source {
            let first = Int32(elements.count)
            for el in r.elements {
                var e = Element(kind: 0, set: -1, builtin: -1, slot: -1, optional: el.optional, glued: el.glued, outside: el.outside, capitalized: false)
                switch el.match {
                case .literal(let alts, let bind):
                    e.kind = 0
                    let words = Set(alts.map { TimeGrammar.hash(Array($0.utf8)) })
                    allWords.formUnion(words)
                    e.set = addSet(words)
                    e.slot = slot(bind)
                    e.capitalized = el.capitalized
                case .cls(let c, let bind):
                    if let b = CompiledTimeRules.builtinCode(c) {
                        e.kind = 2; e.builtin = b.rawValue
                    } else {
                        e.kind = 1; e.set = classSet[c] ?? -1
                        e.capitalized = capitalizedClasses.contains(c)
                    }
                    e.slot = slot(bind)
                }
                elements.append(e)
            }
            var rule = Rule(first: first, count: Int32(r.elements.count), firstRequired: Int32(r.firstRequired))
            rule.minTokens = Int32(r.elements.filter { !$0.optional }.count)
            let afterRequired = r.firstRequired + 1
            if afterRequired < r.elements.count && !r.elements[afterRequired].optional { rule.quickNext = first + Int32(afterRequired) }
            let e0 = elements[Int(first)]
            if e0.kind == 2 && !e0.optional { rule.firstBuiltinMask = 1 << UInt32(e0.builtin) }
            rules.append(rule)
        }
        anyWordSet = addSet(allWords)
        maxElements = max(1, rules.map { Int($0.count) }.max() ?? 1)
    }

    static func builtinCode(_ c: String) -> Builtin? { builtinNames[c] }
    /// (made once: a case's name comes from reflection, which cost more than compiling the rules)
    static let builtinNames: [String: Builtin] = Dictionary(uniqueKeysWithValues: Builtin.allCases.map { ("\($0)", $0) })
}

/// Matching state over one document's tokens; everything through unsafe buffers.
struct TimeMatchScratch {
    let rules: UnsafeBufferPointer<CompiledTimeRules.Rule>
    let elements: UnsafeBufferPointer<CompiledTimeRules.Element>
    let table: UnsafeBufferPointer<UInt64>
    let offsets: UnsafeBufferPointer<Int32>
    let sizes: UnsafeBufferPointer<Int32>
    let text: UnsafeBufferPointer<UInt8>
    let tokens: UnsafeBufferPointer<Token>
    /// Memoized word hashes, direct-mapped by token index (slot `i & hashMask`, valid when
    /// `hashTags` holds `i`): a window of a few thousand tokens, not a buffer the size of the
    /// document, so a long document's memo stays in cache and costs no fresh pages.
    let hashes: UnsafeMutableBufferPointer<UInt64>
    let hashTags: UnsafeMutableBufferPointer<Int32>
    let hashMask: Int
    let numSet: Int32
    let ordSet: Int32
    let ordinalSuffixSet: Int32
    let anyWordSet: Int32
    let triggerKeys: UnsafeBufferPointer<UInt64>
    let triggerStart: UnsafeBufferPointer<Int32>
    let triggerCount: UnsafeBufferPointer<Int32>
    let triggerShort: UnsafeBufferPointer<Int32>
    let triggerFollow: UnsafeBufferPointer<Int32>
    let listFollow: UnsafeBufferPointer<Int32>

    /// The run of `triggerList` holding the rules that can start at a word with this hash: its
    /// start, its end, and the end of its rules of one token.
    @inline(__always) func triggers(_ h: UInt64) -> (Int, Int, Int, Int32)? {
        let size = triggerKeys.count
        var i = TimeGrammar.slot(h, size - 1)
        while true {
            let v = triggerKeys[i]
            if v == h { return (Int(triggerStart[i]), Int(triggerStart[i] + triggerCount[i]), Int(triggerStart[i] + triggerShort[i]), triggerFollow[i]) }
            if v == 0 { return nil }
            i = (i + 1) & (size - 1)
        }
    }

    @inline(__always) func hash(_ i: Int) -> UInt64 {
        let slot = i & hashMask
        var h = hashes[slot]
        if hashTags[slot] != Int32(truncatingIfNeeded: i) {
            let t = tokens[i]
            var x: UInt64 = 0xcbf29ce484222325
            for j in t.start..<t.end {
                let b = text[j]
                x ^= UInt64(b >= 65 && b <= 90 ? b + 32 : b)
                x = x &* 0x100000001b3
            }
            h = x | 1
            hashes[slot] = h
            hashTags[slot] = Int32(truncatingIfNeeded: i)
        }
        return h
    }

    @inline(__always) func inSet(_ set: Int32, _ h: UInt64) -> Bool {
        guard set >= 0 else { return false }
        let off = Int(offsets[Int(set)]), size = Int(sizes[Int(set)])
        var i = TimeGrammar.slot(h, size - 1)
        while true {
            let v = table[off + i]
            if v == h { return true }
            if v == 0 { return false }
            i = (i + 1) & (size - 1)
        }
    }

    /// Whether token `i` is all ASCII bytes (its hash then stands for its lowercase text).
    @inline(__always) func ascii(_ i: Int) -> Bool {
        let t = tokens[i]
        for j in t.start..<t.end where text[j] >= 0x80 { return false }
        return true
    }

    @inline(__always) func isCapitalized(_ i: Int) -> Bool {
        let t = tokens[i]
        guard t.kind == .word else { return false }
        let c = text[t.start]
        if c >= 65 && c <= 90 { return true }
        if c < 0x80 { return false }
        return String(decoding: UnsafeBufferPointer(rebasing: text[t.start..<t.end]), as: UTF8.self).unicodeScalars.first?.properties.isUppercase ?? false
    }

    /// Digits-only value of a token, or nil.
    @inline(__always) func int(_ t: Token) -> Int? {
        guard t.end - t.start <= 9 else { return nil }
        var v = 0
        for j in t.start..<t.end {
            let b = text[j]
            guard b >= 48 && b <= 57 else { return nil }
            v = v * 10 + Int(b &- 48)
        }
        return v
    }

    /// A word of digits and an ordinal suffix of the lexicon's `ordinal-suffix` class (3rd,
    /// 21st): its number. More than four digits is no day or century (and would overflow).
    @inline(__always) func ordinal(_ t: Token) -> Int? {
        var v = 0, j = t.start
        while j < t.end && text[j] >= 48 && text[j] <= 57 {
            guard j - t.start < 4 else { return nil }
            v = v * 10 + Int(text[j] &- 48); j += 1
        }
        guard j > t.start, j < t.end else { return nil }
        var x: UInt64 = 0xcbf29ce484222325
        for q in j..<t.end {
            let b = text[q]
            x ^= UInt64(b >= 65 && b <= 90 ? b + 32 : b)
            x = x &* 0x100000001b3
        }
        return inSet(ordinalSuffixSet, x | 1) ? v : nil
    }

    func builtinMatches(_ code: Int32, _ i: Int) -> Bool {
        let t = tokens[i]
        let len = t.end - t.start
        switch CompiledTimeRules.Builtin(rawValue: code)! {
        case .year: if t.kind == .number, len == 4, let v = int(t) { return v >= 1000 && v <= 2199 }; return false
        case .yy: return t.kind == .number && len == 2 && int(t) != nil
        case .day:
            if t.kind == .word, let v = ordinal(t) { return v >= 1 && v <= 31 }
            if t.kind == .number, len <= 2, let v = int(t) { return v >= 1 && v <= 31 }
            return false
        case .mm: if t.kind == .number, len <= 2, let v = int(t) { return v >= 1 && v <= 12 }; return false
        case .dd: if t.kind == .number, len <= 2, let v = int(t) { return v >= 1 && v <= 31 }; return false
        case .hh: if t.kind == .number, len <= 2, let v = int(t) { return v <= 24 }; return false
        case .min: if t.kind == .number, len == 2, let v = int(t) { return v <= 59 }; return false
        case .int: return t.kind == .number && int(t) != nil
        case .clock: return t.kind == .number && NumberForms.clock(UnsafeBufferPointer(rebasing: text[t.start..<t.end])) != nil
        case .dotdate: return t.kind == .number && NumberForms.dotDate(UnsafeBufferPointer(rebasing: text[t.start..<t.end])) != nil
        case .isoday: return t.kind == .word && NumberForms.isoDay(UnsafeBufferPointer(rebasing: text[t.start..<t.end])) != nil
        case .n:
            if t.kind == .number {
                if int(t) != nil { return true }
                var dot = false
                for j in t.start..<t.end { if text[j] == 46 { dot = true } else if text[j] == 44 { return false } }
                return dot
            }
            return t.kind == .word && inSet(numSet, hash(i))
        case .decade:
            guard t.kind == .word, len == 5, text[t.end - 1] | 0x20 == 115 else { return false }
            var v = 0
            for j in t.start..<(t.start + 4) { guard text[j] >= 48 && text[j] <= 57 else { return false }; v = v * 10 + Int(text[j] &- 48) }
            return v % 10 == 0
        case .century:
            if t.kind == .word, let v = ordinal(t) { return v >= 1 && v <= 30 }
            return t.kind == .word && inSet(ordSet, hash(i))
        }
    }

    /// The built-in classes token `i` belongs to, as a bit mask (1 << code).
    func builtinMask(_ i: Int) -> UInt32 {
        var m: UInt32 = 0
        for code in 0..<CompiledTimeRules.Builtin.count where builtinMatches(code, i) { m |= 1 << UInt32(code) }
        return m
    }

    /// Can token `i` be matched by any element of any rule? (A number, a word starting with a
    /// digit, or a word of some set; false means no element matches it.)
    @inline(__always) func timeish(_ i: Int) -> Bool {
        let t = tokens[i]
        let b = text[t.start]
        return t.kind == .number || (b >= 48 && b <= 57) || inSet(anyWordSet, hash(i))
    }

    /// An opening quote, bracket, dash or colon: what may stand before a sentence-like start.
    @inline(__always) func isOpening(_ i: Int) -> Bool {
        let t = tokens[i]
        guard t.kind == .punct else { return false }
        let b = text[t.start]
        if b == 34 || b == 39 || b == 40 || b == 96 || b == 45 || b == 58 { return true }
        return t.end - t.start == 3 && b == 0xE2 && text[t.start + 1] == 0x80 && (text[t.start + 2] == 0x9C || text[t.start + 2] == 0x98)
    }

    /// Can element `e` match token `i` (ignoring glue and line rules)?
    @inline(__always) func elementMatches(_ e: CompiledTimeRules.Element, _ i: Int, sentenceStart: Int) -> Bool {
        switch e.kind {
        case 0:
            guard inSet(e.set, hash(i)) else { return false }
            // (a literal written with a capital: only so, wherever it stands: "Good Friday")
            if e.capitalized { return isCapitalized(i) }
            // a capitalized word inside a sentence belongs to a name ("the Future of the Internet")
            return !(isCapitalized(i) && i > sentenceStart && !isOpening(i - 1))
        case 1:
            guard tokens[i].kind == .word, inSet(e.set, hash(i)) else { return false }
            return !e.capitalized || isCapitalized(i)
        default:
            return builtinMatches(e.builtin, i)
        }
    }
}

/// Numbers of the built-in classes that are read from their bytes (the matcher asks whether a
/// token is one; the tagger takes its value from the same reading).
enum NumberForms {
    /// Four digits of a wire-copy clock: "0800" → (8, 0).
    static func clock(_ b: UnsafeBufferPointer<UInt8>) -> (hour: Int, minute: Int)? {
        guard b.count == 4, b.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        let h = Int(b[0] - 48) * 10 + Int(b[1] - 48), m = Int(b[2] - 48) * 10 + Int(b[3] - 48)
        return h <= 23 && m <= 59 ? (h, m) : nil
    }

    /// The day and "T" of an ISO date and time: "14T" (of "2024-05-14T10:00") → 14.
    static func isoDay(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        guard b.count == 3, b[2] | 0x20 == 0x74, b[0] >= 48 && b[0] <= 51, b[1] >= 48 && b[1] <= 57 else { return nil }
        let v = Int(b[0] - 48) * 10 + Int(b[1] - 48)
        return (1...31).contains(v) ? v : nil
    }

    /// A date written with dots, day first, as Europe writes it: "14.05.2024", "3.5.2024" → its
    /// ISO form (a year of four digits from 1900 to 2199; the day must be in its month).
    static func dotDate(_ b: UnsafeBufferPointer<UInt8>) -> String? {
        // (every number token is asked: nothing is allocated before the form is known)
        guard b.count >= 8 && b.count <= 10, b[b.count - 5] == 46 else { return nil }
        var fields = (0, 0, 0), digits = (0, 0, 0), k = 0
        for c in b {
            if c == 46 {
                k += 1
                guard k <= 2 else { return nil }
            } else if c >= 48 && c <= 57 {
                switch k {
                case 0: fields.0 = fields.0 * 10 + Int(c - 48); digits.0 += 1
                case 1: fields.1 = fields.1 * 10 + Int(c - 48); digits.1 += 1
                default: fields.2 = fields.2 * 10 + Int(c - 48); digits.2 += 1
                }
            } else { return nil }
        }
        guard k == 2, (1...2).contains(digits.0), (1...2).contains(digits.1), digits.2 == 4,
              (1900...2199).contains(fields.2), let date = CivilDate(validYear: fields.2, month: fields.1, day: fields.0) else { return nil }
        return date.iso
    }
}
