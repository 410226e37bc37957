import ChronographBuild
import Foundation
import Testing

/// The command line starts again at once with glibc's settings for large pages
/// (`MemoryTuning.restartWithLargePages`), removes them from its environment, and leaves a
/// user's own settings alone.
@Suite(.serialized) struct LargePagesTests {
    /// Whether this machine's kernel gives large pages to a process that asks (the restart is
    /// made only then).
    var largePagesOn: Bool {
        let modes = (try? String(contentsOfFile: "/sys/kernel/mm/transparent_hugepage/enabled", encoding: .utf8)) ?? ""
        return modes.contains("[madvise]") || modes.contains("[always]")
    }

    /// The environment a process was started with (what the restart gave it).
    func startEnvironment(_ pid: Int32) -> [String] {
        String(decoding: read("/proc/\(pid)/environ"), as: UTF8.self).split(separator: "\0").map(String.init)
    }

    /// A watch (a long-running command) is the restarted process: its pid is the same, its
    /// starting environment has the settings.
    @Test func theCommandLineRestartsWithTheSettings() throws {
        #if os(Linux)
        let input = tempDir("lp-in"), out = tempDir("lp-out")
        write("---\ndate: 2024-01-05\n---\nLena Ortiz met Ivan Sokolov in Vienna on 3 January 2024.\n", input + "/a.txt")
        let w = try WatchProcess([input, "--out", out])
        #expect(w.waitFor("initial build"), "\(w.lines)")
        let env = startEnvironment(w.process.processIdentifier)
        // named after its program still (`ps`, `top`, `pkill chronograph`)
        let comm = String(decoding: read("/proc/\(w.process.processIdentifier)/comm"), as: UTF8.self)
        #expect(w.stop() == 0)
        #expect(comm == String((Repo.binary as NSString).lastPathComponent.prefix(15)) + "\n")
        // (glibc cuts the variable's text at its first ":" as it reads it)
        let first = "GLIBC_TUNABLES=" + MemoryTuning.tunables.prefix { $0 != ":" }
        #expect(env.contains { $0.hasPrefix(first) } == largePagesOn, "\(env.filter { $0.hasPrefix("GLIBC") })")
        #expect(env.contains("CHRONOGRAPH_RESTARTED=1") == largePagesOn)
        #endif
    }

    /// A user's own GLIBC_TUNABLES, or CHRONOGRAPH_DEFAULT_MALLOC, and there is no restart.
    @Test func theUsersSettingsAreLeftAlone() throws {
        #if os(Linux)
        let input = tempDir("lp-in")
        write("---\ndate: 2024-01-05\n---\nLena Ortiz met Ivan Sokolov in Vienna on 3 January 2024.\n", input + "/a.txt")
        for (name, value) in [("GLIBC_TUNABLES", "glibc.malloc.check=0"), ("CHRONOGRAPH_DEFAULT_MALLOC", "1")] {
            let out = tempDir("lp-out")
            let p = Process()
            p.executableURL = URL(fileURLWithPath: Repo.binary)
            p.arguments = ["watch", input, "--out", out]
            var e = ProcessInfo.processInfo.environment; e[name] = value; e["GLIBC_TUNABLES"] = name == "GLIBC_TUNABLES" ? value : nil
            p.environment = e
            let log = tempDir("lp-log") + "/watch.log"
            FileManager.default.createFile(atPath: log, contents: nil)
            p.standardOutput = FileHandle(forWritingAtPath: log); p.standardError = FileHandle(forWritingAtPath: log)
            try p.run()
            let deadline = Date().addingTimeInterval(20)
            while Date() < deadline && !String(decoding: read(log), as: UTF8.self).contains("initial build") { Thread.sleep(forTimeInterval: 0.02) }
            let env = startEnvironment(p.processIdentifier)
            kill(p.processIdentifier, SIGINT); p.waitUntilExit()
            #expect(!env.contains("CHRONOGRAPH_RESTARTED=1"), "\(name)")
            #expect(!env.contains { $0.hasPrefix("GLIBC_TUNABLES=glibc.malloc.hugetlb") }, "\(name)")
            if name == "GLIBC_TUNABLES" { #expect(env.contains("GLIBC_TUNABLES=glibc.malloc.check=0")) }
        }
        #endif
    }

    /// The programs the build runs (Graphviz's `dot`, for a large graph drawn by another engine
    /// than sfdp) get the environment the user gave: without the restart's settings, with the
    /// user's own.
    @Test func programsRunByTheBuildGetTheUsersEnvironment() throws {
        #if os(Linux)
        let input = tempDir("lp-in"), bin = tempDir("lp-bin")
        // 130 people in one document: a graph over SafeLayout's in-process bound
        let given = ["Anna", "Boris", "Clara", "David", "Elena", "Felix", "Greta", "Hugo", "Irene", "Jonas"]
        let family = ["Abel", "Brandt", "Claes", "Dorn", "Ebert", "Falk", "Gruber", "Hahn", "Imhof", "Jansen", "Keller", "Lorenz", "Moser"]
        var text = "---\ndate: 2024-01-05\n---\n"
        for f in family { for k in stride(from: 0, to: 10, by: 2) { text += "On \(k + 1) January 2024 \(given[k]) \(f) met \(given[k + 1]) \(f) in Vienna.\n" } }
        write(text, input + "/many.txt")
        // a `dot` that notes its environment and draws nothing
        let seen = bin + "/seen.txt"
        write("#!/bin/sh\nenv > '\(seen)'\ncat > /dev/null\necho '<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>'\n", bin + "/dot")
        chmod(bin + "/dot", 0o755)
        let path = bin + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        for user in [nil, "glibc.malloc.check=0"] as [String?] {
            try? FileManager.default.removeItem(atPath: seen)
            let out = tempDir("lp-out")
            let r = try runCLI(["build", input, "--out", out, "--layout", "neato", "--format", "svg"], environment: ["PATH": path, "GLIBC_TUNABLES": user])
            #expect(r.status == 0, "\(r.stderr)")
            let env = String(decoding: read(seen), as: UTF8.self).split(separator: "\n").map(String.init)
            #expect(!env.isEmpty, "the layout ran no dot process: \(r.stderr)")
            #expect(!env.contains { $0.hasPrefix("CHRONOGRAPH_RESTARTED") })
            #expect(env.filter { $0.hasPrefix("GLIBC_TUNABLES=") } == (user.map { ["GLIBC_TUNABLES=" + $0] } ?? []))
        }
        #endif
    }
}
