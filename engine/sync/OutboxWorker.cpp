// SPDX-License-Identifier: Apache-2.0
#include "sync/OutboxWorker.h"

#include "core/Log.h"
#include "crypto/Base64.h"
#include "protocol/JsonReader.h"
#include "sync/TransportErrors.h"

#include <algorithm>
#include <array>
#include <set>
#include <utility>

namespace madoguchi::sync {

namespace {

// A permanent failure is parked this far ahead: it leaves the due list but stays undelivered
// (and counted in the depth) until staff deal with it.
constexpr auto kParked = std::chrono::hours(24 * 365 * 100);
// Every retry lands strictly after the pass began, so one pass sees each item at most once
// even when full jitter draws a zero delay.
constexpr auto kMinRetryDelay = std::chrono::milliseconds(1);
// After a store failure (busy, I/O) look again soon, but not in a tight loop.
constexpr auto kStoreRetry = std::chrono::seconds(1);

enum class Kind { Delivered, Transient, StopPass, Permanent };

// How the worker treats each error of submitEnrollment.
Kind classify(ErrorCode code) {
    switch (code) {
    // The same bytes can never succeed: staff must look (central/README.md, "Retry rule").
    case ErrorCode::IdempotencyMismatch:
    case ErrorCode::EnvelopeRejected:
    case ErrorCode::UserIdTaken:
    case ErrorCode::PayloadTooLarge:
    case ErrorCode::InvalidArgument: // the service found a value out of its domain
    case ErrorCode::RequestRefused:  // 400 invalid_request, or another 4xx without a code
    case ErrorCode::LengthRequired:
    case ErrorCode::UnsupportedMediaType:
        return Kind::Permanent;
    // The service or the way to it is down: the next items would fail the same way.
    case ErrorCode::NetworkUnavailable:
    case ErrorCode::NetworkTimeout:
    case ErrorCode::TlsFailure:
    case ErrorCode::ServerError:
    case ErrorCode::RateLimited:
    case ErrorCode::KioskNotAuthorized: // this kiosk's certificate or ID: every item alike
    case ErrorCode::NotFound:           // no such path: a wrong central URL or proxy
    case ErrorCode::StorageBusy:
    case ErrorCode::Cancelled:
        return Kind::StopPass;
    // IdempotencyInFlight (the first delivery is still being processed), a garbled answer,
    // anything unexpected: try this item again later; never give up on it silently.
    default:
        return Kind::Transient;
    }
}

// Codes a staff item can carry, to read the persisted list back by name.
constexpr std::array kStaffCodes{
    ErrorCode::IdempotencyMismatch, ErrorCode::EnvelopeRejected, ErrorCode::UserIdTaken,
    ErrorCode::PayloadTooLarge,     ErrorCode::Unsupported,      ErrorCode::InvalidArgument,
    ErrorCode::RequestRefused,      ErrorCode::LengthRequired,   ErrorCode::UnsupportedMediaType,
    ErrorCode::ProtocolError, // a queued submission that no longer parses
};

ErrorCode staffCodeFromName(std::string_view name) {
    for (ErrorCode code : kStaffCodes) {
        if (toString(code) == name) {
            return code;
        }
    }
    return ErrorCode::Internal;
}

std::int64_t toMs(TimePoint t) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
}

TimePoint fromMs(std::int64_t ms) {
    return TimePoint(std::chrono::milliseconds(ms));
}

nlohmann::json staffToJson(const std::vector<StaffItem>& items) {
    nlohmann::json array = nlohmann::json::array();
    for (const auto& s : items) {
        array.push_back({{"outbox_id", s.outboxId},
                         {"enrollment", s.enrollmentUuid},
                         {"code", std::string(toString(s.code))},
                         {"delivered", s.delivered},
                         {"detail", s.detail},
                         {"at", toMs(s.at)}});
    }
    return array;
}

Result<std::vector<StaffItem>> staffFromJson(std::string_view text) {
    Result<nlohmann::json> json = protocol::parseJson(text);
    if (!json) {
        return json.error();
    }
    if (!json->is_array()) {
        return Error{ErrorCode::StorageCorrupt, "sync.staff_items is not an array"};
    }
    std::vector<StaffItem> items;
    for (const auto& entry : *json) {
        if (!entry.is_object()) {
            return Error{ErrorCode::StorageCorrupt, "sync.staff_items entry is not an object"};
        }
        StaffItem s;
        std::string code;
        std::int64_t at = 0;
        protocol::JsonReader r(entry, "sync.staff_items");
        r.integer("outbox_id", s.outboxId);
        r.string("enrollment", s.enrollmentUuid);
        r.string("code", code);
        r.boolean("delivered", s.delivered);
        r.string("detail", s.detail);
        r.integer("at", at);
        if (Status st = r.finish(); !st) {
            return Error{ErrorCode::StorageCorrupt, st.error().detail};
        }
        s.code = staffCodeFromName(code);
        s.at = fromMs(at);
        items.push_back(std::move(s));
    }
    return items;
}

} // namespace

