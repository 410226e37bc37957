import ChronographCore
import ChronographExtract
import ChronographGraph
import ChronographRender
import Foundation

public enum OutputFormat: String, CaseIterable, Sendable {
    case json, dot, svg, html
    public var fileName: String {
        switch self {
        case .json: return "graph.json"
        case .dot: return "graph.dot"
        case .svg: return "graph.svg"
        case .html: return "index.html"
        }
    }
}

public struct BuildOptions: Sendable {
    public var inputs: [String]
    public var outputDirectory: String
    public var formats: [OutputFormat]
    public var layout: String
    public var extract: ExtractOptions
    public var templatesDirectory: String
    public var title: String
    public init(inputs: [String], outputDirectory: String, formats: [OutputFormat] = OutputFormat.allCases,
                layout: String = "dot", extract: ExtractOptions = ExtractOptions(), templatesDirectory: String,
                title: String = "Chronograph") {
        self.inputs = inputs; self.outputDirectory = outputDirectory; self.formats = formats; self.layout = layout
        self.extract = extract; self.templatesDirectory = templatesDirectory; self.title = title
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
        let notices = collected.notices.map(\.description)

        // Check the output folder and the templates before the work, so a bad one fails fast.
        do { try OutputWriter.prepareDirectory(options.outputDirectory) } catch {
            throw BuildFailure(message: error.description, problems: problems)
        }
        var html: HTMLRenderer? = nil
        if options.formats.contains(.html) {
            do { html = try HTMLRenderer(templatesDirectory: options.templatesDirectory) } catch {
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

        var outputs: [(OutputFormat, Data)] = []
        let dot = DOTRenderer.render(graph, options: DOTOptions(layout: options.layout, title: options.title))
        var svg: String? = nil
        if options.formats.contains(.svg) || options.formats.contains(.html) {
            do { svg = try SVGRenderer.render(dot: dot, layout: options.layout) } catch {
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
            case .html:
                let outAbs = absolute(options.outputDirectory)
                let input = HTMLRenderer.Input(
                    graph: graph, svg: svg, title: options.title,
                    sourceText: { span in
                        guard let d = docs[span.doc] else { return "" }
                        return d.fileText(span.start, span.end).split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
                    },
                    documentHref: { id in
                        guard let d = docs[id] else { return nil }
                        return relativePath(from: outAbs, to: absolute(d.path))
                    })
                do { outputs.append((f, Data(try html!.render(input).utf8))) } catch {
                    throw BuildFailure(message: error.description, problems: problems)
                }
            }
        }
        var written: [String] = []
        for (f, data) in outputs {
            let path = (options.outputDirectory as NSString).appendingPathComponent(f.fileName)
            do { if try OutputWriter.write(data, to: path) { written.append(path) } } catch {
                throw BuildFailure(message: error.description, problems: problems)
            }
        }
        return BuildReport(graph: graph, documentsBuilt: extractions.count, problems: problems, notices: notices, written: written)
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
