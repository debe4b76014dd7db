// SPDX-License-Identifier: Apache-2.0
// A resume verifier (the PBKDF2 record of the member's new password) is cleared once the
// second factor is bound, or when it expires. The bytes must then be gone from the file
// itself, not only from the table: no free page and no earlier WAL frame may keep them.

#include "ScratchDir.h"
#include "StoreSamples.h"
#include "store/LocalStore.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

using madoguchi::store::LocalStore;
using madoguchi::store::StepCommit;
using madoguchi::test::sampleStep;
using madoguchi::test::ScratchDir;

namespace {

// A verifier as the kiosk makes it, with a salt and hash no other bytes of the file share.
const std::string kVerifier = "pbkdf2-sha256$600000$Wq3XdU9vNbK1pL7mRt2ZsA==$"
                              "Hk8vQ2nYc4TfR6uJ1wZe9bL3xM5oP7aS0dG2hK4jN6c=";
const std::string kSalt = "Wq3XdU9vNbK1pL7mRt2ZsA==";
const std::string kHash = "Hk8vQ2nYc4TfR6uJ1wZe9bL3xM5oP7aS0dG2hK4jN6c=";

std::string contents(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Where the database file or its WAL holds a part of the verifier (its salt or its hash:
// SQLite may reuse the tail of a freed cell for the new row).
std::string whereIs(const std::filesystem::path& db) {
    std::string found;
    for (const auto* suffix : {"", "-wal", "-shm"}) {
        const auto file = std::filesystem::path(db.string() + suffix);
        const std::string data = contents(file);
        for (const auto* part : {&kSalt, &kHash}) {
            if (data.find(*part) != std::string::npos) {
                found += file.filename().string() + (part == &kSalt ? ":salt " : ":hash ");
            }
        }
    }
    return found;
}

// A registration as the kiosk commits it at step ⑥: a verifier, no device named yet.
StepCommit withVerifier(std::int64_t n) {
    StepCommit step = sampleStep(n);
    step.enrollment.resumeVerifier = kVerifier;
    step.enrollment.deviceName.clear();
    return step;
}

} // namespace

TEST(SecureDelete, IsOnForEveryConnection) {
    ScratchDir dir;
    auto store = LocalStore::open(dir.file("kiosk.db"));
    ASSERT_TRUE(store.ok()) << store.error().detail;
    EXPECT_EQ(store->database().queryInt64("PRAGMA secure_delete").value(), 1);
}

TEST(SecureDelete, AVerifierClearedByTheNextStepIsInNeitherTheFileNorItsWal) {
    ScratchDir dir;
    const auto db = dir.file("kiosk.db");
    {
        auto store = LocalStore::open(db);
        ASSERT_TRUE(store.ok()) << store.error().detail;
        StepCommit step = withVerifier(1);
        ASSERT_TRUE(store->commitStep(step).ok());
        for (int n = 2; n <= 4; ++n) { // later members' rows come after it in the page
            StepCommit later = sampleStep(n);
            later.enrollment.resumeVerifier.clear();
            later.enrollment.resumableUntil.reset();
            ASSERT_TRUE(store->commitStep(later).ok());
        }
        // The scan sees it while it is meant to be there.
        ASSERT_FALSE(whereIs(db).empty());

        step.enrollment.state = "complete";
        // A key named at length makes the new row longer than the old one, so SQLite puts
        // it elsewhere in the page and frees the old cell whole: without secure_delete its
        // bytes would stay there.
        step.enrollment.deviceName =
            "青いセキュリティキー（自宅用）予備その二、緑色のストラップ付きのもの";
        step.enrollment.resumeVerifier.clear();
        step.enrollment.resumableUntil.reset();
        step.outbox.reset();
        ASSERT_TRUE(store->commitStep(step).ok());
        EXPECT_EQ(whereIs(db), "") << "with the store still open";
    }
    EXPECT_EQ(whereIs(db), "") << "after closing";
}

TEST(SecureDelete, AnExpiredVerifierIsInNeitherTheFileNorItsWal) {
    ScratchDir dir;
    const auto db = dir.file("kiosk.db");
    auto store = LocalStore::open(db);
    ASSERT_TRUE(store.ok()) << store.error().detail;
    StepCommit step = withVerifier(2);
    ASSERT_TRUE(store->commitStep(step).ok());
    ASSERT_FALSE(whereIs(db).empty());
    auto dropped = store->forgetExpiredVerifiers(*step.enrollment.resumableUntil);
    ASSERT_TRUE(dropped.ok());
    EXPECT_EQ(*dropped, 1);
    EXPECT_EQ(whereIs(db), "");
}
