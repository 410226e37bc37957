import Testing
@testable import ChronographExtract

func sentences(_ text: String) -> [String] {
    let tz = Tokenizer.tokenize(Array(text.utf8))
    return SentenceSplitter.english.split(tz).map { String(decoding: tz.text[$0.start..<$0.end], as: UTF8.self) }
}

@Suite struct TokenizerTests {
    func words(_ s: String) -> [String] {
        let tz = Tokenizer.tokenize(Array(s.utf8))
        return tz.tokens.map { tz.string($0) }
    }

    @Test func tokens() {
        #expect(words("Xi's plan") == ["Xi", "'s", "plan"])
        #expect(words("Xi\u{2019}s plan") == ["Xi", "\u{2019}s", "plan"])
        #expect(words("the U.S. and U.N. said") == ["the", "U.S.", "and", "U.N.", "said"])
        #expect(words("rose 3.5% to 1,200") == ["rose", "3.5", "%", "to", "1,200"])
        #expect(words("on May 3rd, 2024-05-03") == ["on", "May", "3rd", ",", "2024", "-", "05", "-", "03"])
        #expect(words("don't O'Brien") == ["don't", "O'Brien"])
        #expect(words("a three-day meeting") == ["a", "three", "-", "day", "meeting"])
        #expect(words("eight days\u{2014}April 20-28\u{2014}in") == ["eight", "days", "\u{2014}", "April", "20", "-", "28", "\u{2014}", "in"])
    }

    @Test func spacingAndLines() {
        let tz = Tokenizer.tokenize(Array("A\n\nB C".utf8))
        #expect(tz.tokens.map(\.newlinesBefore) == [0, 2, 0])
        #expect(tz.tokens.map(\.spaceBefore) == [true, true, true])
    }

    /// A token's length is 16 bits: a longer run without a break becomes several tokens, cut
    /// at character boundaries, that cover it exactly; the text around it is unaffected.
    @Test func overlongRunsAreCutAtCharacterBoundaries() {
        for run in [String(repeating: "a", count: 140_000), String(repeating: "\u{e9}", count: 40_000), String(repeating: "7", count: 70_000)] {
            let text = "Before it\n\n" + run + " after it."
            let tz = Tokenizer.tokenize(Array(text.utf8))
            let pieces = Array(tz.tokens.dropFirst(2).dropLast(3))
            #expect(pieces.count >= 2)
            #expect(pieces.allSatisfy { $0.end - $0.start <= Tokenizer.maxTokenBytes })
            #expect(pieces.map { tz.string($0) }.joined() == run)
            #expect(pieces.first!.newlinesBefore == 2 && pieces.first!.spaceBefore)
            #expect(pieces.dropFirst().allSatisfy { !$0.spaceBefore && $0.newlinesBefore == 0 })
            #expect(tz.tokens.prefix(2).map { tz.string($0) } == ["Before", "it"])
            #expect(tz.tokens.suffix(3).map { tz.string($0) } == ["after", "it", "."])
        }
    }
}

@Suite struct SentenceSplitterTests {
    @Test func abbreviationsInitialsDecimals() {
        let s = sentences("Dr. Lena Ortiz met Gen. Park at St. Mary's on Jan. 5 to discuss item No. 7 of the U.S. plan. It cost 2.5 million. J. R. Smith agreed.")
        #expect(s == ["Dr. Lena Ortiz met Gen. Park at St. Mary's on Jan. 5 to discuss item No. 7 of the U.S. plan.",
                      "It cost 2.5 million.", "J. R. Smith agreed."])
    }

    @Test func acronymAtSentenceEnd() {
        #expect(sentences("The envoy flew to the U.S. The talks began.") == ["The envoy flew to the U.S.", "The talks began."])
        #expect(sentences("Shares of Acme Inc. rose. Acme Inc. The company said.").count == 3)
    }

    @Test func quotes() {
        #expect(sentences("\"We are ready.\" The minister left. He said \u{201C}Enough!\u{201D} Then he sat.") ==
                ["\"We are ready.\"", "The minister left.", "He said \u{201C}Enough!\u{201D}", "Then he sat."])
    }

    @Test func headlinesAndDatelinesOnTheirOwnLines() {
        let text = "Envoys Agree On New Talks\nReuters\n3 May 2024\n\nThe envoys agreed to meet again. They will meet in June.\nA second paragraph follows here"
        #expect(sentences(text) == ["Envoys Agree On New Talks", "Reuters", "3 May 2024", "The envoys agreed to meet again.",
                                    "They will meet in June.", "A second paragraph follows here"])
    }

    @Test func hardWrappedLinesJoin() {
        let text = """
        The foreign ministers of the two countries met in the capital on Monday to
        discuss the border, officials said, adding that another round was planned
        for the autumn. A joint statement followed the meeting late in the evening
        and was published by both governments on their official websites.
        """
        #expect(sentences(text).count == 2)
    }

    /// What decides that a text is hard-wrapped: the longest line and the lines of 40 bytes or
    /// more, the last line (with no break after it) counting for the width only.
    @Test func hardWrapMeasuresLines() {
        func measure(_ s: String) -> (Bool, Int) { let r = SentenceSplitter.hardWrapped(Array(s.utf8)); return (r.wrapped, r.width) }
        let line = String(repeating: "word ", count: 12) // 60 bytes
        #expect(measure("") == (false, 0))
        #expect(measure("short\nlines\nonly\n") == (false, 5))
        #expect(measure(line + "\n" + line + "\n" + line + "\n") == (true, 60))
        // two long lines ended by a break and a third with none: not enough long lines
        #expect(measure(line + "\n" + line + "\n" + line) == (false, 60))
        // a paragraph on one line of more than 100 bytes: the text is not wrapped
        #expect(measure(line + "\n" + line + "\n" + line + "\n" + line + line + "\n") == (false, 120))
        // a text with no line break at all
        #expect(measure(line + line) == (false, 120))
    }
}
