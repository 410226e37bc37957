import Dispatch
import Foundation
import ChronographCore

/// The links' union, made on another thread: the links, and the key of each ("source NUL
/// target NUL kind", which sorts as the contract orders links).
final class LinkBox: @unchecked Sendable { var links: [Link] = []; var keys: [String] = [] }

/// The first and last of the words of a text separated by spaces, and whether there are two or
/// more (as `split(separator: " ")` counts them); nil for none.
func endWords(_ s: String) -> (first: Substring, last: Substring, several: Bool)? {
    let u = s.utf8
    guard let a = u.firstIndex(where: { $0 != 0x20 }) else { return nil }
    let b = u.lastIndex(where: { $0 != 0x20 })!
    let firstEnd = u[a...].firstIndex(of: 0x20).map { min($0, u.index(after: b)) } ?? u.index(after: b)
    let lastStart = u[..<u.index(after: b)].lastIndex(of: 0x20).map { u.index(after: $0) } ?? a
    let several = firstEnd <= b
    return (s[a..<firstEnd], s[lastStart...b], several)
}

/// Strings made in parallel chunks, each chunk put at its offset.
final class Prefixes: @unchecked Sendable {
    var values: [String]
    let lock = NSLock()
    init(_ n: Int) { values = Array(repeating: "", count: n) }
    func set(_ offset: Int, _ chunk: [String]) {
        lock.lock(); values.replaceSubrange(offset..<(offset + chunk.count), with: chunk); lock.unlock()
    }
}

/// The values sorted, each once.
func sortedUnique<T: Comparable>(_ xs: [T]) -> [T] {
    let s = xs.sorted()
    var out: [T] = []
    out.reserveCapacity(s.count)
    for x in s where out.last != x { out.append(x) }
    return out
}

/// Whether an actor takes part twice (the lists are short: no set is built).
func hasRepeatedActor(_ xs: [EventActor]) -> Bool {
    for i in xs.indices.dropFirst() where xs[..<i].contains(where: { $0.actor == xs[i].actor }) { return true }
    return false
}

