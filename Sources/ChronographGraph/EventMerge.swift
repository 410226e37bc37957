import ChronographCore

/// One event reported by several documents becomes one event with the sources of all of them.
///
/// Two events from different documents are the same event when all of these hold:
/// - the same kind, and not `statement` or `other` (those are too common to tell apart);
/// - the same modality (a meeting denied is not the meeting reported);
/// - their participants (every actor but those in the `location` role) overlap: they share
///   one, and two when both events have two or more; where both name an agent, an agent is
///   shared;
/// - both are dated, each at most a month long, and the periods overlap.
///
/// Reports that agree on all of this but put a one-day event on days up to `nearDays` apart,
/// naming the same participants with the same trigger, are the same event with conflicting
/// dates: merged, with each document's date kept in `dateConflict` (never silently dropped).
/// An event never joins a group that already holds an event of its own document, and it must
/// match every member of the group, so groups do not drift by chaining.
///
/// The merged event keeps the id, trigger, summary and modality of its earliest report (in
/// source order), the most precise date (the shortest period; explicit before document date
/// before relative before inferred), the union of participants and every source.
public enum EventMerger {
    public static let unmergedKinds: Set<String> = ["statement", "other"]
    /// Kinds whose participants' roles may be reported either way round.
    public static let symmetricKinds: Set<String> = ["meeting", "agreement", "cooperation"]
    public static let nearDays = 3
    /// The longest period (days) a date may cover for its event to be merged.
    public static let maxPeriodDays = 31

    struct Report {
        let index: Int
        let doc: String
        let start: Int, end: Int // day numbers
        let participants: Set<String>
        let agents: Set<String>
    }

    /// Merges `events` (given in source order); returns the events that remain, in that order,
    /// and the ids of the events merged away, each mapped to the id of the event that holds it.
    public static func merge(_ events: [Event]) -> (events: [Event], mergedInto: [String: String]) {
        var reports: [Report?] = []
        reports.reserveCapacity(events.count)
        for (i, e) in events.enumerated() {
            guard !unmergedKinds.contains(e.kind), let s = e.when?.start, let t = e.when?.end,
                  let a = CivilDate(iso: s), let b = CivilDate(iso: t), b.dayNumber - a.dayNumber < maxPeriodDays,
                  let doc = e.sources.first?.doc else { reports.append(nil); continue }
            let participants = Set(e.actors.filter { $0.role != .location }.map(\.actor))
            guard !participants.isEmpty else { reports.append(nil); continue }
            reports.append(Report(index: i, doc: doc, start: a.dayNumber, end: b.dayNumber, participants: participants,
                                  agents: Set(e.actors.filter { $0.role == .agent }.map(\.actor))))
        }
        // groups of reports; candidates found through (kind, participant, 32-day window of the
        // date, with the margin of a conflicting date): a merge never looks at far-off reports
        var groups: [[Report]] = []
        var conflicted: [Bool] = []
        var byKey: [String: [Int]] = [:]
        func windows(_ r: Report) -> ClosedRange<Int> {
            ((r.start - nearDays) >> 5)...((r.end + nearDays) >> 5)
        }
        for case let r? in reports {
            let e = events[r.index]
            var candidates: [Int] = []
            for p in r.participants.sorted() {
                for w in windows(r) { candidates += byKey[e.kind + "\u{0}" + p + "\u{0}" + String(w)] ?? [] }
            }
            var joined: Int? = nil
            var conflict = false
            for g in Set(candidates).sorted() where !groups[g].contains(where: { $0.doc == r.doc }) {
                var all = true, anyConflict = false
                for m in groups[g] {
                    switch relation(r, events[r.index], m, events[m.index]) {
                    case .same: break
                    case .conflictingDate: anyConflict = true
                    case .different: all = false
                    }
                    if !all { break }
                }
                if all { joined = g; conflict = anyConflict; break }
            }
            if let g = joined {
                groups[g].append(r)
                conflicted[g] = conflicted[g] || conflict
            } else {
                groups.append([r])
                conflicted.append(false)
                joined = groups.count - 1
            }
            for p in r.participants {
                for w in windows(r) { byKey[e.kind + "\u{0}" + p + "\u{0}" + String(w), default: []].append(joined!) }
            }
        }
        var out = events
        var drop = Set<Int>()
        var mergedInto: [String: String] = [:]
        for (g, members) in groups.enumerated() where members.count > 1 {
            let first = members[0].index
            var merged = events[first]
            let best = members.map { events[$0.index] }.min { a, b in precision(a.when!) < precision(b.when!) }!
            merged.when = best.when
            var seen = Set(merged.actors.map(\.actor))
            var sources = Set(merged.sources)
            for m in members.dropFirst() {
                let e = events[m.index]
                for ea in e.actors where seen.insert(ea.actor).inserted { merged.actors.append(ea) }
                sources.formUnion(e.sources)
                mergedInto[e.id] = merged.id
                drop.insert(m.index)
            }
            merged.sources = sources.sorted()
            if conflicted[g] {
                merged.dateConflict = members.map { ReportedDate(doc: $0.doc, value: events[$0.index].when!.value) }
                    .sorted { ($0.doc, $0.value) < ($1.doc, $1.value) }
            }
            out[first] = merged
        }
        let remaining = out.enumerated().filter { !drop.contains($0.offset) }.map(\.element)
        return (remaining, mergedInto)
    }

    enum Relation { case same, conflictingDate, different }

    static func relation(_ a: Report, _ ea: Event, _ b: Report, _ eb: Event) -> Relation {
        guard ea.kind == eb.kind, ea.modality == eb.modality else { return .different }
        let shared = a.participants.intersection(b.participants).count
        let needed = min(a.participants.count, b.participants.count) >= 2 ? 2 : 1
        guard shared >= needed else { return .different }
        if !symmetricKinds.contains(ea.kind), !a.agents.isEmpty, !b.agents.isEmpty, a.agents.isDisjoint(with: b.agents) { return .different }
        if a.start <= b.end && b.start <= a.end { return .same }
        // one-day reports a few days apart, of the same participants and trigger
        if a.start == a.end, b.start == b.end, abs(a.start - b.start) <= nearDays,
           a.participants == b.participants, ea.trigger.lowercased() == eb.trigger.lowercased() {
            return .conflictingDate
        }
        return .different
    }

    /// Shorter periods first; then explicit, document date, relative, inferred.
    static func precision(_ w: When) -> (Int, Int) {
        let days: Int
        if let s = w.start, let t = w.end, let a = CivilDate(iso: s), let b = CivilDate(iso: t) { days = b.dayNumber - a.dayNumber } else { days = Int.max }
        let rank: Int
        switch w.basis {
        case .explicit: rank = 0
        case .documentDate: rank = 1
        case .relative: rank = 2
        case .inferred: rank = 3
        }
        return (days, rank)
    }
}
