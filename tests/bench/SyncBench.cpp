// SPDX-License-Identifier: Apache-2.0
// How fast the kiosk drains its outbox to the central service, beside the plain cost of the
// same HTTPS requests. Prints figures; passes or fails nothing.
//
//   sync_bench [COUNT] [--test-front] [--rounds N] [--batch N] [--store sqlite|postgresql|both]
//       (default 10000 results, madoguchi-central's own front, 1 round, batches of 100, SQLite)
//
// Both sides are durable: the kiosk's LocalStore and the central core's SQLite file run in WAL
// with synchronous=FULL; with --store postgresql the central core keeps its state in a
// PostgreSQL server the bench starts itself (initdb + pg_ctl in a temporary directory, as the
// tests do, but with fsync, synchronous_commit and full_page_writes on), reached over its Unix
// socket. The central service is the real core behind a mutual-TLS front on loopback. "drain, one
// per request" is OutboxWorker::runOnce over COUNT queued sealed results on the single-result path
// (each: read from the store, POST /v1/enrollments, one central transaction, mark delivered + audit
// row in one durable commit); "drain in batches" is the same worker draining the same backlog as it
// does after an outage (POST /v1/enrollments/batch: N results per request, one central transaction
// and one kiosk commit per batch); "plain" is one keep-alive libcurl handle POSTing COUNT sealed
// results of the same size one by one to the same kind of server, with no kiosk store.
//
// Fair comparison: each measurement gets a fresh central database and server (none runs
// against the records another left), and with several rounds the order rotates. The median
// of the rounds is printed last.

#include "../engine/sync/TestPki.h"
#include "../integration/CentralFront.h"
#include "../integration/RealCentral.h"
#include "../integration/SealedResults.h"
#include "../support/PostgresTestServer.h"
#include "central/CentralService.h"
#include "central/PostgresCentralStore.h"
#include "central/SqliteCentralStore.h"
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
#include <map>
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

// The central store: a SQLite file `db`, or (with `postgres`) a fresh database on that server.
Result<std::unique_ptr<central::ICentralStore>> openStore(const std::filesystem::path& db,
                                                          test::PostgresTestServer* postgres) {
    if (postgres != nullptr) {
        std::string why;
        const std::string connection = postgres->createDatabase(&why);
        if (connection.empty()) {
            return Error{ErrorCode::StorageOpenFailed, why};
        }
        auto store = central::PostgresCentralStore::open(connection);
        if (!store) {
            return store.error();
        }
        return std::unique_ptr<central::ICentralStore>(std::move(*store));
    }
    auto store = central::SqliteCentralStore::open(db);
    if (!store) {
        return store.error();
    }
    return std::unique_ptr<central::ICentralStore>(std::move(*store));
}

