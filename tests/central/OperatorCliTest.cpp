// SPDX-License-Identifier: Apache-2.0
// Drives the madoguchi-central binary the way an operator does.
#include "CentralTestSupport.h"
#include "ExternalTool.h"
#include "PostgresTestEnvironment.h"
#include "ScratchDir.h"
#include "central/CentralService.h"
#include "central/PostgresCentralStore.h"
#include "protocol/JsonReader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sys/stat.h>
#include <unistd.h>

using namespace madoguchi;

namespace {

const std::string kBinary = std::string(MADOGUCHI_BINARY_DIR) + "/central/madoguchi-central";

std::string readAll(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

int exitCode(const std::string& command) {
    const int rc = std::system((command + " >/dev/null 2>&1").c_str());
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

} // namespace

TEST(OperatorCli, KeygenImportDeliverExport) {
    const auto dir =
        std::filesystem::temp_directory_path() / ("madoguchi-cli-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string d = dir.string();
    const std::string config = d + "/central.toml";
    std::ofstream(config) << "[storage]\ndatabase = \"central.db\"\n"
                             "[sealing]\nprivate_key = \"seal.key\"\n";
    std::ofstream(dir / "roster.csv")
        << "temp_id,temp_password,birth_date,kana_name,member_number\n"
           "T0001,Pw-One-111,19580401,ヤマダ タロウ,M-1001\n"
           "T0002,pw,1958-13-01,スズキ,M-1002\n";

    ASSERT_EQ(
        exitCode(kBinary + " keygen --private " + d + "/seal.key --public " + d + "/seal.pub"), 0);
    struct stat st {};
    ASSERT_EQ(::stat((dir / "seal.key").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    // An existing key is never replaced.
    EXPECT_EQ(exitCode(kBinary + " keygen --private " + d + "/seal.key --public " + d + "/x.pub"),
              1);

    auto imported = madoguchi::testing::runCommand(
        kBinary + " import-roster " + d + "/roster.csv --config " + config + "; echo rc=$?");
    ASSERT_TRUE(imported.has_value());
    EXPECT_NE(imported->find("line 3: birth_date_invalid (T0002)"), std::string::npos) << *imported;
    EXPECT_NE(imported->find("1 imported, 1 refused"), std::string::npos);
    EXPECT_NE(imported->find("rc=3"), std::string::npos);

    // A kiosk delivers one result (through the core on the same database file).
    {
        central::CentralOptions options;
        options.openingKeyPem = SecureBuffer::fromText(readAll(dir / "seal.key"));
        auto service = central::CentralService::openFile(dir / "central.db", std::move(options));
        ASSERT_TRUE(service.ok());
        centraltest::recordTestLogins((*service)->store(), centraltest::unixNow());
        auto r =
            centraltest::totpResult(centraltest::randomUuid(), "kiosk-01", "T0001", "yamada.taro");
        auto reply = (*service)->submitEnrollment(
            centraltest::sealedSubmission(readAll(dir / "seal.pub"), r));
        ASSERT_TRUE(reply.ok()) << reply.error().detail;
    }

    ASSERT_EQ(exitCode(kBinary + " export --format keycloak --config " + config + " --out " + d +
                       "/export.json"),
              0);
    ASSERT_EQ(::stat((dir / "export.json").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    auto doc = protocol::parseJson(readAll(dir / "export.json"));
    ASSERT_TRUE(doc.ok());
    ASSERT_EQ((*doc)["users"].size(), 1u);
    EXPECT_EQ((*doc)["users"][0]["username"], "yamada.taro");
    EXPECT_EQ(exitCode(kBinary + " export --format csv --config " + config), 2);

    auto items = madoguchi::testing::runCommand(kBinary + " staff-items --json --config " + config);
    ASSERT_TRUE(items.has_value());
    EXPECT_EQ(protocol::parseJson(*items).value(), nlohmann::json::array());
    auto unlocked = madoguchi::testing::runCommand(kBinary + " unlock T0001 --config " + config);
    ASSERT_TRUE(unlocked.has_value());
    EXPECT_EQ(*unlocked, "T0001: had no failures\n");
    EXPECT_EQ(exitCode(kBinary + " serve --config " + d + "/missing.toml"), 1);
    std::filesystem::remove_all(dir);
}

TEST(OperatorCli, HelpGoesToStdoutAndExitsZero) {
    for (const char* flag : {"--help", "-h", "help"}) {
        auto out = madoguchi::testing::runCommand(kBinary + " " + flag + " 2>/dev/null");
        ASSERT_TRUE(out.has_value()) << flag << " did not exit 0";
        EXPECT_NE(out->find("usage: madoguchi-central"), std::string::npos) << flag;
        EXPECT_NE(out->find("staff-items"), std::string::npos) << flag;
    }
    // Bad usage still goes to stderr with exit 2.
    auto bad = madoguchi::testing::runCommand(kBinary + " 2>/dev/null; echo rc=$?");
    ASSERT_TRUE(bad.has_value());
    EXPECT_EQ(*bad, "rc=2\n");
}

TEST(OperatorCli, StaffItemsEscapesControlCharactersFromKiosks) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("madoguchi-cli-staff-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string config = (dir / "central.toml").string();
    std::ofstream(config) << "[storage]\ndatabase = \"central.db\"\n";
    {
        auto service = central::CentralService::openFile(dir / "central.db", {});
        ASSERT_TRUE(service.ok());
        central::StaffItem item;
        item.createdAt = 1767225650;
        item.kind = "envelope_rejected";
        item.enrollmentId = "e1\tforged-column";
        item.kioskId = "kiosk-01";
        // A terminal escape (clear screen), a forged line, and a C1 CSI (U+009B).
        item.detail = "bad\x1b[2J\nid\tX\r\x07 \xc2\x9b"
                      "31m back\\slash";
        ASSERT_TRUE((*service)->store().addStaffItem(item).ok());
    }
    auto out = madoguchi::testing::runCommand(kBinary + " staff-items --config " + config);
    ASSERT_TRUE(out.has_value());
    // A header line and exactly one item line, eight columns each.
    ASSERT_EQ(std::count(out->begin(), out->end(), '\n'), 2) << *out;
    const std::string line = out->substr(out->find('\n') + 1);
    EXPECT_EQ(std::count(line.begin(), line.end(), '\t'), 7) << line;
    EXPECT_EQ(out->find('\x1b'), std::string::npos);
    EXPECT_EQ(out->find('\r'), std::string::npos);
    EXPECT_EQ(out->find('\x07'), std::string::npos);
    EXPECT_EQ(out->find("\xc2\x9b"), std::string::npos);
    EXPECT_NE(line.find("e1\\tforged-column"), std::string::npos) << line;
    EXPECT_NE(line.find("bad\\x1b[2J\\nid\\tX\\r\\x07 \\u009b31m back\\\\slash"), std::string::npos)
        << line;
    // JSON keeps the text as it is (JSON escapes it).
    auto json = madoguchi::testing::runCommand(kBinary + " staff-items --json --config " + config);
    ASSERT_TRUE(json.has_value());
    auto parsed = protocol::parseJson(*json);
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ((*parsed)[0]["enrollment_id"], "e1\tforged-column");
    std::filesystem::remove_all(dir);
}

// The same operator commands with [storage] kind = "postgresql" (a throwaway server).
TEST(OperatorCliOnPostgresql, MigrateImportDeliverExport) {
    std::string why;
    auto* server = test::PostgresTestServer::shared(&why);
    ASSERT_NE(server, nullptr) << why;
    const std::string connection = server->createDatabase(&why);
    ASSERT_FALSE(connection.empty()) << why;
    test::ScratchDir dir;
    const std::string d = dir.path().string();
    const std::string config = d + "/central.toml";
    std::ofstream(config) << "[storage]\nkind = \"postgresql\"\nconnection = \"" << connection
                          << "\"\n[sealing]\nprivate_key = \"seal.key\"\n";
    std::ofstream(dir.file("roster.csv"))
        << "temp_id,temp_password,birth_date,kana_name,member_number\n"
           "T0001,Pw-One-111,19580401,ヤマダ タロウ,M-1001\n";
    ASSERT_EQ(
        exitCode(kBinary + " keygen --private " + d + "/seal.key --public " + d + "/seal.pub"), 0);
    auto migrated = madoguchi::testing::runCommand(kBinary + " migrate --config " + config);
    ASSERT_TRUE(migrated.has_value());
    EXPECT_EQ(*migrated, "postgresql: schema up to date\n");
    // Twice is harmless.
    EXPECT_EQ(exitCode(kBinary + " migrate --config " + config), 0);
    auto imported = madoguchi::testing::runCommand(kBinary + " import-roster " + d +
                                                   "/roster.csv --config " + config);
    ASSERT_TRUE(imported.has_value());
    EXPECT_NE(imported->find("1 imported, 0 refused"), std::string::npos) << *imported;
    {
        central::CentralOptions options;
        options.openingKeyPem = SecureBuffer::fromText(readAll(dir.file("seal.key")));
        auto store = central::PostgresCentralStore::open(connection);
        ASSERT_TRUE(store.ok()) << store.error().detail;
        auto service = central::CentralService::create(std::move(*store), std::move(options));
        ASSERT_TRUE(service.ok());
        centraltest::recordTestLogins((*service)->store(), centraltest::unixNow());
        auto r =
            centraltest::totpResult(centraltest::randomUuid(), "kiosk-01", "T0001", "yamada.taro");
        ASSERT_TRUE(
            (*service)
                ->submitEnrollment(centraltest::sealedSubmission(readAll(dir.file("seal.pub")), r))
                .ok());
    }
    ASSERT_EQ(exitCode(kBinary + " export --format keycloak --config " + config + " --out " + d +
                       "/export.json"),
              0);
    auto doc = protocol::parseJson(readAll(dir.file("export.json")));
    ASSERT_TRUE(doc.ok());
    ASSERT_EQ((*doc)["users"].size(), 1u);
    EXPECT_EQ((*doc)["users"][0]["username"], "yamada.taro");
    EXPECT_EQ((*doc)["users"][0]["attributes"]["kanaName"][0], "ヤマダ タロウ");

    // A database the service cannot reach is refused at start, without the connection string.
    std::ofstream(config) << "[storage]\nkind = \"postgresql\"\nconnection = \"host=" << d
                          << "/nowhere dbname=x password=hunter2-secret connect_timeout=2\"\n";
    auto refused = madoguchi::testing::runCommand(kBinary + " migrate --config " + config +
                                                  " 2>&1; echo rc=$?");
    ASSERT_TRUE(refused.has_value());
    EXPECT_NE(refused->find("rc=1"), std::string::npos) << *refused;
    EXPECT_EQ(refused->find("hunter2-secret"), std::string::npos) << *refused;
}
