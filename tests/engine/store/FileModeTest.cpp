// SPDX-License-Identifier: Apache-2.0
// The kiosk's database (with its -wal and -shm files) and its log files are owner-only (0600)
// whatever the umask of the process that creates them.
#include "ScratchDir.h"
#include "StoreSamples.h"
#include "core/Log.h"
#include "store/LocalStore.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sys/stat.h>

namespace madoguchi::test {
namespace {

// The process umask for one test: 022, the usual default that leaves files world-readable.
class Umask022 {
public:
    Umask022() : m_old(::umask(022)) {}
    ~Umask022() { ::umask(m_old); }
    Umask022(const Umask022&) = delete;
    Umask022& operator=(const Umask022&) = delete;

private:
    mode_t m_old;
};

mode_t modeOf(const std::filesystem::path& path) {
    struct stat st {};
    EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
    return st.st_mode & 0777;
}

TEST(FileMode, TheStoreAndItsWalAndShmFilesAreOwnerOnly) {
    Umask022 umask;
    ScratchDir dir;
    const auto path = dir.file("kiosk.db");
    auto store = store::LocalStore::open(path);
    ASSERT_TRUE(store.ok()) << store.error().detail;
    ASSERT_TRUE(store->commitStep(sampleStep(1)).ok());
    // Both side files exist while the connection is open (WAL mode).
    for (const std::string suffix : {"", "-wal", "-shm"}) {
        const std::filesystem::path file = path.string() + suffix;
        ASSERT_TRUE(std::filesystem::exists(file)) << file;
        EXPECT_EQ(modeOf(file), 0600U) << file;
    }
}

TEST(FileMode, AStoreLeftReadableByAnEarlierVersionIsNarrowed) {
    Umask022 umask;
    ScratchDir dir;
    const auto path = dir.file("kiosk.db");
    {
        auto store = store::LocalStore::open(path);
        ASSERT_TRUE(store.ok());
    }
    ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
    auto store = store::LocalStore::open(path);
    ASSERT_TRUE(store.ok()) << store.error().detail;
    EXPECT_EQ(modeOf(path), 0600U);
}

TEST(FileMode, TheLogFileIsOwnerOnlyAndAnOldReadableOneIsNarrowed) {
    Umask022 umask;
    ScratchDir dir;
    const auto fresh = dir.file("log") / "madoguchi.log";
    initLogging(fresh, spdlog::level::info, false);
    logger()->info("a line");
    logger()->flush();
    EXPECT_EQ(modeOf(fresh), 0600U);

    const auto old = dir.file("old.log");
    std::ofstream(old) << "from an earlier version\n";
    ASSERT_EQ(::chmod(old.c_str(), 0644), 0);
    initLogging(old, spdlog::level::info, false);
    logger()->info("a line");
    logger()->flush();
    EXPECT_EQ(modeOf(old), 0600U);
    initLogging({}, spdlog::level::warn, true); // back to stderr for the other tests
}

} // namespace
} // namespace madoguchi::test
