import ArgumentParser
import ChronographBuild
import ChronographCore
import ChronographExtract
import ChronographGraph
import ChronographRender
import Foundation

struct Chronograph: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "chronograph",
        abstract: "Turn a folder of news articles into a timeline of dated events and a graph of the actors involved.",
        subcommands: [Build.self, Watch.self],
        defaultSubcommand: Build.self
    )
}

/// Where the bundled templates are: ./templates when run from the project, else the
/// templates folder of the source tree this binary was built from.
func defaultTemplates() -> String {
    let cwd = FileManager.default.currentDirectoryPath + "/templates"
    if FileManager.default.fileExists(atPath: cwd + "/index.mustache") { return cwd }
    let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    return source.appendingPathComponent("templates").path
}

struct BuildArguments: ParsableArguments {
    @Argument(help: "Files and folders to read. Default: examples/ (written to output/).")
    var paths: [String] = []

    @Option(name: .long, help: "Output folder. Default: output/")
    var out: String = "output"

    @Option(name: .long, help: "Comma-separated outputs to write: json, dot, svg, html, timeline (timeline.svg).")
    var format: String = "json,dot,svg,html,timeline"

    @Option(name: .long, help: "Graphviz layout engine: dot, neato, fdp, sfdp, circo, twopi. Default: dot for small graphs, sfdp for large ones.")
    var layout: String?

    @Option(name: .long, help: "Draw only this actor (name, alias or id) and its neighbours.")
    var focus: String?

    @Option(name: .long, help: "With --focus: how many links away to go.")
    var depth: Int = 1

    @Option(name: .customLong("min-weight"), help: "Draw only links supported by at least N sentences.")
    var minWeight: Int = 1

    @Option(name: .long, help: "Draw only the N best-connected actors.")
    var top: Int?

    @Option(name: .long, help: "Only events (and their links) from this day on (YYYY-MM-DD).")
    var from: String?

    @Option(name: .long, help: "Only events (and their links) up to this day (YYYY-MM-DD).")
    var to: String?

    @Option(name: .long, help: "Draw only actors of these kinds, comma-separated: person, organization, location, group, other.")
    var kinds: String?

    @Flag(name: .long, help: "Draw co-occurrence links (by default only when no typed link exists).")
    var cooccurrence = false

    @Option(name: .customLong("max-actors"), help: "Beyond this many actors the drawing keeps the best-connected ones, with a note.")
    var maxActors: Int = 2000

    @Option(name: .long, help: "Publication date (YYYY-MM-DD) for documents that carry none; relative dates resolve against it.")
    var date: String?

    @Option(name: .long, help: "Folder of Mustache templates for the HTML timeline (index.mustache and partials).")
    var templates: String?

    @Option(name: .long, help: "Title shown on the graph and the timeline page.")
    var title: String = "Chronograph"

    mutating func validate() throws {
        for f in formats() where OutputFormat(rawValue: f) == nil {
            throw ValidationError("unknown format '\(f)' (use json, dot, svg, html)")
        }
        if let layout, !SVGRenderer.engines.contains(layout) {
            throw ValidationError("unknown layout '\(layout)' (use \(SVGRenderer.engines.joined(separator: ", ")))")
        }
        for (name, d) in [("--from", from), ("--to", to)] {
            if let d, CivilDate(iso: d) == nil || d.count != 10 { throw ValidationError("\(name) must be a calendar date YYYY-MM-DD, not '\(d)'") }
        }
        if let from, let to, from > to { throw ValidationError("--from \(from) is after --to \(to): no day is in that window") }
        for k in kindList() where ActorKind(rawValue: k) == nil {
            throw ValidationError("unknown actor kind '\(k)' (use person, organization, location, group, other)")
        }
        if depth < 0 || minWeight < 1 || (top ?? 1) < 1 || maxActors < 1 { throw ValidationError("--depth, --min-weight, --top and --max-actors take positive numbers") }
        if let d = date, CivilDate(iso: d) == nil || d.count != 10 {
            throw ValidationError("--date must be a calendar date YYYY-MM-DD, not '\(d)'")
        }
    }

    func kindList() -> [String] { (kinds ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty } }

    func viewOptions() -> ViewOptions {
        var v = ViewOptions()
        v.focus = focus; v.depth = depth; v.minWeight = minWeight; v.top = top; v.from = from; v.to = to
        v.kinds = Set(kindList().compactMap(ActorKind.init(rawValue:))); v.cooccurrence = cooccurrence; v.maxActors = maxActors
        return v
    }

