import ChronographCore
import Foundation
import Testing
@testable import ChronographExtract

/// "text=value" pairs for a text whose document date is `dct` (a Friday, 3 May 2024, by default).
func tags(_ text: String, dct: String? = "2024-05-03") -> [String] { timex(text, dct: dct) }

@Suite struct ExplicitFormsTests {
    @Test func moreExplicitForms() {
        #expect(tags("It opened on May 3rd.") == ["May 3rd=2024-05-03"])
        #expect(tags("By mid-2023 the plan stalled.") == ["mid-2023=2023"])
        #expect(tags("In early March the envoys met.") == ["early March=2024-03"])
        #expect(tags("The talks began in late 2021.").contains { $0.hasSuffix("=2021") })
        #expect(tags("Work started in 1998.") == ["1998=1998"])
        #expect(tags("They met at 10:30 a.m. on the pier.") == ["10:30 a.m.=2024-05-03T10:30"])
        // a clock time with its weekday is on that day, not the document's (Friday 3 May 2024)
        #expect(tags("Trading stopped at 3 p.m. Tuesday.") == ["3 p.m. Tuesday=2024-04-30T15:00"])
        #expect(tags("At 3 p.m. on Tuesday trading stopped.") == ["3 p.m. on Tuesday=2024-04-30T15:00"])
        #expect(tags("On Tuesday at 3:30 p.m. trading stopped.") == ["Tuesday at 3:30 p.m.=2024-04-30T15:30"])
        #expect(tags("The market will open Monday at 9 a.m. EST.") == ["Monday at 9 a.m. EST=2024-05-06T09:00"])
        // wire copy's four-digit clock, with its zone only ("in 1430" is a year)
        #expect(tags("The blast came at 0735 GMT on Friday.") == ["0735 GMT on Friday=2024-05-03T07:35Z"])
        #expect(tags("Polls closed at 2000 UTC.") == ["2000 UTC=2024-05-03T20:00Z"])
        #expect(tags("The abbey was built in 1430 and closed in 2460 BC.") == ["1430=1430"])
        #expect(tags("The vote was held in the third quarter of 2023.") == ["the third quarter of 2023=2023-Q3"])
        #expect(tags("Rates fell in the second half of the year.", dct: "2024-05-10") == ["the second half of the year=2024-H2"])
        #expect(tags("Sales rose in the first quarter of this year.", dct: "2024-05-10") == ["the first quarter of this year=2024-Q1"])
        #expect(tags("The election is due in the first half of next year.", dct: "2023-12-28") == ["the first half of next year=2024-H1"])
        #expect(tags("Sales fell in the fourth quarter of last year.", dct: "2024-02-10") == ["the fourth quarter of last year=2023-Q4"])
        // quarters and halves written short
        #expect(tags("The project started in Q3 2022.") == ["Q3 2022=2022-Q3"])
        #expect(tags("Sales rose in Q1 of 2023 and again in 2023 Q2.") == ["Q1 of 2023=2023-Q1", "2023 Q2=2023-Q2"])
        #expect(tags("Revenue doubled in H1 2023 after a weak H2 2022.") == ["H1 2023=2023-H1", "H2 2022=2022-H2"])
        // after a comma, a number is no year of the quarter ("in Q3, 2000 units were sold")
        #expect(tags("In Q3, 2000 units were sold.") == ["Q3=2023-Q3"])
        #expect(tags("Profit fell in Q1.") == ["Q1=2024-Q1"])
        #expect(tags("Results for Q4 will come in January.") == ["Q4=2024-Q4", "January=2025-01"])
        // a half written short needs its year ("the H1 visa" is no time)
        #expect(tags("She applied for an H1 visa.") == [])
        #expect(tags("Sales fell in the first half of 2022.") == ["the first half of 2022=2022-H1"])
    }
}

@Suite struct RelativeDateTests {
    @Test func dayWords() {
        #expect(tags("The minister spoke today.") == ["today=2024-05-03"])
        #expect(tags("The minister spoke yesterday.") == ["yesterday=2024-05-02"])
        #expect(tags("The minister will speak tomorrow.") == ["tomorrow=2024-05-04"])
    }

