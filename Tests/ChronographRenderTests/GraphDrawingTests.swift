import ChronographCore
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import ChronographRender

func drawingGraph() -> Graph {
    Graph(
        documents: [DocumentInfo(id: "d", path: "d.txt", title: "D", published: "2024-05-03", publishedSource: .frontMatter)],
        actors: [
            Actor(id: "treasury-department", name: "Treasury Department of a Very Long Name", kind: .organization, mentions: []),
            Actor(id: "acme", name: "Acme", kind: .organization, mentions: []),
            Actor(id: "lena-ortiz", name: "Lena Ortiz", kind: .person, mentions: []),
        ],
        events: [
            Event(id: "e-1", when: When(value: "2024-05-01", basis: .explicit), kind: "sanction", trigger: "sanctioned", summary: "Treasury sanctioned Acme",
                  actors: [EventActor(actor: "treasury-department", role: .agent), EventActor(actor: "acme", role: .target)], sources: [SourceSpan(doc: "d", start: 0, end: 30)]),
            Event(id: "e-2", when: When(value: "2024-04-20/2024-04-28", start: "2024-04-20", end: "2024-04-28", basis: .relative), kind: "visit", trigger: "visit",
                  summary: "Ortiz visited Acme", actors: [EventActor(actor: "lena-ortiz", role: .agent)], sources: [SourceSpan(doc: "d", start: 31, end: 50)]),
            Event(id: "e-3", when: When(value: "2023-SP", basis: .relative), kind: "statement", trigger: "said", summary: "<script>alert(1)</script>",
                  actors: [EventActor(actor: "acme", role: .agent)], sources: []),
        ],
        links: [
            Link(source: "treasury-department", target: "acme", kind: "sanctioned", directed: true, weight: 2, events: ["e-1"], sources: [SourceSpan(doc: "d", start: 0, end: 30)]),
            Link(source: "acme", target: "lena-ortiz", kind: "met", directed: false, weight: 1, events: [], sources: [SourceSpan(doc: "d", start: 31, end: 50)]),
        ]
    )
}

@Suite struct GraphDrawingTests {
    @Test func dotStylesByLinkKindAndWrapsLabels() {
        let dot = DOTRenderer.render(drawingGraph(), options: DOTOptions(notes: ["a note <b>"]), evidence: { _ in "The Treasury \"sanctioned\" Acme." })
        let sanction = dot.split(separator: "\n").first { $0.contains("-> \"acme\"") }!
        #expect(sanction.contains("color=\"#dc2626\""))
        #expect(!sanction.contains("dir=none"), "directed kinds get arrows")
        #expect(sanction.contains("sanctioned"))
        #expect(sanction.contains("“The Treasury \\\"sanctioned\\\" Acme.”"), "the tooltip quotes the evidence")
        let met = dot.split(separator: "\n").first { $0.contains("-> \"lena-ortiz\"") }!
        #expect(met.contains("dir=none"))
        let lines = DOTRenderer.wrap("Treasury Department of a Very Long Name")
        #expect(lines.count == 3 && lines.allSatisfy { $0.count <= 19 })
        #expect(dot.contains("label=\"" + lines.joined(separator: "\\n") + "\""))
        #expect(dot.contains("a note <b>"))
        #expect(DOTRenderer.wrap("Xi Jinping") == ["Xi Jinping"])
    }

    @Test func svgIsEmbeddableWithLegendIdsAndTooltips() throws {
        let g = drawingGraph()
        let dot = DOTRenderer.render(g, evidence: { _ in "Evidence sentence." })
        let svg = DOTRenderer.addLegend(try SVGRenderer.render(dot: dot, layout: "dot"), graph: g)
        let xml = try XMLDocument(data: Data(svg.utf8))
        #expect(try xml.nodes(forXPath: "/*/@viewBox").count == 1)
        #expect(!svg.contains("<!DOCTYPE"))
        #expect(!svg.contains("href=\"http"), "no external references")
        let ids = Set(try xml.nodes(forXPath: "//@id").compactMap(\.stringValue))
        #expect(ids.isSuperset(of: ["actor-acme", "actor-lena-ortiz", "link-treasury-department-acme-sanctioned", "legend"]))
        let titles = try xml.nodes(forXPath: "//@*[local-name()='title']").compactMap(\.stringValue)
        #expect(titles.contains { $0.contains("Evidence sentence.") && $0.contains("sanctioned") })
        let legend = try xml.nodes(forXPath: "//*[@id='legend']//*[local-name()='text']").compactMap(\.stringValue)
        #expect(legend.contains("organization") && legend.contains("sanctioned"))
    }

