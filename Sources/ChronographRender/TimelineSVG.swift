import ChronographCore
import Foundation

/// A static, print-ready timeline chart: a time axis, events as points (a day) or bars (a
/// period), periods known only roughly (a month, a season, "last year") drawn faint and
/// dashed; labels packed in rows so they do not overlap.
public enum TimelineSVG {
    static let kindColors: [String: String] = [
        "meeting": "#2563eb", "visit": "#0d9488", "statement": "#475569", "agreement": "#7c3aed",
        "cooperation": "#7c3aed", "demand": "#ea580c", "accusation": "#ea580c", "sanction": "#dc2626",
        "threat": "#dc2626", "military": "#991b1b", "attack": "#991b1b", "legal": "#a16207",
        "appointment": "#0369a1", "election": "#0369a1", "publication": "#4d7c0f", "other": "#64748b",
    ]
    public static func color(_ kind: String) -> String { kindColors[kind] ?? "#64748b" }
    /// The steps (years) of the axis of a chart longer than forty years, the smallest that fits.
    static let roundYears = [5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 2500, 5000]

    public static func render(_ g: Graph, title: String, width: Double = 1200) -> String {
        String(decoding: renderBytes(g, title: title, width: width), as: UTF8.self)
    }

    /// The chart's bytes (what graph.svg's neighbour, timeline.svg, holds). Written straight
    /// into one buffer: a large timeline has thousands of events, and a string for every
    /// number and attribute was most of its time.
    /// What the last chart of this process drew: its events, each one's date label and label
    /// width, and where each one's marker and label lie in the chart's body (with the row and
    /// side they were drawn in). A chart drawn again after a rebuild copies the bytes of every
    /// event that is the same and drawn in the same place, on the same axis (`Carryover`'s way).
    public final class Carried: @unchecked Sendable {
        public init() {}
        let lock = NSLock()
        var events: [Event] = []
        var labels: [Label?] = []
        var chunks: [Chunk?] = []
        var axis: Axis? = nil
        var body: [UInt8] = []
        /// How many events the last chart copied from the one before (for tests and benchmarks).
        public var lastReused: Int { lock.lock(); defer { lock.unlock() }; return reused }
        var reused = 0
    }
    struct Label { let date: String; let width: Double }
    struct Chunk { let row: Int; let leftward: Bool; let labelled: Bool; let bytes: Range<Int> }
    /// What puts a date on the chart: the first and last days of the axis and the chart's width.
    struct Axis: Equatable { let lo: Int; let hi: Int; let width: Double }
    static let carried = Carried()

    /// Forgets the last chart this process drew (a cold build in a benchmark draws from nothing).
    public static func forget() {
        carried.lock.lock()
        carried.events = []; carried.labels = []; carried.chunks = []; carried.axis = nil; carried.body = []; carried.reused = 0
        carried.lock.unlock()
    }

    public static func renderBytes(_ g: Graph, title: String, width: Double = 1200) -> [UInt8] {
        renderBytes(g, title: title, width: width, carried: carried)
    }

