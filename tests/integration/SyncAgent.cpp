// SPDX-License-Identifier: Apache-2.0
// The kiosk's sync process for the crash test: runs the OutboxWorker over a LocalStore file
// until the outbox is empty (exit 0). The test kills it with SIGKILL at random moments.
//
//   sync_agent STORE URL CA_BUNDLE CLIENT_CERT CLIENT_KEY KIOSK_ID

#include "sync/HttpsCentralClient.h"
#include "sync/OutboxWorker.h"

#include <chrono>
#include <cstdio>
#include <thread>

using namespace std::chrono_literals;
using namespace madoguchi;

int main(int argc, char** argv) {
    if (argc != 7) {
        std::fprintf(stderr, "usage: sync_agent STORE URL CA CERT KEY KIOSK_ID\n");
        return 2;
    }
    sync::HttpsClientConfig config;
    config.baseUrl = argv[2];
    config.caBundle = argv[3];
    config.clientCert = argv[4];
    config.clientKey = argv[5];
    config.proxy = std::string();
    config.connectTimeout = 1000ms;
    config.requestTimeout = 2000ms;
    auto client = sync::HttpsCentralClient::create(config);
    if (!client) {
        std::fprintf(stderr, "client: %s\n", client.error().detail.c_str());
        return 2;
    }
    sync::OutboxWorkerConfig workerConfig;
    workerConfig.kioskId = argv[6];
    workerConfig.retryBase = 10ms;
    workerConfig.retryCap = 100ms;
    workerConfig.idlePoll = 50ms;
    workerConfig.batchSize = 8;
    sync::OutboxWorker worker(argv[1], **client, workerConfig);
    (*client)->setCancelFlag(worker.stopFlag());
    worker.start();
    // Bounded: 60 s at most, then give up (the test fails on the exit code).
    for (int i = 0; i < 6000; ++i) {
        auto status = worker.status();
        if (status.depth == 0 && status.lastPassAt) {
            worker.stop();
            return 0;
        }
        std::this_thread::sleep_for(10ms);
    }
    worker.stop();
    return 1;
}
