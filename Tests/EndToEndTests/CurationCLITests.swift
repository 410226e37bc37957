import Foundation
import Testing

@Suite struct CurationCLITests {
    static let article = """
    ---
    title: Harbour talks
    date: 2024-06-10
    ---
    Several delegations spent the morning in meetings that few of them were willing to describe afterwards.

    Robbie Hale met Tina Marsh in Oslo on Monday. Robert Hale later thanked the Sponsor Group.
    """

    @Test func chronographYmlInTheInputFolderIsApplied() throws {
        let dir = tempDir("cur"), out = tempDir("out")
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: out) }
        write(Self.article, dir + "/a.txt")
        let plain = try runCLI(["build", dir, "--out", out, "--format", "json"])
        #expect(plain.status == 0, "\(plain.stderr)")
        // ("Robbie" is no short form in nicknames.txt: without the curation file, two persons)
        #expect(String(decoding: read(out + "/graph.json"), as: UTF8.self).contains("\"robbie-hale\""))
        write("aliases:\n  Robert Hale: [Robbie Hale]\nignore:\n  - Sponsor Group\n", dir + "/chronograph.yml")
        let r = try runCLI(["build", dir, "--out", out, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stderr.contains("chronograph.yml"), "the curation file is not reported as a skipped document: \(r.stderr)")
        let g = String(decoding: read(out + "/graph.json"), as: UTF8.self)
        #expect(g.contains("\"robert-hale\"") && !g.contains("\"robbie-hale\"") && !g.contains("sponsor-group"))
    }

    @Test func malformedConfigNamesTheLineAndLeavesOutputs() throws {
        let dir = tempDir("cur"), out = tempDir("out")
        defer { try? FileManager.default.removeItem(atPath: dir); try? FileManager.default.removeItem(atPath: out) }
        write(Self.article, dir + "/a.txt")
        write("previous", out + "/graph.json")
        let cfg = dir + "/curation.yaml"
        write("aliases:\n  Robert Hale: [Robbie Hale]\nkinds:\n  Tina Marsh: company\n", cfg)
        let r = try runCLI(["build", dir, "--out", out, "--config", cfg])
        #expect(r.status != 0)
        #expect(r.stderr.contains("curation.yaml:4: kinds: 'company'"), "\(r.stderr)")
        #expect(String(decoding: read(out + "/graph.json"), as: UTF8.self) == "previous")
    }
}