    @Test func newEvidenceForDrawnLinksKeepsTheLayoutAndFinishesLikeGraphviz() throws {
        var g = drawingGraph()
        let before = DOTRenderer.drawing(g, evidence: { _ in "First account." })
        // a link gains sentences: its width and tooltip change, nothing the positions depend on
        g.links[1].weight = 5
        let hostile = "A \"second\" account & <script>alert(1)</script>"
        let after = DOTRenderer.drawing(g, evidence: { _ in hostile })
        #expect(before.layoutDOT == after.layoutDOT)
        #expect(before.dot != after.dot)
        let finished = after.finish(try SVGRenderer.render(dot: before.layoutDOT, layout: "dot"))
        let direct = try SVGRenderer.render(dot: after.dot, layout: "dot")
        #expect(!finished.contains("@@") && !finished.contains("<script>"))
        let a = try XMLDocument(data: Data(finished.utf8)), b = try XMLDocument(data: Data(direct.utf8))
        // the same tooltips as Graphviz gives from graph.dot, once the XML is read
        let titles = "//@*[local-name()='title']"
        let got = try a.nodes(forXPath: titles).compactMap(\.stringValue), want = try b.nodes(forXPath: titles).compactMap(\.stringValue)
        #expect(got == want)
        #expect(got.contains { $0.contains(hostile) && $0.contains("5 sentences") })
        // the same widths: on the link's group, where Graphviz puts them on its path
        let width = try a.nodes(forXPath: "//*[@id='link-acme-lena-ortiz-met']/@stroke-width").compactMap(\.stringValue)
        let drawn = try b.nodes(forXPath: "//*[@id='link-acme-lena-ortiz-met']//*[local-name()='path']/@stroke-width").compactMap(\.stringValue)
        #expect(width == ["3.32"] && drawn == width)
        #expect(try a.nodes(forXPath: "//*[@id='link-treasury-department-acme-sanctioned']/@stroke-width").compactMap(\.stringValue) == ["2"])
        // the same positions
        let paths = "//*[local-name()='path']/@d"
        #expect(try a.nodes(forXPath: paths).compactMap(\.stringValue) == b.nodes(forXPath: paths).compactMap(\.stringValue))
        // Graphviz reads "\N" in a node's tooltip as the node's name, even escaped; put in afterwards, it stays text
        let slash = DOTRenderer.drawing(g, evidence: { _ in "a path C:\\New\\N" }).finish(try SVGRenderer.render(dot: before.layoutDOT, layout: "dot"))
        let slashTitles = try XMLDocument(data: Data(slash.utf8)).nodes(forXPath: titles).compactMap(\.stringValue)
        #expect(slashTitles.count == 5 && slashTitles.allSatisfy { $0.hasSuffix("a path C:\\New\\N”") })
        // a new actor changes the layout's DOT
        g.actors.append(Actor(id: "omar-haddad", name: "Omar Haddad", kind: .person))
        g.links.append(Link(source: "acme", target: "omar-haddad", kind: "met", directed: false, weight: 1, events: [], sources: []))
        #expect(DOTRenderer.drawing(g).layoutDOT != before.layoutDOT)
    }

    @Test func anActorsDocumentsAreCountedSortedOrNot() {
        func m(_ doc: String, _ at: Int) -> Mention { Mention(doc: doc, start: at, end: at + 3, text: "Ana") }
        #expect(DOTRenderer.documentCount([]) == 0)
        #expect(DOTRenderer.documentCount([m("a", 1), m("a", 9), m("b", 2), m("c", 0), m("c", 5)]) == 3)
        // not sorted by document (a graph not made by the merge): still each document once
        #expect(DOTRenderer.documentCount([m("b", 1), m("a", 2), m("b", 3), m("a", 4)]) == 2)
        #expect(DOTRenderer.documentCount([m("a", 1), m("c", 2), m("b", 3), m("c", 4)]) == 3)
    }

