// SPDX-License-Identifier: Apache-2.0
#include "rules/CalendarDate.h"

#include <array>

namespace madoguchi {

bool CalendarDate::isLeapYear(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int CalendarDate::daysInMonth(int y, int m) {
    static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12) {
        return 0;
    }
    if (m == 2 && isLeapYear(y)) {
        return 29;
    }
    return kDays[static_cast<std::size_t>(m - 1)];
}

bool CalendarDate::isValid() const {
    return year >= 1 && year <= 9999 && day >= 1 && day <= daysInMonth(year, month);
}

std::optional<CalendarDate> CalendarDate::fromDigits(std::string_view s) {
    if (s.size() != 8) {
        return std::nullopt;
    }
    int values[3] = {0, 0, 0};
    for (std::size_t i = 0; i < 8; ++i) {
        if (s[i] < '0' || s[i] > '9') {
            return std::nullopt;
        }
        int& v = values[i < 4 ? 0 : (i < 6 ? 1 : 2)];
        v = v * 10 + (s[i] - '0');
    }
    CalendarDate date{values[0], values[1], values[2]};
    if (!date.isValid()) {
        return std::nullopt;
    }
    return date;
}

CalendarDate CalendarDate::today(const Clock& clock, std::chrono::minutes utcOffset) {
    const auto local = clock.now() + utcOffset;
    const std::chrono::year_month_day ymd{std::chrono::floor<std::chrono::days>(local)};
    return CalendarDate{static_cast<int>(ymd.year()), static_cast<int>(unsigned(ymd.month())),
                        static_cast<int>(unsigned(ymd.day()))};
}

int CalendarDate::toNumber() const {
    return year * 10000 + month * 100 + day;
}

SecureBuffer CalendarDate::toDigits() const {
    SecureBuffer out(8);
    int v = toNumber();
    for (std::size_t i = 8; i-- > 0;) {
        out.data()[i] = static_cast<std::uint8_t>('0' + v % 10);
        v /= 10;
    }
    return out;
}

} // namespace madoguchi
