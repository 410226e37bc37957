import Foundation
import ChronographCore
import Testing
@testable import ChronographExtract

/// Tags `text` with the document date `dct` and returns "text=value" for each expression.
func timex(_ text: String, dct: String? = nil) -> [String] {
    let tz = Tokenizer.tokenize(Array(text.utf8))
    let s = SentenceSplitter.english.split(tz)
    return TimeTagger.english.tag(tz, sentences: s, reference: dct.flatMap { CivilDate(iso: $0) }).map {
        String(decoding: tz.text[$0.start..<$0.end], as: UTF8.self) + "=" + $0.value
    }
}

@Suite struct ExplicitDateTests {
    @Test func commonNewsForms() {
        #expect(timex("It happened on 3 May 2024 in Rome.") == ["3 May 2024=2024-05-03"])
        #expect(timex("It happened on May 3, 2024 in Rome.") == ["May 3, 2024=2024-05-03"])
        #expect(timex("Posted Jun 4, 2025 by the desk.") == ["Jun 4, 2025=2025-06-04"])
        #expect(timex("Posted Sept. 14, 2021 by the desk.") == ["Sept. 14, 2021=2021-09-14"])
        #expect(timex("The file is dated 2024-05-03.") == ["2024-05-03=2024-05-03"])
        #expect(timex("The form was signed 05/03/2024.") == ["05/03/2024=2024-05-03"])
        // day first where the month cannot come first, and with dots as Europe writes it
        #expect(timex("The form was signed 14/05/2024.") == ["14/05/2024=2024-05-14"])
        #expect(timex("Published 14.05.2024 at noon; updated 3.6.2024.") == ["14.05.2024=2024-05-14", "noon=XXXX-XX-XXT12:00", "3.6.2024=2024-06-03"])
        // the month's name between dashes
        #expect(timex("Filed 14-May-2024 by the desk.") == ["14-May-2024=2024-05-14"])
        // an ISO date and time, its seconds and zone left out
        #expect(timex("Filed 2024-05-14T10:00:00Z by the desk.") == ["2024-05-14T10:00=2024-05-14T10:00"])
        // a version or a price is no date, nor is a day its month does not have
        #expect(timex("Install version 1.2.3 or 31.02.2024 and pay 14.05 euros.") == [])
        #expect(timex("on Friday, May 3, 2024, the panel met") == ["Friday, May 3, 2024=2024-05-03"])
        #expect(timex("the 3rd of May, 2024") == ["the 3rd of May, 2024=2024-05-03"])
        #expect(timex("In November 2021 the agency asked") == ["November 2021=2021-11"])
        #expect(timex("invaded in February 2022.") == ["February 2022=2022-02"])
        #expect(timex("the 2022 summit") == ["2022=2022"])
        #expect(timex("in the 1990s and the 20th century") == ["the 1990s=199", "the 20th century=19"])
    }

    @Test func invalidDatesAndCountsAreNotDates() {
        #expect(timex("on February 30, 2023 nothing").allSatisfy { !$0.contains("2023-02-30") })
        #expect(timex("About 2000 people and 1500 troops came.") == [])
        #expect(timex("Shares fell 1,999 points.") == [])
        #expect(timex("They may 2 times refuse.") == [])
    }

    @Test func hugeNumbersAreNotDatesAndDoNotOverflow() {
        // an ordinal or a count of decades too large for a machine word once stopped the tagger
        let huge = "99999999999999999999999"
        #expect(timex("On the \(huge)th of May 2024 the envoys met.") == ["May 2024=2024-05"])
        #expect(timex("In the \(huge)th century nobody met.") == [])
        #expect(timex("It lasted 922337203685477581.5 decades.", dct: "2024-05-03") == [])
        #expect(timex("It lasted 2.5 decades.", dct: "2024-05-03") == ["2.5 decades=P25Y"])
        // ordinals of the lexicon's suffixes, in any case, still read as days and centuries
        #expect(timex("the 21ST of May, 2024") == ["the 21ST of May, 2024=2024-05-21"])
        #expect(timex("the 2nd of May, 2024") == ["the 2nd of May, 2024=2024-05-02"])
        #expect(timex("the 3xx of May, 2024") == ["May, 2024=2024-05"])
    }

    @Test func leapDay() {
        #expect(timex("on February 29, 2024") == ["February 29, 2024=2024-02-29"])
    }
}

