// SPDX-License-Identifier: Apache-2.0
#include "ScratchDir.h"
#include "StoreSamples.h"
#include "store/LocalStore.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <memory>

using madoguchi::ErrorCode;
using madoguchi::store::AuditEvent;
using madoguchi::store::LocalStore;
using madoguchi::test::atMs;
using madoguchi::test::ScratchDir;

namespace {

constexpr int kRows = 10;

class AuditChainTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto opened = LocalStore::open(m_dir.file("kiosk.db"));
        ASSERT_TRUE(opened.ok()) << opened.error().detail;
        m_store.emplace(std::move(opened).value());
        for (int i = 1; i <= kRows; ++i) {
            auto seq = m_store->appendAudit(
                {"staff_unlock", "kiosk-01", "row " + std::to_string(i)}, atMs(1000 * i));
            ASSERT_TRUE(seq.ok());
            ASSERT_EQ(*seq, i);
        }
        ASSERT_TRUE(m_store->verifyAuditChain().ok());
    }
    void tamper(const std::string& sql) {
        auto done = m_store->database().exec(sql);
        ASSERT_TRUE(done.ok()) << done.error().detail;
    }
    // The chain must be broken, and the report must name `seq` as the first bad row.
    void expectBrokenAt(std::int64_t seq) {
        auto verdict = m_store->verifyAuditChain();
        ASSERT_FALSE(verdict.ok());
        EXPECT_EQ(verdict.code(), ErrorCode::AuditChainBroken);
        EXPECT_EQ(verdict.error().detail.rfind("seq " + std::to_string(seq) + ":", 0), 0U)
            << verdict.error().detail;
    }

    ScratchDir m_dir;
    std::optional<LocalStore> m_store;
};

} // namespace

TEST(AuditChain, EmptyLogVerifies) {
    ScratchDir dir;
    auto store = LocalStore::open(dir.file("kiosk.db"));
    ASSERT_TRUE(store.ok());
    EXPECT_TRUE(store->verifyAuditChain().ok());
}

TEST_F(AuditChainTest, EditedMiddleRowIsNamed) {
    tamper("UPDATE audit SET detail = 'nothing happened' WHERE seq = 5");
    expectBrokenAt(5);
}

TEST_F(AuditChainTest, EditedTimestampIsNamed) {
    tamper("UPDATE audit SET at = at + 1 WHERE seq = 3");
    expectBrokenAt(3);
}

TEST_F(AuditChainTest, DeletedMiddleRowIsNamed) {
    tamper("DELETE FROM audit WHERE seq = 4");
    expectBrokenAt(4);
}

TEST_F(AuditChainTest, DeletedMiddleRowWithRenumberedSuccessorsIsNamed) {
    tamper("DELETE FROM audit WHERE seq = 4; UPDATE audit SET seq = seq - 1 WHERE seq > 4");
    expectBrokenAt(4);
}

TEST_F(AuditChainTest, DeletedLastRowIsDetected) {
    tamper("DELETE FROM audit WHERE seq = " + std::to_string(kRows));
    expectBrokenAt(kRows);
}

TEST_F(AuditChainTest, DeletedTailIsDetected) {
    tamper("DELETE FROM audit WHERE seq > 6");
    expectBrokenAt(7);
}

TEST_F(AuditChainTest, SwappedRowsAreDetected) {
    // Move rows 3 and 4 into each other's place, hashes and all.
    tamper("UPDATE audit SET seq = -3 WHERE seq = 3; UPDATE audit SET seq = 3 WHERE seq = 4;"
           "UPDATE audit SET seq = 4 WHERE seq = -3");
    expectBrokenAt(3);
}

TEST_F(AuditChainTest, RowAddedBehindTheStoresBackIsDetected) {
    // A copy of the last row under the next number: its hashes are real, just not chained.
    tamper("INSERT INTO audit SELECT seq + 1, at, kind, subject, detail, prev_hash, hash "
           "FROM audit WHERE seq = " +
           std::to_string(kRows));
    expectBrokenAt(kRows + 1);
}

TEST_F(AuditChainTest, ChainContinuesAcrossReopening) {
    m_store.reset();
    auto reopened = LocalStore::open(m_dir.file("kiosk.db"));
    ASSERT_TRUE(reopened.ok());
    auto seq = reopened->appendAudit({"selftest", "kiosk-01", "ok"}, atMs(99'000));
    ASSERT_TRUE(seq.ok());
    EXPECT_EQ(*seq, kRows + 1);
    EXPECT_TRUE(reopened->verifyAuditChain().ok());
}

TEST_F(AuditChainTest, HashIsSha256OfPreviousHashAndCanonicalRow) {
    // Recompute row 2 with Python's hashlib, an implementation independent of OpenSSL's EVP.
    auto entries = m_store->auditEntries(2, 1);
    ASSERT_TRUE(entries.ok());
    ASSERT_EQ(entries->size(), 1U);
    const auto& e = (*entries)[0];
    auto hex = [](const auto& bytes) {
        std::string out;
        char buf[3];
        for (auto b : bytes) {
            std::snprintf(buf, sizeof buf, "%02x", static_cast<unsigned>(b));
            out += buf;
        }
        return out;
    };
    std::string script =
        "python3 -c \"import hashlib,struct,sys\n"
        "def t(s):\n b=s.encode(); return struct.pack('>I',len(b))+b\n"
        "prev=bytes.fromhex('" +
        hex(e.prevHash) +
        "')\n"
        "row=struct.pack('>qq',2,2000)+t('staff_unlock')+t('kiosk-01')+t('row 2')\n"
        "print(hashlib.sha256(prev+row).hexdigest())\"";
    std::unique_ptr<FILE, decltype(&pclose)> pipe(popen(script.c_str(), "r"), &pclose);
    ASSERT_NE(pipe, nullptr);
    char line[128] = {};
    ASSERT_NE(std::fgets(line, sizeof line, pipe.get()), nullptr);
    std::string expected(line);
    expected.erase(expected.find_last_not_of("\n") + 1);
    EXPECT_EQ(hex(e.hash), expected);
    auto first = m_store->auditEntries(1, 1);
    ASSERT_TRUE(first.ok());
    EXPECT_EQ((*first)[0].hash, e.prevHash);
}
