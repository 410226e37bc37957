import ChronographCore
import ChronographExtract
import ChronographGraph
import ChronographRender
import Foundation

public enum OutputFormat: String, CaseIterable, Sendable {
    case json, dot, svg, html, timeline
    public var fileName: String {
        switch self {
        case .json: return "graph.json"
        case .dot: return "graph.dot"
        case .svg: return "graph.svg"
        case .html: return "index.html"
        case .timeline: return "timeline.svg"
        }
    }
}

public struct BuildOptions: Sendable {
    public var inputs: [String]
    public var outputDirectory: String
    public var formats: [OutputFormat]
    /// The Graphviz engine; nil: chosen by the size of the graph.
    public var layout: String?
    public var extract: ExtractOptions
    public var view: ViewOptions
    public var templatesDirectory: String
    public var title: String
    public init(inputs: [String], outputDirectory: String, formats: [OutputFormat] = OutputFormat.allCases,
                layout: String? = nil, extract: ExtractOptions = ExtractOptions(), view: ViewOptions = ViewOptions(),
                templatesDirectory: String, title: String = "Chronograph") {
        self.inputs = inputs; self.outputDirectory = outputDirectory; self.formats = formats; self.layout = layout
        self.extract = extract; self.view = view; self.templatesDirectory = templatesDirectory; self.title = title
    }
}

public struct BuildReport: Sendable {
    public var graph: Graph
    public var documentsBuilt: Int
    /// Inputs that were skipped, each with its one-line reason.
    public var problems: [String]
    public var notices: [String]
    /// Output files written (those whose bytes changed).
    public var written: [String]
    public var succeeded: Bool { problems.isEmpty }
}

public struct BuildFailure: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var problems: [String]
    public var description: String { message }
}

/// The whole pipeline: collect inputs → load and extract each document (in parallel) → merge →
/// render → write outputs atomically.
public enum Builder {
    public static func build(_ options: BuildOptions) throws(BuildFailure) -> BuildReport {
        let collected = InputCollector.collect(options.inputs)
        var problems = collected.errors.map(\.description)
        var notices = collected.notices.map(\.description)

        // Check the output folder and the templates before the work, so a bad one fails fast.
        do { try OutputWriter.prepareDirectory(options.outputDirectory) } catch {
            throw BuildFailure(message: error.description, problems: problems)
        }
        if options.formats.contains(.html) {
            do { _ = try HTMLRenderer(templatesDirectory: options.templatesDirectory) } catch {
                throw BuildFailure(message: error.description, problems: problems)
            }
        }

        let extractor = Extractor(options: options.extract)
        let results = extractAll(collected.files, extractor)
        var docs: [String: LoadedDocument] = [:]
        var extractions: [DocumentExtraction] = []
        for r in results {
            switch r {
            case .success(let (doc, ex)): docs[doc.id] = doc; extractions.append(ex)
            case .failure(let e): problems.append(e.description)
            }
        }
        guard !extractions.isEmpty else {
            throw BuildFailure(message: "no document could be built; outputs left as they were", problems: problems)
        }
        let graph = GraphBuilder.merge(extractions)
        let rendered = try render(graph, docs: docs, options: options, notices: &notices, problems: problems)
        var written: [String] = []
        for (f, data) in rendered {
            let path = (options.outputDirectory as NSString).appendingPathComponent(f.fileName)
            do throws(OutputError) { if try OutputWriter.write(data, to: path) { written.append(path) } } catch {
                throw BuildFailure(message: error.description, problems: problems)
            }
        }
        return BuildReport(graph: graph, documentsBuilt: extractions.count, problems: problems, notices: notices, written: written)
    }