OutboxWorker::OutboxWorker(std::filesystem::path storePath, CentralApi& api,
                           OutboxWorkerConfig config, std::shared_ptr<const Clock> clock,
                           Backoff::Random random)
    : m_storePath(std::move(storePath)), m_api(api), m_config(std::move(config)),
      m_clock(clock ? std::move(clock) : std::make_shared<SystemClock>()),
      m_backoff(m_config.retryBase, m_config.retryCap, std::move(random)) {
    m_config.batchSize = std::max<std::size_t>(m_config.batchSize, 1);
}

OutboxWorker::~OutboxWorker() {
    stop();
}

void OutboxWorker::start() {
    if (m_thread.joinable()) {
        return;
    }
    m_stop->store(false);
    {
        std::lock_guard lock(m_mutex);
        m_status.running = true;
        m_wakeRequested = true;
    }
    m_thread = std::thread([this] { run(); });
}

void OutboxWorker::stop() {
    if (!m_thread.joinable()) {
        return;
    }
    {
        std::lock_guard lock(m_mutex);
        m_stop->store(true);
    }
    m_cv.notify_all();
    m_thread.join();
    std::lock_guard lock(m_mutex);
    m_status.running = false;
}

void OutboxWorker::wake() {
    {
        std::lock_guard lock(m_mutex);
        m_wakeRequested = true;
    }
    m_cv.notify_all();
}

SyncStatus OutboxWorker::status() const {
    std::lock_guard lock(m_mutex);
    return m_status;
}

void OutboxWorker::pruneStaffItems() {
    std::vector<StaffItem> items;
    {
        std::lock_guard lock(m_mutex);
        items = m_status.staffItems;
    }
    const TimePoint parkedAfter = m_clock->now() + kParked / 2;
    const auto before = items.size();
    std::erase_if(items, [&](const StaffItem& s) {
        if (s.delivered) {
            return false; // recorded centrally; staff still has to act on it
        }
        Result<std::optional<store::OutboxItem>> item = m_store->findOutbox(s.outboxId);
        if (!item) {
            return false;
        }
        return !item->has_value() || (*item)->deliveredAt || (*item)->nextAttemptAt < parkedAfter;
    });
    if (items.size() == before) {
        return;
    }
    if (Status saved = m_store->setValue(kStaffItemsKey, protocol::dumpJson(staffToJson(items)));
        !saved) {
        noteError(saved.error());
        return;
    }
    std::lock_guard lock(m_mutex);
    m_status.staffItems = std::move(items);
}

