// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Clock.h"
#include "core/SecureBuffer.h"

#include <chrono>
#include <compare>
#include <optional>
#include <string_view>

namespace madoguchi {

// A proleptic Gregorian calendar day. A plain value: a birth date held here is as sensitive
// as its digits, so keep it short-lived and on the stack.
struct CalendarDate {
    int year = 0;
    int month = 0;
    int day = 0;

    static bool isLeapYear(int year);
    static int daysInMonth(int year, int month); // 0 for a month outside 1..12
    bool isValid() const;                        // years 1..9999

    // Exactly 8 ASCII digits forming a valid date; nullopt otherwise.
    static std::optional<CalendarDate> fromDigits(std::string_view yyyymmdd);
    // The local calendar day at `clock.now()` for a fixed UTC offset (Japan: +9 h, no DST).
    static CalendarDate today(const Clock& clock, std::chrono::minutes utcOffset);

    int toNumber() const;          // 19480405
    SecureBuffer toDigits() const; // "19480405"

    auto operator<=>(const CalendarDate&) const = default;
};

} // namespace madoguchi
