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
    /// The file offset just past working byte `i - 1` (an exclusive end).
    @inline(__always) public func fileEnd(_ i: Int) -> Int {
        guard let e = ends else { return i + shift }
        if e.isEmpty || i <= 0 { return fileStart(0) }
        return Int(e[min(i, e.count) - 1])
    }
}
