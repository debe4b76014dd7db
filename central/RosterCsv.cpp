// SPDX-License-Identifier: Apache-2.0
#include "central/RosterCsv.h"

#include "core/Uuid.h"

#include <array>
#include <map>
#include <optional>
#include <set>

namespace madoguchi::central {

std::string_view toString(RosterLineProblem problem) {
    switch (problem) {
    case RosterLineProblem::UnterminatedQuote:
        return "unterminated_quote";
    case RosterLineProblem::WrongFieldCount:
        return "wrong_field_count";
    case RosterLineProblem::TempIdInvalid:
        return "temp_id_invalid";
    case RosterLineProblem::TempPasswordEmpty:
        return "temp_password_empty";
    case RosterLineProblem::BirthDateInvalid:
        return "birth_date_invalid";
    case RosterLineProblem::KanaNameEmpty:
        return "kana_name_empty";
    case RosterLineProblem::MemberNumberEmpty:
        return "member_number_empty";
    case RosterLineProblem::DuplicateTempId:
        return "duplicate_temp_id";
    case RosterLineProblem::AlreadyEnrolled:
        return "already_enrolled";
    case RosterLineProblem::StorageFailed:
        return "storage_failed";
    }
    return "unknown";
}

namespace {

constexpr std::array<std::string_view, 5> kColumns{"temp_id", "temp_password", "birth_date",
                                                   "kana_name", "member_number"};

struct RawRecord {
    std::int64_t line = 0;
    std::vector<SecureBuffer> fields;
    bool unterminated = false;
};

// Splits into records; quoted fields may hold commas, quotes ("") and line breaks.
std::vector<RawRecord> splitRecords(std::string_view text) {
    std::vector<RawRecord> records;
    RawRecord current;
    SecureBuffer field;
    bool inQuotes = false;
    bool recordHasContent = false;
    std::int64_t line = 1;
    current.line = 1;
    const auto endRecord = [&](std::int64_t nextLine) {
        current.fields.push_back(std::move(field));
        field = SecureBuffer();
        const bool blank = current.fields.size() == 1 && current.fields[0].empty();
        if (recordHasContent || !blank) {
            records.push_back(std::move(current));
        }
        current = RawRecord();
        current.line = nextLine;
        recordHasContent = false;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (inQuotes) {
            if (c == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field.append(std::string_view("\""));
                    ++i;
                } else {
                    inQuotes = false;
                }
            } else {
                if (c == '\n') {
                    ++line;
                }
                field.append(std::string_view(&c, 1));
            }
            continue;
        }
        if (c == '"' && field.empty()) {
            inQuotes = true;
            recordHasContent = true;
        } else if (c == ',') {
            current.fields.push_back(std::move(field));
            field = SecureBuffer();
            recordHasContent = true;
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            continue; // CRLF: the LF ends the record
        } else if (c == '\n') {
            ++line;
            endRecord(line);
        } else {
            field.append(std::string_view(&c, 1));
            recordHasContent = true;
        }
    }
    if (inQuotes) {
        current.unterminated = true;
        recordHasContent = true;
    }
    endRecord(line);
    return records;
}

std::string trimmed(const SecureBuffer& b) {
    std::string_view v = b.view();
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) {
        v.remove_prefix(1);
    }
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) {
        v.remove_suffix(1);
    }
    return std::string(v);
}

} // namespace

bool RosterCsv::normaliseBirthDate(std::string_view text, SecureBuffer& out) {
    std::array<char, 8> digits{};
    std::size_t n = 0;
    if (text.size() == 8) {
        for (std::size_t i = 0; i < 8; ++i) {
            digits[i] = text[i];
        }
        n = 8;
    } else if (text.size() == 10 && (text[4] == '-' || text[4] == '/') && text[7] == text[4]) {
        for (std::size_t i = 0; i < 10; ++i) {
            if (i != 4 && i != 7) {
                digits[n++] = text[i];
            }
        }
    } else {
        return false;
    }
    int value[8] = {};
    for (std::size_t i = 0; i < 8; ++i) {
        if (digits[i] < '0' || digits[i] > '9') {
            return false;
        }
        value[i] = digits[i] - '0';
    }
    const int year = value[0] * 1000 + value[1] * 100 + value[2] * 10 + value[3];
    const int month = value[4] * 10 + value[5];
    const int day = value[6] * 10 + value[7];
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (year < 1868 || month < 1 || month > 12 || day < 1) {
        return false;
    }
    const int maxDay = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
    if (day > maxDay) {
        return false;
    }
    out = SecureBuffer(std::span<const std::uint8_t>(
        reinterpret_cast<const std::uint8_t*>(digits.data()), digits.size()));
    digits.fill(0);
    return true;
}

Result<RosterParseResult> RosterCsv::parse(const SecureBuffer& csv) {
    std::string_view text = csv.view();
    if (text.substr(0, 3) == "\xEF\xBB\xBF") {
        text.remove_prefix(3);
    }
    auto records = splitRecords(text);
    if (records.empty()) {
        return Error{ErrorCode::InvalidArgument, "roster CSV is empty"};
    }
    // Header: exactly the five known columns, in any order.
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < records[0].fields.size(); ++i) {
        index[trimmed(records[0].fields[i])] = i;
    }
    if (records[0].fields.size() != kColumns.size() || index.size() != kColumns.size()) {
        return Error{ErrorCode::InvalidArgument,
                     "roster header must be: temp_id,temp_password,birth_date,kana_name,"
                     "member_number"};
    }
    for (const auto column : kColumns) {
        if (!index.contains(std::string(column))) {
            return Error{ErrorCode::InvalidArgument,
                         "roster header lacks column " + std::string(column)};
        }
    }
    RosterParseResult result;
    std::set<std::string> seen;
    for (std::size_t r = 1; r < records.size(); ++r) {
        auto& rec = records[r];
        if (rec.unterminated) {
            result.errors.push_back({rec.line, RosterLineProblem::UnterminatedQuote, {}});
            continue;
        }
        if (rec.fields.size() != kColumns.size()) {
            result.errors.push_back({rec.line, RosterLineProblem::WrongFieldCount, {}});
            continue;
        }
        RosterRow row;
        row.line = rec.line;
        row.tempId = trimmed(rec.fields[index.at("temp_id")]);
        row.kanaName = trimmed(rec.fields[index.at("kana_name")]);
        row.memberNumber = trimmed(rec.fields[index.at("member_number")]);
        row.tempPassword = std::move(rec.fields[index.at("temp_password")]);
        const auto& birth = rec.fields[index.at("birth_date")];
        std::optional<RosterLineProblem> problem;
        if (!isPlainId(row.tempId)) {
            problem = RosterLineProblem::TempIdInvalid;
        } else if (row.tempPassword.empty()) {
            problem = RosterLineProblem::TempPasswordEmpty;
        } else if (!normaliseBirthDate(birth.view(), row.birthDate)) {
            problem = RosterLineProblem::BirthDateInvalid;
        } else if (row.kanaName.empty()) {
            problem = RosterLineProblem::KanaNameEmpty;
        } else if (row.memberNumber.empty()) {
            problem = RosterLineProblem::MemberNumberEmpty;
        } else if (!seen.insert(row.tempId).second) {
            problem = RosterLineProblem::DuplicateTempId;
        }
        if (problem) {
            result.errors.push_back(
                {rec.line, *problem,
                 *problem == RosterLineProblem::TempIdInvalid ? "" : row.tempId});
            continue;
        }
        result.rows.push_back(std::move(row));
    }
    return result;
}

} // namespace madoguchi::central
