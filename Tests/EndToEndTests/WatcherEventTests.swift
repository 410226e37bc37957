import Foundation
import Testing
@testable import ChronographBuild
#if canImport(Glibc)
import Glibc
#endif

/// The watcher's reading of inotify events, one at a time.
@Suite struct WatcherEventTests {
    @Test func aQueueOverflowWatchesEveryFolderAgainAndRebuilds() throws {
        let input = tempDir("watch-events")
        write("---\ndate: 2024-01-05\n---\nLena Ortiz met Ivan Sokolov in Vienna on 3 January 2024.\n", input + "/a.txt")
        let w = Watcher(options: BuildOptions(inputs: [input], outputDirectory: tempDir("watch-events-out"), templatesDirectory: Repo.templates), report: { _ in })
        #expect(w.startInotify())
        defer { close(w.fd) }
        // a folder made while events were being lost: no event announced it
        try FileManager.default.createDirectory(atPath: input + "/later/deeper", withIntermediateDirectories: true)
        #expect(!w.wds.values.contains(input + "/later/deeper"))
        let changed = w.handle(wd: -1, mask: UInt32(IN_Q_OVERFLOW), name: "")
        #expect(changed == [input], "a rebuild, which looks at every file")
        #expect(w.wds.values.contains(input + "/later") && w.wds.values.contains(input + "/later/deeper"))
        // ordinary events: a document counts, another file does not, an unknown watch nothing
        let root = try #require(w.wds.first { $0.value == input }?.key)
        #expect(w.handle(wd: root, mask: UInt32(IN_CLOSE_WRITE), name: "b.txt") == [input + "/b.txt"])
        #expect(w.handle(wd: root, mask: UInt32(IN_CLOSE_WRITE), name: "notes.pdf").isEmpty)
        #expect(w.handle(wd: 9999, mask: UInt32(IN_CLOSE_WRITE), name: "c.txt").isEmpty)
    }
}
