import ChronographCore
import Foundation

public struct OutputError: Error, CustomStringConvertible, Sendable {
    public let path: String
    public let reason: String
    public var description: String { "\(path): \(reason)" }
}

/// Writes outputs atomically: a temporary file in the same folder, then a rename, so that a
/// failed build never leaves a half-written file. A file whose bytes would not change is left
/// untouched (its modification time too).
public enum OutputWriter {
    @discardableResult
    public static func write(_ data: Data, to path: String, retiringTo folder: String? = nil) throws(OutputError) -> Bool {
        let staged = try stage(data, to: path)
        try staged.commit(retiringTo: folder)
        if let r = staged.retired { Retired.remove([r]) }
        return staged.changes
    }

    /// An output written to a temporary file beside its path, not yet in place: `commit`
    /// renames it over the path (atomic), `discard` removes it. An output whose bytes would
    /// not change is staged as nothing to do. Staging the large outputs as soon as each is
    /// made lets a build write them while it still renders the others, and still put none
    /// of them in place unless all were made.
    public final class Staged: @unchecked Sendable {
        public let path: String
        let temporary: String?
        /// Whether committing changes the file (false: its bytes are already these).
        public var changes: Bool { temporary != nil }
        private var done = false
        private let lock = NSLock()
        init(path: String, temporary: String?) { self.path = path; self.temporary = temporary }

        /// The replaced file's last name, when `commit(retiringTo:)` kept it for `Retired`.
        public private(set) var retired: String? = nil

        public func commit() throws(OutputError) { try commit(retiringTo: nil) }

        /// Puts the file in place. With a folder for retired files (on the same file system),
        /// the file replaced is first given a second name there: the rename then only drops a
        /// name, and the old blocks are freed when that name is removed, after the build
        /// (`Retired`). Replacing a 10 MB file in place took 6-9 ms here, nearly all of it
        /// freeing the old blocks, and a small one 3-4 ms while a build wrote its outputs; with
        /// a second name, under half a millisecond. Without the folder (or when the link
        /// cannot be made) the file is replaced in place, as atomically.
        public func commit(retiringTo folder: String?) throws(OutputError) {
            lock.lock(); defer { lock.unlock() }
            guard let temporary, !done else { return }
            done = true
            var st = stat()
            if let folder, stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG {
                let name = folder + "/" + (path as NSString).lastPathComponent + ".\(getpid()).\(Retired.next())"
                if link(path, name) == 0 { retired = name }
            }
            if rename(temporary, path) != 0 {
                let reason = String(cString: strerror(errno))
                unlink(temporary)
                if let retired { unlink(retired); self.retired = nil }
                throw OutputError(path: path, reason: "cannot replace: " + reason)
            }
        }
        public func discard() {
            lock.lock(); defer { lock.unlock() }
            guard let temporary, !done else { return }
            done = true
            unlink(temporary)
        }
    }

    /// Files replaced by builds, removed on a background thread so that freeing their blocks
    /// does not delay the build; `finish()` waits for that (the command line does before it
    /// exits). A process that dies first leaves them: the next build removes them (`sweep`).
    public enum Retired {
        static let queue = DispatchQueue(label: "chronograph.retired")
        static let group = DispatchGroup()
        nonisolated(unsafe) static var counter = 0
        static let lock = NSLock()
        static func next() -> Int { lock.lock(); defer { lock.unlock() }; counter += 1; return counter }

        /// When set (a process that builds once and ends: the command line's `build`), the
        /// files this process retires are left for the next build's `sweep`, not removed before
        /// it ends: freeing a replaced graph.json's and page's blocks took 20-30 ms, which the
        /// command would wait for at its end. The next build removes them on a background
        /// thread while it works; until then the folder holds one build's replaced outputs.
        nonisolated(unsafe) public static var leftForNextBuild = false

        public static func remove(_ paths: [String]) {
            if !leftForNextBuild { removeNow(paths) }
        }
        static func removeNow(_ paths: [String]) {
            guard !paths.isEmpty else { return }
            queue.async(group: group) { for p in paths { unlink(p) } }
        }
        /// Removes what an earlier process left in the folder.
        public static func sweep(_ folder: String) {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder), !names.isEmpty else { return }
            let mine = ".\(getpid())."
            removeNow(names.filter { !$0.contains(mine) }.map { folder + "/" + $0 })
        }
        public static func finish() { group.wait() }
    }

    public static func stage(_ data: Data, to path: String, suffix: String = "") throws(OutputError) -> Staged {
        try stage(ByteParts(data: data), to: path, suffix: suffix)
    }

    /// The same for bytes in parts, written a block at a time (see `ByteParts`). The old bytes
    /// are read only when the size says they could be the same, and only up to their first
    /// difference.
    public static func stage(_ parts: ByteParts, to path: String, suffix: String = "") throws(OutputError) -> Staged {
        if FileBytes.holds(path, parts) {
            return Staged(path: path, temporary: nil)
        }
        let dir = (path as NSString).deletingLastPathComponent
        let tmp = (dir.isEmpty ? "." : dir) + "/." + (path as NSString).lastPathComponent + ".\(getpid())\(suffix).tmp"
        // plain POSIX writes: Foundation's createFile would write a temporary file of its own
        // and rename it, a second copy of every output
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw OutputError(path: path, reason: "cannot write: " + String(cString: strerror(errno))) }
        var failure = parts.write(to: fd)
        if close(fd) != 0 && failure == 0 { failure = errno }
        if failure != 0 {
            unlink(tmp)
            throw OutputError(path: path, reason: "cannot write: " + String(cString: strerror(failure)))
        }
        return Staged(path: path, temporary: tmp)
    }

    /// Whether a file name is a temporary file that a chronograph process, since gone, left
    /// while writing (`.graph.json.1234.tmp`, `.index.html.1234.early.tmp`, a memo's
    /// `fragments.bin.1234.tmp`): one killed mid-build leaves them, and no later build would
    /// reuse their names. A process still running keeps its own.
    public static func isStaleTemporary(_ name: String) -> Bool {
        guard name.hasSuffix(".tmp") else { return false }
        var stem = name.dropLast(4)
        if stem.hasSuffix(".early") { stem = stem.dropLast(6) }
        guard let dot = stem.lastIndex(of: "."), dot > stem.startIndex else { return false }
        let digits = stem[stem.index(after: dot)...]
        guard !digits.isEmpty, digits.count <= 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let pid = Int32(digits) else { return false }
        guard pid != getpid() else { return false }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    /// Removes the stale temporary files (`isStaleTemporary`) in a folder.
    public static func removeStaleTemporaries(in dir: String, names: [String]? = nil) {
        guard let names = names ?? (try? FileManager.default.contentsOfDirectory(atPath: dir)) else { return }
        for n in names where isStaleTemporary(n) { unlink((dir as NSString).appendingPathComponent(n)) }
    }

    /// Creates the folder (and parents) if needed and checks that it can be written.
    public static func prepareDirectory(_ dir: String) throws(OutputError) {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) {
            guard isDir.boolValue else { throw OutputError(path: dir, reason: "exists and is not a folder") }
        } else {
            do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch {
                throw OutputError(path: dir, reason: "cannot create output folder: " + ((error as NSError).localizedFailureReason ?? String(cString: strerror(errno))))
            }
        }
        guard access(dir, W_OK) == 0 else { throw OutputError(path: dir, reason: "output folder is not writable: " + String(cString: strerror(errno))) }
    }
}
