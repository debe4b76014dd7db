// SPDX-License-Identifier: Apache-2.0
#include "central/CentralService.h"
#include "central/RosterCsv.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <unistd.h>

using namespace madoguchi;
using namespace madoguchi::central;

namespace {

struct ScratchDir {
    std::filesystem::path path;
    ScratchDir() {
        path = std::filesystem::temp_directory_path() /
               ("madoguchi-central-" + std::to_string(::getpid()) + "-" +
                std::to_string(reinterpret_cast<std::uintptr_t>(this)));
        std::filesystem::create_directories(path);
    }
    ~ScratchDir() { std::filesystem::remove_all(path); }
};

std::string readAll(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

} // namespace

TEST(RosterCsv, ReportsEachBadLineWithItsNumberAndProblem) {
    const char* csv = "\xEF\xBB\xBFmember_number,temp_id,temp_password,birth_date,kana_name\r\n"
                      "M-1,T1,pw1,19580401,ヤマダ\r\n"
                      "M-2,T2,pw2,19580231,スズキ\r\n"               // 3: no such date
                      "M-3,T3,,19580401,タナカ\r\n"                  // 4: empty password
                      "M-4,T4,pw4,19580401\r\n"                      // 5: field count
                      "M-5,T1,pw5,19580401,サトウ\r\n"               // 6: duplicate temp ID
                      "\r\n"                                         // blank line: skipped
                      "M-6,T 6,pw6,19580401,イトウ\r\n"              // 8: temp ID with a space
                      "M-7,T7,\"multi\nline\",1958/04/01,カトウ\r\n" // 9-10: fine
                      "M-8,T8,pw8,19580401,\r\n"                     // 11: kana empty
                      "M-9,T9,\"open,19580401,キムラ\r\n";           // 12: unterminated
    auto parsed = RosterCsv::parse(SecureBuffer::fromText(csv));
    ASSERT_TRUE(parsed.ok()) << parsed.error().detail;
    ASSERT_EQ(parsed->rows.size(), 2u);
    EXPECT_EQ(parsed->rows[0].tempId, "T1");
    EXPECT_EQ(parsed->rows[0].memberNumber, "M-1");
    EXPECT_EQ(parsed->rows[1].tempId, "T7");
    EXPECT_EQ(parsed->rows[1].tempPassword.view(), "multi\nline");
    EXPECT_EQ(parsed->rows[1].birthDate.view(), "19580401");
    const std::vector<std::pair<std::int64_t, RosterLineProblem>> expected{
        {3, RosterLineProblem::BirthDateInvalid},  {4, RosterLineProblem::TempPasswordEmpty},
        {5, RosterLineProblem::WrongFieldCount},   {6, RosterLineProblem::DuplicateTempId},
        {8, RosterLineProblem::TempIdInvalid},     {11, RosterLineProblem::KanaNameEmpty},
        {12, RosterLineProblem::UnterminatedQuote}};
    ASSERT_EQ(parsed->errors.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        EXPECT_EQ(parsed->errors[i].line, expected[i].first) << i;
        EXPECT_EQ(parsed->errors[i].problem, expected[i].second) << i;
    }
}

TEST(RosterCsv, RefusesAFileWithoutTheExpectedHeader) {
    EXPECT_FALSE(RosterCsv::parse(SecureBuffer::fromText("T1,pw,19580401,ヤマダ,M-1\n")).ok());
    EXPECT_FALSE(RosterCsv::parse(SecureBuffer::fromText(
                                      "temp_id,temp_password,birth_date,kana_name\nT1,p,1,k\n"))
                     .ok());
    EXPECT_FALSE(RosterCsv::parse(SecureBuffer()).ok());
}

TEST(RosterCsv, NormalisesBirthDatesAndKnowsLeapYears) {
    SecureBuffer out;
    EXPECT_TRUE(RosterCsv::normaliseBirthDate("2000-02-29", out));
    EXPECT_EQ(out.view(), "20000229");
    EXPECT_FALSE(RosterCsv::normaliseBirthDate("1900-02-29", out));
    EXPECT_FALSE(RosterCsv::normaliseBirthDate("2001/02/29", out));
    EXPECT_FALSE(RosterCsv::normaliseBirthDate("1958-04/01", out));
    EXPECT_FALSE(RosterCsv::normaliseBirthDate("S33.4.1", out));
    EXPECT_FALSE(RosterCsv::normaliseBirthDate("19581301", out));
}

// The database file holds neither the temp password nor the birth date in any form a
// grep finds, and the import reports bad lines while keeping the good ones.
TEST(RosterImport, StoresOnlySlowHashesOnDisk) {
    ScratchDir dir;
    const auto db = dir.path / "central.db";
    {
        auto service = CentralService::openFile(db).value();
        auto report = service->importRosterCsv(
            SecureBuffer::fromText("temp_id,temp_password,birth_date,kana_name,member_number\n"
                                   "T0001,Secret-Temp-Pw-77,19580401,ヤマダ タロウ,M-1001\n"
                                   "T0002,x,not-a-date,スズキ,M-1002\n"));
        ASSERT_TRUE(report.ok());
        EXPECT_EQ(report->imported, 1);
        ASSERT_EQ(report->errors.size(), 1u);
        EXPECT_EQ(report->errors[0].line, 3);
        EXPECT_EQ(report->errors[0].tempId, "T0002");
        auto entry = service->store().findRosterEntry("T0001").value();
        ASSERT_TRUE(entry.has_value());
        EXPECT_EQ(entry->verifier.rfind("pbkdf2-sha256$600000$", 0), 0u);
    }
    EXPECT_EQ(std::filesystem::status(db).permissions() & std::filesystem::perms::all,
              std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
    std::string bytes;
    for (const auto& f : std::filesystem::directory_iterator(dir.path)) {
        bytes += readAll(f.path());
    }
    EXPECT_NE(bytes.find("T0001"), std::string::npos); // the file is really the store
    EXPECT_EQ(bytes.find("Secret-Temp-Pw-77"), std::string::npos);
    EXPECT_EQ(bytes.find("19580401"), std::string::npos);
}