/// Merges per-document extractions into one graph with stable ids and a deterministic order.
public enum GraphBuilder {
    /// `placesWithin` gives the place a place lies in, by actor id (a city's country): the
    /// event merge reads it (see `EventMerger`).
    /// `orgSuffixes` are the words of a company's legal form ("corp", "inc", lowercase): a company
    /// named without it in one document ("Intel") and with it in another ("Intel Corp") is one.
    /// `nicknames`: short forms of given names and their full forms ("tom": ["thomas"]): a
    /// person called "Tom Enders" in one document and "Thomas Enders" in another is one.
    public static func merge(_ extractions: [DocumentExtraction], placesWithin: [String: String] = [:], orgSuffixes: Set<String> = [],
                             nicknames: [String: [String]] = [:]) -> Graph {
        let exs = extractions.indices.sorted { extractions[$0].document.id < extractions[$1].document.id }.map { extractions[$0] }
        var graph = Graph()
        graph.documents = exs.map(\.document).sorted { ($0.path, $0.id) < ($1.path, $1.id) }

        // Actors: union by id, each actor numbered once (one lookup of its id per document);
        // its kind and name by votes of mentions, ties to the first kind and the least name.
        var actorIndex: [String: Int] = [:]
        var merged: [Actor] = []
        var kindVotes: [[Int]] = []
        var nameVotes: [[(name: String, count: Int)]] = []
        for ex in exs {
            for a in ex.actors {
                let n = a.mentions.count
                let i: Int
                if let known = actorIndex[a.id] {
                    i = known
                    // in place: copying the actor out would copy its mentions on every append
                    merged[i].aliases.append(contentsOf: a.aliases)
                    merged[i].mentions.append(contentsOf: a.mentions)
                } else {
                    i = merged.count
                    actorIndex[a.id] = i
                    merged.append(a)
                    kindVotes.append(Array(repeating: -1, count: ActorKind.allCases.count)) // -1: never this kind
                    nameVotes.append([])
                }
                let k = ActorKind.allCases.firstIndex(of: a.kind)!
                kindVotes[i][k] = max(kindVotes[i][k], 0) + n
                if let j = nameVotes[i].firstIndex(where: { $0.name == a.name }) { nameVotes[i][j].count += n } else { nameVotes[i].append((a.name, n)) }
            }
        }
        var actors: [String: Actor] = [:]
        actors.reserveCapacity(merged.count)
        for i in merged.indices {
            var best = 0
            for k in kindVotes[i].indices where kindVotes[i][k] > kindVotes[i][best] { best = k }
            merged[i].kind = ActorKind.allCases[best]
            merged[i].name = nameVotes[i].min { ($0.count, $1.name) > ($1.count, $0.name) }!.name
            actors[merged[i].id] = merged[i]
        }
        merged = []
        // Across documents: a person named with middle initials in one document ("Michael M.
        // Sears") and without them in another ("Michael Sears") is one, when just one person has
        // initials between those first and last words ("George H. W. Bush" and "George W. Bush"
        // leave "George Bush" alone). The name with the initials, and the person's kind, are kept.
        var rename: [String: String] = [:]
        /// Moves an actor's name, aliases and mentions into another actor (its links and events
        /// follow through `rename`, below).
        func absorb(_ id: String, into owner: String) {
            guard let a = actors.removeValue(forKey: id) else { return }
            actors[owner]!.aliases += [a.name] + a.aliases
            actors[owner]!.mentions += a.mentions
            rename[id] = owner
        }
        var byBareName: [String: [String]] = [:]
        for p in actors.values where p.kind == .person {
            let words = p.name.split(separator: " ")
            guard words.count >= 3, words.dropFirst().dropLast().allSatisfy({ w in
                w.first?.isUppercase == true && (w.count == 1 || (w.count == 2 && w.last == "."))
            }) else { continue }
            byBareName["\(words.first!) \(words.last!)".lowercased(), default: []].append(p.id)
        }
        if !byBareName.isEmpty {
            // (the bare name may have been taken for an organization for want of a cue: initials
            // are a person's)
            for p in actors.values.sorted(by: { $0.id < $1.id }) where p.kind != .location {
                if let owners = byBareName[p.name.lowercased()], owners.count == 1, owners[0] != p.id { absorb(p.id, into: owners[0]) }
            }
        }
        // Across documents: a person called by a short form of a given name ("Tom Enders") is
        // the person called by its full form ("Thomas Enders"), when just one such person is
        // in the graph; the full name is kept
        if !nicknames.isEmpty {
            var personByName: [String: String] = [:]
            for p in actors.values where p.kind == .person { personByName[p.name.lowercased()] = p.id }
            for p in actors.values.sorted(by: { $0.id < $1.id }) where p.kind == .person {
                let lower = p.name.lowercased()
                guard let space = lower.firstIndex(of: " "), let fulls = nicknames[String(lower[..<space])] else { continue }
                let rest = lower[space...]
                let owners = fulls.compactMap { personByName[$0 + rest] }
                if owners.count == 1, owners[0] != p.id { absorb(p.id, into: owners[0]) }
            }
        }
        // Across documents: a one-word actor that is the first or last word of exactly one
        // multi-word person is that person ("Xi" in one article, "Xi Jinping" in another).
        // (through an index of the persons by their first and last word: comparing every
        // one-word actor with every person took seconds once there were thousands of each)
        var personsByEnd: [String: [String]] = [:]
        for p in actors.values where p.kind == .person {
            guard let (f, l, several) = endWords(p.name.lowercased()), several else { continue }
            let first = String(f), last = String(l)
            personsByEnd[first, default: []].append(p.id)
            if last != first { personsByEnd[last, default: []].append(p.id) }
        }
        // A one-word organization joins too when nothing else starts with that word and the
        // person is named in full more than once: it was a name taken for a company for want of
        // a cue in a document that never gave the full name ("Saddam" with "Saddam Hussein");
        // "Bloomberg" stays apart when "Bloomberg News" is in the graph, and so do acronyms
        // ("NATO")
        var firstWordsOfOthers = Set<String>()
        for o in actors.values where o.kind != .person {
            if let space = o.name.firstIndex(of: " ") { firstWordsOfOthers.insert(o.name[..<space].lowercased()) }
        }
        for a in actors.values where !a.name.utf8.contains(0x20) {
            let lower = a.name.lowercased()
            if a.kind == .organization {
                guard a.name != a.name.uppercased(), !firstWordsOfOthers.contains(lower), a.name.allSatisfy({ $0.isLetter || $0 == "'" || $0 == "-" }) else { continue }
            } else if a.kind != .person && a.kind != .other { continue }
            // (a name met once may be anyone's: "Cardenas", a town, and "Diana de Cardenas")
            if let owners = personsByEnd[lower], owners.count == 1, a.kind != .organization || actors[owners[0]]!.mentions.count >= 2 {
                rename[a.id] = owners[0]
            }
        }
        // Across documents: a company named without its legal form is the one company named with
        // it ("Intel" and "Intel Corp"), when just one is
        if !orgSuffixes.isEmpty {
            var byStem: [String: [String]] = [:]
            for o in actors.values where o.kind == .organization {
                // (words without a final period: "Corp." is "corp")
                var words = o.name.lowercased().split(separator: " ").map { w -> String in
                    var w = String(w); while w.hasSuffix(".") { w.removeLast() }; return w
                }
                guard words.count >= 2, let last = words.last, orgSuffixes.contains(last) else { continue }
                while let l = words.last, orgSuffixes.contains(l), words.count > 1 { words.removeLast() }
                byStem[words.joined(separator: " "), default: []].append(o.id)
            }
            if !byStem.isEmpty {
                for o in actors.values where o.kind == .organization && rename[o.id] == nil {
                    if let owners = byStem[o.name.lowercased()], owners.count == 1, owners[0] != o.id { rename[o.id] = owners[0] }
                }
            }
        }
        // Across documents: organizations known by one acronym are one, when the full names
        // they give for it spell it and start with the same word ("EADS" with "European
        // Aeronautic Defence and Space Company" in one article, "European Aeronautic Defence &
        // Space NV (EADS)" in another); "Allied Pilots Association" and "American Petroleum
        // Association" stay apart. An actor joins one group at most.
        var byAcronym: [String: [String]] = [:]
        var grouped = Set<String>()
        for o in actors.values where o.kind == .organization && rename[o.id] == nil {
            for n in Set([o.name] + o.aliases) where Acronym.isAcronym(n) { byAcronym[n, default: []].append(o.id) }
        }
        for (acronym, ids) in byAcronym.sorted(by: { $0.key < $1.key }) where ids.count >= 2 {
            let group = Set(ids).filter { rename[$0] == nil && !grouped.contains($0) }.sorted()
            guard group.count >= 2 else { continue }
            // the actors by the first word of the full names they give (spellings may differ
            // after it: "Defence" and "Defense"); one giving none, or two first words, is left
            // where it is unless there is one such group
            var byFirst: [String: [String]] = [:], bare: [String] = []
            for id in group {
                let firsts = Set(([actors[id]!.name] + actors[id]!.aliases).filter { !Acronym.isAcronym($0) }
                    .compactMap { Acronym.core(of: $0, spelling: acronym) }.map { String($0.prefix { $0 != " " }) })
                if firsts.count == 1 { byFirst[firsts.first!, default: []].append(id) } else if firsts.isEmpty { bare.append(id) }
            }
            var clusters = byFirst.values.map { $0 }
            if clusters.count == 1 { clusters[0] += bare }
            for cluster in clusters where cluster.count >= 2 {
                grouped.formUnion(cluster)
                let owner = cluster.max { (actors[$0]!.mentions.count, $1) < (actors[$1]!.mentions.count, $0) }!
                for id in cluster where id != owner { rename[id] = owner }
            }
        }
        for (from, to) in rename.sorted(by: { $0.key < $1.key }) { absorb(from, into: to) }
        // Weak candidates join an actor they name (by name, alias or one word of a person's
        // name); the others were capitalized common words and are dropped.
        var byName: [String: Set<String>] = [:]
        for a in actors.values {
            for n in [a.name] + a.aliases { byName[n.lowercased(), default: []].insert(a.id) }
            if a.kind == .person {
                let parts = a.name.lowercased().split(separator: " ")
                if parts.count >= 2 { byName[String(parts.first!), default: []].insert(a.id); byName[String(parts.last!), default: []].insert(a.id) }
            }
        }
        for ex in exs {
            for c in ex.candidates {
                guard let owners = byName[c.name.lowercased()], owners.count == 1, let owner = owners.first else { continue }
                actors[owner]!.mentions += c.mentions
                actors[owner]!.aliases.append(c.name)
            }
        }
        for id in actors.keys {
            var a = actors[id]!
            a.aliases = sortedUnique(a.aliases.filter { $0 != a.name })
            a.mentions = sortedUnique(a.mentions)
            actors[id] = a
        }
        graph.actors = actors.keys.sorted().map { actors[$0]! }
        func canonical(_ id: String) -> String { rename[id] ?? id }

        // the links' union does not depend on the events: it is made meanwhile
        let linkBox = LinkBox()
        let linksMade = DispatchGroup()
        let renamed = rename
        DispatchQueue.global().async(group: linksMade) {
            // an array of links found through their ends and kind: the table holds numbers, so
            // growing it moves no link (the key text is made once per link, not per report of it)
            struct Ends: Hashable { let source: String, target: String, kind: String }
            var index: [Ends: Int] = [:]
            var links: [Link] = [], keys: [String] = []
            for ex in exs {
                for l in ex.links {
                    var s = renamed[l.source] ?? l.source, t = renamed[l.target] ?? l.target
                    if s == t { continue }
                    if !l.directed && t < s { swap(&s, &t) }
                    let ends = Ends(source: s, target: t, kind: l.kind)
                    let i: Int
                    if let known = index[ends] { i = known } else {
                        i = links.count; index[ends] = i; keys.append(s + "\u{0}" + t + "\u{0}" + l.kind)
                        links.append(Link(source: s, target: t, kind: l.kind, directed: l.directed, weight: 0, events: [], sources: []))
                    }
                    links[i].sources.append(contentsOf: l.sources)
                    links[i].events.append(contentsOf: l.events) // local ids, mapped once the events are numbered
                }
            }
            linkBox.links = links; linkBox.keys = keys
        }

        graph.timexes = exs.flatMap(\.timexes).sorted { ($0.doc, $0.start, $0.end) < ($1.doc, $1.start, $1.end) }

        // Events: stable ids from date, first actor, trigger; numbered in source order. Sorted by
        // index (an event is a large value: moving events about in a sort is what cost time).
        var pending: [Event] = []
        pending.reserveCapacity(exs.reduce(0) { $0 + $1.events.count })
        for ex in exs { pending.append(contentsOf: ex.events) }
        // participants by their merged actor, each once: an event's list is made anew only when
        // one of its actors was renamed or one takes part twice (read and changed in place: a
        // copy of the event retains every one of its strings and arrays)
        pending.withUnsafeMutableBufferPointer { p in
            for i in p.indices {
                let e = p.baseAddress! + i
                guard (!rename.isEmpty && e.pointee.actors.contains(where: { rename[$0.actor] != nil })) || hasRepeatedActor(e.pointee.actors) else { continue }
                var kept: [EventActor] = []
                kept.reserveCapacity(e.pointee.actors.count)
                for ea in e.pointee.actors {
                    let id = canonical(ea.actor)
                    if !kept.contains(where: { $0.actor == id }) { kept.append(EventActor(actor: id, role: ea.role)) }
                }
                e.pointee.actors = kept
            }
        }
        let none = SourceSpan(doc: "", start: 0, end: 0)
        // (fields read in place, by index: a closure over the events copies each one)
        var firsts: [SourceSpan] = []
        firsts.reserveCapacity(pending.count)
        pending.withUnsafeBufferPointer { p in for i in p.indices { firsts.append((p.baseAddress! + i).pointee.sources.first ?? none) } }
        let inSourceOrder = pending.indices.sorted { firsts[$0] < firsts[$1] }
        // each event's id prefix (date, first actor, trigger), made in parallel chunks; then
        // numbered in source order, which is sequential
        let prefixes = Prefixes(pending.count)
        do {
        // (a second reference to the events only within this block: numbering them below must
        // not copy the array)
        let chunk = 1024
        let pendingEvents = pending
        DispatchQueue.concurrentPerform(iterations: (pending.count + chunk - 1) / chunk) { c in
            var slugs: [String: String] = [:]
            func slug(_ s: String) -> String {
                if let x = slugs[s] { return x }
                let x = slugify(s); slugs[s] = x; return x
            }
            var local: [String] = []
            for i in (c * chunk)..<min(pendingEvents.count, (c + 1) * chunk) {
                // fields read in place: copying the event out would retain every one of its strings
                let date = pendingEvents[i].when?.value ?? "undated"
                let who = pendingEvents[i].actors.first?.actor ?? "none"
                let what = pendingEvents[i].trigger.isEmpty ? pendingEvents[i].kind : slug(pendingEvents[i].trigger)
                local.append("e-\(slug(date))-\(who)-\(what)")
            }
            prefixes.set(c * chunk, local)
        }
        }
        var localToGlobal: [String: String] = [:]
        localToGlobal.reserveCapacity(pending.count)
        var counters: [String: Int] = [:]
        let prefixValues = prefixes.values
        pending.withUnsafeMutableBufferPointer { p in
            for i in inSourceOrder {
                let prefix = prefixValues[i]
                let n: Int = { (c: inout Int) in c += 1; return c }(&counters[prefix, default: 0])
                let id = "\(prefix)-\(n)"
                let e = p.baseAddress! + i
                localToGlobal[e.pointee.id] = id
                e.pointee.id = id
            }
        }
        // the same event reported by several documents: one event with every source
        let (kept, replaced, mergedInto) = EventMerger.merge(pending, order: inSourceOrder, within: placesWithin)
        if !mergedInto.isEmpty {
            for (local, id) in localToGlobal { if let to = mergedInto[id] { localToGlobal[local] = to } }
        }
        for (i, e) in replaced { pending[i] = e }
        // by start (each distinct start ranked once, so the sort compares numbers), then id
        // (the distinct starts are found first: there are far fewer of them than events)
        var startNumber: [String: Int] = [:]
        var distinct: [String] = []
        var startOf: [Int] = []
        startOf.reserveCapacity(pending.count)
        pending.withUnsafeBufferPointer { p in
            for i in p.indices {
                let s = (p.baseAddress! + i).pointee.when?.start ?? "\u{10FFFF}"
                if let n = startNumber[s] { startOf.append(n); continue }
                startNumber[s] = distinct.count; distinct.append(s); startOf.append(distinct.count - 1)
            }
        }
        var rankOf = Array(repeating: 0, count: distinct.count)
        for (r, n) in distinct.indices.sorted(by: { distinct[$0] < distinct[$1] }).enumerated() { rankOf[n] = r }
        let ranks = startOf.map { rankOf[$0] }
        // (the ids in an array of their own: reading one out of its event cost more than comparing it)
        var ids: [String] = []
        ids.reserveCapacity(pending.count)
        pending.withUnsafeBufferPointer { p in for i in p.indices { ids.append((p.baseAddress! + i).pointee.id) } }
        let inTimeOrder = kept.sorted { a, b in ranks[a] != ranks[b] ? ranks[a] < ranks[b] : ids[a] < ids[b] }
        // moved out, not copied (a copy retains every string and array of the event)
        var ordered: [Event] = []
        ordered.reserveCapacity(inTimeOrder.count)
        for i in inTimeOrder {
            var e = Event(id: "", when: nil, kind: "", trigger: "", summary: "", actors: [], sources: [])
            swap(&e, &pending[i])
            ordered.append(consume e)
        }
        graph.events = ordered

        // Links: union by (source, target, kind), made while the events were numbered; their
        // events are mapped to global ids now. In key order: the key is "source NUL target NUL
        // kind", so it sorts as the contract asks.
        linksMade.wait()
        var links = linkBox.links
        let keys = linkBox.keys
        linkBox.links = []
        var linksOut: [Link] = []
        linksOut.reserveCapacity(links.count)
        for i in keys.indices.sorted(by: { keys[$0] < keys[$1] }) {
            // moved out, not copied
            var l = Link(source: "", target: "", kind: "", directed: false, weight: 0, events: [], sources: [])
            swap(&l, &links[i])
            l.sources = sortedUnique(l.sources)
            l.events = sortedUnique(l.events.compactMap { localToGlobal[$0] })
            l.weight = l.sources.count
            linksOut.append(l)
        }
        graph.links = linksOut
        return graph
    }
}

