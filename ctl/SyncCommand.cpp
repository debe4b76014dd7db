// SPDX-License-Identifier: Apache-2.0
#include "SyncCommand.h"

#include "CommandSupport.h"
#include "sync/HttpsCentralClient.h"
#include "sync/OutboxWorker.h"

#include <charconv>
#include <chrono>
#include <ostream>
#include <system_error>
#include <vector>

namespace madoguchi::ctl {

namespace {

int runSync(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    // --once is the only mode: the kiosk's own worker does the continuous delivery.
    const auto parsed =
        parseArguments(args, {"--once", "--all-parked"}, {"--config", "--requeue"}, 0, "sync", err);
    if (!parsed) {
        return 2;
    }
    std::vector<std::int64_t> requeueIds;
    const bool allParked = parsed->has("--all-parked");
    if (const auto id = parsed->option("--requeue")) {
        std::int64_t value = 0;
        const auto* end = id->data() + id->size();
        const auto [at, ec] = std::from_chars(id->data(), end, value);
        if (ec != std::errc() || at != end || value <= 0 || allParked) {
            err << "sync: --requeue takes one outbox id (a positive number, as `status` lists "
                   "it), and not with --all-parked\n";
            return 2;
        }
        requeueIds.push_back(value);
    }
    const std::filesystem::path path = configPath(*parsed);
    const std::optional<config::Config> config = loadConfig(path, "sync", err);
    if (!config) {
        return 1;
    }
    const config::KioskSettings& kiosk = config->kiosk;
    std::error_code ec;
    if (!std::filesystem::exists(kiosk.storePath, ec)) {
        // Not created from here: the kiosk creates it under its own account.
        out << "Store: " << kiosk.storePath.string() << " does not exist yet: nothing to deliver\n";
        out << "Result: OK\n";
        return 0;
    }

    if (!requeueIds.empty() || allParked) {
        Result<store::LocalStore> opened = store::LocalStore::open(kiosk.storePath);
        if (!opened) {
            err << "sync: cannot open " << kiosk.storePath.string() << ": "
                << toString(opened.code()) << " (" << opened.error().detail << ")\n";
            return 1;
        }
        // Recorded in the audit chain, one "outbox_requeued" row per item.
        auto requeued =
            sync::OutboxWorker::requeue(*opened, requeueIds, std::chrono::system_clock::now());
        if (!requeued) {
            err << "sync: cannot put back: " << toString(requeued.code()) << " ("
                << requeued.error().detail << ")\n";
            return 1;
        }
        for (const std::int64_t id : *requeued) {
            out << "Put back in the queue: outbox " << id << "\n";
        }
        if (requeued->empty()) {
            out << "No parked staff item to put back\n";
        }
    }

    sync::HttpsClientConfig clientConfig;
    clientConfig.baseUrl = kiosk.centralUrl;
    clientConfig.caBundle = kiosk.caBundle;
    clientConfig.clientCert = kiosk.clientCert;
    clientConfig.clientKey = kiosk.clientKey;
    clientConfig.requestTimeout = kiosk.networkTimeout;
    auto client = sync::HttpsCentralClient::create(clientConfig);
    if (!client) {
        err << "sync: cannot set up the connection to " << kiosk.centralUrl << ": "
            << toString(client.code()) << " (" << client.error().detail << ")\n";
        return 1;
    }

    sync::OutboxWorkerConfig workerConfig;
    workerConfig.kioskId = kiosk.kioskId;
    sync::OutboxWorker worker(kiosk.storePath, **client, workerConfig);
    out << "Central service: " << kiosk.centralUrl << "\n";
    out << "Store: " << kiosk.storePath.string() << "\n";
    Result<sync::PassReport> report = worker.runOnce();
    if (!report) {
        out << "Sync pass failed: " << toString(report.code()) << " (" << report.error().detail
            << ")\n";
        return 1;
    }
    const sync::SyncStatus status = worker.status();
    out << "Delivered: " << report->delivered << "\n";
    out << "Failed, will be retried: " << report->retryLater << "\n";
    out << "Moved to staff: " << report->staff << "\n";
    if (report->interrupted) {
        out << "Pass stopped early: the central service could not be reached\n";
    }
    if (status.lastError) {
        out << "Last error: " << toString(status.lastError->code) << " ("
            << status.lastError->detail << ")\n";
    }
    out << "Still waiting for delivery: " << status.depth << "\n";
    out << "Staff items: " << status.staffItems.size() << "\n";
    const bool failed = report->retryLater > 0 || report->staff > 0 || report->interrupted;
    out << (failed ? "Result: FAILED" : "Result: OK") << "\n";
    return failed ? 1 : 0;
}

} // namespace

Command syncCommand() {
    return Command{"sync", "[--config PATH] [--once] [--requeue OUTBOX_ID | --all-parked]",
                   "deliver the queued results to the central service now (one pass); "
                   "--requeue/--all-parked first put staff items back in the queue (audited)",
                   &runSync};
}

} // namespace madoguchi::ctl
