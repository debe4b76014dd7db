// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "rules/CalendarDate.h"
#include "rules/PolicyResult.h"

#include <optional>
#include <span>
#include <string_view>

namespace madoguchi {

enum class Era { Meiji, Taisho, Showa, Heisei, Reiwa };

std::string_view toString(Era era); // "Showa": for logs; the GUI shows its own era names

struct EraInfo {
    Era era = Era::Reiwa;
    std::string_view kanji;           // 昭和 (also what the parser matches)
    std::string_view squareSymbol;    // ㍼, the single-character form some IMEs offer
    char initial = 'R';               // S (the parser takes either case)
    int yearOffset = 0;               // Gregorian year = yearOffset + era year
    CalendarDate start;               // first day of the era
    CalendarDate firstAccepted;       // first day this converter accepts (differs for Meiji)
    std::optional<CalendarDate> last; // last day; nullopt for the current era
};

struct WarekiDate {
    Era era = Era::Reiwa;
    int year = 0; // 1 is written 元年
    int month = 0;
    int day = 0;
};

// The 和暦 helper of step 2: a member who knows their birth date as 昭和23年4月5日 gets the
// 8 digits the form asks for, and a typed 8-digit date is shown back as 昭和23年.
class WarekiConverter {
public:
    // Oldest first, for a picker.
    static std::span<const EraInfo> eras();
    static const EraInfo& info(Era era);

    // Parses 昭和23年4月5日, S23.4.5, h1/1/8, 令和元年5月1日, R5-12-1, 平成３１年４月３０日,
    // ㍼23年4月5日: an era (kanji, square symbol or Latin initial in either case), a year (digits
    // or 元), month and day, separated by 年 月 (日 optional at the end), '.', '/', '-' or spaces.
    // Full-width input is folded first. Refusals (rule EraDate): InvalidUtf8, Empty,
    // UnknownEra, MalformedEraDate, NotADate, BeforeEraStart, AfterEraEnd,
    // BeforeGregorianCalendar.
    static Checked<CalendarDate> parse(std::string_view text);
    // The same check for a date picked as numbers.
    static Checked<CalendarDate> fromEra(Era era, int eraYear, int month, int day);

    // The reverse: a Gregorian date in the era it falls in (on a change-over day, the new era).
    static Checked<WarekiDate> toWareki(const CalendarDate& date);
    // From the 8 digits the member typed (full-width folded): NotEightDigits, NotADate, ...
    static Checked<WarekiDate> toWareki(std::string_view yyyymmdd);
};

} // namespace madoguchi