    @Test func weekdaysByTenseAndCue() {
        #expect(tags("The ministers met on Wednesday.") == ["Wednesday=2024-05-01"])
        #expect(tags("The ministers will meet on Wednesday.") == ["Wednesday=2024-05-08"])
        #expect(tags("The ministers meet next Tuesday.") == ["next Tuesday=2024-05-07"])
        #expect(tags("The ministers met last Friday.") == ["last Friday=2024-04-26"])
        #expect(tags("The ministers met on Friday.") == ["Friday=2024-05-03"], "the document's own weekday is that day")
        // a future in a relative clause after a comma is that clause's
        #expect(tags("Ortiz named Varga on Wednesday, replacing Petrov, who will lead the treasury.") == ["Wednesday=2024-05-01"])
        #expect(tags("Ortiz will name Varga on Wednesday, replacing Petrov, who resigned.") == ["Wednesday=2024-05-08"])
        // ... and one before the expression, set off by commas, too; an expression inside one
        // reads its cues only
        #expect(tags("The board, which meets monthly, approved the plan on Tuesday.", dct: "2024-05-10") == ["monthly=P1M", "Tuesday=2024-05-07"])
        #expect(tags("On Tuesday the board approved the plan, which takes effect in June.", dct: "2024-05-10") == ["Tuesday=2024-05-07", "June=2024-06"])
        #expect(tags("The strike, which began on Monday, will end on Wednesday.", dct: "2024-05-10") == ["Monday=2024-05-06", "Wednesday=2024-05-15"])
        // a predicate joined after the expression is another clause
        #expect(tags("Ortiz named Varga on Wednesday and will brief the cabinet.", dct: "2024-05-10") == ["Wednesday=2024-05-08"])
        #expect(tags("The company reported results Thursday and will hold a call on Monday.", dct: "2024-05-10")
                == ["Thursday=2024-05-09", "Monday=2024-05-13"])
        // a plan made in the past for a day to come, as "scheduled" and "expected" are
        #expect(tags("The envoys planned to leave Lusaka on Saturday.") == ["Saturday=2024-05-04"])
    }

    @Test func yearsWithAPrefix() {
        #expect(tags("Exiles remember post-1959 Havana and pre-1990 Berlin.") == ["post-1959=1959", "pre-1990=1990"])
    }

    /// Days said in words, as broadcast transcripts write them.
    @Test func daysInWords() {
        #expect(tags("The vote is set for March eighth.", dct: "1998-03-05") == ["March eighth=1998-03-08"])
        #expect(tags("They met on the third of May.", dct: "1998-06-05") == ["the third of May=1998-05-03"])
    }

    @Test func theWeekOfADay() {
        // the ISO week that holds the day: 6 March 2000 is a Monday of week 10
        #expect(tags("Hearings resume the week of March 6.", dct: "2000-02-24") == ["the week of March 6=2000-W10"])
        // 1 January 2021 lies in the last week of 2020
        #expect(tags("Hearings resume the week of 1 January.", dct: "2020-12-20") == ["the week of 1 January=2020-W53"])
        #expect(tags("Hearings resume the week of March 6.", dct: nil) == ["the week of March 6=XXXX-WXX"])
        // with its year, that year's day, whatever the document date: 30 December 2024 lies in
        // the first week of 2025
        #expect(tags("Hearings resumed the week of December 30, 2024.", dct: "2024-05-10") == ["the week of December 30, 2024=2025-W01"])
        #expect(tags("Hearings resume the week of 6 January 2025.", dct: nil) == ["the week of 6 January 2025=2025-W02"])
    }

    @Test func yearEndsAndFortnights() {
        #expect(tags("Output peaked at the end of last year and may recover by year's end.", dct: "2024-05-10")
                == ["the end of last year=2023", "year's end=2024"])
        #expect(tags("He left a fortnight ago, after a fortnight of talks.", dct: "2024-05-10") == ["a fortnight ago=2024-W17", "a fortnight=P2W"])
        #expect(tags("Selling may go on in the weeks ahead.", dct: "2024-05-10") == ["the weeks ahead=PXW"])
        // an hour and the part of the day it falls in
        #expect(tags("The convoy left at 4 in the morning and returned at 9 in the evening.", dct: "2024-05-10")
                == ["4 in the morning=2024-05-10T04:00", "9 in the evening=2024-05-10T21:00"])
    }

    @Test func theEndOfTheMonthAndFiscalYears() {
        #expect(tags("A decision is expected by the end of the month.", dct: "2024-05-10") == ["the end of the month=2024-05"])
        #expect(tags("The beginning of the month was quiet.", dct: nil) == ["The beginning of the month=XXXX-XX"])
        #expect(tags("Sales rose in FY 2023 and in fiscal 2024.") == ["FY 2023=2023", "fiscal 2024=2024"])
    }

    /// A weekday's afternoon or evening keeps that part of the day; its morning or night is the day.
    @Test func weekdaysWithAPartOfTheDay() {
        #expect(tags("The ministers met on Wednesday evening.") == ["Wednesday evening=2024-05-01TEV"])
        #expect(tags("The ministers will meet on Tuesday afternoon.") == ["Tuesday afternoon=2024-05-07TAF"])
        #expect(tags("The ministers met on Wednesday morning.") == ["Wednesday morning=2024-05-01"])
        #expect(tags("The ministers met on Wednesday night.") == ["Wednesday night=2024-05-01"])
        // the middle of a part of the day, of the document's day or the day before
        #expect(tags("Shares fell by mid-afternoon.") == ["mid-afternoon=2024-05-03TAF"])
        #expect(tags("The vote came in mid afternoon yesterday.") == ["mid afternoon yesterday=2024-05-02TAF"])
        #expect(tags("The vote came mid-morning today.") == ["mid-morning today=2024-05-03TMO"])
        // with no document date, the weekday stays underspecified, with its part of the day
        #expect(tags("The ministers met on Wednesday evening.", dct: nil) == ["Wednesday evening=XXXX-WXX-3TEV"])
    }

    @Test func tenseCuesInTiers() {
        // document date: Friday 3 May 2024
        // a deadline or an earliest time lies ahead of the report
        #expect(tags("The envoys have until Tuesday to answer.") == ["Tuesday=2024-05-07"])
        #expect(tags("The father could arrive as soon as Thursday.") == ["Thursday=2024-05-09"])
        #expect(tags("The talks should end by August.") == ["August=2024-08"])
        #expect(tags("Traders sold their shares ahead of Tuesday's vote.") == ["Tuesday=2024-05-07"])
        #expect(tags("Traders squared positions ahead of the weekend.", dct: "2024-05-06") == ["the weekend=2024-W19-WE"])
        // a possessive: something that has happened ("Wednesday's ruling")
        #expect(tags("Lawyers would look for ways around Wednesday's ruling by the court.") == ["Wednesday=2024-05-01"])
        // a strong cue wins over nearer weak ones (an adjective in -ed, a modal)
        #expect(tags("The carrier will add flights to markets untouched by the crisis by August.") == ["August=2024-08"])
        #expect(tags("The shares would be paid on a still unspecified date in January.") == ["January=2025-01"])
        #expect(tags("The company said it expects to release results in mid-November.") == ["mid-November=2024-11"])
        // a future word after "had" is a plan of the past
        #expect(tags("The offer had been due to expire Thursday.") == ["Thursday=2024-05-02"])
        // "is to", "are set to": a plan ahead; "were set to": a plan of the past
        #expect(tags("The exchange is to reopen for trading in Vienna Tuesday.") == ["Tuesday=2024-05-07"])
        #expect(tags("Peace talks, set to resume Monday in Geneva, drew protests.") == ["Monday=2024-05-06"])
        #expect(tags("Both delegations are poised to sign the accord Thursday.") == ["Thursday=2024-05-09"])
        #expect(tags("The talks were set to resume Monday in Geneva.") == ["Monday=2024-04-29"])
        // without such a word before it, "to" is no cue
        #expect(tags("Traders rushed to sell their shares Tuesday.") == ["Tuesday=2024-04-30"])
        // capitalized words in -ed are names, not verbs in the past
        #expect(tags("The father would be traveling to the United States on Tuesday with his wife.") == ["Tuesday=2024-05-07"])
        // a reporting verb right next to the expression: past
        #expect(tags("The envoy said Tuesday that talks will resume.") == ["Tuesday=2024-04-30"])
        // a reporting verb before the expression, in its own clause, dates the report
        #expect(tags("The minister told a news conference on Tuesday that the blockade might be extended.") == ["Tuesday=2024-04-30"])
        // a verb in the past near the expression wins over a future word far off in another clause
        #expect(tags("The three envoys issued a joint statement Friday saying the entry of their countries into the pact will bring calm.", dct: "2024-05-04") == ["Friday=2024-05-03"])
        // further off, a reporting verb does not decide: the nearer March (document of 10 February)
        #expect(tags("The alliance has decided to admit three members in early March, an official said.", dct: "1999-02-10") == ["early March=1999-03"])
        // a future word used as a noun is no cue
        #expect(tags("In September, the firm announced plans to buy the unit.", dct: "1989-10-30") == ["September=1989-09"])
        // quarters with their year, or a year off
        #expect(tags("It lost money in the 1988 second quarter.", dct: "1989-10-27") == ["the 1988 second quarter=1988-Q2"])
        #expect(tags("It expects a profit in next year's first quarter.", dct: "1989-10-27") == ["next year's first quarter=1990-Q1"])
        #expect(tags("It earned less than in the year-ago third quarter.", dct: "1989-10-27") == ["the year-ago third quarter=1988-Q3"])
        // a year's quarter without its number: the quarter the report is about, in that year (a
        // year is no count of quarters)
        #expect(tags("Sales were lower than in the 1988 quarter.", dct: "1989-10-30") == ["the 1988 quarter=1988-Q3"])
        #expect(tags("Sales were lower than in the 1988 quarter.", dct: "1990-02-05") == ["the 1988 quarter=1988-Q4"])
        #expect(tags("Sales were lower than in the 1988 quarter.", dct: nil) == ["the 1988 quarter=1988-QX"])
        #expect(tags("It took the 12 quarters before to recover.", dct: "1989-10-30") == ["the 12 quarters=P12Q"])
        // a fraction is no time: "three-quarters of" a quantity
        #expect(tags("The country buys about three-quarters of its grain abroad.", dct: "1989-10-30").isEmpty)
        #expect(tags("Sales rose in the first three quarters.", dct: "1989-10-30") == ["the first three quarters=P3Q"])
        // more of a length, and lengths as adjectives
        #expect(tags("The inspectors asked for two more weeks.") == ["two more weeks=P2W"])
        #expect(tags("The lease runs for at least 20 more years.") == ["at least 20 more years=P20Y"])
        #expect(tags("The board granted an additional year.") == ["an additional year=P1Y"])
        #expect(tags("Dockers began a day-long strike.") == ["day-long=P1D"])
        #expect(tags("The envoys held a three-day-long summit.") == ["three-day-long=P3D"])
        #expect(tags("Nobody wanted a decade-long feud.") == ["decade-long=P10Y"])
        #expect(tags("The feud lasted two decades, the rivalry three centuries.") == ["two decades=P20Y", "three centuries=P300Y"])
        // a clock time with the day of a month it falls on is one time expression on that day
        #expect(tags("The offer runs until 5 p.m. EST Nov. 9.", dct: "1989-11-02") == ["5 p.m. EST Nov. 9=1989-11-09T17:00"])
        #expect(tags("The offer runs until 5 p.m. EST, Nov. 6.", dct: "1989-10-30") == ["5 p.m. EST, Nov. 6=1989-11-06T17:00"])
        #expect(tags("Bids close at 9:30 a.m. on the pier, and voting at 11:15 a.m. March 2.", dct: "2024-02-20")
                == ["9:30 a.m.=2024-02-20T09:30", "11:15 a.m. March 2=2024-03-02T11:15"])
        #expect(tags("The offer runs until 5 p.m. EST Nov. 9.", dct: nil) == ["5 p.m. EST Nov. 9=XXXX-11-09T17:00"])
    }

    @Test func spokenYearsHolidaysAndNumbersInWords() {
        // broadcast transcripts read years out
        #expect(tags("Prices rose in nineteen ninety-six and fell in nineteen seventy nine.") == ["nineteen ninety-six=1996", "nineteen seventy nine=1979"])
        #expect(tags("The mission flew in the winter of nineteen ninety-four.") == ["the winter of nineteen ninety-four=1994-WI"])
        #expect(tags("Sales peaked in January nineteen ninety-seven.") == ["January nineteen ninety-seven=1997-01"])
        #expect(tags("By the year two thousand the plant had closed.") == ["the year two thousand=2000"])
        // "two thousand" alone is a count
        #expect(tags("Some two thousand people marched.").isEmpty)
        // a holiday on the Nth weekday of a month; "Day" belongs to the holiday's name
        #expect(tags("Families met on Thanksgiving Day.", dct: "1999-12-02") == ["Thanksgiving Day=1999-11-25"])
        #expect(tags("Families will meet next Thanksgiving.", dct: "1999-12-02") == ["next Thanksgiving=2000-11-23"])
        #expect(tags("Families met on Christmas Day.", dct: "1999-12-27") == ["Christmas Day=1999-12-25"])
        #expect(tags("Families met on Thanksgiving.", dct: nil) == ["Thanksgiving=XXXX-11"])
        // numbers of two words
        #expect(tags("Markets fell over the last twenty four hours.") == ["the last twenty four hours=PT24H"])
        #expect(tags("The talks lasted thirty-six hours.") == ["thirty-six hours=PT36H"])
        // half a unit, in the next unit down
        #expect(tags("The talks lasted half an hour.") == ["half an hour=PT30M"])
        #expect(tags("The strike took half a day.") == ["half a day=PT12H"])
        #expect(tags("The rebuilding took nearly half a century.") == ["half a century=P50Y"])
        #expect(tags("The survey ran for half a year.") == ["half a year=P6M"])
        #expect(tags("The survey ran for two and a half weeks.") == ["two and a half weeks=P17DT12H"])
        #expect(tags("The survey ran for half a month.") == ["half a month=P15D"])
    }

    /// Feasts that move with the year, and named days of several words: placed by tense and
    /// cue around the document date like any day of a month; only when capitalized.
    @Test func bareSeasonsAndTheHolidays() {
        // a season after a preposition, without it; placed by tense as "the spring" is
        #expect(tags("Inflation should ease by spring.", dct: "2025-01-08") == ["spring=2025-SP"])
        #expect(tags("Prices rose in summer.", dct: "2025-01-08") == ["summer=2024-SU"])
        // by tense: a season not begun is the last one in the past tense; one long over is the
        // next one in the future tense; one just over may still be this year's
        #expect(tags("Prices rose in the summer.", dct: "2025-01-08") == ["the summer=2024-SU"])
        #expect(tags("Prices will fall in the spring.", dct: "2025-01-08") == ["the spring=2025-SP"])
        #expect(tags("Prices will fall by spring.", dct: "2024-08-20") == ["spring=2025-SP"])
        #expect(tags("Demand will stay high well into the summer.", dct: "2024-10-20") == ["the summer=2024-SU"])
        // "spring" as a noun is no season, and a season's word may begin a name
        #expect(tags("The water comes from a spring.", dct: "2025-01-08") == [])
        #expect(tags("He lives in Spring Valley and works in Fall River.", dct: "2025-01-08") == [])
        #expect(tags("The protests began in Spring 2011.", dct: "2025-01-08") == ["Spring 2011=2011-SP"])
        // the year-end holidays: the December before a January article, the coming one in autumn
        #expect(tags("The ministers met over the holidays.", dct: "2025-01-08") == ["the holidays=2024-12"])
        #expect(tags("Shops will hire more staff for the holiday season.", dct: "2024-10-02") == ["the holiday season=2024-12"])
    }

    @Test func feastsAndNamedDays() {
        // Easter 2024 was March 31; Easter 2025 is April 20
        #expect(tags("Pilgrims filled the old city on Good Friday.", dct: "2024-05-03") == ["Good Friday=2024-03-29"])
        #expect(tags("The ministry will publish the figures after Easter.", dct: "2024-12-01") == ["Easter=2025-04-20"])
        #expect(tags("Shops closed on Easter Monday.", dct: "2024-05-03") == ["Easter Monday=2024-04-01"])
        #expect(tags("Talks stalled before Palm Sunday.", dct: "2024-05-03") == ["Palm Sunday=2024-03-24"])
        #expect(tags("The fast began on Ash Wednesday.", dct: "2024-05-03") == ["Ash Wednesday=2024-02-14"])
        #expect(tags("Crowds gathered on Pentecost.", dct: "2024-05-03") == ["Pentecost=2024-05-19"])
        #expect(tags("Next Easter the shrine reopens.", dct: "2024-03-10") == ["Next Easter=2024-03-31"])
        #expect(tags("Last Easter the shrine was shut.", dct: "2024-03-10") == ["Last Easter=2023-04-09"])
        // the week that ends on Easter Sunday (an ISO week runs Monday to Sunday)
        #expect(tags("Hotels filled during Easter week.", dct: "2000-04-24") == ["Easter week=2000-W16"])
        #expect(tags("Hotels filled during Holy Week.", dct: nil) == ["Holy Week=XXXX-WXX"])
        #expect(tags("Hotels will fill during Easter Week.", dct: "2000-01-10") == ["Easter Week=2000-W16"])
        #expect(tags("Crowds gathered at Easter.", dct: nil) == ["Easter=XXXX-XX-XX"])
        // with the year the text gives: that year's day, whatever the document date
        #expect(tags("The shrine has been shut since Easter 2023.", dct: "2024-05-03") == ["Easter 2023=2023-04-09"])
        #expect(tags("The shrine has been shut since Easter 2023.", dct: nil) == ["Easter 2023=2023-04-09"])
        #expect(tags("The fire broke out on Christmas Day, 2021.") == ["Christmas Day, 2021=2021-12-25"])
        #expect(tags("Prices have doubled since Christmas 2022.") == ["Christmas 2022=2022-12-25"])
        #expect(tags("The deal was signed on New Year's Eve 2019.") == ["New Year's Eve 2019=2019-12-31"])
        #expect(tags("The family last met at Thanksgiving 2020.") == ["Thanksgiving 2020=2020-11-26"])
        #expect(tags("Pilgrims came on Good Friday 2022.") == ["Good Friday 2022=2022-04-15"])
        // after a comma, a number is the year only after "Day" or "Sunday"
        #expect(tags("By Christmas, 2000 jobs had gone.") == ["Christmas=2023-12-25"])
        // days on a weekday of a month, and fixed days named by several words
        #expect(tags("Parades were held on Memorial Day.", dct: "2024-06-10") == ["Memorial Day=2024-05-27"])
        #expect(tags("Unions rallied on Labor Day.", dct: "2023-09-20") == ["Labor Day=2023-09-04"])
        #expect(tags("The strike began on Christmas Eve.", dct: "2024-01-05") == ["Christmas Eve=2023-12-24"])
        #expect(tags("Fireworks lit the bay on New Year's Eve.", dct: "2024-01-02") == ["New Year's Eve=2023-12-31"])
        #expect(tags("The bank reopens after New Year's Day.", dct: "2023-12-20") == ["New Year's Day=2024-01-01"])
        #expect(tags("Last Christmas the plant stood idle.", dct: "2024-05-03") == ["Last Christmas=2023-12-25"])
        #expect(tags("Sales of masks peak before Halloween.", dct: "2024-10-02") == ["Halloween=2024-10-31"])
        // not feasts: lowercase words, a place, an accord named after its day
        #expect(!tags("It was a good friday for the markets.", dct: "2024-05-03").contains { $0.contains("2024-03-29") })
        #expect(tags("The ship reached Easter Island.", dct: "2024-05-03").isEmpty)
        #expect(tags("The Good Friday Agreement held.", dct: "2024-05-03").isEmpty)
    }

    @Test func theYearOfAReport() {
        #expect(tags("Sales for the full year rose 13%.", dct: "1989-11-02") == ["the full year=1989"])
        #expect(tags("It expects a loss for the current fiscal year.", dct: "1989-11-02") == ["the current fiscal year=1989"])
        #expect(tags("The stock hit a high for the year in June.", dct: "1989-11-02") == ["the year=1989", "June=1989-06"])
        #expect(tags("Revenue was $76 million for the year ended March 31.", dct: "1989-11-02") == ["the year=P1Y", "March 31=1989-03-31"])
        #expect(tags("It hopes to cut costs by the end of the year.", dct: "1989-11-02") == ["the end of the year=1989"])
    }

    @Test func vagueDurationsAndNamedDecades() {
        #expect(tags("Prices have not been this high in years.") == ["years=PXY"])
        #expect(tags("The talks could last for weeks or months.") == ["weeks or months=PXW"])
        #expect(tags("Music of the nineties sold well.") == ["the nineties=199"])
        // a unit counted is no vague duration
        #expect(tags("The talks lasted for three weeks.") == ["three weeks=P3W"])
    }

    @Test func theWeekendByTense() {
        // 13 August 1990 is a Monday: "over the weekend" is the one just past
        #expect(tags("Officials confirmed the reports over the weekend.", dct: "1990-08-13") == ["the weekend=1990-W32-WE"])
        // a Thursday: with no cue the coming one, with a past cue the one before
        #expect(tags("Talks continue over the weekend.", dct: "1990-08-16") == ["the weekend=1990-W33-WE"])
        #expect(tags("Talks stalled over the weekend.", dct: "1990-08-16") == ["the weekend=1990-W32-WE"])
        #expect(tags("Talks resume this weekend.", dct: "1990-08-13") == ["this weekend=1990-W33-WE"])
    }

    @Test func quartersOfTheCurrentYear() {
        // in October, "will report third-quarter results" speaks of the quarter just ended
        #expect(tags("The company expects to report earnings for the third quarter.", dct: "2024-10-20") == ["the third quarter=2024-Q3"])
        #expect(tags("The company expects to report a profit in the first quarter.", dct: "2024-10-20") == ["the first quarter=2025-Q1"])
        // "the quarter" is the one the report last named (a fiscal first quarter); none named:
        // the last quarter ended before the document
        #expect(tags("The brewer earned $3 million in its fiscal first quarter. Sales in the quarter rose 2%.", dct: "2024-10-20")
                == ["fiscal first quarter=2024-Q1", "the quarter=2024-Q1"])
        #expect(tags("Sales in the quarter rose 2%.", dct: "2024-10-20") == ["the quarter=2024-Q3"])
        // "a year-earlier loss": the quarter a year back, not "a year"
        #expect(tags("The brewer posted a loss, compared with a year-earlier loss of $2 million.", dct: "2024-10-20")
                == ["year-earlier=2023-Q3"])
    }

    @Test func unitsRelativeToTheDocumentDate() {
        #expect(tags("He travelled there last week.") == ["last week=2024-W17"])
        #expect(tags("New sanctions came this week.") == ["this week=2024-W18"])
        #expect(tags("He spent eight days in Russia last month.") == ["eight days=P8D", "last month=2024-04"])
        #expect(tags("Profits rose last year.") == ["last year=2023"])
        #expect(tags("Talks resumed earlier this month.") == ["earlier this month=2024-05"])
        #expect(tags("The pact was signed two years ago.") == ["two years ago=2022"])
        #expect(tags("The pact was signed three weeks ago.") == ["three weeks ago=2024-W15"])
        #expect(tags("Sales rose in the third quarter.") == ["the third quarter=2023-Q3"])
        #expect(tags("Sales rose last quarter.") == ["last quarter=2024-Q1"])
    }

    @Test func monthsWithoutAYear() {
        #expect(tags("The ministers met in March.") == ["March=2024-03"])
        #expect(tags("The ministers will meet in June.") == ["June=2024-06"])
        #expect(tags("In March of last year, reporters waited.") == ["March of last year=2023-03"])
        #expect(tags("The summit was held last March.") == ["last March=2024-03"])
        #expect(tags("The summit is planned for next March.") == ["next March=2025-03"])
        #expect(tags("The summit was held last June.") == ["last June=2023-06"])
    }

    @Test func yearBoundaries() {
        // a January article: "in December" is last December; "in February" (future) is next month
        #expect(tags("The accord was signed in December.", dct: "2024-01-10") == ["December=2023-12"])
        #expect(tags("The accord will be signed in February.", dct: "2024-01-10") == ["February=2024-02"])
        #expect(tags("The deadline is Jan. 14.", dct: "2023-12-28") == ["Jan. 14=2024-01-14"], "a day named without its year is the nearest one")
        #expect(tags("Talks ended last week.", dct: "2021-01-06") == ["last week=2020-W53"])
        #expect(tags("He arrived yesterday.", dct: "2024-03-01") == ["yesterday=2024-02-29"], "leap day")
        #expect(tags("It happened on Feb. 29.", dct: "2024-03-05") == ["Feb. 29=2024-02-29"])
        // a period that ended on a day: the last such day before the document, however far back
        #expect(tags("Sales rose 4% in the fiscal year ended Jan. 31.", dct: "2024-10-30") == ["the fiscal year=P1Y", "Jan. 31=2024-01-31"])
        #expect(tags("The refinery will be sold by Jan. 31.", dct: "2024-10-30") == ["Jan. 31=2025-01-31"])
    }

    @Test func rangesSeasonsDecadesCenturies() {
        let r = tags("He spent eight days—April 20-28—in Russia.")
        #expect(r == ["eight days=P8D", "April 20=2024-04-20", "28=2024-04-28"])
        #expect(tags("The declaration was signed in the spring.", dct: "2022-11-09") == ["the spring=2022-SP"])
        // "this past spring": the last spring over by the document date
        #expect(tags("Sales fell this past spring.", dct: "2022-11-09") == ["this past spring=2022-SP"])
        #expect(tags("Sales fell this past autumn.", dct: "2022-03-09") == ["this past autumn=2021-FA"])
        #expect(tags("Growth slowed in the 1990s.") == ["the 1990s=199"])
        #expect(tags("Empires of the 20th century fell.") == ["the 20th century=19"])
    }

    @Test func rangesAreLinked() throws {
        let text = "Chen spent eight days, April 20-28, in Russia."
        let tz = Tokenizer.tokenize(Array(text.utf8))
        let ms = TimeTagger.english.tag(tz, sentences: SentenceSplitter.english.split(tz), reference: CivilDate(iso: "2024-05-03"))
        let first = try #require(ms.first { $0.value == "2024-04-20" })
        #expect(first.rangeEnd == "2024-04-28")
        #expect(ms.contains { $0.value == "2024-04-28" && $0.isRangeEnd })
        let between = TimeTagger.english.tag(Tokenizer.tokenize(Array("between 2014 and 2016".utf8)), sentences: [], reference: nil)
        #expect(between.first?.rangeEnd == "2016")
        // a range of days written out, "from" or "between" left out of it
        for (text, start, end) in [("Talks ran from 20 to 22 May.", "2024-05-20", "2024-05-22"),
                                   ("Talks ran between May 10 and May 12.", "2024-05-10", "2024-05-12"),
                                   ("Talks ran between May 10 and 12.", "2024-05-10", "2024-05-12")] {
            let ms = TimeTagger.english.tag(Tokenizer.tokenize(Array(text.utf8)), sentences: [], reference: CivilDate(iso: "2024-05-16"))
            #expect(ms.first?.value == start && ms.first?.rangeEnd == end, "\(text)")
            #expect(!(ms.first.map { String(decoding: Array(text.utf8)[$0.start..<$0.end], as: UTF8.self) }?.hasPrefix("from") ?? true))
        }
    }

    @Test func weeksByTheirLastDayAndDaysWithTheirWeekday() {
        #expect(tags("Claims for the week ending May 10 rose.", dct: "2024-05-16") == ["the week ending May 10=2024-W19"])
        #expect(tags("The report was revised on Tuesday, 14 May.", dct: "2024-05-16") == ["Tuesday, 14 May=2024-05-14"])
        #expect(tags("Rates have risen for 18 consecutive months and three straight days.") == ["18 consecutive months=P18M", "three straight days=P3D"])
    }

    @Test func aRangeGivesItsYearToItsFirstPart() throws {
        // the year written once, at the end, is the first part's too (not the document's)
        #expect(tags("The truce held from 1 March to 15 March 2023.") == ["1 March=2023-03-01", "15 March 2023=2023-03-15"])
        #expect(tags("Prices fell between June and August 2021.") == ["June=2021-06", "August 2021=2021-08"])
        // a first part that would come after the last one is in the year before
        #expect(tags("The strike ran from 20 December to 5 January 2022.") == ["20 December=2021-12-20", "5 January 2022=2022-01-05"])
        // with no document date too, and the first part is then explicit
        #expect(tags("The truce held from 1 March to 15 March 2023.", dct: nil) == ["1 March=2023-03-01", "15 March 2023=2023-03-15"])
        let tz = Tokenizer.tokenize(Array("The truce held from 1 March to 15 March 2023.".utf8))
        let ms = TimeTagger.english.tag(tz, sentences: SentenceSplitter.english.split(tz), reference: nil)
        let first = try #require(ms.first)
        #expect(first.basis == .explicit && first.rangeEnd == "2023-03-15")
        // two dates that are no range keep their own years
        #expect(tags("The truce held on 1 March, and on 15 March 2023 it broke.") == ["1 March=2024-03-01", "15 March 2023=2023-03-15"])
    }

    @Test func vagueReferences() {
        #expect(tags("Prices are now falling.") == ["now=PRESENT_REF"])
        #expect(tags("The office is currently closed.") == ["currently=PRESENT_REF"])
        #expect(tags("The firm recently moved.") == ["recently=PAST_REF"])
        // the future, near or vague: not the next month or quarter
        #expect(tags("Prices should ease in coming months.") == ["coming months=FUTURE_REF"])
        #expect(tags("Profits will recover in the coming quarters.") == ["the coming quarters=FUTURE_REF"])
        #expect(tags("Prices should ease next month.") == ["next month=2024-06"])
        #expect(tags("Rates will stay low in the near term and rise in the near future.") == ["the near term=FUTURE_REF", "the near future=FUTURE_REF"])
        #expect(tags("The board will decide as soon as possible, or at a later date.") == ["as soon as possible=FUTURE_REF", "a later date=FUTURE_REF"])
    }

    @Test func anaphoricExpressionsFollowTheTextsLastPeriod() {
        #expect(tags("Profit rose in the third quarter from a year earlier.", dct: "1989-11-02") == ["the third quarter=1989-Q3", "a year earlier=1988-Q3"])
        #expect(tags("They married in 1995 and divorced two years later.") == ["1995=1995", "two years later=1997"])
        // "that year" is the year of the date the text spoke of, not that date
        #expect(tags("The plant opened in June 1998 and closed later that year.") == ["June 1998=1998-06", "that year=1998"])
        #expect(tags("The ferry sank on 4 May 1998; divers arrived that same day.") == ["4 May 1998=1998-05-04", "that same day=1998-05-04"])
        // in an earnings report, "a year ago" is the quarter a year back, however far the
        // quarter was named; one look back does not start from another
        let report = "The brewer earned $12 million in the third quarter. Sales of lager rose 4%. Costs of barley fell. " +
            "Net income was $9 million a year ago."
        #expect(tags(report, dct: "1989-10-26") == ["the third quarter=1989-Q3", "a year ago=1988-Q3"])
        #expect(tags("Sales of lager rose 4%. Net income was $9 million a year ago.", dct: "1989-10-26") == ["a year ago=1988"])
        #expect(tags("Profit rose in the third quarter from a year earlier. Revenue also exceeded its level of a year ago.", dct: "1989-11-02")
                == ["the third quarter=1989-Q3", "a year earlier=1988-Q3", "a year ago=1988-Q3"])
        // "the following year" is the year after the one the text just spoke of, as a year
        #expect(tags("The pilot was promoted on June 2, 1995, and the following year she led the squadron.")
                == ["June 2, 1995=1995-06-02", "the following year=1996"])
        #expect(tags("The plant closed in March 1989; the following month the firm was sold.", dct: "1989-10-27")
                == ["March 1989=1989-03", "the following month=1989-04"])
        // with nothing to follow, the document date's
        #expect(tags("The envoys will return the following week.") == ["the following week=2024-W19"])
        // the next day, or its morning, after a day just spoken of; else after the document's day
        #expect(tags("The envoys reached Vienna on 4 March 2024. The next morning they met the minister.", dct: "2024-03-10")
                == ["4 March 2024=2024-03-04", "The next morning=2024-03-05"])
        #expect(tags("The envoys reached Vienna on 4 March 2024 and left the next day.", dct: "2024-03-10")
                == ["4 March 2024=2024-03-04", "the next day=2024-03-05"])
        #expect(tags("The talks resume the next day.", dct: "2024-03-10") == ["the next day=2024-03-11"])
        // a shorter period after a longer one: within or near that one, never the document's
        // ("a week later" after "mid-March" is not a week after a May article)
        #expect(tags("Heavy rain fell in mid-March. A week later the river flooded.", dct: "2024-05-10")
                == ["mid-March=2024-03", "A week later=2024-03"])
        #expect(tags("The mine closed in 2019. Two months later it reopened.", dct: "2024-05-10") == ["2019=2019", "Two months later=2019"])
        // the date the text spoke of up to three sentences before
        #expect(tags("The general resigned on 4 April 2024. Aides were stunned. Troops moved. On the same day, the envoy spoke.", dct: "2024-05-10")
                == ["4 April 2024=2024-04-04", "the same day=2024-04-04"])
        #expect(tags("The general resigned on 4 April 2024. Aides were stunned. Troops moved. Tanks rolled. On the same day, the envoy spoke.", dct: "2024-05-10")
                == ["4 April 2024=2024-04-04", "the same day=2024-05-10"])
        // "the day before" standing alone looks back from that date; before a noun it is a
        // preposition's phrase, placed by what follows ("the day before the vote"): no time
        #expect(tags("The general resigned on 4 April 2024. The day before, troops moved. The week before, aides quit.", dct: "2024-05-10")
                == ["4 April 2024=2024-04-04", "The day before=2024-04-03", "The week before=2024-W13"])
        #expect(tags("The general resigned on 4 April 2024. He left the day before the vote.", dct: "2024-05-10") == ["4 April 2024=2024-04-04"])
        // "the following week" after a day is that day's next ISO week
        #expect(tags("The envoys met on June 2, 1995. The following week they signed.") == ["June 2, 1995=1995-06-02", "The following week=1995-W23"])
        // a week moves by weeks
        #expect(tags("The board met last week. A week later it will vote.", dct: "2024-05-10") == ["last week=2024-W18", "A week later=2024-W19"])
        #expect(tags("The board met in the week of December 30, 2024. Two weeks later it voted.")
                == ["the week of December 30, 2024=2025-W01", "Two weeks later=2025-W03"])
        // "the next week" stays the week after the document's
        #expect(tags("He flew to Oslo on June 2, 1995. The board meets the next week.") == ["June 2, 1995=1995-06-02", "the next week=2024-W19"])
    }
}

