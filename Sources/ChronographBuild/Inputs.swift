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

    /// The files a build writes, never read as its inputs: the names in the output folder
    /// (an output folder inside an input folder, or the same folder, must not feed the page back
    /// in as a document).
    public struct Outputs: Sendable {
        public var folder: String
        public var names: Set<String>
        /// The extraction cache (`--cache` may put it in an input folder): not walked at all.
        public var cache: String
        public init(folder: String, names: Set<String>, cache: String = "") { self.folder = folder; self.names = names; self.cache = cache }
        public static let none = Outputs(folder: "", names: [])
        func absoluteFolder() -> String { folder.isEmpty ? "" : Builder.absolute(folder) }
        func absoluteCache() -> String { cache.isEmpty ? "" : Builder.absolute(cache) }
    }

    public static func collect(_ paths: [String], outputs: Outputs = .none) -> Result {
        var r = Result()
        var found: [(file: String, path: String, rel: String)] = []
        let fm = FileManager.default
        let outFolder = outputs.absoluteFolder(), cacheFolder = outputs.absoluteCache()
        for arg in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: arg, isDirectory: &isDir) else {
                r.errors.append(InputProblem(path: arg, reason: "no such file or folder")); continue
            }
            if isDir.boolValue {
                let before = found.count
                walk(arg, display: arg, rel: "", into: &found, notices: &r.notices, outputs: outputs, outFolder: outFolder, cacheFolder: cacheFolder)
                if found.count == before { r.errors.append(InputProblem(path: arg, reason: "no documents (.txt, .md, .html) in this folder")) }
            } else if !outFolder.isEmpty, outputs.names.contains((arg as NSString).lastPathComponent),
                      (Builder.absolute(arg) as NSString).deletingLastPathComponent == outFolder {
                r.errors.append(InputProblem(path: arg, reason: "an output of this build, not a document"))
            } else if DocumentLoader.format(ofPath: arg) != nil {
                found.append((arg, arg, (arg as NSString).lastPathComponent))
            } else {
                r.errors.append(InputProblem(path: arg, reason: "not a document (.txt, .md, .html): skipped"))
            }
        }
        var used = Set<String>()
        var seenFiles = Set<String>()
        for f in found {
            let real = standardized(f.file)
            guard seenFiles.insert(real).inserted else { continue }
            var base = slugify(withoutExtension(f.rel))
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

    /// The path without the extension of its last component (as NSString's
    /// `deletingPathExtension` gives it for a document's path: its last component has an
    /// extension; a name that only starts with a dot has none).
    static func withoutExtension(_ p: String) -> String {
        let u = p.utf8
        let nameStart = u.lastIndex(of: UInt8(ascii: "/")).map { u.index(after: $0) } ?? u.startIndex
        guard !p.hasSuffix("/"), let dot = u[nameStart...].lastIndex(of: UInt8(ascii: ".")), dot > nameStart else {
            return (p as NSString).deletingPathExtension
        }
        return String(p[..<dot])
    }

    /// The path standardized as Foundation does; without its cost when there is nothing to do
    /// (no "~", ".", ".." or empty component), as for every file found in a folder.
    static func standardized(_ p: String) -> String {
        isPlainPath(p) ? p : (p as NSString).standardizingPath
    }

    /// A path with nothing to standardize: no "~" at its start, no "/" at its end, no empty,
    /// "." or ".." component (an empty first one, an absolute path's, is fine). By bytes, with
    /// no array of components made.
    static func isPlainPath(_ p: String) -> Bool {
        var p = p
        return p.withUTF8 { u in
            if u.first == 0x7E || u.last == 0x2F { return false }
            var start = 0, index = 0
            while start <= u.count {
                var end = start
                while end < u.count && u[end] != 0x2F { end += 1 }
                let n = end - start
                if n == 0 && index > 0 { return false }
                if (n == 1 && u[start] == 0x2E) || (n == 2 && u[start] == 0x2E && u[start + 1] == 0x2E) { return false }
                start = end + 1; index += 1
            }
            return true
        }
    }

    /// A folder's entries (hidden ones left out), each with whether it is a folder (nil when it
    /// does not exist: a dangling link), sorted by name. readdir's entry types spare a stat per
    /// file; links and file systems that give no type are asked with stat.
    static func entries(_ dir: String) -> [(name: String, isDir: Bool?)]? {
        guard let d = opendir(dir) else { return nil }
        defer { closedir(d) }
        var out: [(name: String, isDir: Bool?)] = []
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name.hasPrefix(".") { continue }
            let type = e.pointee.d_type
            if type == UInt8(DT_DIR) { out.append((name, true)); continue }
            if type == UInt8(DT_REG) { out.append((name, false)); continue }
            var st = stat()
            let full = dir.hasSuffix("/") ? dir + name : dir + "/" + name
            out.append((name, stat(full, &st) == 0 ? (st.st_mode & S_IFMT) == S_IFDIR : nil))
        }
        return out.sorted { $0.name < $1.name }
    }

    static func walk(_ dir: String, display: String, rel: String, into found: inout [(file: String, path: String, rel: String)], notices: inout [InputProblem],
                     outputs: Outputs = .none, outFolder: String = "", cacheFolder: String = "") {
        guard let list = entries(dir) else {
            notices.append(InputProblem(path: display, reason: "cannot list folder")); return
        }
        // the output folder's own files are passed over without a word
        let isOutFolder = !outFolder.isEmpty && Builder.absolute(dir) == outFolder
        func join(_ a: String, _ b: String) -> String { a.isEmpty ? b : a.hasSuffix("/") ? a + b : a + "/" + b }
        for (name, isDir) in list {
            let file = join(dir, name)
            let shown = join(display, name)
            let r = rel.isEmpty ? name : rel + "/" + name
            guard let isDir else {
                // a dangling link: name it, it will fail to read with its reason
                if DocumentLoader.format(ofPath: name) != nil { found.append((file, shown, r)) }
                continue
            }
            if name == "chronograph.yml" && !isDir { continue } // the curation file, not a document
            if isOutFolder && !isDir && outputs.names.contains(name) { continue }
            if isDir {
                if !cacheFolder.isEmpty && Builder.absolute(file) == cacheFolder { continue }
                walk(file, display: shown, rel: r, into: &found, notices: &notices, outputs: outputs, outFolder: outFolder, cacheFolder: cacheFolder)
            } else if DocumentLoader.format(ofPath: name) != nil {
                found.append((file, shown, r))
            } else {
                notices.append(InputProblem(path: shown, reason: "skipped: not a .txt, .md or .html document"))
            }
        }
    }
}

/// A document file, read when first needed and then kept: a rebuild reads only the files that
/// changed, or whose text an output must quote and has not remembered.
public final class DocumentSource: @unchecked Sendable {
    public let file: InputFile
    let lock = NSLock()
    var loaded: Result<LoadedDocument, DocumentError>?
    /// Read after the build loaded its inputs (it was taken on the last build's word).
    public private(set) var readLate = false

    public init(_ file: InputFile, _ doc: LoadedDocument? = nil) {
        self.file = file
        loaded = doc.map { .success($0) }
    }

    /// The document, read now if it was not yet.
    public func document() throws(DocumentError) -> LoadedDocument {
        lock.lock(); defer { lock.unlock() }
        if let loaded { return try loaded.get() }
        let r: Result<LoadedDocument, DocumentError>
        do throws(DocumentError) { r = .success(try DocumentLoader.load(file: file.file, path: file.path, id: file.id)) } catch { r = .failure(error) }
        loaded = r
        readLate = true
        return try r.get()
    }

    /// Whether the file has been read.
    public var isRead: Bool { lock.lock(); defer { lock.unlock() }; return loaded != nil }
}
