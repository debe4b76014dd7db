// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "core/SecureBuffer.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::central {

// Why a roster line was refused (codes, not text: the operator tool prints them).
enum class RosterLineProblem {
    UnterminatedQuote,
    WrongFieldCount,
    TempIdInvalid, // empty, over 64 bytes, or not printable ASCII
    TempPasswordEmpty,
    BirthDateInvalid, // not YYYYMMDD / YYYY-MM-DD / YYYY/MM/DD, or no such date
    KanaNameEmpty,
    MemberNumberEmpty,
    DuplicateTempId, // twice in the same file (the later line is refused)
    AlreadyEnrolled, // on the roster and enrolled: not replaced
    StorageFailed,
};
std::string_view toString(RosterLineProblem problem);

struct RosterLineError {
    std::int64_t line = 0; // 1-based physical line where the record starts
    RosterLineProblem problem = RosterLineProblem::WrongFieldCount;
    std::string tempId; // when known; never the password or birth date
};

struct RosterRow {
    std::int64_t line = 0;
    std::string tempId;
    SecureBuffer tempPassword;
    SecureBuffer birthDate; // normalised to YYYYMMDD
    std::string kanaName;
    std::string memberNumber;
};

struct RosterParseResult {
    std::vector<RosterRow> rows;
    std::vector<RosterLineError> errors;
};

// Parses the roster CSV (RFC 4180 quoting, UTF-8, optional BOM, CRLF or LF). The first
// line is the header and must name exactly these columns, in any order:
// temp_id, temp_password, birth_date, kana_name, member_number.
// Secret fields go straight into SecureBuffers. A bad header fails the whole file;
// bad lines are reported one by one and the others kept.
class RosterCsv {
public:
    static Result<RosterParseResult> parse(const SecureBuffer& csv);
    // "19580401", "1958-04-01" or "1958/04/01" → "19580401" when the date exists.
    static bool normaliseBirthDate(std::string_view text, SecureBuffer& out);
};

} // namespace madoguchi::central
