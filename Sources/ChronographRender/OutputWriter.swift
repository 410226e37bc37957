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
    public static func write(_ data: Data, to path: String) throws(OutputError) -> Bool {
        let staged = try stage(data, to: path)
        try staged.commit()
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

        public func commit() throws(OutputError) {
            lock.lock(); defer { lock.unlock() }
            guard let temporary, !done else { return }
            done = true
            if rename(temporary, path) != 0 {
                let reason = String(cString: strerror(errno))
                unlink(temporary)
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

    public static func stage(_ data: Data, to path: String, suffix: String = "") throws(OutputError) -> Staged {
        // the old bytes are read only when the size says they could be the same
        var st = stat()
        if stat(path, &st) == 0, Int(st.st_size) == data.count, let old = FileManager.default.contents(atPath: path), old == data {
            return Staged(path: path, temporary: nil)
        }
        let dir = (path as NSString).deletingLastPathComponent
        let tmp = (dir.isEmpty ? "." : dir) + "/." + (path as NSString).lastPathComponent + ".\(getpid())\(suffix).tmp"
        // plain POSIX writes: Foundation's createFile would write a temporary file of its own
        // and rename it, a second copy of every output
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw OutputError(path: path, reason: "cannot write: " + String(cString: strerror(errno))) }
        var failure: Int32 = 0
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < raw.count {
                let n = Foundation.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 { if errno == EINTR { continue }; failure = errno; return }
                offset += n
            }
        }
        if close(fd) != 0 && failure == 0 { failure = errno }
        if failure != 0 {
            unlink(tmp)
            throw OutputError(path: path, reason: "cannot write: " + String(cString: strerror(failure)))
        }
        return Staged(path: path, temporary: tmp)
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
