import Testing
@testable import ChronographCore

@Suite struct CivilDateTests {
    @Test func dayNumbersRoundTrip() {
        for n in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(CivilDate(dayNumber: n).dayNumber == n)
        }
        #expect(CivilDate(year: 1970, month: 1, day: 1).dayNumber == 0)
        #expect(CivilDate(year: 2000, month: 3, day: 1).dayNumber - CivilDate(year: 2000, month: 2, day: 28).dayNumber == 2)
    }

    @Test func leapDays() {
        #expect(CivilDate(validYear: 2024, month: 2, day: 29) != nil)
        #expect(CivilDate(validYear: 2023, month: 2, day: 29) == nil)
        #expect(CivilDate(validYear: 1900, month: 2, day: 29) == nil)
        #expect(CivilDate(validYear: 2000, month: 2, day: 29) != nil)
        // adding a year of months to a leap day clamps to the 28th
        #expect(CivilDate(year: 2024, month: 2, day: 29).adding(months: 12).iso == "2025-02-28")
        #expect(CivilDate(year: 2024, month: 3, day: 31).adding(months: -1).iso == "2024-02-29")
    }

    @Test func monthArithmeticAcrossYears() {
        #expect(CivilDate(year: 2024, month: 1, day: 15).adding(months: -1).iso == "2023-12-15")
        #expect(CivilDate(year: 2023, month: 12, day: 15).adding(months: 1).iso == "2024-01-15")
        #expect(CivilDate(year: 2024, month: 5, day: 3).adding(months: -26).iso == "2022-03-03")
    }

    @Test func weekdaysAndISOWeeks() {
        #expect(CivilDate(year: 2024, month: 5, day: 3).weekday == 5) // a Friday
        #expect(CivilDate(year: 2022, month: 11, day: 9).weekday == 3) // a Wednesday
        // 2021-01-03 belongs to the last ISO week of 2020 (53 weeks)
        #expect(CivilDate(year: 2021, month: 1, day: 3).isoWeek == (2020, 53))
        #expect(CivilDate(year: 2024, month: 12, day: 30).isoWeek == (2025, 1))
        #expect(CivilDate(year: 2024, month: 5, day: 3).isoWeek == (2024, 18))
        #expect(CivilDate.mondayOf(isoYear: 2025, week: 1).iso == "2024-12-30")
        #expect(CivilDate.weeksIn(isoYear: 2020) == 53)
        #expect(CivilDate.weeksIn(isoYear: 2021) == 52)
    }

    @Test func isoStringsAndPadding() {
        #expect(CivilDate(year: 2024, month: 5, day: 3).iso == "2024-05-03")
        #expect(CivilDate(year: 99, month: 12, day: 31).iso == "0099-12-31")
        #expect(CivilDate(year: 12024, month: 1, day: 1).iso == "12024-01-01")
        #expect(pad(5, 2) == "05")
        #expect(pad(0, 4) == "0000")
        #expect(pad(123, 2) == "123")
        #expect(pad(12345, 4) == "12345")
        #expect(pad(-3, 2) == "-03")
        #expect(pad(7, 6) == "000007")
    }

    @Test func parsesISO() {
        #expect(CivilDate(iso: "2024-05-03")?.day == 3)
        #expect(CivilDate(iso: "2024-05-03T10:00:00Z")?.month == 5)
        #expect(CivilDate(iso: "2024-13-03") == nil)
        #expect(CivilDate(iso: "May 3") == nil)
    }
}

@Suite struct TimexIntervalTests {
    func iv(_ v: String) -> String? {
        TimexValue.interval(of: v).map { "\($0.start.iso)..\($0.end.iso)" }
    }

    @Test func calendarValues() {
        #expect(iv("2024") == "2024-01-01..2024-12-31")
        #expect(iv("2021-11") == "2021-11-01..2021-11-30")
        #expect(iv("2024-02") == "2024-02-01..2024-02-29")
        #expect(iv("2024-05-03") == "2024-05-03..2024-05-03")
        #expect(iv("2024-05-03T14:30") == "2024-05-03..2024-05-03")
    }

    @Test func weeksSeasonsQuartersHalves() {
        #expect(iv("2024-W18") == "2024-04-29..2024-05-05")
        #expect(iv("2024-W18-3") == "2024-05-01..2024-05-01")
        #expect(iv("2022-SP") == "2022-03-01..2022-05-31")
        #expect(iv("2023-WI") == "2023-12-01..2024-02-29")
        #expect(iv("2023-Q1") == "2023-01-01..2023-03-31")
        #expect(iv("2023-H2") == "2023-07-01..2023-12-31")
        #expect(iv("2021-W53") == nil) // 2021 has 52 ISO weeks
    }

    @Test func decadesCenturiesAndRanges() {
        #expect(iv("199") == "1990-01-01..1999-12-31")
        #expect(iv("19") == "1900-01-01..1999-12-31")
        #expect(iv("2024-04-20/2024-04-28") == "2024-04-20..2024-04-28")
        #expect(iv("2024-04/2024-05") == "2024-04-01..2024-05-31")
        #expect(iv("2024-04-28/2024-04-20") == nil) // ends before it starts
        #expect(iv("2024-04-20/") == nil)
        #expect(iv("2024/2025/2026") == "2024-01-01..2026-12-31") // the part after a slash may be a range itself
    }

    @Test func weekendsAndSummerFall() {
        #expect(iv("2024-W18-WE") == "2024-05-04..2024-05-05")
        #expect(iv("2022-SU") == "2022-06-01..2022-08-31")
        #expect(iv("2022-FA") == "2022-09-01..2022-11-30")
        #expect(iv("2023-H1") == "2023-01-01..2023-06-30")
        #expect(iv("2023-Q4") == "2023-10-01..2023-12-31")
    }

    @Test func nonIntervals() {
        for v in ["P8D", "PRESENT_REF", "XXXX-03", "XXXX-WXX-3", "2024-13", "2023-02-29", "", "2023-Q5", "2023-Q0", "2023-SPX",
                  "2023-HX", "2023-é", "2023-W", "2023-5"] {
            #expect(iv(v) == nil, "\(v)")
        }
    }
}

@Suite struct SlugTests {
    @Test func slugs() {
        #expect(slugify("Xi Jinping") == "xi-jinping")
        #expect(slugify("St. Petersburg") == "st-petersburg")
        #expect(slugify("China's ministry of state security") == "chinas-ministry-of-state-security")
        #expect(slugify("Türkiye") == "turkiye")
        #expect(slugify("  U.S.  ") == "u-s")
        #expect(slugify("corpus/wuzhen-letter") == "corpus-wuzhen-letter")
        #expect(slugify("<script>") == "script")
        #expect(slugify("---") == "")
    }
}

@Suite struct EasterTests {
    /// Easter Sunday by the Gregorian computus, against dates from church calendars, the
    /// earliest and latest possible among them; always a Sunday.
    @Test func easterSundays() {
        let known = [(1961, "1961-04-02"), (1998, "1998-04-12"), (2000, "2000-04-23"), (2008, "2008-03-23"), (2011, "2011-04-24"),
                     (2019, "2019-04-21"), (2024, "2024-03-31"), (2025, "2025-04-20"), (2038, "2038-04-25"), (2285, "2285-03-22")]
        for (y, iso) in known { #expect(CivilDate.easter(year: y).iso == iso, "\(y)") }
        for y in 1900...2100 { #expect(CivilDate.easter(year: y).weekday == 7, "\(y)") }
    }
}
