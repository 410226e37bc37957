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
    /// (`stat` itself: Foundation's attributes are a dictionary of values of any type, made
    /// into text through reflection.)
    public static let identity: String = {
        var st = stat()
        guard let path, stat(path, &st) == 0 else { return "" }
        return "\(st.st_size) \(st.st_mtim.tv_sec).\(st.st_mtim.tv_nsec)"
    }()
}