    /// A layout does not depend on what the process laid out before it (watch mode lays out
    /// graph after graph in one process; a build from the command line, one): sfdp and prism
    /// overlap removal draw on the C library's random numbers, reseeded for each layout.
    /// (fdp keeps state of its own between layouts in Graphviz 2.42: `fdp -Tsvg` given one
    /// graph twice lays it out two ways. It is chosen only by `--layout fdp`.)
    @Test func aLayoutIsTheSameWhateverWasLaidOutBefore() throws {
        var edges: [String] = []
        for i in 0..<60 { edges.append("n\(i) -- n\((i * 7 + 3) % 60); n\(i) -- n\((i * 13 + 5) % 60)") }
        let big = "graph g { overlap=prism; K=0.9; \(edges.joined(separator: "; ")) }"
        let other = "graph h { a -- b; b -- c; c -- a; c -- d; d -- e; e -- a; f -- a; }"
        for engine in ["sfdp", "neato"] {
            let first = try SVGRenderer.render(dot: big, layout: engine)
            _ = try SVGRenderer.render(dot: other, layout: engine)
            let again = try SVGRenderer.render(dot: big, layout: engine)
            #expect(first == again, "\(engine)")
            #expect(try SVGRenderer.render(dot: big, layout: engine) == again, "\(engine), twice in a row")
        }
    }

    @Test func automaticLayoutBySize() {
        #expect(DOTRenderer.automaticLayout(actors: 30, links: 60) == "dot")
        #expect(DOTRenderer.automaticLayout(actors: 2000, links: 10000) == "sfdp")
    }

    @Test func aLayoutThatDoesNotFinishFallsBackWithANote() throws {
        // 200 actors asked of neato: run in a Graphviz process; with no time to finish, sfdp
        var g = Graph()
        g.actors = (0..<200).map { Actor(id: "a\($0)", name: "A \($0)", kind: .person) }
        g.links = (0..<400).map { Link(source: "a\($0 % 200)", target: "a\(($0 * 7 + 1) % 200)", kind: "met", directed: false, weight: 1, events: [], sources: []) }
        let dot = DOTRenderer.render(g, options: DOTOptions(layout: "neato"))
        let r = try SafeLayout.render(dot: dot, layout: "neato", actors: 200, links: 400, timeLimit: 0.001)
        #expect(r.layout == "sfdp")
        #expect(r.note.contains("did not finish"))
        let ok = try SafeLayout.render(dot: dot, layout: "neato", actors: 200, links: 400, timeLimit: 60)
        #expect(ok.layout == "neato" && ok.svg.contains("<svg"))
    }
}

/// A graph of dated events with no actors or sources, for the chart: (id, date value, kind, trigger, summary).
func datedEvents(_ rows: [(String, String, String, String, String)]) -> Graph {
    var g = Graph()
    g.events = rows.map { Event(id: $0.0, when: When(value: $0.1, basis: .explicit), kind: $0.2, trigger: $0.3, summary: $0.4, actors: [], sources: []) }
    return g
}

@Suite struct TimelineSVGTests {
    @Test func pointsBarsFuzzySpansAndEscaping() throws {
        let svg = TimelineSVG.render(drawingGraph(), title: "Brief & <b>")
        let xml = try XMLDocument(data: Data(svg.utf8))
        #expect(try xml.nodes(forXPath: "/*/@viewBox").count == 1)
        let events = try xml.nodes(forXPath: "//*[@class and starts-with(@class, 'event')]")
        #expect(events.count == 3)
        #expect(svg.contains("id=\"tl-e-1\""))
        #expect(try xml.nodes(forXPath: "//*[@id='tl-e-2']/*[local-name()='rect']/@stroke-dasharray").count == 1, "a relative period is a dashed bar")
        #expect(try xml.nodes(forXPath: "//*[@id='tl-e-1']/*[local-name()='circle']").count == 1, "one day is a point")
        #expect(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !svg.contains("<script>"))
        #expect(svg.contains("Brief &amp; &lt;b&gt;"))
    }

