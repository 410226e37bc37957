import Foundation

/// Lines up a list with the list an earlier build had, in order: for each new element, the
/// index of the earlier element it repeats, or nil (new, or changed). Both lists are in the
/// contract's order, so a rebuild after a few documents changed differs by a few elements
/// inserted, removed or changed in place; the rest pair off in step. `same(old, new)` says
/// whether two elements are interchangeable for what the caller makes of them; `oldKey` and
/// `newKey` name an element (its id), to find where the lists meet again after a mismatch.
///
/// Each new element is compared with the next earlier one. On a mismatch: an element of the
/// same name is one changed in place; one of its name a few places further on means those
/// between were removed; the next earlier element found a few places further on in the new
/// list means this one was inserted; failing all that, the earlier element of its name is
/// looked up in a table of them all. A pairing is made only where `same` holds, so a poor
/// alignment costs reuse, never correctness.
@inlinable
public func lineUp<K: Hashable>(oldCount: Int, newCount: Int, window: Int = 8, oldKey: (Int) -> K, newKey: (Int) -> K,
                                same: (Int, Int) -> Bool) -> [Int?] {
    var out = [Int?](repeating: nil, count: newCount)
    var byKey: [K: Int]? = nil
    var j = 0
    var i = 0
    while i < newCount {
        if j >= oldCount { break }
        if same(j, i) { out[i] = j; i += 1; j += 1; continue }
        let key = newKey(i)
        if oldKey(j) == key { i += 1; j += 1; continue } // changed in place
        var resumed = false
        for d in 1...max(1, window) where j + d < oldCount {
            if oldKey(j + d) == key { // old j ..< j + d removed
                j += d
                if same(j, i) { out[i] = j }
                i += 1; j += 1; resumed = true
                break
            }
        }
        if resumed { continue }
        let next = oldKey(j)
        for d in 1...max(1, window) where i + d < newCount {
            if newKey(i + d) == next { i += d; resumed = true; break } // new i ..< i + d inserted
        }
        if resumed { continue }
        if byKey == nil {
            var table: [K: Int] = [:]
            table.reserveCapacity(oldCount)
            for k in 0..<oldCount {
                let name = oldKey(k)
                if table[name] == nil { table[name] = k }
            }
            byKey = table
        }
        if let p = byKey![key], p > j, same(p, i) { out[i] = p; j = p + 1 }
        i += 1
    }
    return out
}

/// The indices of the earlier list that `pairs` (a `lineUp` result) paired with nothing: the
/// elements gone or changed.
public func unpaired(_ pairs: [Int?], oldCount: Int) -> [Int] {
    var kept = [Bool](repeating: false, count: oldCount)
    for case let j? in pairs { kept[j] = true }
    return kept.indices.filter { !kept[$0] }
}

/// What the last build of this process made of each element of one list of the graph (an
/// element's JSON text and memo key, say), so that the next build makes it again only for the
/// elements that are new or changed, found by comparing elements (`lineUp`) instead of hashing
/// every one of them. It goes with a `TextMemo` at one generation: when the memo changed by
/// another route (loaded, forgotten, another scope), the carryover is not used.
public final class Carryover<Element: Sendable, Made>: @unchecked Sendable {
    let lock = NSLock()
    var elements: [Element] = []
    var made: [Made] = []
    var generation = -1
    /// Whatever else the made things depended on (the page an event's fragment was shown on).
    var context: AnyObject? = nil
    /// How many elements the last use took over from the one before (for tests and benchmarks).
    public var lastReused: Int {
        get { lock.lock(); defer { lock.unlock() }; return reused }
        set { lock.lock(); reused = newValue; lock.unlock() }
    }
    var reused = 0

    public init() {}

    /// The earlier elements and what was made of them, when they go with the memo's `generation`.
    public func previous(generation: Int) -> (elements: [Element], made: [Made], context: AnyObject?)? {
        lock.lock(); defer { lock.unlock() }
        guard generation == self.generation else { return nil }
        return (elements, made, context)
    }

    /// Keeps this build's elements and what was made of each (the same count), with the memo's
    /// generation after this build's changes.
    public func keep(_ elements: [Element], _ made: [Made], generation: Int, context: AnyObject? = nil) {
        precondition(elements.count == made.count)
        lock.lock(); self.elements = elements; self.made = made; self.generation = generation; self.context = context; lock.unlock()
    }

    public func forget() {
        lock.lock(); elements = []; made = []; generation = -1; context = nil; lock.unlock()
    }
}

