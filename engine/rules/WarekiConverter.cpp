// SPDX-License-Identifier: Apache-2.0
#include "rules/WarekiConverter.h"

#include "rules/RuleText.h"
#include "rules/TextNormalizer.h"
#include "rules/Utf8.h"

#include <array>
#include <utility>

namespace madoguchi {

namespace {

// Era boundaries: 大正 1912-07-30, 昭和 1926-12-25 (改元の詔書, the day of accession), 平成
// 1989-01-08 (昭和64年政令第1号), 令和 2019-05-01 (平成31年政令第143号), per 元号法
// (昭和54年法律第43号). On 1912-07-30 and 1926-12-25 both eras were in use; like government tables,
// the day belongs to the new era, so 明治45年7月29日 and 大正15年12月24日 are the last days
// accepted. 明治 was proclaimed on 1868-10-23 (慶応4年9月8日, retroactive to that year's 1月1日),
// but Japan used the lunisolar calendar until 明治5年12月2日 and adopted the Gregorian calendar on
// 明治6年1月1日 = 1873-01-01 (明治5年太政官布告第337号). A Meiji 1-5 date cannot be turned into
// a Gregorian day without a lunisolar table, and birth dates start at 1900, so Meiji dates are
// accepted from 明治6年1月1日 only (BeforeGregorianCalendar before that).
constexpr CalendarDate kGregorianAdoption{1873, 1, 1};

const std::array<EraInfo, 5> kEras{{
    {Era::Meiji,
     "明治",
     "㍾",
     'M',
     1867,
     {1868, 10, 23},
     kGregorianAdoption,
     CalendarDate{1912, 7, 29}},
    {Era::Taisho,
     "大正",
     "㍽",
     'T',
     1911,
     {1912, 7, 30},
     {1912, 7, 30},
     CalendarDate{1926, 12, 24}},
    {Era::Showa, "昭和", "㍼", 'S', 1925, {1926, 12, 25}, {1926, 12, 25}, CalendarDate{1989, 1, 7}},
    {Era::Heisei, "平成", "㍻", 'H', 1988, {1989, 1, 8}, {1989, 1, 8}, CalendarDate{2019, 4, 30}},
    {Era::Reiwa, "令和", "㋿", 'R', 2018, {2019, 5, 1}, {2019, 5, 1}, std::nullopt},
}};

Refusal refusal(RefusalReason reason, std::string offending = {}, std::size_t position = 0,
                int limit = 0) {
    return Refusal{reason, RuleId::EraDate, std::move(offending), position, limit};
}

// Walks normalised UTF-8 one code point at a time, counting code points for positions.
class Cursor {
public:
    explicit Cursor(std::string_view text) : m_text(text) {}