Result<std::vector<std::int64_t>>
OutboxWorker::requeue(store::LocalStore& store, std::vector<std::int64_t> ids, TimePoint now) {
    Result<std::optional<std::string>> stored = store.getValue(kStaffItemsKey);
    if (!stored) {
        return stored.error();
    }
    std::vector<StaffItem> items;
    if (stored->has_value()) {
        Result<std::vector<StaffItem>> parsed = staffFromJson(**stored);
        if (!parsed) {
            return parsed.error();
        }
        items = std::move(parsed.value());
    }
    const bool allParked = ids.empty();
    if (allParked) {
        for (const auto& s : items) {
            if (!s.delivered) {
                ids.push_back(s.outboxId);
            }
        }
    }
    std::vector<std::int64_t> done;
    for (const std::int64_t id : ids) {
        if (Status requeued =
                store.requeueOutbox(id, now, allParked ? "by staff (all parked)" : "by staff");
            !requeued) {
            if (!done.empty()) {
                break; // the ones done so far stay done; the list is updated for them below
            }
            return requeued.error();
        }
        done.push_back(id);
    }
    std::erase_if(items, [&](const StaffItem& s) {
        return !s.delivered && std::find(done.begin(), done.end(), s.outboxId) != done.end();
    });
    // Best effort: a worker's next pass also drops entries that are no longer parked.
    if (!done.empty()) {
        (void)store.setValue(kStaffItemsKey, protocol::dumpJson(staffToJson(items)));
    }
    if (done.size() < ids.size()) {
        return Error{ErrorCode::InvalidArgument, "outbox item " + std::to_string(ids[done.size()]) +
                                                     " could not be put back; " +
                                                     std::to_string(done.size()) + " were"};
    }
    return done;
}

Result<PassReport> OutboxWorker::runOnce() {
    if (m_thread.joinable()) {
        return Error{ErrorCode::InvalidArgument, "the outbox worker thread is running"};
    }
    return pass();
}

void OutboxWorker::run() {
    while (!m_stop->load()) {
        {
            std::lock_guard lock(m_mutex);
            m_wakeRequested = false;
        }
        Result<PassReport> report = pass();
        auto wait = m_config.idlePoll;
        if (!report) {
            wait = std::min<std::chrono::milliseconds>(wait, kStoreRetry);
        } else if (m_nextDue) {
            auto untilDue =
                std::chrono::duration_cast<std::chrono::milliseconds>(*m_nextDue - m_clock->now());
            wait = std::clamp(untilDue, std::chrono::milliseconds(0), wait);
        }
        std::unique_lock lock(m_mutex);
        m_cv.wait_for(lock, wait, [this] { return m_wakeRequested || m_stop->load(); });
    }
    m_store.reset(); // the connection belongs to this thread
}

Status OutboxWorker::ensureStore() {
    if (m_store) {
        return {};
    }
    Result<store::LocalStore> opened = store::LocalStore::open(m_storePath);
    if (!opened) {
        return opened.error();
    }
    m_store.emplace(std::move(opened.value()));
    return loadStaffItems();
}

Status OutboxWorker::loadStaffItems() {
    Result<std::optional<std::string>> stored = m_store->getValue(kStaffItemsKey);
    if (!stored) {
        return stored.error();
    }
    std::vector<StaffItem> items;
    if (stored->has_value()) {
        Result<std::vector<StaffItem>> parsed = staffFromJson(**stored);
        if (!parsed) {
            // Unreadable list: keep working, say so; the items themselves stay parked.
            noteError(parsed.error());
        } else {
            items = std::move(parsed.value());
        }
    }
    std::lock_guard lock(m_mutex);
    m_status.staffItems = std::move(items);
    return {};
}

