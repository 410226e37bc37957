import ChronographCore
import ChronographExtract
import Foundation

/// One document file to build, with the id and path it will have in graph.json.
public struct InputFile: Sendable, Hashable {
    /// Where to read it.
    public var file: String
    /// The path as given on the command line joined with its place in the folder.
    public var path: String
    public var id: String
}

public struct InputProblem: Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): \(reason)" }
}

/// Turns the files and folders given on the command line into the documents to build:
/// folders recursively in sorted order, hidden entries skipped, files of other types skipped
/// with a notice, ids derived from the path relative to the input root and made unique.
public enum InputCollector {
    public struct Result: Sendable {
        public var files: [InputFile] = []
        /// Inputs that could not be used (nonexistent paths, unsupported files named explicitly, empty folders).
        public var errors: [InputProblem] = []
        /// Files inside folders that are not documents: skipped, reported, not an error.
        public var notices: [InputProblem] = []
    }

    public static func collect(_ paths: [String]) -> Result {
        var r = Result()
        var found: [(file: String, path: String, rel: String)] = []
        let fm = FileManager.default
        for arg in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: arg, isDirectory: &isDir) else {
                r.errors.append(InputProblem(path: arg, reason: "no such file or folder")); continue
            }
            if isDir.boolValue {
                let before = found.count
                walk(arg, display: arg, rel: "", into: &found, notices: &r.notices)
                if found.count == before { r.errors.append(InputProblem(path: arg, reason: "no documents (.txt, .md, .html) in this folder")) }
            } else if DocumentLoader.format(ofPath: arg) != nil {
                found.append((arg, arg, (arg as NSString).lastPathComponent))
            } else {
                r.errors.append(InputProblem(path: arg, reason: "not a document (.txt, .md, .html): skipped"))
            }
        }
        var used = Set<String>()
        var seenFiles = Set<String>()
        for f in found {
            let real = (f.file as NSString).standardizingPath
            guard seenFiles.insert(real).inserted else { continue }
            var base = slugify((f.rel as NSString).deletingPathExtension)
            if base.isEmpty { base = "document" }
            var id = base
            if used.contains(id) { id = slugify(f.rel) }
            var n = 2
            while used.contains(id) { id = "\(base)-\(n)"; n += 1 }
            used.insert(id)
            r.files.append(InputFile(file: f.file, path: f.path, id: id))
        }
        return r
    }

    static func walk(_ dir: String, display: String, rel: String, into found: inout [(file: String, path: String, rel: String)], notices: inout [InputProblem]) {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: dir) else {
            notices.append(InputProblem(path: display, reason: "cannot list folder")); return
        }
        for name in names.sorted() where !name.hasPrefix(".") {
            let file = (dir as NSString).appendingPathComponent(name)
            let shown = (display as NSString).appendingPathComponent(name)
            let r = rel.isEmpty ? name : rel + "/" + name
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: file, isDirectory: &isDir) else {
                // a dangling link: name it, it will fail to read with its reason
                if DocumentLoader.format(ofPath: name) != nil { found.append((file, shown, r)) }
                continue
            }
            if name == "chronograph.yml" && !isDir.boolValue { continue } // the curation file, not a document
            if isDir.boolValue {
                walk(file, display: shown, rel: r, into: &found, notices: &notices)
            } else if DocumentLoader.format(ofPath: name) != nil {
                found.append((file, shown, r))
            } else {
                notices.append(InputProblem(path: shown, reason: "skipped: not a .txt, .md or .html document"))
            }
        }
    }
}
