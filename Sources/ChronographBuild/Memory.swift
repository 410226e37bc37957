import ChronographCore
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

    /// What `restartWithLargePages` asks of glibc: large pages for the heap (the kernel maps
    /// 2 MB at a time where transparent huge pages are on "madvise") and the heap grown 64 MB
    /// at a step, so that the steps hold whole large pages.
    public static let tunables = "glibc.malloc.hugetlb=1:glibc.malloc.top_pad=67108864"

    /// Starts the program again with `tunables` in its environment, once, at the very start of
    /// the command line's process: glibc reads them only when a process starts. A build
    /// touches about 100 MB of fresh memory, a page fault for each 4 KB page: about 23,000
    /// faults for a one-document rebuild of the 1,000-document bench, about 1,700 with large
    /// pages (see the README). The restarted process removes the variables again, so that the
    /// programs it runs (Graphviz's `dot`) get the environment the user gave. Nothing is done,
    /// and the process goes on as it is, when: the user set GLIBC_TUNABLES (theirs are kept) or
    /// CHRONOGRAPH_DEFAULT_MALLOC, transparent huge pages are off or unknown (or not Linux),
    /// or the program cannot be started again.
    public static func restartWithLargePages() {
        #if os(Linux)
        let marker = "CHRONOGRAPH_RESTARTED"
        if getenv(marker) != nil {
            // the restarted process: glibc has read its settings
            unsetenv(marker); unsetenv("GLIBC_TUNABLES")
            return
        }
        guard getenv("GLIBC_TUNABLES") == nil, getenv("CHRONOGRAPH_DEFAULT_MALLOC") == nil,
              let bytes = try? FileBytes.read("/sys/kernel/mm/transparent_hugepage/enabled") else { return }
        let modes = String(decoding: bytes, as: UTF8.self)
        guard modes.contains("[madvise]") || modes.contains("[always]") else { return }
        // the program's own path (`Program.path`), not /proc/self/exe: the process is named
        // after the file it runs (`ps`, `top` and `pkill` would see "exe"); a program deleted
        // since it started is not started again
        guard let program = Program.path, !program.hasSuffix(" (deleted)"), access(program, X_OK) == 0 else { return }
        setenv("GLIBC_TUNABLES", tunables, 1); setenv(marker, "1", 1)
        execv(program, CommandLine.unsafeArgv)
        // (not restarted: go on as it is)
        unsetenv(marker); unsetenv("GLIBC_TUNABLES")
        #endif
    }
}
