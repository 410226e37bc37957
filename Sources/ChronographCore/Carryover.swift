import Foundation

/// Lines up a list with the list an earlier build had, in order: for each new element, the
/// index of the earlier element it repeats, or nil (new, or changed). Both lists are in the
/// contract's order, so a rebuild after a few documents changed differs by a few elements
/// inserted, removed or changed in place; the rest pair off in step. `same(old, new)` says
/// whether two elements are interchangeable for what the caller makes of them; `oldKey` and
/// `newKey` name an element (its id), to find where the lists meet again after a mismatch.
///
/// Each new element is compared with the next earlier one; failing that, with the earlier
/// element of its name further on (those skipped were removed); failing that, it is new. A
/// pairing is made only where `same` holds, so a poor alignment costs reuse, never correctness.
@inlinable
public func lineUp<K: Hashable>(oldCount: Int, newCount: Int, oldKey: (Int) -> K, newKey: (Int) -> K, same: (Int, Int) -> Bool) -> [Int?] {
    var out = [Int?](repeating: nil, count: newCount)
    var byKey: [K: Int]? = nil
    var j = 0
    for i in 0..<newCount {
        if j < oldCount && same(j, i) { out[i] = j; j += 1; continue }
        if byKey == nil {
            var d: [K: Int] = [:]
            d.reserveCapacity(oldCount)
            for k in 0..<oldCount { d[oldKey(k)] = d[oldKey(k)] ?? k }
            byKey = d
        }
        if let p = byKey![newKey(i)], p > j, same(p, i) { out[i] = p; j = p + 1 }
    }
    return out
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
    public var lastReused = 0

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

/// Whether two elements are equal, compared where they lie (a copy of an event retains every
/// one of its strings and arrays, and lining up thousands of events was mostly that).
@inlinable
public func sameElement<T: Equatable>(_ a: UnsafeBufferPointer<T>, _ i: Int, _ b: UnsafeBufferPointer<T>, _ j: Int) -> Bool {
    (a.baseAddress! + i).pointee == (b.baseAddress! + j).pointee
}

/// What names an element of the graph within its list, for `lineUp`.
public protocol LineKeyed {
    associatedtype LineKey: Hashable
    var lineKey: LineKey { get }
}

extension DocumentInfo: LineKeyed { @inlinable public var lineKey: String { id } }
extension Actor: LineKeyed { @inlinable public var lineKey: String { id } }
extension Event: LineKeyed { @inlinable public var lineKey: String { id } }
extension Timex: LineKeyed { @inlinable public var lineKey: SourceSpan { SourceSpan(doc: doc, start: start, end: end) } }
extension Link: LineKeyed {
    public struct Key: Hashable {
        let source: String, target: String, kind: String
        @usableFromInline init(source: String, target: String, kind: String) { self.source = source; self.target = target; self.kind = kind }
    }
    @inlinable public var lineKey: Key { Key(source: source, target: target, kind: kind) }
}

/// `lineUp` for lists of the graph's elements, named by their `lineKey`.
@inlinable
public func lineUp<T: LineKeyed>(_ old: UnsafeBufferPointer<T>, _ new: UnsafeBufferPointer<T>, same: (Int, Int) -> Bool) -> [Int?] {
    lineUp(oldCount: old.count, newCount: new.count, oldKey: { (old.baseAddress! + $0).pointee.lineKey },
           newKey: { (new.baseAddress! + $0).pointee.lineKey }, same: same)
}