@Suite struct DurationSetTests {
    @Test func durations() {
        #expect(tags("They talked for eight days.") == ["eight days=P8D"])
        #expect(tags("Shares fell for eight trading days.") == ["eight trading days=P8D"])
        #expect(tags("Rates will stay low for the next couple of years.") == ["the next couple of years=P2Y"])
        #expect(tags("It was a three-day meeting.") == ["three-day=P3D"])
        #expect(tags("Changes not seen in one hundred years.") == ["one hundred years=P100Y"])
        #expect(tags("The strike lasted 14 days.") == ["14 days=P14D"])
        #expect(tags("He waited five hours.") == ["five hours=PT5H"])
        #expect(tags("It took several years.") == ["several years=PXY"])
    }

    @Test func agesAreNotDurations() {
        #expect(tags("A 6-year-old boy and a man, 52 years old, arrived.") == [])
    }

    @Test func sets() {
        #expect(tags("The council meets every year.") == ["every year=P1Y"])
        #expect(tags("The newsletter appears weekly.") == ["weekly=P1W"])
        #expect(tags("The clinic is closed on Mondays.") == ["Mondays=XXXX-WXX-1"])
        #expect(tags("The board meets twice a year.") == ["twice a year=P1Y"])
        #expect(tags("The board meets three times a month.") == ["three times a month=P1M"])
        #expect(tags("The ferry sails daily.") == ["daily=P1D"])
        #expect(tags("Readings are taken hourly.") == ["hourly=PT1H"])
        #expect(tags("The prize is awarded annually.") == ["annually=P1Y"])
    }

