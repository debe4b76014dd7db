// SPDX-License-Identifier: Apache-2.0
#include "StatusCommand.h"

#include "CommandSupport.h"
#include "protocol/JsonReader.h"
#include "sqlite/Database.h"
#include "store/LocalStore.h"
#include "sync/OutboxWorker.h"

#include <nlohmann/json.hpp>

#include <ostream>
#include <system_error>

namespace madoguchi::ctl {

namespace {

namespace fs = std::filesystem;

constexpr std::size_t kListedItems = 50;

// The staff list as OutboxWorker persists it (a JSON array of objects); one line each.
bool printStaffItems(const std::string& text, std::ostream& out) {
    const nlohmann::json items = nlohmann::json::parse(text, nullptr, false);
    if (!items.is_array()) {
        out << "Staff items: unreadable (" << sync::OutboxWorker::kStaffItemsKey
            << " is not a list)\n";
        return false;
    }
    out << "Staff items: " << items.size() << "\n";
    for (const nlohmann::json& item : items) {
        if (!item.is_object()) {
            out << "  Staff item: unreadable entry\n";
            continue;
        }
        const auto field = [&item](const char* key) -> std::string {
            const auto it = item.find(key);
            if (it == item.end()) {
                return "?";
            }
            return it->is_string() ? it->get<std::string>() : protocol::dumpJson(*it);
        };
        std::string since = "?";
        if (const auto at = item.find("at"); at != item.end() && at->is_number_integer()) {
            since = formatUtc(store::TimePoint(std::chrono::milliseconds(at->get<std::int64_t>())));
        }
        const bool delivered = item.value("delivered", false);
        out << "  Staff item: outbox " << field("outbox_id") << ", enrollment "
            << field("enrollment") << ", " << field("code") << ", "
            << (delivered ? "recorded centrally but needs staff" : "not delivered") << ", since "
            << since << ": " << field("detail") << "\n";
    }
    return true;
}

int runStatus(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const auto parsed = parseArguments(args, {}, {"--config"}, 0, "status", err);
    if (!parsed) {
        return 2;
    }
    const fs::path path = configPath(*parsed);
    const std::optional<config::Config> config = loadConfig(path, "status", err);
    if (!config) {
        return 1;
    }
    const fs::path storePath = config->kiosk.storePath;
    out << "Configuration: " << config->sourceFile.string() << "\n";
    out << "Kiosk ID: " << config->kiosk.kioskId << "\n";
    out << "Central service: " << config->kiosk.centralUrl << "\n";
    out << "Store: " << storePath.string() << "\n";

    std::error_code ec;
    if (!fs::exists(storePath, ec)) {
        out << "Store file does not exist yet: nothing has been committed on this kiosk\n";
        out << "Waiting for delivery: 0\n";
        out << "Last delivery: never\n";
        out << "Staff items: 0\n";
        return 0;
    }

    sqlite::OpenOptions options;
    options.readOnly = true; // WAL: a reader does not disturb the running kiosk
    Result<store::LocalStore> opened = store::LocalStore::open(storePath, options);
    if (!opened && opened.code() == ErrorCode::StorageMigrationFailed) {
        // An older store (a package upgrade before the kiosk's first start): the kiosk
        // migrates it when it starts; a reader must not. The outbox table is the same in every
        // schema version, so its queue is still reported.
        if (auto db = sqlite::Database::open(storePath, options)) {
            auto version = db->queryInt64("PRAGMA user_version");
            auto depth = db->queryInt64("SELECT count(*) FROM outbox WHERE delivered_at IS NULL");
            if (version && depth) {
                out << "Store schema: version " << *version
                    << " (older; the kiosk upgrades it when it next starts)\n";
                out << "Waiting for delivery: " << *depth << "\n";
                return 0;
            }
        }
    }
    if (!opened) {
        err << "status: cannot open the store " << storePath.string() << ": "
            << toString(opened.code()) << " (" << opened.error().detail << ")\n";
        return 1;
    }
    store::LocalStore& localStore = *opened;
    bool healthy = true;

    std::int64_t waiting = 0;
    if (Result<std::int64_t> depth = localStore.outboxDepth()) {
        waiting = *depth;
        out << "Waiting for delivery: " << waiting << "\n";
    } else {
        out << "Waiting for delivery: unreadable (" << toString(depth.code()) << ")\n";
        healthy = false;
    }
    // Every undelivered item, due or not, with its attempts and last error (no payload).
    if (auto pending = localStore.pendingOutbox(kListedItems, store::TimePoint::max())) {
        for (const store::OutboxItem& item : *pending) {
            out << "  Queued: outbox " << item.id << ", enrollment " << item.enrollmentUuid << ", "
                << item.kind << ", queued " << formatUtc(item.createdAt) << ", " << item.attempts
                << (item.attempts == 1 ? " attempt" : " attempts");
            if (item.attempts > 0) {
                out << ", next try " << formatUtc(item.nextAttemptAt);
            }
            if (!item.lastError.empty()) {
                out << ", last error: " << item.lastError;
            }
            out << "\n";
        }
        if (waiting > static_cast<std::int64_t>(pending->size())) {
            out << "  (" << waiting - static_cast<std::int64_t>(pending->size())
                << " more not listed)\n";
        }
    } else {
        out << "  Queued items: unreadable (" << toString(pending.code()) << ")\n";
        healthy = false;
    }

    if (auto last = localStore.lastDeliveredAt()) {
        out << "Last delivery: " << (*last ? formatUtc(**last) : std::string("never")) << "\n";
    } else {
        out << "Last delivery: unreadable (" << toString(last.code()) << ")\n";
        healthy = false;
    }

    if (auto staff = localStore.getValue(sync::OutboxWorker::kStaffItemsKey)) {
        if (!*staff) {
            out << "Staff items: 0\n";
        } else {
            healthy = printStaffItems(**staff, out) && healthy;
        }
    } else {
        out << "Staff items: unreadable (" << toString(staff.code()) << ")\n";
        healthy = false;
    }

    if (Status chain = localStore.verifyAuditChain()) {
        out << "Audit chain: verified\n";
    } else {
        out << "Audit chain: BROKEN: " << toString(chain.code()) << " (" << chain.error().detail
            << ")\n";
        healthy = false;
    }
    return healthy ? 0 : 1;
}

} // namespace

Command statusCommand() {
    return Command{"status", "[--config PATH]",
                   "show the outbox, the last delivery, staff items and the audit chain",
                   &runStatus};
}

} // namespace madoguchi::ctl