Result<PassReport> OutboxWorker::pass() {
    if (Status opened = ensureStore(); !opened) {
        noteError(opened.error());
        m_store.reset();
        return opened.error();
    }
    // Staff may have changed the list from another process (madoguchictl sync --requeue).
    if (Status loaded = loadStaffItems(); !loaded) {
        noteError(loaded.error());
    }
    pruneStaffItems();
    // The depth before the first attempt: an error of this pass is never shown beside an
    // older count.
    refreshCounters();
    m_nextDue.reset();
    PassReport report;
    const TimePoint passStart = m_clock->now();
    std::set<std::int64_t> seen;
    bool more = true;
    while (more && !m_stop->load()) {
        Result<std::vector<store::OutboxItem>> due =
            m_store->pendingOutbox(m_config.batchSize, passStart);
        if (!due) {
            noteError(due.error());
            refreshCounters();
            return due.error();
        }
        more = due->size() == m_config.batchSize;
        std::vector<const store::OutboxItem*> fresh;
        for (const auto& item : *due) {
            if (seen.insert(item.id).second) {
                fresh.push_back(&item);
            } // else: its mark did not stick (store trouble); next pass
        }
        if (fresh.empty()) {
            break;
        }
        {
            std::lock_guard lock(m_mutex);
            m_status.lastAttemptAt = m_clock->now();
        }
        if (fresh.size() > 1 && !m_batchUnavailable) {
            deliverBatches(fresh, report);
        } else {
            for (const store::OutboxItem* item : fresh) {
                if (m_stop->load()) {
                    report.interrupted = true;
                    break;
                }
                count(report, deliver(*item));
                if (report.interrupted) {
                    break;
                }
            }
        }
        if (report.interrupted) {
            break;
        }
    }
    if (m_stop->load()) {
        report.interrupted = true;
    }
    refreshCounters();
    return report;
}

void OutboxWorker::count(PassReport& report, Outcome outcome) {
    switch (outcome) {
    case Outcome::Delivered:
        ++report.delivered;
        break;
    case Outcome::RetryLater:
        ++report.retryLater;
        break;
    case Outcome::Staff:
        ++report.staff;
        break;
    case Outcome::Interrupt:
        ++report.retryLater;
        report.interrupted = true;
        break;
    }
}

Result<protocol::SubmitEnrollmentRequest>
OutboxWorker::requestFor(const store::OutboxItem& item) const {
    if (item.kind == kKindEnrollmentResult) {
        return protocol::SubmitEnrollmentRequest{item.enrollmentUuid, m_config.kioskId,
                                                 crypto::Base64::encode(item.payload)};
    }
    if (item.kind == kKindEnrollmentSubmission) {
        auto parsed = protocol::parseJson(std::string_view(
            reinterpret_cast<const char*>(item.payload.data()), item.payload.size()));
        if (!parsed) {
            return parsed.error();
        }
        return protocol::SubmitEnrollmentRequest::fromJson(*parsed);
    }
    return Error{ErrorCode::Unsupported, "unknown outbox kind " + item.kind};
}

OutboxWorker::Outcome OutboxWorker::deliver(const store::OutboxItem& item) {
    Result<protocol::SubmitEnrollmentRequest> request = requestFor(item);
    if (!request) {
        return toStaff(item, request.error(), false);
    }
    return deliverRequest(item, *request);
}

OutboxWorker::Outcome OutboxWorker::failed(const store::OutboxItem& item, const Error& error) {
    if (error.code == ErrorCode::Cancelled) {
        return Outcome::Interrupt; // stop(): not the item's fault, no attempt counted
    }
    switch (classify(error.code)) {
    case Kind::Permanent:
        return toStaff(item, error, false);
    case Kind::StopPass:
        retryLater(item, error);
        return Outcome::Interrupt;
    default:
        return retryLater(item, error);
    }
}

OutboxWorker::Outcome
OutboxWorker::deliverRequest(const store::OutboxItem& item,
                             const protocol::SubmitEnrollmentRequest& request) {
    Result<protocol::SubmitEnrollmentResponse> answer = m_api.submitEnrollment(request);
    if (!answer) {
        return failed(item, answer.error());
    }
    // 2xx, first answer or a replay of it ("duplicate, same answer"): delivered.
    const TimePoint now = m_clock->now();
    if (Status marked = m_store->markDelivered(item.id, now); !marked) {
        // Delivered centrally but not marked here: the next pass re-sends, gets "replayed".
        noteError(marked.error());
        return Outcome::RetryLater;
    }
    noteDelivered(item, *answer, now);
    return Outcome::Delivered;
}

