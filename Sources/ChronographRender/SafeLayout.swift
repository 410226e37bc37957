import Foundation

/// Runs a layout so that it never hangs the build. Graphviz's in-process layout cannot be
/// stopped, and its `dot` engine explodes on dense graphs (NOTES.md): a large graph asked of any
/// engine but `sfdp` is laid out by a Graphviz process that is killed after a time limit, and
/// the build then falls back to `sfdp` in-process, saying so on the drawing.
public enum SafeLayout {
    public struct Result: Sendable {
        public var svg: String; public var layout: String; public var note: String
        public init(svg: String, layout: String, note: String) { self.svg = svg; self.layout = layout; self.note = note }
    }

    /// Graphs at most this large are laid out in-process by any engine.
    public static let smallActors = 120, smallLinks = 300

    public static func render(dot: String, layout: String, actors: Int, links: Int, timeLimit: Double = 20) throws(GraphvizError) -> Result {
        if layout == "sfdp" || (actors <= smallActors && links <= smallLinks) {
            return Result(svg: try SVGRenderer.render(dot: dot, layout: layout), layout: layout, note: "")
        }
        if let svg = subprocessLayout(dot, layout: layout, timeLimit: timeLimit) {
            return Result(svg: SVGRenderer.standalone(svg), layout: layout, note: "")
        }
        return Result(svg: "", layout: "sfdp", note: "the \(layout) layout did not finish in \(Int(timeLimit)) s for \(actors) actors and \(links) links: drawn with sfdp instead")
    }

    /// The layout in a `dot -K<layout> -Tsvg` child process, killed after `timeLimit` seconds;
    /// nil on timeout or failure.
    static func subprocessLayout(_ dot: String, layout: String, timeLimit: Double) -> String? {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["dot", "-K\(layout)", "-Tsvg"]
        let input = Pipe(), output = Pipe()
        p.standardInput = input; p.standardOutput = output; p.standardError = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        p.terminationHandler = { _ in done.signal() }
        do { try p.run() } catch { return nil }
        let collected = DataBox()
        let reader = Thread { collected.data = output.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        input.fileHandleForWriting.write(Data(dot.utf8))
        try? input.fileHandleForWriting.close()
        if done.wait(timeout: .now() + timeLimit) == .timedOut {
            p.terminate()
            kill(p.processIdentifier, SIGKILL)
            return nil
        }
        while !collected.finished { usleep(1000) }
        guard p.terminationStatus == 0 else { return nil }
        return String(decoding: collected.data, as: UTF8.self)
    }

    final class DataBox: @unchecked Sendable {
        private let lock = NSLock()
        private var _data = Data(), _finished = false
        var data: Data {
            get { lock.lock(); defer { lock.unlock() }; return _data }
            set { lock.lock(); _data = newValue; _finished = true; lock.unlock() }
        }
        var finished: Bool { lock.lock(); defer { lock.unlock() }; return _finished }
    }
}