    func formats() -> [String] { format.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() } }


    @Option(name: .long, help: "Folder for the extraction cache. Default: <out>/.chronograph-cache")
    var cache: String?

    @Option(name: .long, help: "Curation file (aliases, ignore, kinds). Default: chronograph.yml in an input folder, if there is one.")
    var config: String?

    @Flag(name: .customLong("no-metonymy"), help: "Keep a capital a place even when it stands for its government (\"Moscow said\"); by default it names the country.")
    var noMetonymy = false

    func buildOptions() -> BuildOptions {
        var o = BuildOptions(
            inputs: paths.isEmpty ? ["examples"] : paths,
            outputDirectory: out,
            formats: formats().compactMap(OutputFormat.init(rawValue:)),
            layout: layout,
            extract: ExtractOptions(defaultDate: date, metonymy: !noMetonymy),
            view: viewOptions(),
            templatesDirectory: templates ?? defaultTemplates(),
            title: title,
            cacheDirectory: cache)
        o.configPath = config
        return o
    }
}

func say(_ s: String) { FileHandle.standardError.write(Data(("chronograph: " + s + "\n").utf8)) }

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        // (named here: argument-parser otherwise derives the name from the type's, demangling it
        // at every start)
        commandName: "build",
        abstract: "Build graph.json, graph.dot, graph.svg, timeline.svg, index.html and changes.json from documents.",
        discussion: """
        Reads .txt, .md, .html and .htm files (folders recursively, in sorted order; other files \
        are skipped with a notice). YAML front matter (title, date, author, source, url) is read.
        Extractions are cached by content: a rebuild re-extracts only new or changed documents, \
        and outputs whose bytes do not change are not rewritten.
        Exit status: 0 when every input was built, 1 when some input was skipped (each is named \
        on standard error with its reason) or the build failed, 2 for a usage error.
        """
    )

    @OptionGroup var arguments: BuildArguments

    func run() throws {
        let options = arguments.buildOptions()
        // the outputs this build replaces are left in the cache for the next build to remove
        // (in the background, while it works); those an earlier run left are removed now, on a
        // background thread, and the process ends once they are
        OutputWriter.Retired.leftForNextBuild = true
        defer { OutputWriter.Retired.finish() }
        do {
            let report = try Builder.build(options)
            for n in report.notices { say("note: " + n) }
            for p in report.problems { say("skipped " + p) }
            let g = report.graph
            let cached = report.fromCache > 0 ? ", \(report.fromCache) from the cache" : ""
            if report.upToDate {
                say("\(report.documentsBuilt) document\(report.documentsBuilt == 1 ? "" : "s")\(cached): up to date, no output changed → \(options.outputDirectory)/")
            } else {
                say("built \(report.documentsBuilt) document\(report.documentsBuilt == 1 ? "" : "s")\(cached): \(g.actors.count) actors, \(g.events.count) events, \(g.links.count) links → \(options.outputDirectory)/ (\(report.written.count) file\(report.written.count == 1 ? "" : "s") changed)")
                if let c = report.changes, c.previous { say("since the previous build: " + (c.isEmpty ? "nothing changed in the graph" : c.summary)) }
            }
            if !report.succeeded { throw ExitCode(1) }
        } catch let failure as BuildFailure {
            for p in failure.problems { say("skipped " + p) }
            say("error: " + failure.message)
            throw ExitCode(1)
        }
    }
}

struct Watch: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Build, then rebuild whenever the documents change (Ctrl-C stops).",
        discussion: """
        Watches the inputs with inotify (every folder below them, new ones included) or, with \
        --poll, by polling; the curation file and the page's templates are watched too. Bursts \
        of writes are debounced; create, change, delete and rename \
        (editors' save-by-rename included) trigger a rebuild, which re-extracts only what changed. \
        Each rebuild prints one line: documents changed, events and links added and removed, time \
        taken. A document that fails to read is reported and skipped; the last good outputs stay.
        """
    )

    @OptionGroup var arguments: BuildArguments

    @Flag(name: .long, help: "Poll the inputs instead of using inotify.")
    var poll = false

    @Option(name: .long, help: "Milliseconds of quiet after a change before rebuilding.")
    var debounce: Int = 150

    func run() throws {
        let w = Watcher(options: arguments.buildOptions(), poll: poll, debounce: Double(debounce) / 1000) { line in
            let f = DateFormatter()
            f.dateFormat = "HH:mm:ss"
            FileHandle.standardOutput.write(Data("[\(f.string(from: Date()))] \(line)\n".utf8))
        }
        w.run()
    }
}

// large pages for the heap: the process starts again at once with glibc's settings for them
// (not for help, which does no work)
if !CommandLine.arguments.dropFirst().contains(where: { ["-h", "--help", "help"].contains($0) }) {
    MemoryTuning.restartWithLargePages()
    // both commands (build, watch) extract: the rules are read while the arguments are parsed
    Builder.prepareExtractor()
}

// Usage errors exit with status 2 (argument-parser's default is 64).
do {
    var command = try Chronograph.parseAsRoot()
    try command.run()
} catch {
    let code = Chronograph.exitCode(for: error)
    if code == .validationFailure {
        FileHandle.standardError.write(Data((Chronograph.fullMessage(for: error) + "\n").utf8))
        exit(2)
    }
    Chronograph.exit(withError: error)
}
