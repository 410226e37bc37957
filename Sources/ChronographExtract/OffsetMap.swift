/// Maps byte offsets in a document's working text back to byte offsets in the file.
/// Plain text and Markdown keep their bytes (markup is blanked in place), so the map is a shift;
/// HTML is reduced to its text, so each working byte records the file range it came from.
public struct OffsetMap: Sendable {
    let shift: Int
    let starts: [Int32]?
    let ends: [Int32]?

    public static func shift(_ n: Int) -> OffsetMap { OffsetMap(shift: n, starts: nil, ends: nil) }
    public static func table(starts: [Int32], ends: [Int32]) -> OffsetMap { OffsetMap(shift: 0, starts: starts, ends: ends) }

    /// The file offset where working byte `i` starts.
    @inline(__always) public func fileStart(_ i: Int) -> Int {
        guard let s = starts else { return i + shift }
        if s.isEmpty { return 0 }
        return i < s.count ? Int(s[i]) : Int(ends![s.count - 1])
    }
    /// The working-text range whose bytes come from the file range `[fileStart, fileEnd)`.
    public func workRange(fileStart: Int, fileEnd: Int, count: Int) -> (Int, Int) {
        guard let s = starts, let e = ends else {
            return (max(0, min(count, fileStart - shift)), max(0, min(count, fileEnd - shift)))
        }
        // first working byte starting at or after fileStart; last one ending at or before fileEnd
        var lo = 0, hi = s.count
        while lo < hi { let m = (lo + hi) / 2; if Int(s[m]) < fileStart { lo = m + 1 } else { hi = m } }
        var lo2 = lo, hi2 = e.count
        while lo2 < hi2 { let m = (lo2 + hi2) / 2; if Int(e[m]) <= fileEnd { lo2 = m + 1 } else { hi2 = m } }
        return (lo, max(lo, lo2))
    }

    /// The file offset just past working byte `i - 1` (an exclusive end).
    @inline(__always) public func fileEnd(_ i: Int) -> Int {
        guard let e = ends else { return i + shift }
        if e.isEmpty || i <= 0 { return fileStart(0) }
        return Int(e[min(i, e.count) - 1])
    }
}