    /// A chart drawn again from what the last one drew (the same events in the same places on
    /// the same axis) is the chart drawn from nothing, whatever changed in between.
    @Test func aChartDrawnFromTheLastOneIsAFreshChart() {
        var rows: [(String, String, String, String, String)] = []
        for n in 0..<80 {
            rows.append(("e-\(n)", String(format: "2024-%02d-%02d", n % 12 + 1, n % 27 + 1), n % 3 == 0 ? "visit" : "meeting", "met",
                         "Meeting number \(n) between the delegations & <their> aides"))
        }
        var g = datedEvents(rows)
        g.events.append(Event(id: "e-undated", when: nil, kind: "other", trigger: "", summary: "no date", actors: [], sources: []))
        let carried = TimelineSVG.Carried()
        func fresh(_ g: Graph) -> [UInt8] { TimelineSVG.renderBytes(g, title: "Chart", carried: TimelineSVG.Carried()) }
        #expect(TimelineSVG.renderBytes(g, title: "Chart", carried: carried) == fresh(g))
        var edits: [(String, (inout Graph) -> Void)] = []
        edits.append(("a summary changed", { $0.events[10].summary = "A changed summary" }))
        edits.append(("an event inserted", { $0.events.insert(Event(id: "e-new", when: When(value: "2024-03-05", basis: .explicit), kind: "visit",
                                                                    trigger: "visited", summary: "A new visit", actors: [], sources: []), at: 30) }))
        edits.append(("an event removed", { $0.events.remove(at: 5) }))
        edits.append(("the axis moved", { $0.events[0].when = When(value: "2023-11-20", basis: .explicit) }))
        edits.append(("a date made rough", { $0.events[20].when = When(value: "2024-05", basis: .relative) }))
        var reusedAny = false
        for (what, edit) in edits {
            edit(&g)
            let again = TimelineSVG.renderBytes(g, title: "Chart", carried: carried)
            #expect(again == fresh(g), "\(what)")
            if what == "the axis moved" { #expect(carried.lastReused == 0, "another axis moves every marker") }
            reusedAny = reusedAny || carried.lastReused > 40
        }
        #expect(reusedAny)
    }

    @Test func aLabelAfterALongBarKeepsItsRowToItself() throws {
        // a year-long period, then a day just after it ends: the period's label is drawn after
        // its bar, where the day's marker and label would be, so they take different rows
        let g = datedEvents([("e-year", "2022", "meeting", "talks", "Talks between the two ministries went on through the whole year"),
                             ("e-day", "2023-01-12", "visit", "visited", "The envoy visited the port city"),
                             ("e-late", "2023-12-20", "visit", "visited", "A second visit")])
        let xml = try XMLDocument(data: Data(TimelineSVG.render(g, title: "Rows").utf8))
        func y(_ id: String) throws -> String? {
            try xml.nodes(forXPath: "//*[@id='tl-\(id)']/*[local-name()='text']/@y").first?.stringValue
        }
        #expect(try y("e-year") != nil && y("e-day") != nil)
        #expect(try y("e-year") != y("e-day"))
    }

    @Test func aChartOverCenturiesHasRoundYearsOnItsAxis() throws {
        // from 1066 to 2024: a tick for every other year had run the labels into a bar
        var g = datedEvents([("e-1066", "1066", "military", "invaded", "The duke's army crossed the channel"),
                             ("e-2024", "2024-05-03", "meeting", "met", "Two ministers met")])
        let xml = try XMLDocument(data: Data(TimelineSVG.render(g, title: "Centuries").utf8))
        let ticks = try xml.nodes(forXPath: "//*[@class='tick']").compactMap { $0.stringValue }
        #expect(ticks == ["1100", "1200", "1300", "1400", "1500", "1600", "1700", "1800", "1900", "2000"], "\(ticks)")
        // a short chart keeps its months, as before
        g.events[0].when = When(value: "2023-01-10", basis: .explicit)
        let short = try XMLDocument(data: Data(TimelineSVG.render(g, title: "Months").utf8))
        let shortTicks = try short.nodes(forXPath: "//*[@class='tick']").compactMap { $0.stringValue }
        #expect(shortTicks == ["Jan 2023", "Jul", "Jan 2024"], "\(shortTicks)")
    }

    @Test func chartTextIsEscapedAsThePageEscapesIt() {
        // runs of plain bytes around each markup character, a control character dropped, a tab
        // kept, and text that is not ASCII passed through
        let samples = ["plain", "", "a&b", "<x y='1'>\"q\"</x>", "end&", "&start", "bell\u{07}ed", "tab\there",
                       "Łódź – “quoted” & <b>bold</b>", "\u{1F600}<"]
        for s in samples {
            var b = TimelineSVG.SVGBytes()
            b.escaped(s)
            #expect(String(decoding: b.bytes, as: UTF8.self) == Escape.html(s), "\(s)")
        }
    }

    @Test func labelWidthsCountCharactersNotBytes() {
        #expect(TimelineSVG.characters("Talks in Oslo") == 13)
        #expect(TimelineSVG.characters("Łódź talks") == 10)
        #expect(TimelineSVG.characters("e\u{301}") == 1, "a letter and its combining accent are one character")
        // values on and near half-steps, where a product rounded to a tie must not decide
        var values: [Double] = [0.0, 0.04, 0.05, 0.15, 0.25, 2.675, 7.25, 99.95, 1234.56, -3.2, -0.04, 1e6 + 0.3]
        for k in 0..<4000 { values.append(Double(k) * 0.005 - 5) }
        for k in 0..<500 { values.append(Double(k) / 3 + 0.05) }
        // halves of every hundredth up to 2,000 (exact ties in binary among them: 0.25, 0.75),
        // and pseudo-random coordinates
        for k in 0..<40_000 { values.append(Double(2 * k + 1) / 20); values.append(-Double(2 * k + 1) / 20) }
        var state: UInt64 = 42
        for _ in 0..<20_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            values.append(Double(state >> 11) / Double(1 << 53) * 3000 - 500)
        }
        for d in values {
            var b = TimelineSVG.SVGBytes()
            b.number(d)
            #expect(String(decoding: b.bytes, as: UTF8.self) == String(format: "%.1f", d), "\(d)")
        }
    }