void OutboxWorker::noteDelivered(const store::OutboxItem& item,
                                 const protocol::SubmitEnrollmentResponse& answer, TimePoint at) {
    if (answer.status == protocol::EnrollmentStatus::UserIdConflict) {
        toStaff(item, Error{ErrorCode::UserIdTaken, "recorded centrally; user ID taken meanwhile"},
                true);
    }
    logger()->info("sync: delivered outbox {} (enrollment {}){}", item.id, item.enrollmentUuid,
                   answer.replayed ? " (replayed)" : "");
    std::lock_guard lock(m_mutex);
    m_status.lastDeliveryAt = at;
    m_status.lastError.reset();
    m_status.lastErrorAt.reset();
    ++m_status.deliveredSinceStart;
}

void OutboxWorker::deliverBatches(const std::vector<const store::OutboxItem*>& items,
                                  PassReport& report) {
    std::vector<const store::OutboxItem*> chunk;
    std::vector<protocol::SubmitEnrollmentRequest> requests;
    std::size_t bytes = 0;
    const auto flush = [&] {
        if (!requests.empty()) {
            deliverBatch(chunk, requests, report);
        }
        chunk.clear();
        requests.clear();
        bytes = 0;
    };
    for (const store::OutboxItem* item : items) {
        if (m_stop->load() || report.interrupted) {
            report.interrupted = true;
            return;
        }
        Result<protocol::SubmitEnrollmentRequest> request = requestFor(*item);
        if (!request) {
            count(report, toStaff(*item, request.error(), false));
            continue;
        }
        // The item's JSON: its three strings and the punctuation around them.
        const std::size_t size =
            request->envelope.size() + request->enrollmentId.size() + request->kioskId.size() + 64;
        if (!requests.empty() && bytes + size > m_config.batchMaxBytes) {
            flush();
            if (report.interrupted) {
                return;
            }
        }
        chunk.push_back(item);
        requests.push_back(std::move(request).value());
        bytes += size;
    }
    flush();
}

void OutboxWorker::deliverBatch(const std::vector<const store::OutboxItem*>& items,
                                const std::vector<protocol::SubmitEnrollmentRequest>& requests,
                                PassReport& report) {
    const auto oneByOne = [&] {
        for (std::size_t i = 0; i < items.size() && !report.interrupted; ++i) {
            if (m_stop->load()) {
                report.interrupted = true;
                break;
            }
            count(report, deliverRequest(*items[i], requests[i]));
        }
    };
    if (items.size() == 1 || m_batchUnavailable) {
        oneByOne();
        return;
    }
    Result<CentralApi::BatchAnswers> answers = m_api.submitEnrollmentBatch(requests);
    if (!answers) {
        const Error& error = answers.error();
        if (error.code == ErrorCode::Cancelled) {
            report.interrupted = true;
            return;
        }
        if (error.code == ErrorCode::Unsupported) {
            logger()->info("sync: the central service has no batch delivery; sending singly");
            m_batchUnavailable = true;
            oneByOne();
            return;
        }
        const Kind kind = classify(error.code);
        if (kind == Kind::Permanent) {
            // The batch as a whole was refused (too large, malformed): each result gets its
            // own verdict on the single path.
            logger()->warn("sync: batch of {} refused ({}: {}); sending singly", items.size(),
                           toString(error.code), error.detail);
            oneByOne();
            return;
        }
        for (const store::OutboxItem* item : items) {
            count(report, retryLater(*item, error));
        }
        if (kind == Kind::StopPass) {
            report.interrupted = true;
        }
        return;
    }
    if (answers->size() != items.size()) { // HttpsCentralClient checks this; a fake might not
        for (const store::OutboxItem* item : items) {
            count(report, retryLater(*item, Error{ErrorCode::ProtocolError,
                                                  "batch answer of the wrong length"}));
        }
        return;
    }
    std::vector<std::int64_t> deliveredIds;
    std::vector<std::size_t> deliveredAt;
    bool stopPass = false;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const auto& answer = (*answers)[i];
        if (answer) {
            deliveredIds.push_back(items[i]->id);
            deliveredAt.push_back(i);
            continue;
        }
        const Outcome outcome = failed(*items[i], answer.error());
        if (outcome == Outcome::Interrupt) {
            stopPass = true;
            ++report.retryLater;
        } else {
            count(report, outcome);
        }
    }
    if (!deliveredIds.empty()) {
        // One durable commit for every result of the batch the service recorded.
        const TimePoint now = m_clock->now();
        if (Status marked = m_store->markDelivered(deliveredIds, now); !marked) {
            // Recorded centrally but not marked here: the next pass re-sends, gets "replayed".
            noteError(marked.error());
            report.retryLater += static_cast<std::int64_t>(deliveredIds.size());
        } else {
            for (const std::size_t i : deliveredAt) {
                noteDelivered(*items[i], (*answers)[i].value(), now);
            }
            report.delivered += static_cast<std::int64_t>(deliveredIds.size());
        }
    }
    if (stopPass) {
        report.interrupted = true;
    }
}