/// Acronyms and the names they stand for.
enum Acronym {
    /// Two to eight capital letters ("EADS", "OECD").
    static func isAcronym(_ s: String) -> Bool {
        let u = s.utf8
        return (2...8).contains(u.count) && u.allSatisfy { $0 >= 65 && $0 <= 90 }
    }

    /// The words of `name` whose initials spell `acronym`, lowercased, with "&" read as "and"
    /// ("european aeronautic defence and space" for "European Aeronautic Defence & Space NV"
    /// and "EADS"); words after them (a legal form, "Company") are left out. Nil when the
    /// initials do not spell it.
    static func core(of name: String, spelling acronym: String) -> String? {
        let letters = Array(acronym.lowercased().utf8)
        let connectors: Set<String> = ["and", "&", "of", "for", "the", "de", "on"]
        var words: [String] = []
        var i = 0
        for raw in name.split(separator: " ") {
            var w = raw.lowercased()
            if w == "&" { w = "and" }
            // "Co-operation": the part after a hyphen adds no initial
            let head = w.split(separator: "-").first.map(String.init) ?? w
            if i == letters.count { break }
            if connectors.contains(w) { if !words.isEmpty { words.append(w) }; continue }
            guard head.utf8.first == letters[i] else { return nil }
            words.append(w)
            i += 1
        }
        guard i == letters.count else { return nil }
        return words.joined(separator: " ")
    }
}
