/// What the extractor produces for one document, before merging. Actor ids are canonical
/// slugs, so merging across documents is a union; event ids are local (`<doc>#<n>`) until
/// the graph builder assigns stable global ids. Codable so that it can be cached.
public struct DocumentExtraction: Codable, Hashable, Sendable {
    public var document: DocumentInfo
    public var timexes: [Timex]
    public var actors: [Actor]
    public var events: [Event]
    public var links: [Link]
    /// Weak actor candidates (a capitalized word opening a sentence and nothing more): the merge
    /// keeps their mentions only when another document names the same actor.
    public var candidates: [Actor]
    public init(document: DocumentInfo, timexes: [Timex] = [], actors: [Actor] = [], events: [Event] = [], links: [Link] = [], candidates: [Actor] = []) {
        self.document = document; self.timexes = timexes; self.actors = actors; self.events = events; self.links = links
        self.candidates = candidates
    }
}