    @Test func halvesGoToTheNextUnitDown() {
        #expect(tags("The dispute lasted 2 1/2 years.") == ["2 1/2 years=P2Y6M"])
        #expect(tags("The speech took a minute and a half.") == ["a minute and a half=PT1M30S"])
    }

    @Test func aMonthWithoutTenseIsThePastUnlessTheNextIsMuchNearer() {
        // no tense cue near the month: October 23 five months before a 6 May article, not five
        // months after it
        #expect(tags("Investigators have been searching since shortly after the Oct. 23 shooting.", dct: "1999-05-06")
            == ["Oct. 23=1998-10-23"])
        // next month is far nearer than last year's: the next one
        #expect(tags("A dividend at a date in January goes to holders of record.", dct: "1999-12-10") == ["January=2000-01"])
    }
}

@Suite struct NoDocumentDateTests {
    @Test func staysUnderspecified() {
        #expect(tags("The ministers met in March.", dct: nil) == ["March=XXXX-03"])
        #expect(tags("The summit opened on Wednesday.", dct: nil) == ["Wednesday=XXXX-WXX-3"])
        #expect(tags("He left yesterday.", dct: nil) == ["yesterday=XXXX-XX-XX"])
        #expect(tags("The Internet as it is today.", dct: nil) == ["today=PRESENT_REF"])
        #expect(tags("Officials met last week.", dct: nil) == ["last week=XXXX-WXX"])
    }

