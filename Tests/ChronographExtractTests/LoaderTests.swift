import Testing
@testable import ChronographExtract

func load(_ text: String, format: DocumentFormat = .text, path: String = "t.txt") throws -> LoadedDocument {
    try DocumentLoader.prepare(bytes: Array(text.utf8), path: path, id: "t", format: format)
}

func loadError(_ bytes: [UInt8], format: DocumentFormat = .text) -> String? {
    do { _ = try DocumentLoader.prepare(bytes: bytes, path: "bad.txt", id: "bad", format: format); return nil } catch { return error.description }
}

@Suite struct LoaderTests {
    @Test func quotedTextCollapsesEveryKindOfWhiteSpace() {
        let samples = [
            "  The envoys\tmet\r\n\nin  Geneva. ", "no\u{00A0}break and\u{2003}em\u{3000}wide\u{2028}line",
            "\u{1680}ogham\u{202F}narrow\u{205F}math\u{0085}next", "“Quoted” — dash,\u{200B}zero-width stays", "", "   ",
            "caf\u{E9} \u{1F600} end", "\u{2009}thin\u{200A}hair\u{2029}para",
        ]
        for s in samples {
            let expected = s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
            #expect(LoadedDocument.collapsingWhitespace(ArraySlice(Array(s.utf8))) == expected, "\(s.debugDescription)")
        }
    }

    @Test func frontMatterFieldsAndBodyOffsets() throws {
        let text = "---\ntitle: \"Envoys meet in Geneva\"\ndate: 2024-03-05\nauthor: Desk\nsource: Wire\nurl: https://example.org/a\n---\nThe envoys met on Tuesday.\n"
        let d = try load(text)
        #expect(d.title == "Envoys meet in Geneva")
        #expect(d.frontMatter["date"] == "2024-03-05")
        #expect(d.frontMatter["url"] == "https://example.org/a")
        // working-text offsets map back to file offsets
        let body = d.workText(0, 10)
        #expect(body == "The envoys")
        let (s, e) = d.fileRange(4, 10)
        #expect(d.fileText(s, e) == "envoys")
    }

    /// Front matter values are read as the text written, whatever YAML would type them as
    /// (booleans, numbers, dates with a time, null, the merge key); lists are joined.
    @Test func frontMatterValuesAreTheirText() throws {
        let text = "---\ntitle: yes\ndate: 2024-03-05 10:30:00\nauthor: ~\nsource: 0x1F\n<<: 12.50\ntags: [Geneva, 2024, no]\n---\nThe envoys met.\n"
        let d = try load(text)
        #expect(d.title == "yes")
        #expect(d.frontMatter["date"] == "2024-03-05 10:30:00")
        #expect(d.frontMatter["author"] == "~")
        #expect(d.frontMatter["source"] == "0x1F")
        #expect(d.frontMatter["<<"] == "12.50")
        #expect(d.frontMatter["tags"] == "Geneva, 2024, no")
    }

    @Test func titleFallsBackToFirstLine() throws {
        let d = try load("\n\n  Ministers gather in Oslo  \nThey talked.")
        #expect(d.title == "Ministers gather in Oslo")
    }

