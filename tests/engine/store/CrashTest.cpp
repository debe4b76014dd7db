// SPDX-License-Identifier: Apache-2.0
// A writer process is killed with SIGKILL at random moments; every step it saw committed
// must be there, whole, and the audit chain must still verify.
#include "ScratchDir.h"
#include "StoreSamples.h"
#include "store/LocalStore.h"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <poll.h>
#include <random>
#include <set>
#include <signal.h>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using madoguchi::store::LocalStore;
using madoguchi::store::OutboxItem;
using madoguchi::test::sampleStep;
using madoguchi::test::ScratchDir;

namespace {

struct Round {
    std::set<std::int64_t> reported;
    bool exitedEarly = false;
};

// Starts the writer at `first`, lets it run for `runFor`, kills it, and returns the numbers
// it reported as committed (everything it wrote to the pipe before it died).
Round runAndKill(const std::filesystem::path& db, std::int64_t first,
                 std::chrono::milliseconds runFor) {
    Round round;
    int fds[2];
    if (pipe(fds) != 0) {
        ADD_FAILURE() << "pipe failed";
        return round;
    }
    std::string dbArg = db.string();
    std::string firstArg = std::to_string(first);
    pid_t child = fork();
    if (child == 0) {
        dup2(fds[1], STDOUT_FILENO);
        close(fds[0]);
        close(fds[1]);
        execl(STORE_WRITER_PATH, STORE_WRITER_PATH, dbArg.c_str(), firstArg.c_str(),
              static_cast<char*>(nullptr));
        _exit(127);
    }
    close(fds[1]);
    std::string buffer;
    auto drain = [&](int timeoutMs) {
        pollfd pfd{fds[0], POLLIN, 0};
        while (poll(&pfd, 1, timeoutMs) > 0) {
            char chunk[4096];
            ssize_t got = read(fds[0], chunk, sizeof chunk);
            if (got <= 0) {
                return false; // writer gone
            }
            buffer.append(chunk, static_cast<std::size_t>(got));
            timeoutMs = 0;
        }
        return true;
    };
    auto deadline = std::chrono::steady_clock::now() + runFor;
    while (std::chrono::steady_clock::now() < deadline) {
        if (!drain(5)) {
            round.exitedEarly = true;
            break;
        }
    }
    kill(child, SIGKILL);
    int status = 0;
    waitpid(child, &status, 0);
    while (drain(0)) { // what was written before the kill is still in the pipe
        pollfd pfd{fds[0], POLLIN, 0};
        if (poll(&pfd, 1, 0) <= 0) {
            break;
        }
    }
    close(fds[0]);
    if (!round.exitedEarly && !(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)) {
        round.exitedEarly = true;
    }
    std::size_t start = 0;
    for (std::size_t nl = buffer.find('\n'); nl != std::string::npos;
         start = nl + 1, nl = buffer.find('\n', start)) {
        round.reported.insert(std::stoll(buffer.substr(start, nl - start)));
    }
    return round;
}

} // namespace

TEST(StoreCrash, EveryReportedCommitSurvivesSigkillWholeAndTheChainVerifies) {
    ScratchDir dir;
    const auto db = dir.file("kiosk.db");
    const unsigned seed = std::random_device{}();
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(seed);
    // The first round also kills the writer while it creates the schema, at times.
    std::uniform_int_distribution<int> runMs(5, 200);

    constexpr int kRounds = 20;
    constexpr std::int64_t kRoundStride = 1'000'000;
    std::set<std::int64_t> reported;
    for (int r = 0; r < kRounds; ++r) {
        Round round = runAndKill(db, (r + 1) * kRoundStride, std::chrono::milliseconds(runMs(rng)));
        ASSERT_FALSE(round.exitedEarly) << "writer failed on its own in round " << r;
        reported.insert(round.reported.begin(), round.reported.end());
    }
    RecordProperty("reported_commits", static_cast<int>(reported.size()));
    ASSERT_GT(reported.size(), 20U) << "the writer barely ran; the test proved little";

    auto store = LocalStore::open(db);
    ASSERT_TRUE(store.ok()) << store.error().detail;
    ASSERT_TRUE(store->checkIntegrity().ok());
    auto chain = store->verifyAuditChain();
    ASSERT_TRUE(chain.ok()) << chain.error().detail;

    std::map<std::string, OutboxItem> outboxByUuid;
    auto items = store->pendingOutbox(1'000'000, sampleStep(kRounds * kRoundStride * 2).at);
    ASSERT_TRUE(items.ok());
    for (auto& item : *items) {
        EXPECT_TRUE(outboxByUuid.emplace(item.enrollmentUuid, item).second);
    }
    std::map<std::string, madoguchi::store::AuditEvent> auditBySubject;
    auto audit = store->auditEntries(1, 1'000'000);
    ASSERT_TRUE(audit.ok());
    for (auto& entry : *audit) {
        EXPECT_TRUE(auditBySubject.emplace(entry.event.subject, entry.event).second);
    }

    for (std::int64_t n : reported) {
        auto expected = sampleStep(n);
        auto found = store->findEnrollment(expected.enrollment.uuid);
        ASSERT_TRUE(found.ok());
        ASSERT_TRUE(found->has_value()) << "commit " << n << " was reported but is missing";
        EXPECT_EQ(**found, expected.enrollment) << "enrollment " << n << " is not whole";
        auto item = outboxByUuid.find(expected.enrollment.uuid);
        ASSERT_NE(item, outboxByUuid.end()) << "outbox row of " << n << " is missing";
        EXPECT_EQ(item->second.kind, expected.outbox->kind);
        EXPECT_EQ(item->second.payload, expected.outbox->payload) << "payload of " << n;
        EXPECT_EQ(item->second.createdAt, expected.at);
        auto event = auditBySubject.find(expected.enrollment.uuid);
        ASSERT_NE(event, auditBySubject.end()) << "audit row of " << n << " is missing";
        EXPECT_EQ(event->second, expected.audit);
    }
    // Steps committed but not yet reported when the kill came are whole too: no enrollment
    // without its outbox and audit rows, and nothing else.
    auto enrollments = store->database().queryInt64("SELECT count(*) FROM enrollments");
    ASSERT_TRUE(enrollments.ok());
    EXPECT_EQ(static_cast<std::size_t>(*enrollments), outboxByUuid.size());
    EXPECT_EQ(static_cast<std::size_t>(*enrollments), auditBySubject.size());
    EXPECT_GE(static_cast<std::size_t>(*enrollments), reported.size());
    EXPECT_LE(static_cast<std::size_t>(*enrollments), reported.size() + kRounds);
}
