import Foundation

/// The allocator's settings for builds. A rebuild makes a few large buffers (graph.json, the
/// page, the timeline: megabytes each) and frees them; by default glibc hands blocks that
/// large straight back to the kernel and maps fresh zeroed pages for the next build, so every
/// rebuild pays one page fault per 4 KB of output. Keeping blocks up to 32 MB in the heap,
/// and not trimming it, lets the next build reuse them (measured on the 1,000-document
/// bench: about 140,000 page faults in 13 builds before, about 38,000 after). The cost is
/// memory: a process keeps the heap at its peak size until it exits (watch mode included).
/// Elsewhere than glibc this does nothing.
public enum MemoryTuning {
    public static let applied: Bool = {
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard getenv("CHRONOGRAPH_DEFAULT_MALLOC") == nil,
              let symbol = dlsym(nil, "mallopt") else { return false }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        // M_MMAP_THRESHOLD (-3): at most 32 MB, glibc's upper bound; M_TRIM_THRESHOLD (-1)
        let mmap = mallopt(-3, 32 << 20)
        let trim = mallopt(-1, Int32.max)
        return mmap == 1 && trim == 1
    }()
}
