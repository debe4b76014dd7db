// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Clock.h"
#include "core/Result.h"
#include "store/LocalStore.h"
#include "sync/Backoff.h"
#include "sync/CentralApi.h"
#include "sync/OutboxWorkerConfig.h"
#include "sync/SyncStatus.h"

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

namespace madoguchi::sync {

// What one pass over the outbox did.
struct PassReport {
    std::int64_t delivered = 0;
    std::int64_t retryLater = 0; // failed this time, scheduled again with backoff
    std::int64_t staff = 0;      // moved to staff (permanent failure or conflict)
    bool interrupted = false;    // stopped early: service unreachable, or stop()
};

// Delivers the local outbox to the central service in the background.
//
// The worker owns its own connection to the store file (LocalStore is per thread) and all
// of its state that must survive a restart lives there: attempts, next_attempt_at, and the
// staff list (kv key "sync.staff_items"). An item is marked delivered only after the central
// service answered 2xx, so a crash between the answer and the mark re-sends it; the service
// is idempotent on the enrollment UUID and answers "replayed", which also marks it delivered.
//
// Outbox payload of kind "enrollment_result": the raw Sealer envelope (bytes) of the
// EnrollmentResult; the worker sends it base64-encoded with the item's enrollment UUID and
// the configured kiosk ID. Other kinds become staff items.
//
// Thread use: start()/stop()/wake()/status() from any thread; they never wait for the
// network or the disk (status() copies a snapshot under a short lock). runOnce() is for
// `madoguchictl sync` and tests, only while the thread is not running.
class OutboxWorker {
public:
    static constexpr std::string_view kKindEnrollmentResult = "enrollment_result";
    // Payload: a whole SubmitEnrollmentRequest as JSON (its own submission id, kiosk ID and
    // sealed envelope). The kiosk queues each stage of an enrollment this way, because a
    // second-factor submission has an id of its own, not the enrollment row's.
    static constexpr std::string_view kKindEnrollmentSubmission = "enrollment_submission";
    static constexpr std::string_view kStaffItemsKey = "sync.staff_items";

    OutboxWorker(std::filesystem::path storePath, CentralApi& api, OutboxWorkerConfig config,
                 std::shared_ptr<const Clock> clock = std::make_shared<SystemClock>(),
                 Backoff::Random random = {});
    ~OutboxWorker(); // stops and joins

    OutboxWorker(const OutboxWorker&) = delete;
    OutboxWorker& operator=(const OutboxWorker&) = delete;

    void start();
    // Asks the thread to finish and joins it. A transfer in flight ends at its timeout, or at
    // once if the client watches stopFlag() (HttpsCentralClient::setCancelFlag).
    void stop();
    // A step committed a new outbox item: deliver now instead of at the next poll.
    void wake();
    SyncStatus status() const;
    // True while stop() is under way (and after it); for the client's cancel flag.
    std::shared_ptr<const std::atomic<bool>> stopFlag() const { return m_stop; }

    // One pass over every item due now, on the calling thread. InvalidArgument while running.
    Result<PassReport> runOnce();

    // Staff (`madoguchictl sync --requeue ID|--all-parked`): puts parked items back in the
    // queue, due at `now`, each with an "outbox_requeued" audit row, and takes them off the
    // staff list. `ids` empty: every undelivered item on the staff list. Gives the ids put
    // back; NotFound for an unknown id, InvalidArgument for a delivered one (nothing changed
    // for that id and the ones after it). A running worker sees the change at its next pass.
    static Result<std::vector<std::int64_t>> requeue(store::LocalStore& store,
                                                     std::vector<std::int64_t> ids, TimePoint now);

private:
    enum class Outcome { Delivered, RetryLater, Staff, Interrupt };

    void run();
    Result<PassReport> pass();
    Status ensureStore();
    static void count(PassReport& report, Outcome outcome);
    // The request an outbox item stands for (ProtocolError/Unsupported: it needs staff).
    Result<protocol::SubmitEnrollmentRequest> requestFor(const store::OutboxItem& item) const;
    Outcome deliver(const store::OutboxItem& item);
    Outcome deliverRequest(const store::OutboxItem& item,
                           const protocol::SubmitEnrollmentRequest& request);
    // What a refused or failed delivery of one item does (both paths).
    Outcome failed(const store::OutboxItem& item, const Error& error);
    // After the item was marked delivered: staff for a conflict, log, status.
    void noteDelivered(const store::OutboxItem& item,
                       const protocol::SubmitEnrollmentResponse& answer, TimePoint at);
    // A backlog: its items in batch requests within the byte budget.
    void deliverBatches(const std::vector<const store::OutboxItem*>& items, PassReport& report);
    void deliverBatch(const std::vector<const store::OutboxItem*>& items,
                      const std::vector<protocol::SubmitEnrollmentRequest>& requests,
                      PassReport& report);
    Outcome retryLater(const store::OutboxItem& item, const Error& error);
    Outcome toStaff(const store::OutboxItem& item, const Error& error, bool delivered);
    Status loadStaffItems();
    // Drops list entries whose item is no longer parked (requeued by staff, or a crash
    // between listing and parking): the list shows what waits for staff, nothing else.
    void pruneStaffItems();
    void noteError(const Error& error);
    void refreshCounters();

    std::filesystem::path m_storePath;
    CentralApi& m_api;
    OutboxWorkerConfig m_config;
    std::shared_ptr<const Clock> m_clock;
    Backoff m_backoff;
    std::optional<store::LocalStore> m_store; // used by the worker thread or runOnce only
    std::optional<TimePoint> m_nextDue;       // earliest retry scheduled by the last pass
    bool m_batchUnavailable = false;          // the service has no batch path: send singly

    mutable std::mutex m_mutex; // guards m_status, m_wakeRequested
    std::condition_variable m_cv;
    SyncStatus m_status;
    bool m_wakeRequested = false;
    std::shared_ptr<std::atomic<bool>> m_stop = std::make_shared<std::atomic<bool>>(false);
    std::thread m_thread;
};

} // namespace madoguchi::sync