    @Test func htmlIsReducedToArticleTextWithFileOffsets() throws {
        let html = """
        <html><head><title>Page &amp; title</title><meta property="article:published_time" content="2023-03-22T10:00:00Z">
        <script>var x = "<p>not text</p>";</script><style>p{}</style></head>
        <body><nav>Home | World</nav><article><h1>Talks &ldquo;end&rdquo;</h1>
        <p>The envoy&#8217;s trip ended&nbsp;on <b>Friday</b>.</p></article><footer>Share</footer></body></html>
        """
        let d = try load(html, format: .html, path: "p.html")
        let text = d.workText(0, d.text.count)
        #expect(text.contains("Talks \u{201C}end\u{201D}"))
        #expect(text.contains("The envoy\u{2019}s trip ended on Friday."))
        #expect(!text.contains("not text") && !text.contains("Home") && !text.contains("Share") && !text.contains("p{}"))
        #expect(d.title == "Page & title")
        #expect(d.htmlMeta["article:published_time"] == "2023-03-22T10:00:00Z")
        // "Friday" maps back to its bytes in the file; an entity maps to the whole reference
        let friday = Array(text.utf8).firstRange(of: Array("Friday".utf8))!
        let (s, e) = d.fileRange(friday.lowerBound, friday.upperBound)
        #expect(d.fileText(s, e) == "Friday")
        let quote = Array(text.utf8).firstRange(of: Array("\u{2019}s".utf8))!
        let (qs, qe) = d.fileRange(quote.lowerBound, quote.upperBound)
        #expect(d.fileText(qs, qe) == "&#8217;s")
    }

    @Test func markdownMarkupIsBlankedInPlace() throws {
        let md = "# Heading here\n\nThe **agency** said [in a report](https://x.org/r) that `code` ![img](a.png) mattered.\n"
        let d = try load(md, format: .markdown, path: "m.md")
        let text = d.workText(0, d.text.count)
        #expect(d.text.count == md.utf8.count, "blanking keeps every offset")
        #expect(text.contains("Heading here"))
        #expect(text.contains("agency"))
        #expect(!text.contains("**") && !text.contains("https://x.org") && !text.contains("a.png") && !text.contains("#"))
        #expect(text.contains("in a report"))
    }

    @Test func fencedCodeIsBlankedAndTheTextAroundItKept() throws {
        // a fence of backticks and one of tildes, one at the very end with no newline after it
        let md = "Before the code, the envoys met.\n\n```swift\nlet delegation = \"Mirko Petrov\"\n```\n\nAfter it, talks resumed.\n~~~\nOslo Accord draft\n~~~"
        let d = try load(md, format: .markdown, path: "f.md")
        let text = d.workText(0, d.text.count)
        #expect(d.text.count == md.utf8.count, "blanking keeps every offset")
        #expect(text.contains("Before the code, the envoys met.") && text.contains("After it, talks resumed."))
        #expect(!text.contains("```") && !text.contains("~~~") && !text.contains("Mirko") && !text.contains("Oslo Accord") && !text.contains("swift"))
        // a fence left open blanks to the end
        let open = try load("Intro line.\n```\nnever closed\nstill code", format: .markdown, path: "o.md")
        #expect(open.workText(0, open.text.count).trimmingCharacters(in: .whitespacesAndNewlines) == "Intro line.")
    }

    @Test func badInputs() {
        #expect(loadError([])!.contains("empty file"))
        #expect(loadError([0x48, 0x00, 0x49])!.contains("binary"))
        // offsets are 32 bits: a document over the limit is refused, not cut or crashed on
        let big = Array("The envoys met on 3 May 2024.".utf8)
        #expect(throws: DocumentError.self) { try DocumentLoader.prepare(bytes: big, path: "big.txt", id: "big", format: .text, limit: big.count - 1) }
        #expect((try? DocumentLoader.prepare(bytes: big, path: "big.txt", id: "big", format: .text, limit: big.count)) != nil)
        do { _ = try DocumentLoader.prepare(bytes: big, path: "big.txt", id: "big", format: .text, limit: 10) } catch {
            #expect(error.description.contains("big.txt") && error.description.contains("too large: 29 bytes (at most 10"))
        }
        #expect(loadError(Array("ok \u{00E9}".utf8) + [0xC3, 0x28])!.contains("invalid UTF-8 at byte 5"))
        #expect(loadError(Array("\u{00E9}".utf8).dropLast() + [])!.contains("invalid UTF-8 at byte 0"))
        #expect(loadError(Array("   \n\t\n".utf8))!.contains("no text"))
        #expect(loadError(Array("---\ntitle: x\n".utf8))!.contains("no closing"))
        let malformed = loadError(Array("---\ntitle: ok\ndate: [2024\n---\nBody.\n".utf8))!
        #expect(malformed.contains("malformed front matter"))
        #expect(malformed.contains("line 4") || malformed.contains("line 3"), "names the line: \(malformed)")
        #expect(loadError(Array("---\ntitle: only\n---\n".utf8))!.contains("no text"))
        #expect(loadError(Array("---\n- a\n- b\n---\nBody\n".utf8))!.contains("key: value"))
    }

