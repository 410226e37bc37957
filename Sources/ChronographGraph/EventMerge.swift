import ChronographCore

/// One event reported by several documents becomes one event with the sources of all of them.
///
/// Two events from different documents are the same event when all of these hold:
/// - the same kind, and not `statement` or `other` (those are too common to tell apart);
/// - the same modality (a meeting denied is not the meeting reported);
/// - their participants (every actor but those in the `location` role) overlap: they share
///   one, and two when both events have two or more; where both name an agent, an agent is
///   shared;
/// - both are dated, each at most a month long, and the periods overlap;
/// - their places (actors in the `location` role) agree: one of them names none, or they share
///   one, or a place of one lies in a place of the other (a city in its country, by the
///   `within` table: "visited Moscow" and "visited Russia"). Two stops of a tour reported on
///   consecutive days ("visited Kyiv", "visited Warsaw") are two events.
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

    /// An event as the merge compares it: documents, kinds, actors and triggers by number
    /// (interned), participants and agents as short sorted lists.
    struct Report {
        let index: Int
        let doc: Int
        let start: Int, end: Int // day numbers
        let participants: [Int]
        let agents: [Int]
        /// the places (sorted), and the place each lies in (-1: none known), in the same order
        let places: [Int]
        let placesWithin: [Int]
        let kind: Int, modality: Modality, trigger: Int, symmetric: Bool
    }

    /// Numbers for strings, in order of first sight.
    struct Interner {
        var numbers: [String: Int] = [:]
        mutating func callAsFunction(_ s: String) -> Int {
            if let n = numbers[s] { return n }
            let n = numbers.count; numbers[s] = n; return n
        }
    }

    /// Merges `events` (given in source order); returns the events that remain, in that order,
    /// and the ids of the events merged away, each mapped to the id of the event that holds it.
    public static func merge(_ events: [Event], within: [String: String] = [:]) -> (events: [Event], mergedInto: [String: String]) {
        let r = merge(events, order: Array(events.indices), within: within)
        return (r.kept.map { r.replaced[$0] ?? events[$0] }, r.mergedInto)
    }

    /// The same, without copying events about: `order` lists the indices of `events` in source
    /// order; the result gives the indices kept (in that order), the merged events that replace
    /// some of them, and the ids merged away. `within` gives the place a place lies in, by
    /// actor id (see `PlaceContainment`).
    public static func merge(_ events: [Event], order: [Int], within: [String: String] = [:]) -> (kept: [Int], replaced: [Int: Event], mergedInto: [String: String]) {
        var reports: [Report] = []
        reports.reserveCapacity(events.count)
        var docs = Interner(), kinds = Interner(), actors = Interner(), triggers = Interner()
        var days: [String: Int] = [:] // day numbers of ISO dates, each parsed once
        func day(_ iso: String) -> Int? {
            if let d = days[iso] { return d }
            guard let d = CivilDate(iso: iso)?.dayNumber else { return nil }
            days[iso] = d; return d
        }
        // triggers are compared without case: each distinct spelling is lowered once
        var spellings: [String: Int] = [:]
        func trigger(_ t: String) -> Int {
            if let n = spellings[t] { return n }
            let n = triggers(t.lowercased()); spellings[t] = n; return n
        }
        // each kind looked up once: its number, whether it merges, whether it is symmetric
        var kindInfo: [String: (number: Int, merges: Bool, symmetric: Bool)] = [:]
        func kind(_ k: String) -> (number: Int, merges: Bool, symmetric: Bool) {
            if let info = kindInfo[k] { return info }
            let info = (kinds(k), !unmergedKinds.contains(k), symmetricKinds.contains(k))
            kindInfo[k] = info; return info
        }
        for i in order {
            // fields read in place: copying each event out would retain every one of its strings
            let k = kind(events[i].kind)
            guard k.merges, let w = events[i].when, let s = w.start, let t = w.end,
                  let a = day(s), let b = t == s ? a : day(t), b - a < maxPeriodDays,
                  let doc = events[i].sources.first?.doc else { continue }
            var participants: [Int] = [], agents: [Int] = [], places: [Int] = []
            for ea in events[i].actors {
                let n = actors(ea.actor)
                if ea.role == .location {
                    if !places.contains(n) { places.append(n) }
                    continue
                }
                if !participants.contains(n) { participants.append(n) }
                if ea.role == .agent && !agents.contains(n) { agents.append(n) }
            }
            guard !participants.isEmpty else { continue }
            participants.sort(); agents.sort(); places.sort()
            // the place each place lies in, in the sorted order of the places
            var placesWithin = Array(repeating: -1, count: places.count)
            if !places.isEmpty, !within.isEmpty {
                for ea in events[i].actors where ea.role == .location {
                    if let w = within[ea.actor], let k = places.firstIndex(of: actors(ea.actor)) { placesWithin[k] = actors(w) }
                }
            }
            reports.append(Report(index: i, doc: docs(doc), start: a, end: b, participants: participants, agents: agents,
                                  places: places, placesWithin: placesWithin,
                                  kind: k.number, modality: events[i].modality, trigger: trigger(events[i].trigger),
                                  symmetric: k.symmetric))
        }
        // Groups of reports, each a chain of its members (by position in `reports`, in order).
        // Candidates are found through (kind, participant, 32-day window of the date, with the
        // margin of a conflicting date): a merge never looks at far-off reports. Each key holds
        // a chain of the groups filed under it. Chains in flat arrays: most groups have one
        // member, and a set or an array for each was most of the merge's time.
        var firstMember: [Int] = [], lastMember: [Int] = [], groupSize: [Int] = []
        var nextMember = Array(repeating: -1, count: reports.count)
        // A report is compared with one member of each kind in a group: members alike in
        // everything a comparison reads give the same answer. With the documents each group
        // holds (a pair of numbers in one set), a group reported thousands of times costs as
        // much to look at as one reported a few times.
        var firstKind: [Int] = []
        var nextKind = Array(repeating: -1, count: reports.count)
        var groupDocuments = PairTable(capacity: reports.count)
        var conflicted: [Bool] = []
        // keys (kind, participant, window) as two numbers: kind and participant, window
        struct Key { let kindAndParticipant: UInt64, window: UInt64 }
        func key(_ kind: Int, _ participant: Int, _ window: Int) -> Key {
            Key(kindAndParticipant: UInt64(kind) << 40 | UInt64(participant), window: UInt64(bitPattern: Int64(window)))
        }
        var keyHead = PairTable(capacity: reports.count * 2)
        var entryGroup: [Int] = [], entryNext: [Int] = []
        // (key, group) filed: the key's first number, and its window with the group
        var filed = PairTable(capacity: reports.count * 2)
        func windows(_ r: Report) -> ClosedRange<Int> {
            ((r.start - nearDays) >> 5)...((r.end + nearDays) >> 5)
        }
        var candidates: [Int] = []
        // A group holding a report of a document never takes another report of it, and the
        // reports come document by document: the groups a document makes or joins are filed
        // only once its reports are done (a document telling one story 200,000 times had each
        // report look through all the groups of the ones before).
        var deferred: [(Key, Int)] = []
        var currentDocument = -1
        func fileDeferred() {
            for (k, g) in deferred where filed.insert(k.kindAndParticipant, k.window << 32 | UInt64(UInt32(g))) {
                entryGroup.append(g); entryNext.append(keyHead[k.kindAndParticipant, k.window] ?? -1)
                keyHead.set(k.kindAndParticipant, k.window, entryGroup.count - 1)
            }
            deferred.removeAll(keepingCapacity: true)
        }
        for (ri, r) in reports.enumerated() {
            if r.doc != currentDocument { fileDeferred(); currentDocument = r.doc }
            candidates.removeAll(keepingCapacity: true)
            for p in r.participants {
                for w in windows(r) {
                    let k = key(r.kind, p, w)
                    var e = keyHead[k.kindAndParticipant, k.window] ?? -1
                    while e >= 0 { candidates.append(entryGroup[e]); e = entryNext[e] }
                }
            }
            candidates.sort()
            var joined = -1
            var conflict = false
            var previous = -1
            for g in candidates where g != previous {
                previous = g
                if groupDocuments[UInt64(g), UInt64(r.doc)] != nil { continue }
                var all = true, anyConflict = false
                var m = firstKind[g]
                while m >= 0 {
                    switch relation(r, reports[m]) {
                    case .same: break
                    case .conflictingDate: anyConflict = true
                    case .different: all = false
                    }
                    if !all { break }
                    m = nextKind[m]
                }
                if all { joined = g; conflict = anyConflict; break }
            }
            if joined >= 0 {
                nextMember[lastMember[joined]] = ri
                lastMember[joined] = ri
                groupSize[joined] += 1
                conflicted[joined] = conflicted[joined] || conflict
                // a member of a kind not in the group yet is compared with from now on
                var m = firstKind[joined], last = -1, known = false
                while m >= 0 { if alike(reports[m], r) { known = true; break }; last = m; m = nextKind[m] }
                if !known { nextKind[last] = ri }
            } else {
                joined = firstMember.count
                firstMember.append(ri); lastMember.append(ri); groupSize.append(1)
                firstKind.append(ri)
                conflicted.append(false)
            }
            _ = groupDocuments.insert(UInt64(joined), UInt64(r.doc))
            // each group filed once under a key: a story reported by thousands of documents
            // would otherwise file its group once per report, and every later report would
            // go through all of those entries
            for p in r.participants {
                for w in windows(r) { deferred.append((key(r.kind, p, w), joined)) }
            }
        }
        var groups: [[Report]] = []
        var groupOf: [Int] = []
        for g in groupSize.indices where groupSize[g] > 1 {
            var members: [Report] = []
            var m = firstMember[g]
            while m >= 0 { members.append(reports[m]); m = nextMember[m] }
            groups.append(members); groupOf.append(g)
        }
        guard !groups.isEmpty else { return (order, [:], [:]) }
        var replaced: [Int: Event] = [:]
        var drop = Set<Int>()
        var mergedInto: [String: String] = [:]
        for (n, members) in groups.enumerated() {
            let g = groupOf[n]
            let first = members[0].index
            var merged = events[first]
            let best = members.min { a, b in precision(a, events[a.index].when!.basis) < precision(b, events[b.index].when!.basis) }!.index
            merged.when = events[best].when
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
                merged.dateConflict = members.map { ReportedDate(doc: events[$0.index].sources.first!.doc, value: events[$0.index].when!.value) }
                    .sorted { ($0.doc, $0.value) < ($1.doc, $1.value) }
            }
            replaced[first] = merged
        }
        return (order.filter { !drop.contains($0) }, replaced, mergedInto)
    }

    enum Relation { case same, conflictingDate, different }

    /// Whether two reports are alike in everything `relation` reads of them (so that one
    /// stands for the other in a group).
    static func alike(_ a: Report, _ b: Report) -> Bool {
        a.start == b.start && a.end == b.end && a.kind == b.kind && a.modality == b.modality && a.trigger == b.trigger
            && a.symmetric == b.symmetric && a.participants == b.participants && a.agents == b.agents
            && a.places == b.places && a.placesWithin == b.placesWithin
    }

    static func relation(_ a: Report, _ b: Report) -> Relation {
        guard a.kind == b.kind, a.modality == b.modality else { return .different }
        let needed = min(a.participants.count, b.participants.count) >= 2 ? 2 : 1
        var shared = 0
        for p in a.participants where b.participants.contains(p) { shared += 1; if shared >= needed { break } }
        guard shared >= needed else { return .different }
        if !a.symmetric, !a.agents.isEmpty, !b.agents.isEmpty, !a.agents.contains(where: { b.agents.contains($0) }) { return .different }
        if !placesAgree(a, b) { return .different }
        if a.start <= b.end && b.start <= a.end { return .same }
        // one-day reports a few days apart, of the same participants and trigger
        if a.start == a.end, b.start == b.end, abs(a.start - b.start) <= nearDays,
           a.participants == b.participants, a.trigger == b.trigger {
            return .conflictingDate
        }
        return .different
    }

    /// Whether two reports' places allow them to be one event: one names none, or they share
    /// one, or a place of one lies in a place of the other.
    static func placesAgree(_ a: Report, _ b: Report) -> Bool {
        if a.places.isEmpty || b.places.isEmpty { return true }
        for p in a.places where b.places.contains(p) { return true }
        for w in a.placesWithin where w >= 0 && b.places.contains(w) { return true }
        for w in b.placesWithin where w >= 0 && a.places.contains(w) { return true }
        return false
    }

    /// Shorter periods first; then explicit, document date, relative, inferred. (The period
    /// from the report's day numbers: its event's start and end, parsed once.)
    static func precision(_ r: Report, _ basis: DateBasis) -> (Int, Int) {
        let rank: Int
        switch basis {
        case .explicit: rank = 0
        case .documentDate: rank = 1
        case .relative: rank = 2
        case .inferred: rank = 3
        }
        return (r.end - r.start, rank)
    }
}
