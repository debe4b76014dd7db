// SPDX-License-Identifier: Apache-2.0
// How fast the kiosk drains its outbox to the central service, beside the plain cost of the
// same HTTPS requests. Prints figures; passes or fails nothing.
//
//   sync_bench [COUNT] [--test-front]   (default 10000, madoguchi-central's own front)
//
// Both sides are durable: the kiosk's LocalStore and the central core's SQLite file run in WAL
// with synchronous=FULL. The central service is the real core behind a mutual-TLS front on
// loopback. "drain" is OutboxWorker::runOnce over COUNT queued sealed results (each: read from
// the store, POST, mark delivered + audit row in one durable commit); "plain" is one keep-alive
// libcurl handle POSTing COUNT other sealed results of the same size to the same server.

#include "../engine/sync/TestPki.h"
#include "../integration/CentralFront.h"
#include "../integration/RealCentral.h"
#include "../integration/SealedResults.h"
#include "central/CentralService.h"
#include "core/Log.h"
#include "crypto/Base64.h"
#include "crypto/SealingKeyPair.h"
#include "sync/HttpsCentralClient.h"
#include "sync/OutboxWorker.h"

#include <curl/curl.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>

using namespace madoguchi;
using Steady = std::chrono::steady_clock;

namespace {

constexpr const char* kKiosk = "kiosk-01";

double seconds(Steady::duration d) {
    return std::chrono::duration<double>(d).count();
}

std::size_t discard(char*, std::size_t size, std::size_t count, void*) {
    return size * count;
}

} // namespace

int main(int argc, char** argv) {
    const int count = argc > 1 ? std::atoi(argv[1]) : 10000;
    const bool testFront = argc > 2 && std::string(argv[2]) == "--test-front";
    if (count <= 0) {
        std::fprintf(stderr, "usage: sync_bench [COUNT]\n");
        return 2;
    }
    logger()->set_level(spdlog::level::warn);
    const auto dir = std::filesystem::temp_directory_path() /
                     ("madoguchi-sync-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const auto& pki = test::TestPki::get();

    auto keys = crypto::SealingKeyPair::generate();
    if (!keys) {
        return 1;
    }
    const std::string publicKey = keys->publicKeyPem;
    central::CentralOptions options;
    options.openingKeyPem = std::move(keys->privateKeyPem);
    options.rateLimitPerSecond = 1e9;
    options.rateLimitBurst = 1e9;
    auto service = central::CentralService::openFile(dir / "central.db", std::move(options));
    if (!service) {
        std::fprintf(stderr, "central: %s\n", service.error().detail.c_str());
        return 1;
    }
    // The real server by default; the test front (cpp-httplib with TCP_NODELAY) to compare.
    test::RealCentral real(**service, pki.serverCert, pki.serverKey, pki.kioskCa);
    test::CentralFront front(**service, pki.serverCert, pki.serverKey, pki.kioskCa);
    const std::string baseUrl =
        testFront ? (front.start(), front.url()) : (real.start(), real.url());

    // Queue COUNT results in the kiosk store (one durable step commit each).
    const auto storePath = dir / "kiosk.db";
    auto queueStart = Steady::now();
    {
        auto kiosk = store::LocalStore::open(storePath);
        if (!kiosk) {
            return 1;
        }
        test::queueSealedResults(*kiosk, publicKey, kKiosk, 1, count, 0);
    }
    const double queueSeconds = seconds(Steady::now() - queueStart);

    // The plain loop's bodies: other enrollments, same shape and size.
    std::vector<std::string> bodies;
    bodies.reserve(static_cast<std::size_t>(count));
    for (int n = 1; n <= count; ++n) {
        const std::string uuid = test::enrollmentUuid(n, 1);
        protocol::SubmitEnrollmentRequest r{
            uuid, kKiosk, crypto::Base64::encode(test::sealedResult(publicKey, kKiosk, uuid, n))};
        bodies.push_back(r.toJson().dump());
    }

    sync::HttpsClientConfig config;
    config.baseUrl = baseUrl;
    config.caBundle = pki.serverCa;
    config.clientCert = pki.clientCert;
    config.clientKey = pki.clientKey;
    config.proxy = std::string();
    auto client = sync::HttpsCentralClient::create(config);
    if (!client) {
        return 1;
    }
    sync::OutboxWorkerConfig workerConfig;
    workerConfig.kioskId = kKiosk;
    workerConfig.batchSize = 64;
    sync::OutboxWorker worker(storePath, **client, workerConfig);

    const auto drainStart = Steady::now();
    auto report = worker.runOnce();
    const double drainSeconds = seconds(Steady::now() - drainStart);
    if (!report || report->delivered != count) {
        std::fprintf(stderr, "drain incomplete: %lld delivered\n",
                     report ? static_cast<long long>(report->delivered) : -1LL);
        return 1;
    }

    // Plain keep-alive POST loop, same server, same TLS settings, no store.
    CURL* easy = curl_easy_init();
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    const std::string url = baseUrl + "/v1/enrollments";
    const std::string ca = pki.serverCa.string();
    const std::string cert = pki.clientCert.string();
    const std::string key = pki.clientKey.string();
    curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
    curl_easy_setopt(easy, CURLOPT_CAINFO, ca.c_str());
    curl_easy_setopt(easy, CURLOPT_SSLCERT, cert.c_str());
    curl_easy_setopt(easy, CURLOPT_SSLKEY, key.c_str());
    curl_easy_setopt(easy, CURLOPT_PROXY, "");
    curl_easy_setopt(easy, CURLOPT_SSL_SESSIONID_CACHE, 0L); // as HttpsCentralClient does
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &discard);
    int plainOk = 0;
    const auto plainStart = Steady::now();
    for (const auto& body : bodies) {
        curl_easy_setopt(easy, CURLOPT_POSTFIELDS, body.c_str());
        curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
        long status = 0;
        if (curl_easy_perform(easy) == CURLE_OK &&
            curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK && status == 200) {
            ++plainOk;
        }
    }
    const double plainSeconds = seconds(Steady::now() - plainStart);
    curl_slist_free_all(headers);
    curl_easy_cleanup(easy);

    auto enrolled = (*service)->store().listEnrollments();
    const double drainRate = count / drainSeconds;
    const double plainRate = plainOk / plainSeconds;
    std::printf("sync_bench: %d sealed results (%zu-byte bodies), loopback, mutual TLS, "
                "durable commits at both ends, server: %s\n",
                count, bodies.front().size(),
                testFront ? "test front (TCP_NODELAY)" : "madoguchi-central CentralServer");
    std::printf("  queue (kiosk step commits)   %8.2f s  %9.1f results/s\n", queueSeconds,
                count / queueSeconds);
    std::printf("  drain (OutboxWorker)         %8.2f s  %9.1f results/s\n", drainSeconds,
                drainRate);
    std::printf("  plain keep-alive POST loop   %8.2f s  %9.1f results/s  (%d ok)\n", plainSeconds,
                plainRate, plainOk);
    std::printf("  ratio drain/plain            %8.3f\n", drainRate / plainRate);
    std::printf("  central records              %8zu\n", enrolled ? enrolled->size() : 0U);

    front.stop();
    real.stop();
    service->reset();
    std::filesystem::remove_all(dir);
    return 0;
}