std::unique_ptr<Central> startCentral(const std::filesystem::path& db,
                                      test::PostgresTestServer* postgres,
                                      const SecureBuffer& openingKey, bool testFront) {
    central::CentralOptions options;
    options.openingKeyPem = openingKey.clone();
    options.rateLimitPerSecond = 1e9;
    options.rateLimitBurst = 1e9;
    auto store = openStore(db, postgres);
    if (!store) {
        std::fprintf(stderr, "central store: %s\n", store.error().detail.c_str());
        return nullptr;
    }
    auto service = central::CentralService::create(std::move(*store), std::move(options));
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

// The client without its batch path: the worker then delivers one result per request, as it
// did before batches (and as it does against a central service without them).
class SinglesOnly final : public sync::CentralApi {
public:
    explicit SinglesOnly(sync::CentralApi& inner) : m_inner(inner) {}
    Result<protocol::VerifyTempCredentialsResponse>
    verifyTempCredentials(const protocol::VerifyTempCredentialsRequest& r) override {
        return m_inner.verifyTempCredentials(r);
    }
    Result<protocol::CheckUserIdResponse>
    checkUserId(const protocol::CheckUserIdRequest& r) override {
        return m_inner.checkUserId(r);
    }
    Result<protocol::TermsVersionResponse> termsVersion() override {
        return m_inner.termsVersion();
    }
    Result<protocol::SubmitEnrollmentResponse>
    submitEnrollment(const protocol::SubmitEnrollmentRequest& r) override {
        return m_inner.submitEnrollment(r);
    }
    Result<protocol::HandoffCreateResponse>
    createHandoff(const protocol::HandoffCreateRequest& r) override {
        return m_inner.createHandoff(r);
    }
    Result<protocol::HandoffPollResponse> pollHandoff(std::string_view token) override {
        return m_inner.pollHandoff(token);
    }
    Result<protocol::HealthResponse> health() override { return m_inner.health(); }

private:
    sync::CentralApi& m_inner;
};

struct Drain {
    double queueSeconds = 0;
    double seconds = 0;
    std::int64_t delivered = 0;
    std::size_t centralRecords = 0;
};

// Queues COUNT results in a fresh kiosk store (one durable step commit each), then drains
// them with the outbox worker.
Drain drain(const std::filesystem::path& storePath, const Central& central,
            const std::string& publicKey, int count, int series, std::size_t batch) {
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
    // batch 0: one result per request, the worker reading 64 items at a time as before.
    workerConfig.batchSize = batch == 0 ? 64 : batch;
    SinglesOnly singles(**client);
    sync::CentralApi& api = batch == 0 ? static_cast<sync::CentralApi&>(singles) : **client;
    sync::OutboxWorker worker(storePath, api, workerConfig);
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
    int batch = 100;
    std::string only;
    std::string storeArg = "sqlite";
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--test-front") {
            testFront = true;
        } else if (arg == "--rounds" && i + 1 < argc) {
            rounds = std::atoi(argv[++i]);
        } else if (arg == "--batch" && i + 1 < argc) {
            batch = std::atoi(argv[++i]);
        } else if (arg == "--only" && i + 1 < argc) {
            only = argv[++i]; // single, batch or plain (profiling one of them)
        } else if (arg == "--store" && i + 1 < argc) {
            storeArg = argv[++i];
        } else {
            count = std::atoi(argv[i]);
        }
    }
    std::vector<std::string> stores;
    if (storeArg == "sqlite" || storeArg == "both") {
        stores.emplace_back("sqlite");
    }
    if (storeArg == "postgresql" || storeArg == "both") {
        stores.emplace_back("postgresql");
    }
    if (count <= 0 || rounds <= 0 || batch < 2 || batch > 1000 || stores.empty()) {
        std::fprintf(stderr, "usage: sync_bench [COUNT] [--test-front] [--rounds N] "
                             "[--batch 2..1000] [--store sqlite|postgresql|both]\n");
        return 2;
    }
    logger()->set_level(spdlog::level::warn);
    const auto dir = std::filesystem::temp_directory_path() /
                     ("madoguchi-sync-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    (void)test::TestPki::get();
    // One durable PostgreSQL server for every PostgreSQL measurement (a fresh database each).
    std::unique_ptr<test::PostgresTestServer> postgres;
    if (storeArg != "sqlite") {
        std::string why;
        postgres = test::PostgresTestServer::start({.durable = true}, &why);
        if (!postgres) {
            std::fprintf(stderr, "PostgreSQL: %s\n", why.c_str());
            return 1;
        }
    }

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
                "durable commits at both ends (WAL, synchronous=FULL; PostgreSQL: fsync, "
                "synchronous_commit on), server: %s\n",
                count, bodies.front().size(),
                testFront ? "test front (TCP_NODELAY)" : "madoguchi-central CentralServer");
    std::printf("  each measurement on a fresh central database; the order rotates by round\n");
    struct Rates {
        std::vector<double> single, batch, plain;
    };
    std::map<std::string, Rates> rates;
    enum Step { kSingle, kBatch, kPlain };
    for (int round = 1; round <= rounds; ++round) {
        for (const auto& store : stores) {
            const auto roundDir = dir / ("round-" + std::to_string(round) + "-" + store);
            std::filesystem::create_directories(roundDir);
            Drain single;
            Drain batched;
            Plain p;
            std::printf("  round %d, central store %s:", round, store.c_str());
            for (int k = 0; k < 3; ++k) {
                const Step step = static_cast<Step>((k + round - 1) % 3);
                static const char* const names[] = {"single", "batch", "plain"};
                std::printf(" %s", names[step]);
                std::fflush(stdout);
                const std::string name = names[step];
                if (!only.empty() && only != name) {
                    continue;
                }
                auto central = startCentral(roundDir / ("central-" + name + ".db"),
                                            store == "postgresql" ? postgres.get() : nullptr,
                                            keys->privateKeyPem, testFront);
                if (!central) {
                    return 1;
                }
                // Every result is the result of a verified login, as the central service
                // requires.
                test::recordSealedLogins(central->service->store(), kKiosk, 1, count, 0);
                if (step == kSingle) {
                    single = drain(roundDir / "kiosk-single.db", *central, publicKey, count, 0, 0);
                } else if (step == kBatch) {
                    batched = drain(roundDir / "kiosk-batch.db", *central, publicKey, count, 0,
                                    static_cast<std::size_t>(batch));
                } else {
                    p = plainLoop(*central, bodies);
                }
            }
            std::printf("\n");
            if (!only.empty()) {
                const Drain& d = only == "single" ? single : batched;
                std::printf("    %s: %.2f s, %.1f results/s\n", only.c_str(),
                            only == "plain" ? p.seconds : d.seconds,
                            only == "plain" ? p.ok / p.seconds : count / d.seconds);
                continue;
            }
            for (const Drain* d : {&single, &batched}) {
                if (d->delivered != count || d->centralRecords != static_cast<std::size_t>(count)) {
                    std::fprintf(stderr, "drain incomplete: %lld delivered, %zu recorded\n",
                                 static_cast<long long>(d->delivered), d->centralRecords);
                    return 1;
                }
            }
            const double singleRate = count / single.seconds;
            const double batchRate = count / batched.seconds;
            const double plainRate = p.ok / p.seconds;
            rates[store].single.push_back(singleRate);
            rates[store].batch.push_back(batchRate);
            rates[store].plain.push_back(plainRate);
            std::printf("    queue (kiosk step commits)       %8.2f s  %9.1f results/s\n",
                        single.queueSeconds, count / single.queueSeconds);
            std::printf("    drain, one result per request    %8.2f s  %9.1f results/s\n",
                        single.seconds, singleRate);
            std::printf("    drain in batches of %-4d         %8.2f s  %9.1f results/s\n", batch,
                        batched.seconds, batchRate);
            std::printf("    plain keep-alive POST loop       %8.2f s  %9.1f results/s  (%d ok)\n",
                        p.seconds, plainRate, p.ok);
            std::printf("    ratio single drain/plain         %8.3f\n", singleRate / plainRate);
            std::printf("    ratio batch drain/plain          %8.3f\n", batchRate / plainRate);
            std::filesystem::remove_all(roundDir);
        }
    }
    if (!only.empty()) {
        std::filesystem::remove_all(dir);
        return 0;
    }
    for (const auto& store : stores) {
        const auto& r = rates[store];
        std::printf("  median of %d round(s), central store %s: drain one per request %.1f "
                    "results/s, drain in batches of %d %.1f results/s, plain loop %.1f "
                    "results/s; batch/plain %.2f\n",
                    rounds, store.c_str(), median(r.single), batch, median(r.batch),
                    median(r.plain), median(r.batch) / median(r.plain));
    }
    if (stores.size() == 2) {
        const auto& sq = rates["sqlite"];
        const auto& pg = rates["postgresql"];
        std::printf("  PostgreSQL / SQLite: drain one per request %.2f, drain in batches %.2f, "
                    "plain loop %.2f\n",
                    median(pg.single) / median(sq.single), median(pg.batch) / median(sq.batch),
                    median(pg.plain) / median(sq.plain));
    }
    postgres.reset();
    std::filesystem::remove_all(dir);
    return 0;
}
