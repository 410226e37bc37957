/// A proleptic Gregorian calendar day, with the arithmetic a temporal normalizer needs.
/// Pure integer math: no time zones, no locale, no dependence on the day the tool runs.
public struct CivilDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year; self.month = month; self.day = day
    }

    /// Validating initializer: nil for days that do not exist (2023-02-29).
    public init?(validYear year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= CivilDate.daysIn(month: month, year: year) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Parses `YYYY-MM-DD` (anything after the tenth character, such as a time, is ignored).
    public init?(iso: String) {
        let u = Array(iso.utf8)
        guard u.count >= 10, u[4] == 45, u[7] == 45,
              let y = CivilDate.digits(u[0..<4]), let m = CivilDate.digits(u[5..<7]), let d = CivilDate.digits(u[8..<10]) else { return nil }
        self.init(validYear: y, month: m, day: d)
    }

    static func digits(_ s: ArraySlice<UInt8>) -> Int? {
        var v = 0
        for b in s { guard b >= 48 && b <= 57 else { return nil }; v = v * 10 + Int(b - 48) }
        return s.isEmpty ? nil : v
    }

    /// Easter Sunday of a year in the Gregorian calendar (the Western churches' date), by the
    /// anonymous Gregorian computus (Meeus, Jones, Butcher).
    public static func easter(year y: Int) -> CivilDate {
        let a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4
        let f = (b + 8) / 25, g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4, k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let n = h + l - 7 * m + 114
        return CivilDate(year: y, month: n / 31, day: n % 31 + 1)
    }

    public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 (Howard Hinnant's days_from_civil).
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public init(dayNumber z0: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d)
    }

    /// ISO weekday: 1 = Monday … 7 = Sunday.
    public var weekday: Int {
        let w = (dayNumber + 3) % 7 // 1970-01-01 was a Thursday (3 when Monday = 0)
        return (w < 0 ? w + 7 : w) + 1
    }

    public func adding(days n: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + n) }

    /// Adds months, clamping the day to the target month's length.
    public func adding(months n: Int) -> CivilDate {
        let total = year * 12 + (month - 1) + n
        let y = total >= 0 ? total / 12 : (total - 11) / 12
        let m = total - y * 12 + 1
        return CivilDate(year: y, month: m, day: min(day, CivilDate.daysIn(month: m, year: y)))
    }

    /// ISO 8601 week-numbering year and week.
    public var isoWeek: (year: Int, week: Int) {
        let thursday = adding(days: 4 - weekday)
        let jan1 = CivilDate(year: thursday.year, month: 1, day: 1)
        return (thursday.year, (thursday.dayNumber - jan1.dayNumber) / 7 + 1)
    }

    /// The Monday of ISO week `week` of ISO year `year`.
    public static func mondayOf(isoYear year: Int, week: Int) -> CivilDate {
        let jan4 = CivilDate(year: year, month: 1, day: 4)
        let week1Monday = jan4.adding(days: 1 - jan4.weekday)
        return week1Monday.adding(days: (week - 1) * 7)
    }

    public static func weeksIn(isoYear y: Int) -> Int {
        CivilDate(year: y, month: 12, day: 28).isoWeek.week
    }

    public var iso: String {
        guard (0...9999).contains(year), (0...99).contains(month), (0...99).contains(day) else {
            return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
        }
        // (ten bytes written in place: a small string, nothing allocated)
        return String(unsafeUninitializedCapacity: 10) { b in
            b[0] = 48 + UInt8(year / 1000); b[1] = 48 + UInt8(year / 100 % 10); b[2] = 48 + UInt8(year / 10 % 10); b[3] = 48 + UInt8(year % 10)
            b[4] = 45; b[5] = 48 + UInt8(month / 10); b[6] = 48 + UInt8(month % 10)
            b[7] = 45; b[8] = 48 + UInt8(day / 10); b[9] = 48 + UInt8(day % 10)
            return 10
        }
    }
    public var description: String { iso }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { a.dayNumber < b.dayNumber }
}

@inline(__always) public func pad(_ v: Int, _ width: Int) -> String {
    if v >= 0 && v < 10_000 && width <= 4 {
        // (the digits written in place: a small string, nothing allocated)
        let n = max(width, v < 10 ? 1 : v < 100 ? 2 : v < 1000 ? 3 : 4)
        return String(unsafeUninitializedCapacity: n) { b in
            var x = v
            for i in stride(from: n - 1, through: 0, by: -1) { b[i] = 48 + UInt8(x % 10); x /= 10 }
            return n
        }
    }
    let s = String(abs(v))
    let p = s.count < width ? String(repeating: "0", count: width - s.count) + s : s
    return v < 0 ? "-" + p : p
}

