// SPDX-License-Identifier: Apache-2.0
// How fast the kiosk drains its outbox to the central service, beside the plain cost of the
// same HTTPS requests. Prints figures; passes or fails nothing.
//
//   sync_bench [COUNT] [--test-front] [--rounds N]
//       (default 10000 results, madoguchi-central's own front, 1 round)
//
// Both sides are durable: the kiosk's LocalStore and the central core's SQLite file run in WAL
// with synchronous=FULL. The central service is the real core behind a mutual-TLS front on
// loopback. "drain" is OutboxWorker::runOnce over COUNT queued sealed results (each: read from
// the store, POST, mark delivered + audit row in one durable commit); "plain" is one keep-alive
// libcurl handle POSTing COUNT sealed results of the same size to the same kind of server.
//
// Fair comparison: each measurement gets a fresh central database and server (neither runs
// against the records the other left), and with several rounds the order alternates (odd
// rounds drain first, even rounds plain first). The median of the rounds is printed last.

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

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <unistd.h>
#include <vector>

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

// A central core on a fresh database behind the chosen HTTPS front.
struct Central {
    std::unique_ptr<central::CentralService> service;
    std::unique_ptr<test::RealCentral> real;
    std::unique_ptr<test::CentralFront> front;
    std::string url;

    ~Central() {
        if (front) {
            front->stop();
        }
        if (real) {
            real->stop();
        }
    }
};

std::unique_ptr<Central> startCentral(const std::filesystem::path& db,
                                      const SecureBuffer& openingKey, bool testFront) {
    central::CentralOptions options;
    options.openingKeyPem = openingKey.clone();
    options.rateLimitPerSecond = 1e9;
    options.rateLimitBurst = 1e9;
    auto service = central::CentralService::openFile(db, std::move(options));
    if (!service) {
        std::fprintf(stderr, "central: %s\n", service.error().detail.c_str());
        return nullptr;
    }
    const auto& pki = test::TestPki::get();
    auto c = std::make_unique<Central>();
    c->service = std::move(service).value();
    // The real server by default; the test front (cpp-httplib with TCP_NODELAY) to compare.
    if (testFront) {
        c->front = std::make_unique<test::CentralFront>(*c->service, pki.serverCert, pki.serverKey,
                                                        pki.kioskCa);
        c->front->start();
        c->url = c->front->url();
    } else {
        c->real = std::make_unique<test::RealCentral>(*c->service, pki.serverCert, pki.serverKey,
                                                      pki.kioskCa);
        c->real->start();
        c->url = c->real->url();
    }
    return c;
}

struct Drain {
    double queueSeconds = 0;
    double seconds = 0;
    std::int64_t delivered = 0;
    std::size_t centralRecords = 0;
};

// Queues COUNT results in a fresh kiosk store (one durable step commit each), then drains
// them with the outbox worker.
Drain drain(const std::filesystem::path& storePath, const Central& central,
            const std::string& publicKey, int count, int series) {
    Drain d;
    const auto& pki = test::TestPki::get();
    const auto queueStart = Steady::now();
    {
        auto kiosk = store::LocalStore::open(storePath);
        if (!kiosk) {
            return d;
        }
        test::queueSealedResults(*kiosk, publicKey, kKiosk, 1, count, series);
    }
    d.queueSeconds = seconds(Steady::now() - queueStart);
    sync::HttpsClientConfig config;
    config.baseUrl = central.url;
    config.caBundle = pki.serverCa;
    config.clientCert = pki.clientCert;
    config.clientKey = pki.clientKey;
    config.proxy = std::string();
    auto client = sync::HttpsCentralClient::create(config);
    if (!client) {
        return d;
    }
    sync::OutboxWorkerConfig workerConfig;
    workerConfig.kioskId = kKiosk;
    workerConfig.batchSize = 64;
    sync::OutboxWorker worker(storePath, **client, workerConfig);
    const auto start = Steady::now();
    auto report = worker.runOnce();
    d.seconds = seconds(Steady::now() - start);
    d.delivered = report ? report->delivered : -1;
    auto enrolled = central.service->store().listEnrollments();
    d.centralRecords = enrolled ? enrolled->size() : 0U;
    return d;
}

struct Plain {
    double seconds = 0;
    int ok = 0;
};

