import Testing
@testable import ChronographGraph

@Suite struct PairTableTests {
    /// The table against a dictionary, through growth from its smallest size: pairs that share
    /// one half, pairs that differ only in the high bits, negative numbers as bit patterns.
    @Test func agreesWithADictionaryThroughGrowth() {
        var table = PairTable()
        var reference: [[UInt64]: Int] = [:]
        var rng: UInt64 = 0x2545F4914F6CDD1D
        func next() -> UInt64 { rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17; return rng }
        for i in 0..<5000 {
            let x: UInt64 = i % 3 == 0 ? UInt64(i % 7) : next() % 50
            let y: UInt64 = i % 5 == 0 ? UInt64(i) << 40 : UInt64(bitPattern: Int64(-(i % 40)))
            if i % 2 == 0 {
                table.set(x, y, i)
                reference[[x, y]] = i
            } else {
                #expect(table.insert(x, y) == (reference[[x, y]] == nil))
                if reference[[x, y]] == nil { reference[[x, y]] = 0 }
            }
        }
        #expect(table.count == reference.count)
        for (k, v) in reference { #expect(table[k[0], k[1]] == v) }
        // absent pairs
        #expect(table[1 << 60, 3] == nil)
        #expect(table[7, 1 << 50] == nil)
    }
}