/// The compiled trigger runs: every rule that can start at a word (or a number) is in its run
/// once, the rules a match of one token can satisfy first. A word whose next token no rule can
/// use tries only those; an expression of one word still matches there, and a longer one where
/// the next token fits.
@Suite struct TriggerRunTests {
    @Test func runsListEveryRuleOneTokenRulesFirst() {
        let g = TimeGrammar.english, c = g.compiled
        func check(_ list: ArraySlice<Int32>, short: Int, expected: [Int]) {
            #expect(list.map(Int.init).sorted() == expected)
            #expect(list.prefix(short).allSatisfy { c.rules[Int($0)].minTokens < 2 })
            #expect(list.dropFirst(short).allSatisfy { c.rules[Int($0)].minTokens >= 2 })
        }
        for i in c.triggerKeys.indices where c.triggerKeys[i] != 0 {
            let start = Int(c.triggerStart[i])
            check(c.triggerList[start..<(start + Int(c.triggerCount[i]))], short: Int(c.triggerShort[i]), expected: g.triggerRules[c.triggerKeys[i]]!)
        }
        check(c.triggerList[Int(c.numericFirst)..<Int(c.numericEnd)], short: Int(c.numericShort), expected: g.numericRules)
        #expect(g.triggerRules.count == c.triggerKeys.filter { $0 != 0 }.count)
    }

    /// A rule of two or more tokens is not tried when the next token is in none of the word
    /// sets it can use there: that must change no match. The example articles and sentences
    /// where "the", a number, a month or "last" opens expressions of every length, tagged with
    /// and without the skipping.
    @Test func rulesSkippedByTheNextWordWouldMatchNothing() throws {
        let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples")
        var texts = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
            .map { String(decoding: try Data(contentsOf: dir.appendingPathComponent($0)), as: UTF8.self) }
        let openers = ["the", "The", "last", "early", "3", "12", "2021", "May", "Friday", "the first", "the end of", "the past"]
        let nexts = ["year", "week", "first", "second", "day", "spring", "1990s", "same", "past", "next", "following", "end",
                     "quarter", "morning", "of", "two", "three", "months", "May", "2020", "20th", "century", "company", "talks", "and"]
        var sentences: [String] = []
        for (i, o) in openers.enumerated() {
            for (j, n) in nexts.enumerated() {
                sentences.append("They met \(o) \(n) \(nexts[(i + j) % nexts.count]) and left on \(i + 1) June \(2000 + j).")
            }
        }
        texts.append(sentences.joined(separator: " "))
        var plain = TimeTagger.english
        plain.skipsRulesByNextWord = false
        var found = 0
        for text in texts {
            let tz = Tokenizer.tokenize(Array(text.utf8))
            let s = SentenceSplitter.english.split(tz)
            let ref = CivilDate(year: 2024, month: 5, day: 3)
            let fast = TimeTagger.english.tag(tz, sentences: s, reference: ref), all = plain.tag(tz, sentences: s, reference: ref)
            #expect(fast.map { "\($0.start) \($0.end) \($0.value)" } == all.map { "\($0.start) \($0.end) \($0.value)" })
            found += fast.count
        }
        #expect(found > 300)
        // the skipping is at work: most rules of two or more tokens that "the" opens have a set
        let c = TimeGrammar.english.compiled, h = TimeGrammar.hash(Array("the".utf8))
        let i = try #require(c.triggerKeys.firstIndex(of: h))
        let long = (Int(c.triggerStart[i] + c.triggerShort[i]))..<Int(c.triggerStart[i] + c.triggerCount[i])
        #expect(long.count > 20)
        #expect(long.filter { c.listFollow[$0] >= 0 }.count * 2 > long.count)
    }

    @Test func oneWordAndLongerExpressionsAfterTheSameTrigger() {
        #expect(timex("The talks resumed today, and the rest waits.", dct: "2024-05-03") == ["today=2024-05-03"])
        #expect(timex("They met the day before yesterday.", dct: "2024-05-03") == ["the day before yesterday=2024-05-01"])
        #expect(timex("The year ended. The summer of 2021 was dry.", dct: "2024-05-03").contains("The summer of 2021=2021-SU"))
    }
}

/// The tagger's memos (word hashes, lowercase words) are windows of a few thousand tokens,
/// direct-mapped by token index: in a long text, a slot is shared by tokens far apart and must
/// never answer for the wrong one.
@Suite struct LongTextTests {
    @Test func aLongTextIsTaggedAsItsParagraphsAre() {
        let months = ["January", "March", "June", "August", "October", "December"]
        let days = ["Monday", "Tuesday", "Thursday", "Saturday"]
        // paragraphs of different lengths, so that tokens far apart share memo slots
        let paragraphs = (0..<700).map { i in
            "The council met on \(i % 27 + 1) \(months[i % 6]) \(1990 + i % 30)" + String(repeating: " and argued again", count: i % 5)
                + ". Yesterday the mayor spoke, and last \(days[i % 4]) the \(["budget", "plan", "vote"][i % 3]) was delayed until \(months[(i + 2) % 6]) 2021."
        }
        let text = paragraphs.joined(separator: "\n\n")
        let whole = timex(text, dct: "2024-05-03")
        let alone = paragraphs.flatMap { timex($0, dct: "2024-05-03") }
        #expect(Tokenizer.tokenize(Array(text.utf8)).tokens.count > 4 * TimeTagger.memoWindow(.max))
        #expect(whole.count == 4 * paragraphs.count)
        #expect(whole == alone)
    }
}