    /// Renders every requested output of a graph: the view (filters) first, then DOT, SVG with
    /// its legend, the timeline chart, the HTML page and graph.json (always the whole graph).
    public static func render(_ graph: Graph, docs: [String: LoadedDocument], options: BuildOptions, newEvents: Set<String> = [],
                              notices: inout [String], problems: [String]) throws(BuildFailure) -> [(OutputFormat, Data)] {
        let view = GraphFilter.view(graph, options.view)
        func evidence(_ span: SourceSpan) -> String {
            docs[span.doc]?.displayText(span.start, span.end) ?? ""
        }
        var layout = options.layout ?? DOTRenderer.automaticLayout(actors: view.graph.actors.count, links: view.graph.links.count)
        if options.layout == nil && layout != "dot" {
            notices.append("layout \(layout) chosen for \(view.graph.actors.count) actors and \(view.graph.links.count) links (the dot engine is slow on large graphs; --layout overrides)")
        }
        var outputs: [(OutputFormat, Data)] = []
        var notes = view.notes
        var dot = DOTRenderer.render(view.graph, options: DOTOptions(layout: layout, title: options.title, notes: notes), evidence: evidence)
        var svg: String? = nil
        if options.formats.contains(.svg) || options.formats.contains(.html) {
            do {
                let r = try SafeLayout.render(dot: dot, layout: layout, actors: view.graph.actors.count, links: view.graph.links.count)
                if r.layout != layout {
                    notes.append(r.note)
                    notices.append(r.note)
                    layout = r.layout
                    dot = DOTRenderer.render(view.graph, options: DOTOptions(layout: layout, title: options.title, notes: notes), evidence: evidence)
                    svg = try SVGRenderer.render(dot: dot, layout: layout)
                } else {
                    svg = r.svg
                }
                svg = svg.map { DOTRenderer.addLegend($0, graph: view.graph) }
            } catch {
                throw BuildFailure(message: "graph.svg: \(error.description)", problems: problems)
            }
        }
        for f in options.formats {
            switch f {
            case .json:
                do { outputs.append((f, try GraphJSON.encode(graph))) } catch {
                    throw BuildFailure(message: "graph.json: \(error)", problems: problems)
                }
            case .dot: outputs.append((f, Data(dot.utf8)))
            case .svg: outputs.append((f, Data(svg!.utf8)))
            case .timeline: outputs.append((f, Data(TimelineSVG.render(view.graph, title: options.title).utf8)))
            case .html:
                let outAbs = absolute(options.outputDirectory)
                let input = HTMLRenderer.Input(
                    graph: view.graph, svg: svg, title: options.title, notes: view.notes, newEvents: newEvents,
                    sourceText: evidence,
                    documentHref: { id in
                        guard let d = docs[id] else { return nil }
                        return relativePath(from: outAbs, to: absolute(d.path))
                    })
                let html: HTMLRenderer
                do { html = try HTMLRenderer(templatesDirectory: options.templatesDirectory) } catch {
                    throw BuildFailure(message: error.description, problems: problems)
                }
                do { outputs.append((f, Data(try html.render(input).utf8))) } catch {
                    throw BuildFailure(message: error.description, problems: problems)
                }
            }
        }
        return outputs
    }

    /// Loads and extracts every file, in parallel over the cores; results keep the input order.
    public static func extractAll(_ files: [InputFile], _ extractor: Extractor) -> [Result<(LoadedDocument, DocumentExtraction), DocumentError>] {
        let box = ResultBox(count: files.count)
        DispatchQueue.concurrentPerform(iterations: files.count) { i in
            let f = files[i]
            let r: Result<(LoadedDocument, DocumentExtraction), DocumentError>
            do throws(DocumentError) {
                let doc = try DocumentLoader.load(file: f.file, path: f.path, id: f.id)
                r = .success((doc, extractor.extract(doc)))
            } catch {
                r = .failure(error)
            }
            box.set(i, r)
        }
        return box.values.map { $0! }
    }

    final class ResultBox: @unchecked Sendable {
        var values: [Result<(LoadedDocument, DocumentExtraction), DocumentError>?]
        let lock = NSLock()
        init(count: Int) { values = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ v: Result<(LoadedDocument, DocumentExtraction), DocumentError>) { lock.lock(); values[i] = v; lock.unlock() }
    }

    static func absolute(_ p: String) -> String {
        let full = p.hasPrefix("/") ? p : FileManager.default.currentDirectoryPath + "/" + p
        return (full as NSString).standardizingPath
    }

    /// A relative path from folder `from` to file `to` (both absolute).
    public static func relativePath(from: String, to: String) -> String {
        let a = from.split(separator: "/"), b = to.split(separator: "/")
        var i = 0
        while i < a.count && i < b.count && a[i] == b[i] { i += 1 }
        let ups = Array(repeating: "..", count: a.count - i)
        return (ups + b[i...].map(String.init)).joined(separator: "/")
    }
}