    public static func renderBytes(_ g: Graph, title: String, width: Double = 1200, carried: Carried) -> [UInt8] {
        // events by index: copying an event retains every one of its strings and arrays
        let events = g.events
        carried.lock.lock()
        let before = (events: carried.events, labels: carried.labels, chunks: carried.chunks, axis: carried.axis, body: carried.body)
        carried.lock.unlock()
        let matched: [Int?] = before.events.isEmpty ? Array(repeating: nil, count: events.count) : Event.pairs(before.events, events)
        var labels = [Label?](repeating: nil, count: events.count)
        var chunks = [Chunk?](repeating: nil, count: events.count)
        var axis: Axis? = nil
        var reused = 0
        var dated: [(Int, CivilDate, CivilDate)] = []
        dated.reserveCapacity(events.count)
        // (events share their dates: each distinct one is parsed, and labelled below, once)
        var days: [String: CivilDate] = [:]
        func day(_ iso: String) -> CivilDate? {
            if let d = days[iso] { return d }
            let d = CivilDate(iso: iso); days[iso] = d; return d
        }
        for i in events.indices {
            guard let s = events[i].when?.start, let t = events[i].when?.end, let a = day(s), let b = day(t) else { continue }
            dated.append((i, a, b))
        }
        // (the events go by date: the label of the last date is most often the next one's)
        var lastDate: (when: When, label: String)? = nil
        let undated = g.events.count - dated.count
        let left = 20.0, right = 20.0, top = 56.0, rowH = 22.0, maxRows = 61
        var body = SVGBytes()
        var height = 120.0
        if let lo0 = dated.map(\.1).min(), let hi0 = dated.map(\.2).max() {
            let span0 = max(1, hi0.dayNumber - lo0.dayNumber)
            let pad = max(3, span0 / 30)
            let lo = lo0.adding(days: -pad), hi = hi0.adding(days: pad)
            let span = Double(hi.dayNumber - lo.dayNumber)
            let plot = width - left - right
            func x(_ d: CivilDate) -> Double { left + plot * Double(d.dayNumber - lo.dayNumber) / span }
            // rows: greedy packing of [x, x + label width]
            var rowsEnd: [Double] = []
            var placed: [(Int, CivilDate, CivilDate, Int, Bool, String, Bool)] = []
            var unlabelled = 0
            for (i, a, b) in dated.sorted(by: { $0.1 != $1.1 ? $0.1 < $1.1 : events[$0.0].id < events[$1.0].id }) {
                // the label as drawn: the date in bold, a space, the summary cut at 58 characters
                // (as the last chart drew it, for an event it had)
                let label: Label
                if let j = matched[i], let known = before.labels[j] { label = known } else {
                    let when = events[i].when!
                    let date: String
                    if let last = lastDate, last.when == when { date = last.label } else { date = DateLabel.label(when); lastDate = (when, date) }
                    label = Label(date: date, width: 6.8 * Double(characters(date)) + 6.2 * Double(1 + min(58, characters(events[i].summary))))
                }
                labels[i] = label
                let date = label.date, labelW = label.width
                // a label that would run off the right edge goes to the left of its marker;
                // otherwise it starts 8 past the marker's end (a period's bar may be long)
                let leftward = x(b) + 8 + labelW > width - right
                let x0 = leftward ? x(a) - labelW - 8 : x(a)
                let x1 = leftward ? x(b) : x(b) + 8 + labelW
                // at most 61 rows: an event whose label has no room in them goes to the last, as
                // a marker alone (its label is the marker's tooltip). Rows beyond it were kept
                // before, each searched for every later label, and the chart grew a row for each:
                // a timeline of thousands of events on a few days took seconds and was drawn
                // metres tall; then the labels drawn over one another made a smear of the last row.
                let free = rowsEnd.firstIndex { $0 + 8 <= x0 }
                let row = free ?? min(rowsEnd.count, maxRows - 1)
                let labelled = free != nil || row == rowsEnd.count
                if row == rowsEnd.count { rowsEnd.append(x1) } else if labelled { rowsEnd[row] = max(rowsEnd[row], x1) }
                if !labelled { unlabelled += 1 }
                placed.append((i, a, b, row, leftward, date, labelled))
            }
            let axisY = top + Double(rowsEnd.count) * rowH + 18
            height = axisY + 60
            // grid and ticks
            let years = Double(hi.year - lo.year)
            var tick = CivilDate(year: lo.year, month: years > 1.5 ? 1 : lo.month, day: 1)
            var stepMonths = years > 12 ? 24 : years > 6 ? 12 : years > 1.5 ? 6 : years > 0.5 ? 1 : 1
            // beyond forty years, a round number of years (5, 10, 20, 25, 50, 100, ...) with the
            // ticks at least 56 apart, on multiples of it: a chart from 1066 to 2024 had a tick
            // and a line for every other year, its labels run together into a bar
            if years > 40 {
                let most = max(2.0, (plot / 56).rounded(.down))
                var step = 5
                for candidate in TimelineSVG.roundYears where Double(candidate) * most >= years { step = candidate; break }
                if Double(step) * most < years { step = Int((years / most).rounded(.up)) }
                stepMonths = step * 12
                let first = lo.year % step == 0 ? lo.year : lo.year + step - ((lo.year % step) + step) % step
                tick = CivilDate(year: first, month: 1, day: 1)
            }
            while tick <= hi {
                if tick >= lo {
                    let tx = x(tick)
                    let lbl = stepMonths >= 12 || tick.month == 1 ? (stepMonths >= 12 ? "\(tick.year)" : "\(DateLabel.months[tick.month - 1].prefix(3)) \(tick.year)") : String(DateLabel.months[tick.month - 1].prefix(3))
                    body.put("<line class=\"grid\" x1=\"\(f(tx))\" y1=\"\(f(top - 10))\" x2=\"\(f(tx))\" y2=\"\(f(axisY))\" stroke=\"#e2e8f0\"/>")
                    body.put("<text class=\"tick\" x=\"\(f(tx))\" y=\"\(f(axisY + 16))\" text-anchor=\"middle\" font-size=\"11\" fill=\"#475569\">\(Escape.html(lbl))</text>")
                }
                tick = tick.adding(months: stepMonths)
            }
            body.put("<line class=\"axis\" x1=\"\(f(left))\" y1=\"\(f(axisY))\" x2=\"\(f(width - right))\" y2=\"\(f(axisY))\" stroke=\"#334155\" stroke-width=\"1.5\"/>")
            body.bytes.reserveCapacity(placed.count * 240)
            axis = Axis(lo: lo.dayNumber, hi: hi.dayNumber, width: width)
            let sameAxis = axis == before.axis
            for (i, a, b, row, leftward, date, labelled) in placed {
                let start = body.bytes.count
                defer { chunks[i] = Chunk(row: row, leftward: leftward, labelled: labelled, bytes: start..<body.bytes.count) }
                // the same event drawn in the same place on the same axis: the bytes drawn last time
                if sameAxis, let j = matched[i], let c = before.chunks[j], c.row == row, c.leftward == leftward, c.labelled == labelled {
                    body.bytes.append(contentsOf: before.body[c.bytes])
                    reused += 1
                    continue
                }
                // read in place: a copy of the event would retain each of its strings and arrays
                let y = top + Double(row) * rowH
                let c = color(events[i].kind)
                let x0 = x(a), x1 = x(b)
                let fuzzy = events[i].when!.basis != .explicit || characters(events[i].when!.value) < 10
                body.put("<g class=\"event kind-"); body.escaped(events[i].kind); body.put("\" id=\"tl-"); body.escaped(events[i].id); body.put("\"><title>")
                body.escaped(date); body.put(" ("); body.escaped(events[i].when!.basis.rawValue); body.put(") · "); body.escaped(events[i].kind); body.put(": ")
                body.escaped(events[i].summary); body.put("</title>")
                if x1 - x0 >= 3 {
                    body.put("<rect x=\""); body.number(x0); body.put("\" y=\""); body.number(y - 5); body.put("\" width=\""); body.number(x1 - x0)
                    body.put("\" height=\"10\" rx=\"3\" fill=\""); body.put(c); body.put("\" fill-opacity=\""); body.put(fuzzy ? "0.25" : "0.8"); body.put("\"")
                    if fuzzy { body.put(" stroke=\""); body.put(c); body.put("\" stroke-dasharray=\"3,2\"") }
                    body.put("/>")
                } else {
                    body.put("<circle cx=\""); body.number(x0); body.put("\" cy=\""); body.number(y); body.put("\" r=\"5\" fill=\""); body.put(c); body.put("\"")
                    if fuzzy { body.put(" fill-opacity=\"0.4\" stroke=\""); body.put(c); body.put("\"") }
                    body.put("/>")
                }
                guard labelled else { body.put("</g>"); continue }
                let text = characters(events[i].summary) > 60 ? String(events[i].summary.prefix(57)) + "…" : events[i].summary
                if leftward { body.put("<text x=\""); body.number(x0 - 8); body.put("\" text-anchor=\"end\"") } else { body.put("<text x=\""); body.number(max(x1, x0) + 8); body.put("\"") }
                body.put(" y=\""); body.number(y + 4); body.put("\" font-size=\"11\" fill=\"#0f172a\"><tspan font-weight=\"bold\">"); body.escaped(date)
                body.put("</tspan> "); body.escaped(text); body.put("</text></g>")
            }
            var notes: [String] = []
            if undated > 0 { notes.append("\(undated) undated event\(undated == 1 ? "" : "s") not shown.") }
            if unlabelled > 0 {
                notes.append("\(unlabelled) event\(unlabelled == 1 ? "" : "s") in the last row drawn without a label, for lack of room (hover a marker for it).")
            }
            if !notes.isEmpty {
                body.put("<text x=\"\(f(left))\" y=\"\(f(axisY + 40))\" font-size=\"11\" fill=\"#64748b\">\(notes.joined(separator: " "))</text>")
            }
        } else {
            body.put("<text x=\"\(f(left))\" y=\"\(f(top + 10))\" font-size=\"13\" fill=\"#64748b\">No dated events.</text>")
        }
        var svg = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        svg += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(f(width))\" height=\"\(f(height))\" viewBox=\"0 0 \(f(width)) \(f(height))\" font-family=\"Helvetica,Arial,sans-serif\">\n"
        svg += "<title>\(Escape.html(title)): timeline</title>\n"
        svg += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        svg += "<text x=\"\(f(left))\" y=\"28\" font-size=\"16\" font-weight=\"bold\" fill=\"#0f172a\">\(Escape.html(title))</text>\n"
        svg += "<text x=\"\(f(left))\" y=\"44\" font-size=\"11\" fill=\"#64748b\">\(dated.count) dated event\(dated.count == 1 ? "" : "s"); faint dashed bars are periods known only roughly</text>\n"
        var all = Array(svg.utf8)
        all.append(contentsOf: body.bytes)
        all.append(contentsOf: "\n</svg>\n".utf8)
        carried.lock.lock()
        carried.events = events; carried.labels = labels; carried.chunks = chunks; carried.axis = axis; carried.body = body.bytes
        carried.reused = reused
        carried.lock.unlock()
        return all
    }