/// What names an element of the graph within its list, for `lineUp`, and whether two are
/// equal; both read where the elements lie (a copy of an event retains every one of its strings
/// and arrays, and lining up thousands of events was mostly that).
public protocol LineKeyed: Equatable {
    associatedtype LineKey: Hashable
    static func lineKey(_ at: UnsafePointer<Self>) -> LineKey
    static func same(_ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>) -> Bool
    /// `lineUp` of two lists of such elements (events: the pairing shared by a build's outputs).
    static func pairs(_ old: [Self], _ new: [Self]) -> [Int?]
}

extension LineKeyed {
    @inlinable public static func same(_ a: UnsafePointer<Self>, _ b: UnsafePointer<Self>) -> Bool { a.pointee == b.pointee }
    public static func pairs(_ old: [Self], _ new: [Self]) -> [Int?] { lineUp(old, new) }
}

extension DocumentInfo: LineKeyed { @inlinable public static func lineKey(_ at: UnsafePointer<DocumentInfo>) -> String { at.pointee.id } }
extension Actor: LineKeyed { @inlinable public static func lineKey(_ at: UnsafePointer<Actor>) -> String { at.pointee.id } }
extension Timex: LineKeyed {
    @inlinable public static func lineKey(_ at: UnsafePointer<Timex>) -> SourceSpan { SourceSpan(doc: at.pointee.doc, start: at.pointee.start, end: at.pointee.end) }
}
extension Link: LineKeyed {
    public struct Key: Hashable {
        let source: String, target: String, kind: String
        @usableFromInline init(source: String, target: String, kind: String) { self.source = source; self.target = target; self.kind = kind }
    }
    @inlinable public static func lineKey(_ at: UnsafePointer<Link>) -> Key { Key(source: at.pointee.source, target: at.pointee.target, kind: at.pointee.kind) }
}
extension Event: LineKeyed {
    @inlinable public static func lineKey(_ at: UnsafePointer<Event>) -> String { at.pointee.id }
    public static func pairs(_ old: [Event], _ new: [Event]) -> [Int?] { SharedEventLineUp.pairs(old, new) }
    /// Field by field, in place (`==` on two events read out of arrays copied both).
    @inlinable public static func same(_ a: UnsafePointer<Event>, _ b: UnsafePointer<Event>) -> Bool {
        a.pointee.id == b.pointee.id && a.pointee.kind == b.pointee.kind && a.pointee.trigger == b.pointee.trigger
            && a.pointee.summary == b.pointee.summary && a.pointee.modality == b.pointee.modality && a.pointee.when == b.pointee.when
            && a.pointee.actors == b.pointee.actors && a.pointee.sources == b.pointee.sources && a.pointee.dateConflict == b.pointee.dateConflict
    }
}

/// `lineUp` for lists of the graph's elements, named by their `lineKey` and compared by `same`,
/// with `also(old, new)` for what else a pairing needs (nil: nothing).
@inlinable
public func lineUp<T: LineKeyed>(_ old: [T], _ new: [T], also: ((Int, Int) -> Bool)? = nil) -> [Int?] {
    old.withUnsafeBufferPointer { o in
        new.withUnsafeBufferPointer { n in
            let ob = o.baseAddress, nb = n.baseAddress
            return lineUp(oldCount: o.count, newCount: n.count, oldKey: { T.lineKey(ob! + $0) }, newKey: { T.lineKey(nb! + $0) },
                          same: { T.same(ob! + $0, nb! + $1) && (also?($0, $1) ?? true) })
        }
    }
}

/// The last lining-up of the graph's events with the last build's, kept for the other outputs
/// of the same build: graph.json, the page and the timeline chart each line up the same two
/// lists. The lists are known by their storage, which the kept pair holds on to (so no other
/// list can take its place).
public enum SharedEventLineUp {
    static let lock = NSLock()
    nonisolated(unsafe) static var last: (old: [Event], new: [Event], pairs: [Int?])? = nil

    /// `lineUp(old, new)`, computed once for the same two lists.
    public static func pairs(_ old: [Event], _ new: [Event]) -> [Int?] {
        func base(_ a: [Event]) -> UnsafeRawPointer? { a.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) } }
        lock.lock()
        if let l = last, l.old.count == old.count, l.new.count == new.count, base(l.old) == base(old), base(l.new) == base(new) {
            let p = l.pairs
            lock.unlock()
            return p
        }
        lock.unlock()
        let p = lineUp(old, new)
        lock.lock(); last = (old, new, p); lock.unlock()
        return p
    }

    /// Lets go of the kept lists.
    public static func forget() { lock.lock(); last = nil; lock.unlock() }
}
