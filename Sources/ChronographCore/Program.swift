import Foundation

/// The running program's file. Read from the kernel (`/proc/self/exe`, symbolic links resolved)
/// rather than through Foundation's `Bundle.main`, which lists the program's whole folder
/// twice to decide whether it is a bundle: about 1.5 ms for a folder of a thousand files, such
/// as `/usr/bin`, at every start.
public enum Program {
    public static let path: String? = {
        #if os(Linux)
        var buffer = [UInt8](repeating: 0, count: 4097)
        let n = buffer.withUnsafeMutableBufferPointer { b in
            b.baseAddress!.withMemoryRebound(to: CChar.self, capacity: b.count) { readlink("/proc/self/exe", $0, b.count - 1) }
        }
        if n > 0 { return String(decoding: buffer[0..<n], as: UTF8.self) }
        #endif
        return Bundle.main.executablePath.map { ($0 as NSString).resolvingSymlinksInPath }
    }()

    /// The program file's size and modification time: what tells one build of the program from
    /// another (caches and outputs made by another build are not reused); empty when unknown.
    public static let identity: String = {
        guard let path, let a = try? FileManager.default.attributesOfItem(atPath: path) else { return "" }
        return "\(a[.size] ?? 0) \((a[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0)"
    }()
}