    bool atEnd() const { return m_offset >= m_text.size(); }
    std::size_t position() const { return m_index; }
    char32_t peek() const {
        std::size_t o = m_offset;
        return Utf8::decodeNext(m_text, o).value_or(0);
    }
    void advance() {
        if (Utf8::decodeNext(m_text, m_offset)) {
            ++m_index;
        }
    }
    bool consume(std::string_view token) {
        if (!m_text.substr(m_offset).starts_with(token)) {
            return false;
        }
        m_index += Utf8::length(token).value_or(0);
        m_offset += token.size();
        return true;
    }
    bool consumeAny(std::initializer_list<std::string_view> tokens) {
        for (auto t : tokens) {
            if (consume(t)) {
                return true;
            }
        }
        return false;
    }
    bool skipSpaces() {
        bool any = false;
        while (!atEnd() && peek() == U' ') {
            advance();
            any = true;
        }
        return any;
    }
    // Up to maxDigits ASCII digits; nullopt if there are none or too many.
    std::optional<int> number(std::size_t maxDigits) {
        int value = 0;
        std::size_t count = 0;
        while (!atEnd() && rule_text::isAsciiDigit(peek())) {
            if (++count > maxDigits) {
                return std::nullopt;
            }
            value = value * 10 + static_cast<int>(peek() - U'0');
            advance();
        }
        return count == 0 ? std::nullopt : std::optional<int>(value);
    }
    Refusal unexpected() const {
        return refusal(RefusalReason::MalformedEraDate,
                       atEnd() ? std::string{} : Utf8::encode(peek()), m_index);
    }

private:
    std::string_view m_text;
    std::size_t m_offset = 0;
    std::size_t m_index = 0;
};

} // namespace

std::string_view toString(Era era) {
    switch (era) {
    case Era::Meiji:
        return "Meiji";
    case Era::Taisho:
        return "Taisho";
    case Era::Showa:
        return "Showa";
    case Era::Heisei:
        return "Heisei";
    case Era::Reiwa:
        return "Reiwa";
    }
    return "Unknown";
}

std::span<const EraInfo> WarekiConverter::eras() {
    return kEras;
}

const EraInfo& WarekiConverter::info(Era era) {
    for (const auto& e : kEras) {
        if (e.era == era) {
            return e;
        }
    }
    return kEras.back();
}

Checked<CalendarDate> WarekiConverter::fromEra(Era era, int eraYear, int month, int day) {
    const EraInfo& e = info(era);
    const CalendarDate date{e.yearOffset + eraYear, month, day};
    if (eraYear < 1 || eraYear > 999 || !date.isValid()) {
        return {std::nullopt, refusal(RefusalReason::NotADate)};
    }
    if (e.last && date > *e.last) {
        return {std::nullopt, refusal(RefusalReason::AfterEraEnd, {}, 0, e.last->toNumber())};
    }
    if (date < kGregorianAdoption) {
        return {std::nullopt, refusal(RefusalReason::BeforeGregorianCalendar, {}, 0,
                                      kGregorianAdoption.toNumber())};
    }
    if (date < e.firstAccepted) {
        return {std::nullopt,
                refusal(RefusalReason::BeforeEraStart, {}, 0, e.firstAccepted.toNumber())};
    }
    return {date, std::nullopt};
}

Checked<CalendarDate> WarekiConverter::parse(std::string_view text) {
    NormalizedText norm = TextNormalizer::normalize(text, {.lowercase = true, .trimSpaces = true});
    if (!norm.valid()) {
        return {std::nullopt, refusal(RefusalReason::InvalidUtf8, {}, *norm.invalidUtf8At)};
    }
    if (norm.codePoints == 0) {
        return {std::nullopt, refusal(RefusalReason::Empty)};
    }
    Cursor c(norm.text.view());
    const EraInfo* era = nullptr;
    for (const auto& e : kEras) {
        const char lower = static_cast<char>(e.initial - 'A' + 'a');
        if (c.consume(e.kanji) || c.consume(e.squareSymbol) ||
            c.consume(std::string_view(&lower, 1))) {
            era = &e;
            break;
        }
    }
    if (era == nullptr) {
        return {std::nullopt, refusal(RefusalReason::UnknownEra, Utf8::encode(c.peek()), 0)};
    }
    c.skipSpaces();
    std::optional<int> year = c.consume("元") ? std::optional<int>(1) : c.number(3);
    if (!year) {
        return {std::nullopt, c.unexpected()};
    }
    bool spaced = c.skipSpaces();
    if (!c.consumeAny({"年", ".", "/", "-"}) && !spaced) {
        return {std::nullopt, c.unexpected()};
    }
    c.skipSpaces();
    const std::optional<int> month = c.number(2);
    if (!month) {
        return {std::nullopt, c.unexpected()};
    }
    spaced = c.skipSpaces();
    if (!c.consumeAny({"月", ".", "/", "-"}) && !spaced) {
        return {std::nullopt, c.unexpected()};
    }
    c.skipSpaces();
    const std::optional<int> day = c.number(2);
    if (!day) {
        return {std::nullopt, c.unexpected()};
    }
    c.skipSpaces();
    c.consume("日");
    c.skipSpaces();
    if (!c.atEnd()) {
        return {std::nullopt, c.unexpected()};
    }
    return fromEra(era->era, *year, *month, *day);
}

Checked<WarekiDate> WarekiConverter::toWareki(const CalendarDate& date) {
    if (!date.isValid()) {
        return {std::nullopt, refusal(RefusalReason::NotADate)};
    }
    if (date < kGregorianAdoption) {
        return {std::nullopt, refusal(RefusalReason::BeforeGregorianCalendar, {}, 0,
                                      kGregorianAdoption.toNumber())};
    }
    for (auto it = kEras.rbegin(); it != kEras.rend(); ++it) {
        if (date >= it->firstAccepted) {
            return {WarekiDate{it->era, date.year - it->yearOffset, date.month, date.day},
                    std::nullopt};
        }
    }
    return {std::nullopt, refusal(RefusalReason::BeforeGregorianCalendar)}; // unreachable
}

Checked<WarekiDate> WarekiConverter::toWareki(std::string_view yyyymmdd) {
    NormalizedText norm = TextNormalizer::normalize(yyyymmdd, {.trimSpaces = true});
    if (!norm.valid()) {
        return {
            std::nullopt,
            Refusal{RefusalReason::InvalidUtf8, RuleId::EightDigits, {}, *norm.invalidUtf8At, 0}};
    }
    const std::string_view digits = norm.text.view();
    if (auto bad = rule_text::firstDisallowed(digits, rule_text::isAsciiDigit)) {
        bad->rule = RuleId::EightDigits;
        return {std::nullopt, std::move(*bad)};
    }
    if (norm.codePoints != 8) {
        return {std::nullopt,
                Refusal{norm.codePoints == 0 ? RefusalReason::Empty : RefusalReason::NotEightDigits,
                        RuleId::EightDigits,
                        {},
                        0,
                        8}};
    }
    const auto date = CalendarDate::fromDigits(digits);
    if (!date) {
        return {std::nullopt, Refusal{RefusalReason::NotADate, RuleId::RealDate, {}, 0, 0}};
    }
    return toWareki(*date);
}

} // namespace madoguchi