    @Test func capitalizedWordsInNamesAreNotTimes() {
        #expect(tags("They signed the Declaration for the Future of the Internet.") == [])
        #expect(tags("The future of the internet is open.") == ["The future=FUTURE_REF"])
    }

    @Test func undatedDocumentTakesTheYearItsTextFixes() throws {
        let text = "The 2022 summit opened on Wednesday. In the spring the allies signed a declaration."
        let doc = try DocumentLoader.prepare(bytes: Array(text.utf8), path: "u.txt", id: "u", format: .text)
        let ex = Extractor().extract(doc)
        #expect(ex.document.published == nil, "the document date itself is never invented")
        let values = Dictionary(uniqueKeysWithValues: ex.timexes.map { ($0.text, $0.value) })
        #expect(values["the spring"] == "2022-SP")
        #expect(values["Wednesday"] == "XXXX-WXX-3")
    }
}

@Suite struct DocumentDateTests {
    func date(_ text: String, path: String = "doc.txt", format: DocumentFormat = .text, option: String? = nil) throws -> (String?, PublishedSource) {
        let doc = try DocumentLoader.prepare(bytes: Array(text.utf8), path: path, id: "d", format: format)
        return Extractor(options: ExtractOptions(defaultDate: option)).documentDate(doc)
    }