// One keep-alive libcurl handle POSTing every body, same TLS settings, no store.
Plain plainLoop(const Central& central, const std::vector<std::string>& bodies) {
    const auto& pki = test::TestPki::get();
    CURL* easy = curl_easy_init();
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    const std::string url = central.url + "/v1/enrollments";
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
    Plain p;
    const auto start = Steady::now();
    for (const auto& body : bodies) {
        curl_easy_setopt(easy, CURLOPT_POSTFIELDS, body.c_str());
        curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
        long status = 0;
        if (curl_easy_perform(easy) == CURLE_OK &&
            curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status) == CURLE_OK && status == 200) {
            ++p.ok;
        }
    }
    p.seconds = seconds(Steady::now() - start);
    curl_slist_free_all(headers);
    curl_easy_cleanup(easy);
    return p;
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

} // namespace

int main(int argc, char** argv) {
    int count = 10000;
    bool testFront = false;
    int rounds = 1;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--test-front") {
            testFront = true;
        } else if (arg == "--rounds" && i + 1 < argc) {
            rounds = std::atoi(argv[++i]);
        } else {
            count = std::atoi(argv[i]);
        }
    }
    if (count <= 0 || rounds <= 0) {
        std::fprintf(stderr, "usage: sync_bench [COUNT] [--test-front] [--rounds N]\n");
        return 2;
    }
    logger()->set_level(spdlog::level::warn);
    const auto dir = std::filesystem::temp_directory_path() /
                     ("madoguchi-sync-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    (void)test::TestPki::get();

    auto keys = crypto::SealingKeyPair::generate();
    if (!keys) {
        return 1;
    }
    const std::string publicKey = keys->publicKeyPem;

    // The plain loop's bodies: sealed results of the same shape and size.
    std::vector<std::string> bodies;
    bodies.reserve(static_cast<std::size_t>(count));
    for (int n = 1; n <= count; ++n) {
        const std::string uuid = test::enrollmentUuid(n, 1);
        protocol::SubmitEnrollmentRequest r{
            uuid, kKiosk, crypto::Base64::encode(test::sealedResult(publicKey, kKiosk, uuid, n))};
        bodies.push_back(r.toJson().dump());
    }

    std::printf("sync_bench: %d sealed results (%zu-byte bodies), loopback, mutual TLS, "
                "durable commits at both ends, server: %s\n",
                count, bodies.front().size(),
                testFront ? "test front (TCP_NODELAY)" : "madoguchi-central CentralServer");
    std::printf("  each measurement on a fresh central database; order alternates by round\n");
    std::vector<double> drainRates;
    std::vector<double> plainRates;
    std::vector<double> ratios;
    for (int round = 1; round <= rounds; ++round) {
        const bool drainFirst = round % 2 == 1;
        const auto roundDir = dir / ("round-" + std::to_string(round));
        std::filesystem::create_directories(roundDir);
        Drain d;
        Plain p;
        for (int step = 0; step < 2; ++step) {
            const bool doDrain = (step == 0) == drainFirst;
            auto central =
                startCentral(roundDir / (doDrain ? "central-drain.db" : "central-plain.db"),
                             keys->privateKeyPem, testFront);
            if (!central) {
                return 1;
            }
            // Every result is the result of a verified login, as the central service requires.
            test::recordSealedLogins(central->service->store(), kKiosk, 1, count, 0);
            if (doDrain) {
                d = drain(roundDir / "kiosk.db", *central, publicKey, count, 0);
            } else {
                p = plainLoop(*central, bodies);
            }
        }
        if (d.delivered != count || d.centralRecords != static_cast<std::size_t>(count)) {
            std::fprintf(stderr, "drain incomplete: %lld delivered, %zu recorded\n",
                         static_cast<long long>(d.delivered), d.centralRecords);
            return 1;
        }
        const double drainRate = count / d.seconds;
        const double plainRate = p.ok / p.seconds;
        drainRates.push_back(drainRate);
        plainRates.push_back(plainRate);
        ratios.push_back(drainRate / plainRate);
        std::printf("  round %d (%s first)\n", round, drainFirst ? "drain" : "plain");
        std::printf("    queue (kiosk step commits) %8.2f s  %9.1f results/s\n", d.queueSeconds,
                    count / d.queueSeconds);
        std::printf("    drain (OutboxWorker)       %8.2f s  %9.1f results/s\n", d.seconds,
                    drainRate);
        std::printf("    plain keep-alive POST loop %8.2f s  %9.1f results/s  (%d ok)\n", p.seconds,
                    plainRate, p.ok);
        std::printf("    ratio drain/plain          %8.3f\n", drainRate / plainRate);
        std::filesystem::remove_all(roundDir);
    }
    if (rounds > 1) {
        std::printf("  median of %d rounds: drain %.1f results/s, plain %.1f results/s, "
                    "ratio %.3f\n",
                    rounds, median(drainRates), median(plainRates), median(ratios));
    }
    std::filesystem::remove_all(dir);
    return 0;
}
