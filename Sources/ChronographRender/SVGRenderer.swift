import CGraphviz
import Foundation

public struct GraphvizError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }
}

/// Lays out and renders DOT to SVG in-process through libgvc. Graphviz is not thread-safe
/// (NOTES.md), so every call goes through one process-wide lock.
public enum SVGRenderer {
    static let lock = NSLock()
    nonisolated(unsafe) static var errors = ""

    public static let engines = ["dot", "neato", "fdp", "sfdp", "circo", "twopi", "osage", "patchwork"]

    public static func render(dot: String, layout: String) throws(GraphvizError) -> String {
        guard engines.contains(layout) else { throw GraphvizError(message: "unknown layout '\(layout)' (one of \(engines.joined(separator: ", ")))") }
        lock.lock()
        defer { lock.unlock() }
        errors = ""
        _ = agseterrf { msg in
            if let msg { SVGRenderer.errors += String(cString: msg) }
            return 0
        }
        guard let gvc = gvContext() else { throw GraphvizError(message: "Graphviz: cannot create a context") }
        defer { gvFreeContext(gvc) }
        let graph: UnsafeMutablePointer<Agraph_t>? = dot.withCString { agmemread($0) }
        guard let g = graph else {
            let msg = errors.trimmingCharacters(in: .whitespacesAndNewlines)
            throw GraphvizError(message: "DOT syntax error: " + (msg.isEmpty ? "Graphviz could not parse the graph" : msg.replacingOccurrences(of: "\n", with: " ")))
        }
        defer { agclose(g) }
        // Graphviz's engines draw on the C library's random numbers (sfdp, prism overlap
        // removal) and do not all seed them: a second layout of the same graph in one process
        // came out otherwise than the first. Each layout starts from the state a new process has.
        srand(1)
        srand48(0x1234ABCD)
        guard gvLayout(gvc, g, layout) == 0 else {
            throw GraphvizError(message: "Graphviz layout '\(layout)' failed: " + errors.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        defer { gvFreeLayout(gvc, g) }
        var buf: UnsafeMutablePointer<CChar>? = nil
        var len: UInt32 = 0
        guard gvRenderData(gvc, g, "svg", &buf, &len) == 0, let b = buf else {
            throw GraphvizError(message: "Graphviz could not render SVG: " + errors)
        }
        defer { gvFreeRenderData(b) }
        let svg = String(decoding: UnsafeRawBufferPointer(start: b, count: Int(len)), as: UTF8.self)
        return standalone(svg)
    }

    /// Drops the DOCTYPE that points to an external DTD, so the SVG has no external references.
    static func standalone(_ svg: String) -> String {
        guard let r = DOTRenderer.find("<!DOCTYPE", in: svg, svg.startIndex..<svg.endIndex),
              let end = DOTRenderer.find(">", in: svg, r.upperBound..<svg.endIndex) else { return svg }
        var s = svg
        var upper = end.upperBound
        if upper < s.endIndex && s[upper] == "\n" { upper = s.index(after: upper) }
        s.removeSubrange(r.lowerBound..<upper)
        return s
    }
}