/// Interpreting TIMEX3 values.
public enum TimexValue {
    /// The first and last calendar day of a DATE value, or nil when it names no fixed interval
    /// (durations, `PRESENT_REF`, underspecified `XXXX-…`).
    /// Forms: YYYY, YYYY-MM, YYYY-MM-DD[Thh…], YYYY-Www, YYYY-Www-D, YYYY-SP|SU|FA|WI, YYYY-Qn,
    /// YYYY-Hn, YYY (decade), YY (century), and an ISO interval `A/B` of two of these.
    public static func interval(of value: String) -> (start: CivilDate, end: CivilDate)? {
        // (read in place: a value is parsed for every date of every document; the slash is
        // looked for in the bytes, not through the string's generic search)
        var v = value
        return v.withUTF8 { intervalOfRange(utf8: $0) }
    }

    /// A value's bytes, "A/B" a range from A's start to B's end.
    static func intervalOfRange(utf8 u: UnsafeBufferPointer<UInt8>) -> (start: CivilDate, end: CivilDate)? {
        if let slash = u.firstIndex(of: 47 /* / */) {
            guard let a = interval(utf8: UnsafeBufferPointer(rebasing: u[..<slash])),
                  let b = intervalOfRange(utf8: UnsafeBufferPointer(rebasing: u[(slash + 1)...])) else { return nil }
            return a.start <= b.end ? (a.start, b.end) : nil
        }
        return interval(utf8: u)
    }

    static func interval(utf8 u: UnsafeBufferPointer<UInt8>) -> (start: CivilDate, end: CivilDate)? {
        func num(_ r: Range<Int>) -> Int? {
            guard r.upperBound <= u.count, !r.isEmpty else { return nil }
            var v = 0
            for i in r { let b = u[i]; guard b >= 48 && b <= 57 else { return nil }; v = v * 10 + Int(b - 48) }
            return v
        }
        /// The value after "YYYY-" is these two letters.
        func tail(_ a: UInt8, _ b: UInt8) -> Bool { u.count == 7 && u[5] == a && u[6] == b }
        switch u.count {
        case 2: // century
            guard let c = num(0..<2) else { return nil }
            return (CivilDate(year: c * 100, month: 1, day: 1), CivilDate(year: c * 100 + 99, month: 12, day: 31))
        case 3: // decade
            guard let d = num(0..<3) else { return nil }
            return (CivilDate(year: d * 10, month: 1, day: 1), CivilDate(year: d * 10 + 9, month: 12, day: 31))
        default: break
        }
        guard u.count >= 4, let y = num(0..<4) else { return nil }
        if u.count == 4 { return (CivilDate(year: y, month: 1, day: 1), CivilDate(year: y, month: 12, day: 31)) }
        guard u[4] == 45, u.count >= 7 else { return nil }
        if u[5] == 87 /* W */, u[6] >= 48, u[6] <= 57 {
            guard let w = num(6..<8), w >= 1, w <= CivilDate.weeksIn(isoYear: y) else { return nil }
            let mon = CivilDate.mondayOf(isoYear: y, week: w)
            if u.count >= 10, u[8] == 45, let d = num(9..<10), (1...7).contains(d) {
                let day = mon.adding(days: d - 1); return (day, day)
            }
            if u.count > 8, u[u.count - 2] == 87, u[u.count - 1] == 69 /* WE */ { return (mon.adding(days: 5), mon.adding(days: 6)) }
            return (mon, mon.adding(days: 6))
        }
        if tail(83, 80) /* SP */ { return (CivilDate(year: y, month: 3, day: 1), CivilDate(year: y, month: 5, day: 31)) }
        if tail(83, 85) /* SU */ { return (CivilDate(year: y, month: 6, day: 1), CivilDate(year: y, month: 8, day: 31)) }
        if tail(70, 65) /* FA */ { return (CivilDate(year: y, month: 9, day: 1), CivilDate(year: y, month: 11, day: 30)) }
        if tail(87, 73) /* WI */ { return (CivilDate(year: y, month: 12, day: 1), CivilDate(year: y + 1, month: 2, day: CivilDate.daysIn(month: 2, year: y + 1))) }
        if u.count == 7 && u[5] == 81 /* Q */ && u[6] >= 49 && u[6] <= 52 {
            let q = Int(u[6] - 48); let m0 = (q - 1) * 3 + 1
            return (CivilDate(year: y, month: m0, day: 1), CivilDate(year: y, month: m0 + 2, day: CivilDate.daysIn(month: m0 + 2, year: y)))
        }
        if tail(72, 49) /* H1 */ { return (CivilDate(year: y, month: 1, day: 1), CivilDate(year: y, month: 6, day: 30)) }
        if tail(72, 50) /* H2 */ { return (CivilDate(year: y, month: 7, day: 1), CivilDate(year: y, month: 12, day: 31)) }
        guard let m = num(5..<7), (1...12).contains(m) else { return nil }
        if u.count == 7 { return (CivilDate(year: y, month: m, day: 1), CivilDate(year: y, month: m, day: CivilDate.daysIn(month: m, year: y))) }
        guard u.count >= 10, u[7] == 45, let d = num(8..<10), let day = CivilDate(validYear: y, month: m, day: d) else { return nil }
        return (day, day)
    }
}
