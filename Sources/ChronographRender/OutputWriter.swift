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
        // the old bytes are read only when the size says they could be the same
        var st = stat()
        if stat(path, &st) == 0, Int(st.st_size) == data.count, let old = FileManager.default.contents(atPath: path), old == data { return false }
        let dir = (path as NSString).deletingLastPathComponent
        let tmp = (dir.isEmpty ? "." : dir) + "/." + (path as NSString).lastPathComponent + ".\(getpid()).tmp"
        guard FileManager.default.createFile(atPath: tmp, contents: data) else {
            throw OutputError(path: path, reason: "cannot write: " + String(cString: strerror(errno)))
        }
        if rename(tmp, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(tmp)
            throw OutputError(path: path, reason: "cannot replace: " + reason)
        }
        return true
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