    @Test func articleDateLineBeatsTheRepublishersPageDate() throws {
        let page = """
        DAILY AGGREGATOR
        Jun 4, 2025 | Share
        Advertisement: Try Our New App Today For Free And Get Breaking News Alerts And More Stories
        World Affairs Weekly
        3 May 2024
        By A. Writer

        Envoys from the two countries met in the capital this week and agreed to keep talking about the border, officials said.
        """
        #expect(try date(page) == ("2024-05-03", .header))
    }

    @Test func aBriefsDateLineDatesIt() throws {
        // a short text of short lines: the lines before its first sentence are its header
        #expect(try date("Minister quits\nMay 14, 2024\n\nThe finance minister resigned on Monday, officials said.\n") == ("2024-05-14", .header))
        #expect(try date("Minister quits\nBy Ana Ruiz\nMay 14, 2024\n\nThe minister resigned on Monday. The premier accepted.\n\nA successor is due on Friday.\n")
                == ("2024-05-14", .header))
        // a date in its first sentence is no date line, nor is a date after it
        #expect(try date("Minister quits\n\nThe minister resigned on 14 May 2024, officials said.\n") == (nil, .none))
        #expect(try date("Minister quits\nThe minister resigned on Monday, officials said.\nMay 14, 2024\n") == (nil, .none))
        // a date line holding a time ("2024-05-14T10:00:00Z") dates the article with its day
        #expect(try date("Minister quits\nPosted: 2024-05-14T10:00:00+02:00 by desk\n\nThe minister resigned on Monday, officials said.\n") == ("2024-05-14", .header))
        #expect(try date("Minister quits\nMay 14, 2024 at 3:15 p.m.\n\nThe minister resigned on Monday, officials said.\n") == ("2024-05-14", .header))
        // a date line written the European way
        #expect(try date("Minister quits\nPublished: 14/05/2024\n\nThe minister resigned on Monday, officials said.\n") == ("2024-05-14", .header))
        #expect(try date("Minister quits\nPublished 14.05.2024 10:00\n\nThe minister resigned on Monday, officials said.\n") == ("2024-05-14", .header))
    }

    @Test func headerDateNeedsAShortLine() throws {
        let text = "Envoys Meet Again\n\nThe envoys, who last met on 3 May 2024 in the capital, agreed on Tuesday to keep talking about the border for as long as needed.\n"
        #expect(try date(text) == (nil, .none), "a date inside running text is not the publication date")
    }

    @Test func wireDatelineDatesTheArticle() throws {
        // the dateline that opens the first paragraph, as wire copy writes it
        let reuters = "OSLO, March 3, 2021 (Reuters) - The minister resigned yesterday, officials said, after a week of protests over the budget.\n"
        #expect(try date(reuters, path: "2020-01-01-x.txt") == ("2021-03-03", .header), "before the file name")
        let dash = "Pension talks\n\nPARIS, 3 May 2024 \u{2014} The president met union leaders on Tuesday and promised to revisit the plan before the summer, aides said.\n"
        #expect(try date(dash) == ("2024-05-03", .header))
        let doc = try DocumentLoader.prepare(bytes: Array(reuters.utf8), path: "r.txt", id: "r", format: .text)
        #expect(Extractor().extract(doc).timexes.first { $0.text == "yesterday" }?.value == "2021-03-02")
        // a dateline without its year, or a date past the dateline's dash, dates nothing
        #expect(try date("OSLO, March 3 (Reuters) - The minister resigned yesterday, officials said, after a week of protests over the budget.\n") == (nil, .none))
        #expect(try date("OSLO - The minister, who took office on March 3, 2021, resigned yesterday, officials said, after a week of protests.\n") == (nil, .none))
        // a sentence that opens with a name in capitals is no dateline
        #expect(try date("NASA, which launched the probe on 3 May 2024 - a day late - said the flight went well, officials said on Friday.\n") == (nil, .none))
        #expect(try date("WASHINGTON, D.C., May 3, 2024 (AP) \u{2014} The envoys met on Tuesday and agreed to keep talking about the border, officials said.\n") == ("2024-05-03", .header))
        // a first paragraph that opens with no place in capitals has no dateline
        #expect(try date("The minister resigned on March 3, 2021 - officials said so after a week of protests over the budget and the hospitals.\n") == (nil, .none))
    }

    @Test func filenameDates() throws {
        #expect(try date("Talks resumed.", path: "news/2024-05-03-talks.txt") == ("2024-05-03", .filename))
        #expect(try date("Talks resumed.", path: "apw19980213-1310.txt") == ("1998-02-13", .filename))
        #expect(try date("Talks resumed.", path: "report-2024.txt") == (nil, .none))
        #expect(Extractor.filenameDate("20240229_notes.md") == "2024-02-29")
        #expect(Extractor.filenameDate("20230229_notes.md") == nil)
    }

    @Test func orderOfTrust() throws {
        let fm = "---\ndate: 2024-01-02\n---\nTalks resumed.\n"
        #expect(try date(fm, path: "2023-05-05-x.txt", option: "2020-01-01") == ("2024-01-02", .frontMatter))
        #expect(try date("Talks resumed.", path: "2023-05-05-x.txt", option: "2020-01-01") == ("2023-05-05", .filename))
        #expect(try date("Talks resumed.", option: "2020-01-01") == ("2020-01-01", .option))
        let html = "<html><head><script type=\"application/ld+json\">{\"datePublished\": \"2023-03-22T10:00:00Z\"}</script></head><body><p>Talks resumed.</p></body></html>"
        #expect(try date(html, path: "p.html", format: .html) == ("2023-03-22", .header))
        let time = "<html><body><article><time datetime=\"2021-11-05\">5 Nov</time><p>Talks resumed.</p></article></body></html>"
        #expect(try date(time, path: "p.html", format: .html) == ("2021-11-05", .header))
    }
}

