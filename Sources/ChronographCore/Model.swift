// The Chronograph data model. Its Codable form is graph.json (docs/FORMAT.md).

/// A byte range in one document: UTF-8 byte offsets into the file as read from disk, `end` exclusive.
public struct SourceSpan: Codable, Hashable, Sendable, Comparable {
    public var doc: String
    public var start: Int
    public var end: Int
    public init(doc: String, start: Int, end: Int) {
        self.doc = doc; self.start = start; self.end = end
    }
    public static func < (a: SourceSpan, b: SourceSpan) -> Bool {
        (a.doc, a.start, a.end) < (b.doc, b.start, b.end)
    }
}

/// A span together with the text it covers.
public struct Mention: Codable, Hashable, Sendable, Comparable {
    public var doc: String
    public var start: Int
    public var end: Int
    public var text: String
    public init(doc: String, start: Int, end: Int, text: String) {
        self.doc = doc; self.start = start; self.end = end; self.text = text
    }
    public var span: SourceSpan { SourceSpan(doc: doc, start: start, end: end) }
    public static func < (a: Mention, b: Mention) -> Bool {
        (a.doc, a.start, a.end, a.text) < (b.doc, b.start, b.end, b.text)
    }
}

public enum PublishedSource: String, Codable, Sendable, CaseIterable {
    case frontMatter = "front-matter", header, filename, content, option, none
}

public struct DocumentInfo: Codable, Hashable, Sendable {
    public var id: String
    public var path: String
    public var title: String
    public var published: String?
    public var publishedSource: PublishedSource
    public init(id: String, path: String, title: String, published: String?, publishedSource: PublishedSource) {
        self.id = id; self.path = path; self.title = title; self.published = published; self.publishedSource = publishedSource
    }
    enum CodingKeys: String, CodingKey { case id, path, title, published, publishedSource }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(path, forKey: .path)
        try c.encode(title, forKey: .title)
        try c.encode(published, forKey: .published) // explicit null when unknown
        try c.encode(publishedSource, forKey: .publishedSource)
    }
}