    @Test func crowdedDaysShareTheLastRowAndTheChartStaysItsHeight() throws {
        // 500 events on three days need more rows than the chart draws: the labels without
        // room go to the last row, and the chart is no taller than its rows
        var g = Graph()
        g.events = (0..<500).map { i in
            Event(id: String(format: "e-%03d", i), when: When(value: "2024-05-0\(i % 3 + 1)", basis: .explicit), kind: "meeting",
                  trigger: "met", summary: "Delegation \(i) met the mayor", actors: [], sources: [])
        }
        let svg = TimelineSVG.render(g, title: "Crowded")
        let xml = try XMLDocument(data: Data(svg.utf8))
        #expect(try xml.nodes(forXPath: "//*[@class and starts-with(@class, 'event')]").count == 500)
        let ys = try xml.nodes(forXPath: "//*[@class and starts-with(@class, 'event')]/*[local-name()='text']/@y").compactMap { Double($0.stringValue ?? "") }
        #expect(Set(ys).count == 61, "61 rows")
        let height = try #require(try xml.nodes(forXPath: "/*/@height").first?.stringValue.flatMap(Double.init))
        #expect(height <= ys.max()! + 120, "\(height)")
        // the events with no room are markers with their tooltip and no label (labels drawn
        // over one another had smeared the last row), and the chart says how many
        let labels = try xml.nodes(forXPath: "//*[@class and starts-with(@class, 'event')]/*[local-name()='text']")
        #expect(labels.count < 500)
        let unlabelled = 500 - labels.count
        let textPath = "//*[@class and starts-with(@class, 'event')]/*[local-name()='text']"
        let xs = try xml.nodes(forXPath: textPath + "/@x").compactMap(\.stringValue)
        let rowsOfLabels = try xml.nodes(forXPath: textPath + "/@y").compactMap(\.stringValue)
        #expect(xs.count == labels.count && rowsOfLabels.count == labels.count)
        var xsByRow: [String: [String]] = [:]
        for (x, y) in zip(xs, rowsOfLabels) { xsByRow[y, default: []].append(x) }
        #expect(xsByRow.count == 61)
        #expect(xsByRow.values.allSatisfy { Set($0).count == $0.count }, "no two labels of a row drawn at one place")
        #expect(try xml.nodes(forXPath: "//*[@class and starts-with(@class, 'event')]/*[local-name()='title']").count == 500)
        #expect(svg.contains("\(unlabelled) events in the last row drawn without a label"), "\(unlabelled)")
    }

    @Test func noDatedEvents() {
        #expect(TimelineSVG.render(Graph(), title: "Empty").contains("No dated events."))
    }
}