    /// A chart's text as it is written: literals, numbers and escaped text appended as bytes.
    struct SVGBytes {
        var bytes: [UInt8] = []
        mutating func put(_ s: String) { var s = s; s.withUTF8 { bytes.append(contentsOf: $0) } }
        /// As `Escape.html` writes it.
        mutating func escaped(_ s: String) { Escape.appendHTML(s, to: &bytes) }
        /// A coordinate with one decimal, as "%.1f" writes it.
        mutating func number(_ d: Double) {
            let p = d * 10
            var t = p.rounded(.toNearestOrEven)
            guard t.magnitude < 1e15 else { put(String(format: "%.1f", d)); return }
            if (p - p.rounded(.towardZero)).magnitude == 0.5 {
                // a product that falls exactly halfway: the exact value of d × 10 decides (0.05
                // is a little more than a half-step), and it is p plus the product's rounding
                // error, which a fused multiply-add gives exactly; a true tie goes to even, as
                // printf rounds it
                let error = (-p).addingProduct(d, 10)
                t = error > 0 ? p.rounded(.up) : error < 0 ? p.rounded(.down) : p.rounded(.toNearestOrEven)
            }
            let n = Int(t), m = n.magnitude
            if n < 0 || (n == 0 && d < 0) { bytes.append(0x2D) }
            // the integer part's digits, most significant first, without a buffer of their own
            var q = m / 10, scale: UInt = 1
            while q / scale >= 10 { scale *= 10 }
            repeat { bytes.append(UInt8(0x30 + (q / scale) % 10)); scale /= 10 } while scale > 0
            bytes.append(0x2E)
            bytes.append(UInt8(0x30 + m % 10))
        }
    }

    /// The characters of a text, as `count` gives them; an ASCII text (nearly every label)
    /// has one per byte, found without breaking it into characters.
    static func characters(_ s: String) -> Int {
        var s = s
        if let n = s.withUTF8({ u in u.allSatisfy { $0 < 0x80 } ? u.count : nil }) { return n }
        return s.count
    }

    /// A coordinate with one decimal, as "%.1f" writes it (without Foundation's formatter,
    /// which was most of the chart's time on a large timeline).
    static func f(_ d: Double) -> String {
        var b = SVGBytes()
        b.number(d)
        return String(decoding: b.bytes, as: UTF8.self)
    }
}