@Suite struct TimeRulesAsDataTests {
    @Test func grammarLoadsFromResourcesAndReportsBadLines() {
        #expect(TimeGrammar.english.rules.count > 100)
        do {
            _ = try TimeGrammar(lexiconLines: ["month | january | 1"], ruleText: "DATE | @nosuchclass | x\n")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("line 1"))
        }
        #expect(throws: (any Error).self) { try TimeGrammar(lexiconLines: [], ruleText: "DATE only two columns\n") }
    }

    /// A rule file is read by its bytes: columns on " | " (a "|" alone separates alternatives),
    /// a range's values on " / ", lines ended by LF or CR LF, line numbers kept for errors.
    @Test func ruleFilesAreCutIntoColumnsAndLines() throws {
        #expect(ResourceFiles.pieces("DATE | @month|mid @year | {year}", " | ") == ["DATE", "@month|mid @year", "{year}"])
        #expect(ResourceFiles.pieces("a |  | b | ", " | ") == ["a", "", "b", ""])
        #expect(ResourceFiles.pieces("x / y", " / ") == ["x", "y"])
        #expect(ResourceFiles.pieces("no separator", " / ") == ["no separator"])
        #expect(ResourceFiles.pieces("", "\n") == [""])
        #expect(ResourceFiles.pieces("ünï | cödé", " | ") == ["ünï", "cödé"])
        let rules = "# dates\r\nDATE | @month @year | {year}-{month}\r\n\r\nDATE | @month @day dash @day2 @year | {year}-{month}-{day} / {year}-{month}-{day2}\r\n"
        let g = try TimeGrammar(lexiconLines: ["month | brumaire | 11"], ruleText: rules)
        #expect(g.rules.map(\.line) == [2, 4])
        #expect(g.rules.map(\.value) == ["{year}-{month}", "{year}-{month}-{day} / {year}-{month}-{day2}"])
        #expect(g.rules[1].rangeTemplates.count == 2 && g.rules[1].rangeSplit == 2)
        #expect(g.rules[0].rangeTemplates.isEmpty && g.rules[0].rangeSplit == nil)
        do {
            _ = try TimeGrammar(lexiconLines: [], ruleText: "# one\r\n\r\nDATE | x | y | z\r\n")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("line 3"))
        }
    }

    @Test func aNewRuleFileChangesBehaviourWithoutCode() throws {
        let g = try TimeGrammar(lexiconLines: ["month | brumaire | 11"], ruleText: "DATE | @month @year | {year}-{month}\n")
        let tz = Tokenizer.tokenize(Array("It fell in Brumaire 1799.".utf8))
        let ms = TimeTagger(grammar: g).tag(tz, sentences: SentenceSplitter.english.split(tz), reference: nil)
        #expect(ms.map(\.value) == ["1799-11"])
    }
}