public enum ActorKind: String, Codable, Sendable, CaseIterable, Comparable {
    case person, organization, location, group, other
    public static func < (a: ActorKind, b: ActorKind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

public struct Actor: Codable, Hashable, Sendable {
    public var id: String
    public var name: String
    public var kind: ActorKind
    public var aliases: [String]
    public var mentions: [Mention]
    public init(id: String, name: String, kind: ActorKind, aliases: [String] = [], mentions: [Mention] = []) {
        self.id = id; self.name = name; self.kind = kind; self.aliases = aliases; self.mentions = mentions
    }
}

public enum TimexType: String, Codable, Sendable, CaseIterable {
    case date = "DATE", time = "TIME", duration = "DURATION", set = "SET"
}

public struct Timex: Codable, Hashable, Sendable {
    public var doc: String
    public var start: Int
    public var end: Int
    public var text: String
    public var type: TimexType
    public var value: String
    public init(doc: String, start: Int, end: Int, text: String, type: TimexType, value: String) {
        self.doc = doc; self.start = start; self.end = end; self.text = text; self.type = type; self.value = value
    }
}

public enum DateBasis: String, Codable, Sendable, CaseIterable {
    case explicit, relative, documentDate = "document-date", inferred
}

/// When an event happened: a TIMEX3 value and, where it is an interval, its first and last day.
public struct When: Codable, Hashable, Sendable {
    public var value: String
    public var start: String?
    public var end: String?
    public var basis: DateBasis
    public init(value: String, start: String?, end: String?, basis: DateBasis) {
        self.value = value; self.start = start; self.end = end; self.basis = basis
    }
    /// Builds a `When` whose `start`/`end` are derived from the TIMEX3 value.
    public init(value: String, basis: DateBasis) {
        let iv = TimexValue.interval(of: value)
        self.init(value: value, start: iv?.start.iso, end: iv?.end.iso, basis: basis)
    }
    enum CodingKeys: String, CodingKey { case value, start, end, basis }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(value, forKey: .value)
        try c.encode(start, forKey: .start)
        try c.encode(end, forKey: .end)
        try c.encode(basis, forKey: .basis)
    }
}

public enum Role: String, Codable, Sendable, CaseIterable, Comparable {
    case agent, target, other, location
    public static func < (a: Role, b: Role) -> Bool {
        let order: [Role] = [.agent, .target, .other, .location]
        return order.firstIndex(of: a)! < order.firstIndex(of: b)!
    }
}

public struct EventActor: Codable, Hashable, Sendable {
    public var actor: String
    public var role: Role
    public init(actor: String, role: Role) { self.actor = actor; self.role = role }
}

public enum Modality: String, Codable, Sendable, CaseIterable {
    case asserted, negated, hypothetical, planned
}

/// The date one document gives an event that several documents report.
public struct ReportedDate: Codable, Hashable, Sendable {
    public var doc: String
    public var value: String
    public init(doc: String, value: String) { self.doc = doc; self.value = value }
}

public struct Event: Codable, Hashable, Sendable {
    public var id: String
    public var when: When?
    public var kind: String
    public var trigger: String
    public var summary: String
    public var modality: Modality
    public var actors: [EventActor]
    public var sources: [SourceSpan]
    /// Set only when documents reporting this one event disagree on its date: each
    /// document's date (`when` holds the one kept). Absent from graph.json otherwise.
    public var dateConflict: [ReportedDate]?
    public init(id: String, when: When?, kind: String, trigger: String, summary: String,
                modality: Modality = .asserted, actors: [EventActor], sources: [SourceSpan], dateConflict: [ReportedDate]? = nil) {
        self.id = id; self.when = when; self.kind = kind; self.trigger = trigger; self.summary = summary
        self.modality = modality; self.actors = actors; self.sources = sources; self.dateConflict = dateConflict
    }
    enum CodingKeys: String, CodingKey { case id, when, kind, trigger, summary, modality, actors, sources, dateConflict }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(when, forKey: .when) // explicit null when undated
        try c.encode(kind, forKey: .kind)
        try c.encode(trigger, forKey: .trigger)
        try c.encode(summary, forKey: .summary)
        try c.encode(modality, forKey: .modality)
        try c.encode(actors, forKey: .actors)
        try c.encode(sources, forKey: .sources)
        try c.encodeIfPresent(dateConflict, forKey: .dateConflict)
    }
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        when = try c.decodeIfPresent(When.self, forKey: .when)
        kind = try c.decode(String.self, forKey: .kind)
        trigger = try c.decode(String.self, forKey: .trigger)
        summary = try c.decode(String.self, forKey: .summary)
        modality = try c.decodeIfPresent(Modality.self, forKey: .modality) ?? .asserted
        actors = try c.decode([EventActor].self, forKey: .actors)
        sources = try c.decode([SourceSpan].self, forKey: .sources)
        dateConflict = try c.decodeIfPresent([ReportedDate].self, forKey: .dateConflict)
    }
}

public struct Link: Codable, Hashable, Sendable {
    public var source: String
    public var target: String
    public var kind: String
    public var directed: Bool
    public var weight: Int
    public var events: [String]
    public var sources: [SourceSpan]
    public init(source: String, target: String, kind: String, directed: Bool, weight: Int, events: [String], sources: [SourceSpan]) {
        self.source = source; self.target = target; self.kind = kind; self.directed = directed
        self.weight = weight; self.events = events; self.sources = sources
    }
}

/// The whole result of a build: what graph.json holds.
public struct Graph: Codable, Hashable, Sendable {
    public var format: String = "chronograph-graph"
    public var version: Int = 1
    public var documents: [DocumentInfo]
    public var actors: [Actor]
    public var timexes: [Timex]
    public var events: [Event]
    public var links: [Link]
    public init(documents: [DocumentInfo] = [], actors: [Actor] = [], timexes: [Timex] = [], events: [Event] = [], links: [Link] = []) {
        self.documents = documents; self.actors = actors; self.timexes = timexes; self.events = events; self.links = links
    }
    public func actor(id: String) -> Actor? { actors.first { $0.id == id } }
}

extension Graph {
    /// Which of `ids` take part in an event. The events are read until each of them is found
    /// (a few hundred events, typically, of thousands: each actor read is a string's hash).
    public func takingPart(_ ids: Set<String>) -> Set<String> {
        var missing = ids
        var found = Set<String>()
        guard !missing.isEmpty else { return found }
        events.withUnsafeBufferPointer { p in
            for i in p.indices {
                for a in (p.baseAddress! + i).pointee.actors where missing.remove(a.actor) != nil { found.insert(a.actor) }
                if missing.isEmpty { return }
            }
        }
        return found
    }
}
