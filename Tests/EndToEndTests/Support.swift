import Foundation

enum Repo {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var examples: String { root.appendingPathComponent("examples").path }
    static var templates: String { root.appendingPathComponent("templates").path }

    /// The chronograph binary built next to the test bundle.
    static var binary: String {
        var candidates: [URL] = []
        if let exe = Bundle.main.executableURL { candidates.append(exe.deletingLastPathComponent()) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        candidates.append(root.appendingPathComponent(".build/debug"))
        for c in candidates {
            var dir = c
            for _ in 0..<4 {
                let b = dir.appendingPathComponent("chronograph").path
                if FileManager.default.isExecutableFile(atPath: b) { return b }
                dir = dir.deletingLastPathComponent()
            }
        }
        return root.appendingPathComponent(".build/debug/chronograph").path
    }
}

/// A new empty folder under the system's temporary folder, removed when the test process exits
/// (a test may still be looking at it when it returns, so not before).
func tempDir(_ name: String = "t") -> String {
    let d = FileManager.default.temporaryDirectory.appendingPathComponent("chronograph-\(name)-\(UUID().uuidString)").path
    try! FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    TempDirs.shared.add(d)
    return d
}

/// The folders `tempDir` made, removed at exit.
final class TempDirs: @unchecked Sendable {
    static let shared: TempDirs = {
        let t = TempDirs()
        atexit { TempDirs.shared.removeAll() }
        return t
    }()
    private let lock = NSLock()
    private var paths: [String] = []
    func add(_ path: String) { lock.lock(); paths.append(path); lock.unlock() }
    func removeAll() {
        lock.lock(); let all = paths; paths = []; lock.unlock()
        for p in all { try? FileManager.default.removeItem(atPath: p) }
    }
}

struct RunResult { var status: Int32; var stdout: String; var stderr: String }

/// Runs the chronograph binary with arguments in a working folder.
/// Runs the command line; with a `timeout` (seconds), a run still going then is killed (its
/// status is then that of SIGKILL, 9), so that a hang fails the test instead of stopping the suite.
/// `environment`: variables set (or, with nil, removed) for the run, over the test's own.
func runCLI(_ args: [String], cwd: String? = nil, timeout: Double? = nil, environment: [String: String?] = [:]) throws -> RunResult {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: Repo.binary)
    p.arguments = args
    if !environment.isEmpty {
        var env = ProcessInfo.processInfo.environment
        for (k, v) in environment { env[k] = v }
        p.environment = env
    }
    if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
    let out = Pipe(), err = Pipe()
    p.standardOutput = out; p.standardError = err
    try p.run()
    if let timeout {
        let pid = p.processIdentifier
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { if p.isRunning { kill(pid, SIGKILL) } }
    }
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return RunResult(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
}

func write(_ text: String, _ path: String) { try! Data(text.utf8).write(to: URL(fileURLWithPath: path)) }
func write(_ bytes: [UInt8], _ path: String) { try! Data(bytes).write(to: URL(fileURLWithPath: path)) }
func read(_ path: String) -> Data { FileManager.default.contents(atPath: path) ?? Data() }
