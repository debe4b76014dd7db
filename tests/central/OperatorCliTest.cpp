// SPDX-License-Identifier: Apache-2.0
// Drives the madoguchi-central binary the way an operator does.
#include "CentralTestSupport.h"
#include "ExternalTool.h"
#include "central/CentralService.h"
#include "protocol/JsonReader.h"

#include <gtest/gtest.h>

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
