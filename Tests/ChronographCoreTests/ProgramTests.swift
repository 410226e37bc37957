import ChronographCore
import Foundation
import Testing

@Suite struct ProgramTests {
    /// The running program (here the test runner) is found, with links resolved, and its
    /// identity names its size as the file system reports it.
    @Test func theProgramIsTheFileThisProcessRuns() throws {
        let path = try #require(Program.path)
        #expect(path.hasPrefix("/"))
        #expect(FileManager.default.isExecutableFile(atPath: path))
        #expect((path as NSString).resolvingSymlinksInPath == path)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(Program.identity.hasPrefix("\(size) "))
        // and its modification time, to the second as Foundation gives it, then finer
        let modified = try #require(try FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date)
        #expect(Program.identity.hasPrefix("\(size) \(Int(modified.timeIntervalSince1970))."))
        // the same file Foundation's bundle lookup names
        if let exe = Bundle.main.executablePath { #expect((exe as NSString).resolvingSymlinksInPath == path) }
    }
}
