// SPDX-License-Identifier: Apache-2.0
#include "rules/WarekiConverter.h"

#include <gtest/gtest.h>

#include <string>

using namespace madoguchi;

namespace {

int parsed(std::string_view text) {
    auto r = WarekiConverter::parse(text);
    return r.ok() ? r.value->toNumber() : -1;
}

RefusalReason refusedFor(std::string_view text) {
    auto r = WarekiConverter::parse(text);
    EXPECT_FALSE(r.ok()) << text;
    EXPECT_TRUE(r.refusal.has_value()) << text;
    return r.refusal ? r.refusal->reason : RefusalReason::Empty;
}

} // namespace

TEST(Wareki, ParsesTheFormsMembersType) {
    EXPECT_EQ(parsed("昭和23年4月5日"), 19480405);
    EXPECT_EQ(parsed("S23.4.5"), 19480405);
    EXPECT_EQ(parsed("s23.04.05"), 19480405);
    EXPECT_EQ(parsed("H1/1/8"), 19890108);
    EXPECT_EQ(parsed("令和元年5月1日"), 20190501);
    EXPECT_EQ(parsed("R5-12-1"), 20231201);
    EXPECT_EQ(parsed("平成３１年４月３０日"), 20190430);
    EXPECT_EQ(parsed("Ｓ２３．４．５"), 19480405);
    EXPECT_EQ(parsed("昭和 23 年 4 月 5 日"), 19480405);
    EXPECT_EQ(parsed("\u3000昭和23 4 5\u3000"), 19480405);
    EXPECT_EQ(parsed("t1.7.30"), 19120730);
    EXPECT_EQ(parsed("M45.7.29"), 19120729);
    EXPECT_EQ(parsed("㍼23年4月5日"), 19480405);
    EXPECT_EQ(parsed("昭和23年4月5"), 19480405); // 日 is optional
    EXPECT_EQ(parsed("R元.5.1"), 20190501);
}

TEST(Wareki, EveryEraBoundaryIsExactOnBothSides) {
    struct Boundary {
        const char* lastDay;
        int lastNumber;
        const char* dayAfterInOldEra;
        const char* firstDay;
        int firstNumber;
        const char* dayBeforeInNewEra;
    };
    const Boundary boundaries[] = {
        {"明治45年7月29日", 19120729, "明治45年7月30日", "大正元年7月30日", 19120730,
         "大正元年7月29日"},
        {"大正15年12月24日", 19261224, "大正15年12月25日", "昭和元年12月25日", 19261225,
         "昭和元年12月24日"},
        {"昭和64年1月7日", 19890107, "昭和64年1月8日", "平成元年1月8日", 19890108,
         "平成元年1月7日"},
        {"平成31年4月30日", 20190430, "平成31年5月1日", "令和元年5月1日", 20190501,
         "令和元年4月30日"},
    };
    for (const auto& b : boundaries) {
        EXPECT_EQ(parsed(b.lastDay), b.lastNumber) << b.lastDay;
        EXPECT_EQ(parsed(b.firstDay), b.firstNumber) << b.firstDay;

        auto after = WarekiConverter::parse(b.dayAfterInOldEra);
        ASSERT_FALSE(after.ok()) << b.dayAfterInOldEra;
        EXPECT_EQ(after.refusal->reason, RefusalReason::AfterEraEnd);
        EXPECT_EQ(after.refusal->limit, b.lastNumber);
        EXPECT_EQ(after.refusal->rule, RuleId::EraDate);

        auto before = WarekiConverter::parse(b.dayBeforeInNewEra);
        ASSERT_FALSE(before.ok()) << b.dayBeforeInNewEra;
        EXPECT_EQ(before.refusal->reason, RefusalReason::BeforeEraStart);
        EXPECT_EQ(before.refusal->limit, b.firstNumber);
    }
}

TEST(Wareki, MeijiIsAcceptedFromTheGregorianCalendarsFirstDay) {
    EXPECT_EQ(parsed("明治6年1月1日"), 18730101);
    auto lunisolar = WarekiConverter::parse("明治5年12月2日");
    ASSERT_FALSE(lunisolar.ok());
    EXPECT_EQ(lunisolar.refusal->reason, RefusalReason::BeforeGregorianCalendar);
    EXPECT_EQ(lunisolar.refusal->limit, 18730101);
    EXPECT_EQ(refusedFor("明治元年10月23日"), RefusalReason::BeforeGregorianCalendar);
}

TEST(Wareki, RefusesYearsFarBeyondAnEra) {
    EXPECT_EQ(refusedFor("昭和99年1月1日"), RefusalReason::AfterEraEnd);
    EXPECT_EQ(refusedFor("平成40年1月1日"), RefusalReason::AfterEraEnd);
    EXPECT_EQ(parsed("令和30年1月1日"), 20480101); // the current era has no end
}

TEST(Wareki, RefusesDaysThatDoNotExist) {
    EXPECT_EQ(refusedFor("昭和23年2月30日"), RefusalReason::NotADate);
    EXPECT_EQ(refusedFor("昭和0年4月5日"), RefusalReason::NotADate);
    EXPECT_EQ(refusedFor("S23.13.1"), RefusalReason::NotADate);
    EXPECT_EQ(parsed("平成12年2月29日"), 20000229);
    EXPECT_EQ(refusedFor("平成11年2月29日"), RefusalReason::NotADate);
}

