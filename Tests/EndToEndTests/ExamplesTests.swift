import ChronographBuild
import ChronographCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

@Suite(.serialized) struct ExamplesEndToEndTests {
    func buildExamples(_ out: String) throws -> BuildReport {
        try Builder.build(BuildOptions(inputs: [Repo.examples], outputDirectory: out, templatesDirectory: Repo.templates, title: "Examples"))
    }

    @Test func graphHasTheStoryActorsMergedAcrossDocuments() throws {
        let out = tempDir("ex")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let report = try buildExamples(out)
        #expect(report.succeeded)
        let g = try GraphJSON.decodeGraph(read(out + "/graph.json"))
        #expect(g.documents.count >= 6)
        #expect(g.documents.allSatisfy { $0.published != nil }, "every example carries a date")
        #expect(Set(g.documents.map { ($0.path as NSString).pathExtension }).isSuperset(of: ["txt", "md", "html"]))
        func actor(_ name: String) -> Actor? { g.actors.first { $0.name == name } }
        let xi = try #require(actor("Xi Jinping"))
        #expect(xi.kind == .person)
        #expect(Set(xi.mentions.map(\.doc)).count >= 5, "Xi is one actor across the documents")
        #expect(actor("Vladimir Putin")?.kind == .person)
        #expect(actor("Chen Wenqing")?.kind == .person)
        #expect(actor("Nikolai Patrushev")?.kind == .person)
        #expect(actor("Avril Haines")?.kind == .person)
        #expect(actor("Russia")?.kind == .location)
        #expect(actor("National Institute of Standards and Technology")?.aliases.contains("NIST") == true)
        #expect(actor("Treasury Department")?.kind == .organization)
        // no calendar words or site furniture as actors
        for junk in ["March", "April", "Wednesday", "Home", "Share", "Subscribe"] { #expect(actor(junk) == nil, "\(junk)") }
        // mentions point at their bytes in the files
        for a in g.actors {
            for m in a.mentions {
                let doc = g.documents.first { $0.id == m.doc }!
                let bytes = [UInt8](read(Repo.root.appendingPathComponent("examples/" + (doc.path as NSString).lastPathComponent).path))
                #expect(String(decoding: bytes[m.start..<m.end], as: UTF8.self) == m.text)
            }
        }
        // dated events with their sources
        let nist = try #require(g.events.first { $0.when?.value == "2021-11" })
        #expect(nist.actors.contains { $0.actor == actor("National Institute of Standards and Technology")!.id })
        #expect(g.events.allSatisfy { !$0.sources.isEmpty })
        #expect(g.links.contains { $0.source == "vladimir-putin" && $0.target == "xi-jinping" || $0.source == "xi-jinping" && $0.target == "vladimir-putin" })
    }

    @Test func svgParsesAndNamesActorsAndHTMLListsEveryEvent() throws {
        let out = tempDir("ex")
        defer { try? FileManager.default.removeItem(atPath: out) }
        _ = try buildExamples(out)
        let g = try GraphJSON.decodeGraph(read(out + "/graph.json"))
        let svgData = read(out + "/graph.svg")
        let xml = try XMLDocument(data: svgData)
        let texts = Set(try xml.nodes(forXPath: "//*[local-name()='text']").compactMap(\.stringValue))
        for name in ["Xi Jinping", "Vladimir Putin", "Chen Wenqing"] { #expect(texts.contains(name), "\(name)") }
        let dot = String(decoding: read(out + "/graph.dot"), as: UTF8.self)
        #expect(dot.hasPrefix("digraph chronograph {"))
        let html = String(decoding: read(out + "/index.html"), as: UTF8.self)
        #expect(!g.events.isEmpty)
        for e in g.events { #expect(html.contains("id=\"\(e.id)\""), "\(e.id)") }
        #expect(html.contains("<svg"))
        #expect(!html.contains("<script src") && !html.contains("<link rel=\"stylesheet\""), "self-contained")
    }

    @Test func buildsAreDeterministic() throws {
        let a = tempDir("a"), b = tempDir("b")
        defer { try? FileManager.default.removeItem(atPath: a); try? FileManager.default.removeItem(atPath: b) }
        _ = try buildExamples(a)
        _ = try buildExamples(b)
        for f in ["graph.json", "graph.dot", "graph.svg", "index.html"] {
            #expect(read(a + "/" + f) == read(b + "/" + f), "\(f)")
            #expect(!read(a + "/" + f).isEmpty)
        }
        let json = String(decoding: read(a + "/graph.json"), as: UTF8.self)
        #expect(!json.contains(a), "no absolute output paths")
    }

    @Test func separateProcessesGiveIdenticalBytes() throws {
        // Swift seeds its hashing per process: two runs of the binary must still agree
        let a = tempDir("pa"), b = tempDir("pb")
        defer { try? FileManager.default.removeItem(atPath: a); try? FileManager.default.removeItem(atPath: b) }
        #expect(try runCLI(["build", Repo.examples, "--out", a]).status == 0)
        #expect(try runCLI(["build", Repo.examples, "--out", b]).status == 0)
        for f in ["graph.json", "graph.dot", "graph.svg", "index.html", "timeline.svg", "changes.json"] {
            #expect(read(a + "/" + f) == read(b + "/" + f), "\(f)")
        }
    }

    @Test func committedOutputMatchesAFreshBuild() throws {
        // output/ is regenerated by scripts/run and committed; it must be what the code builds.
        let out = tempDir("fresh")
        defer { try? FileManager.default.removeItem(atPath: out) }
        let report = try runCLI(["build", "examples", "--out", out], cwd: Repo.root.path)
        #expect(report.status == 0, "\(report.stderr)")
        let committed = try GraphJSON.decodeGraph(read(Repo.root.appendingPathComponent("output/graph.json").path))
        let fresh = try GraphJSON.decodeGraph(read(out + "/graph.json"))
        #expect(committed.actors.map(\.id) == fresh.actors.map(\.id))
        #expect(committed.events.map(\.id) == fresh.events.map(\.id))
    }
}
