/// A table from pairs of 64-bit numbers to non-negative integers, with open addressing and an
/// unseeded mixing hash: the event merge looks up tens of thousands of small numeric keys per
/// build, and the standard dictionary's seeded hash of a struct was most of its time.
/// Lookups and inserts only (no removal).
struct PairTable {
    private var a: [UInt64]
    private var b: [UInt64]
    /// -1: an empty slot.
    private var values: [Int]
    private var mask: Int
    private(set) var count = 0

    /// A table that holds `n` entries without growing.
    init(capacity n: Int = 0) {
        var size = 16
        while size < 2 * n { size *= 2 }
        a = Array(repeating: 0, count: size); b = Array(repeating: 0, count: size)
        values = Array(repeating: -1, count: size); mask = size - 1
    }

    @inline(__always) static func hash(_ x: UInt64, _ y: UInt64) -> Int {
        // (a multiply-xorshift mix of both halves: consecutive numbers spread over the table)
        var h = x &* 0x9E37_79B9_7F4A_7C15 ^ (y &+ 0x632B_E59B_D9B4_E019) &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 31
        h = h &* 0x94D0_49BB_1331_11EB
        h ^= h >> 29
        return Int(truncatingIfNeeded: h)
    }

    @inline(__always) private func slot(_ x: UInt64, _ y: UInt64) -> Int {
        var i = PairTable.hash(x, y) & mask
        while values[i] >= 0 && (a[i] != x || b[i] != y) { i = (i + 1) & mask }
        return i
    }

    subscript(x: UInt64, y: UInt64) -> Int? {
        let v = values[slot(x, y)]
        return v >= 0 ? v : nil
    }

    /// Sets the value of (x, y); `value` must not be negative.
    mutating func set(_ x: UInt64, _ y: UInt64, _ value: Int) {
        precondition(value >= 0, "PairTable: negative value")
        let i = slot(x, y)
        if values[i] < 0 {
            if (count + 1) * 2 > values.count { grow(); set(x, y, value); return }
            a[i] = x; b[i] = y; count += 1
        }
        values[i] = value
    }

    /// Adds (x, y) with the value 0 if it is not there; whether it was added.
    mutating func insert(_ x: UInt64, _ y: UInt64) -> Bool {
        let i = slot(x, y)
        if values[i] >= 0 { return false }
        if (count + 1) * 2 > values.count { grow(); return insert(x, y) }
        a[i] = x; b[i] = y; values[i] = 0; count += 1
        return true
    }

    private mutating func grow() {
        let old = (a, b, values)
        let n = values.count * 2
        a = Array(repeating: 0, count: n); b = Array(repeating: 0, count: n)
        values = Array(repeating: -1, count: n); mask = n - 1; count = 0
        for i in old.2.indices where old.2[i] >= 0 { set(old.0[i], old.1[i], old.2[i]) }
    }
}