TEST(Wareki, RefusesUnknownErasNamingWhatWasTyped) {
    auto r = WarekiConverter::parse("慶応3年1月1日");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.refusal->reason, RefusalReason::UnknownEra);
    EXPECT_EQ(r.refusal->offending, "慶");
    EXPECT_EQ(refusedFor("X23.4.5"), RefusalReason::UnknownEra);
    EXPECT_EQ(refusedFor("1948.4.5"), RefusalReason::UnknownEra);
}

TEST(Wareki, RefusesMalformedTextAtTheOffendingCharacter) {
    auto r = WarekiConverter::parse("昭和23年4月5日です");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.refusal->reason, RefusalReason::MalformedEraDate);
    EXPECT_EQ(r.refusal->offending, "で");
    EXPECT_EQ(r.refusal->position, 9U);

    auto missing = WarekiConverter::parse("昭和23年4月");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.refusal->reason, RefusalReason::MalformedEraDate);
    EXPECT_TRUE(missing.refusal->offending.empty()); // ran out of input

    EXPECT_EQ(refusedFor("S23+4+5"), RefusalReason::MalformedEraDate);
    EXPECT_EQ(refusedFor("S2345.4.5"), RefusalReason::MalformedEraDate);
    EXPECT_EQ(refusedFor("昭和"), RefusalReason::MalformedEraDate);
    EXPECT_EQ(refusedFor(""), RefusalReason::Empty);
    EXPECT_EQ(refusedFor("S23.4.5\xFF"), RefusalReason::InvalidUtf8);
}

TEST(Wareki, ConvertsGregorianDatesBackToTheirEra) {
    struct Case {
        const char* digits;
        Era era;
        int year;
    };
    const Case cases[] = {
        {"19480405", Era::Showa, 23},         {"19890107", Era::Showa, 64},
        {"19890108", Era::Heisei, 1},         {"20190430", Era::Heisei, 31},
        {"20190501", Era::Reiwa, 1},          {"19120729", Era::Meiji, 45},
        {"19120730", Era::Taisho, 1},         {"19261224", Era::Taisho, 15},
        {"19261225", Era::Showa, 1},          {"18730101", Era::Meiji, 6},
        {"１９４８０４０５", Era::Showa, 23},
    };
    for (const auto& c : cases) {
        auto w = WarekiConverter::toWareki(std::string_view(c.digits));
        ASSERT_TRUE(w.ok()) << c.digits;
        EXPECT_EQ(w.value->era, c.era) << c.digits;
        EXPECT_EQ(w.value->year, c.year) << c.digits;
    }
    auto tooOld = WarekiConverter::toWareki(std::string_view("18721231"));
    ASSERT_FALSE(tooOld.ok());
    EXPECT_EQ(tooOld.refusal->reason, RefusalReason::BeforeGregorianCalendar);
    EXPECT_EQ(WarekiConverter::toWareki(std::string_view("1948040")).refusal->reason,
              RefusalReason::NotEightDigits);
    EXPECT_EQ(WarekiConverter::toWareki(std::string_view("19480230")).refusal->reason,
              RefusalReason::NotADate);
}

TEST(Wareki, RoundTripsEveryDayFrom1873To2100) {
    // parse(toWareki(d)) == d for every day: the two directions share no code path beyond
    // the era table, so an off-by-one in either shows up here.
    for (CalendarDate d{1873, 1, 1}; d.year <= 2100;) {
        auto w = WarekiConverter::toWareki(d);
        ASSERT_TRUE(w.ok()) << d.toNumber();
        std::string text(WarekiConverter::info(w.value->era).kanji);
        text += std::to_string(w.value->year) + "年" + std::to_string(w.value->month) + "月" +
                std::to_string(w.value->day) + "日";
        ASSERT_EQ(parsed(text), d.toNumber()) << text;
        if (++d.day > CalendarDate::daysInMonth(d.year, d.month)) {
            d.day = 1;
            if (++d.month > 12) {
                d.month = 1;
                ++d.year;
            }
        }
    }
}

TEST(Wareki, ListsErasOldestFirstWithContiguousRanges) {
    auto eras = WarekiConverter::eras();
    ASSERT_EQ(eras.size(), 5U);
    EXPECT_EQ(eras.front().era, Era::Meiji);
    EXPECT_EQ(eras.back().era, Era::Reiwa);
    EXPECT_FALSE(eras.back().last.has_value());
    EXPECT_EQ(eras.front().firstAccepted.toNumber(), 18730101);
    for (std::size_t i = 0; i + 1 < eras.size(); ++i) {
        ASSERT_TRUE(eras[i].last.has_value());
        // The day after one era's last day is the next era's first day.
        auto next = WarekiConverter::toWareki(CalendarDate{eras[i + 1].start});
        ASSERT_TRUE(next.ok());
        EXPECT_EQ(next.value->era, eras[i + 1].era);
        EXPECT_EQ(next.value->year, 1);
        auto last = WarekiConverter::toWareki(*eras[i].last);
        ASSERT_TRUE(last.ok());
        EXPECT_EQ(last.value->era, eras[i].era);
    }
}

TEST(Wareki, FromEraChecksPickerInput) {
    auto ok = WarekiConverter::fromEra(Era::Heisei, 1, 1, 8);
    ASSERT_TRUE(ok.ok());
    EXPECT_EQ(ok.value->toNumber(), 19890108);
    EXPECT_EQ(WarekiConverter::fromEra(Era::Heisei, 1, 1, 7).refusal->reason,
              RefusalReason::BeforeEraStart);
    EXPECT_EQ(WarekiConverter::fromEra(Era::Showa, -1, 1, 1).refusal->reason,
              RefusalReason::NotADate);
}