OutboxWorker::Outcome OutboxWorker::retryLater(const store::OutboxItem& item, const Error& error) {
    auto delay =
        std::max<std::chrono::milliseconds>(m_backoff.delay(item.attempts), kMinRetryDelay);
    // The service said when to come back (429 rate_limited): sooner only meets another 429.
    // Never beyond the backoff cap, which bounds every wait of the worker.
    if (const auto asked = TransportErrors::retryAfter(error)) {
        delay = std::max<std::chrono::milliseconds>(
            delay, std::min<std::chrono::milliseconds>(*asked, m_config.retryCap));
    }
    const TimePoint next = m_clock->now() + delay;
    const std::string text = std::string(toString(error.code)) + ": " + error.detail;
    if (Status marked = m_store->markFailed(item.id, text, next); !marked) {
        noteError(marked.error());
    }
    if (!m_nextDue || next < *m_nextDue) {
        m_nextDue = next;
    }
    logger()->warn("sync: outbox {} failed (attempt {}): {}; retry in {} ms", item.id,
                   item.attempts + 1, text, delay.count());
    noteError(error);
    return Outcome::RetryLater;
}

OutboxWorker::Outcome OutboxWorker::toStaff(const store::OutboxItem& item, const Error& error,
                                            bool delivered) {
    const TimePoint now = m_clock->now();
    std::vector<StaffItem> items;
    {
        std::lock_guard lock(m_mutex);
        items = m_status.staffItems;
    }
    auto known = std::find_if(items.begin(), items.end(),
                              [&](const StaffItem& s) { return s.outboxId == item.id; });
    StaffItem entry{item.id, item.enrollmentUuid, error.code, delivered, error.detail, now};
    if (known != items.end()) {
        *known = entry;
    } else {
        items.push_back(entry);
    }
    // The list first, then the parking: a crash in between re-tries the item and lists it
    // again (by outbox id, so once).
    if (Status saved = m_store->setValue(kStaffItemsKey, protocol::dumpJson(staffToJson(items)));
        !saved) {
        noteError(saved.error());
    }
    if (!delivered) {
        const std::string text =
            "staff: " + std::string(toString(error.code)) + ": " + error.detail;
        if (Status marked = m_store->markFailed(item.id, text, now + kParked); !marked) {
            noteError(marked.error());
        }
    }
    logger()->error("sync: outbox {} (enrollment {}) needs staff: {}: {}", item.id,
                    item.enrollmentUuid, toString(error.code), error.detail);
    {
        std::lock_guard lock(m_mutex);
        m_status.staffItems = std::move(items);
    }
    if (!delivered) {
        noteError(error);
    }
    return Outcome::Staff;
}

void OutboxWorker::noteError(const Error& error) {
    std::lock_guard lock(m_mutex);
    m_status.lastError = error;
    m_status.lastErrorAt = m_clock->now();
}

void OutboxWorker::refreshCounters() {
    if (!m_store) {
        return;
    }
    Result<std::int64_t> depth = m_store->outboxDepth();
    Result<std::optional<TimePoint>> last = m_store->lastDeliveredAt();
    std::lock_guard lock(m_mutex);
    if (depth) {
        m_status.depth = *depth;
        m_status.lastPassAt = m_clock->now();
    }
    if (last && last->has_value()) {
        m_status.lastDeliveryAt = **last;
    }
}

} // namespace madoguchi::sync