    @Test func utf8Validation() {
        #expect(DocumentLoader.firstInvalidUTF8(Array("plain".utf8)) == nil)
        #expect(DocumentLoader.firstInvalidUTF8(Array("中文 — ok".utf8)) == nil)
        #expect(DocumentLoader.firstInvalidUTF8([0xED, 0xA0, 0x80]) == 0) // a surrogate
        #expect(DocumentLoader.firstInvalidUTF8([0xC0, 0x80]) == 0) // overlong
        #expect(DocumentLoader.firstInvalidUTF8([0x41, 0xF0, 0x9F]) == 1) // truncated
    }
}

@Suite struct BoundedQuoteTests {
    /// `displayText(_:_:characters:)` is the start of `displayText`, however the text runs.
    @Test func aBoundedQuoteIsTheStartOfTheWholeQuote() throws {
        let long = Array(repeating: "Envoys from Lisbon and Quito met again", count: 400).joined(separator: " ")
        let texts = [
            "Short sentence.",
            long,
            String(repeating: " ", count: 3000) + "then words after a long run of spaces " + long,
            String(repeating: "word\n\t  ", count: 2000),
            String(repeating: "é", count: 900) + " São Paulo",
            // combining accents after every letter: characters of several bytes each
            String(repeating: "e\u{301}\u{302}\u{303}", count: 600),
            String(repeating: "\u{1F1F5}\u{1F1F9}", count: 500), // flags: two scalars each
            "<p>Marked up</p> " + long,
        ]
        for t in texts {
            let d = try load(t)
            let whole = d.displayText(0, d.bytes.count)
            for limit in [1, 40, 200, 221, 5000] {
                let bounded = d.displayText(0, d.bytes.count, characters: limit)
                #expect(bounded == String(whole.prefix(limit)), "limit \(limit) of \(t.prefix(30))")
            }
        }
        let d = try load(long)
        #expect(d.displayText(40, 10, characters: 5) == "", "an empty range")
    }
}

@Suite struct ResourceTrimTests {
    /// The resource files' trim gives what Foundation's does, Unicode spaces included.
    @Test func trimmedSpacesIsFoundationsTrim() {
        let samples = ["  Xi Jinping\t", "\u{00A0}Bank of Japan\u{3000}", "\t\t", "", "a", " a b ", "\u{2009}Kyiv\u{202F}",
                       "line\n", "\u{200B}zero width\u{200B}", "é ", " Ölüdeniz  "]
        for s in samples {
            #expect(s.trimmedSpaces() == s.trimmingCharacters(in: .whitespaces), "\(Array(s.unicodeScalars))")
            #expect(Substring(s).trimmedSpaces() == s.trimmingCharacters(in: .whitespaces))
        }
    }
}

/// Where the rules and lexicons are read from: the resource bundle the build put beside the
/// running program first (here, the test runner's), so that a program reads the files it was
/// built with, not the source tree's edits since.
@Suite struct ResourceLookupTests {
    @Test func theBundleBesideTheProgramComesFirst() throws {
        let root = try #require(ResourceFiles.root)
        #expect(root.hasSuffix("/Chronograph_ChronographExtract.resources/Resources"), "\(root)")
        #expect(ResourceFiles.lines("countries.txt").count > 100)
        #expect(ResourceFiles.url("no-such-file.txt") == nil)
    }
}
