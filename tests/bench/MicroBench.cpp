// SPDX-License-Identifier: Apache-2.0
// Micro-benchmarks (Google Benchmark) of the kiosk's and the central's unit costs. Prints
// figures; passes or fails nothing.
//
//   micro_bench [--benchmark_filter=...] [google benchmark flags]
//
// The durable step commit (LocalStore::commitStep: WAL, synchronous=FULL) is measured beside
// one raw write + fsync of as many bytes as the commit adds to the WAL, in a file in the same
// folder (MADOGUCHI_BENCH_DIR, else the current folder), and the ratio is printed last.

#include "../integration/SealedResults.h"
#include "central/CentralService.h"
#include "core/Clock.h"
#include "core/Log.h"
#include "crypto/Base64.h"
#include "crypto/Opener.h"
#include "crypto/PasswordHasher.h"
#include "crypto/Sealer.h"
#include "crypto/SealingKeyPair.h"
#include "otp/Base32.h"
#include "otp/OtpSecret.h"
#include "otp/OtpauthUri.h"
#include "otp/Totp.h"
#include "otp/TotpVerifier.h"
#include "protocol/EnrollmentResult.h"
#include "qr/PngWriter.h"
#include "qr/QrEncoder.h"
#include "store/LocalStore.h"

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <map>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <vector>

using namespace madoguchi;
namespace fs = std::filesystem;

namespace {

template <class T>
T must(Result<T> r, const char* what) {
    if (!r) {
        throw std::runtime_error(std::string(what) + ": " + r.error().detail);
    }
    return std::move(r).value();
}

fs::path scratchDir() {
    const char* env = std::getenv("MADOGUCHI_BENCH_DIR");
    fs::path dir = env != nullptr ? fs::path(env) : fs::current_path() / "bench-scratch";
    fs::create_directories(dir);
    return dir;
}

const char* kUri = "otpauth://totp/ITC%E5%81%A5%E4%BF%9D:yamada.taro?secret="
                   "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=ITC%E5%81%A5%E4%BF%9D"
                   "&algorithm=SHA1&digits=6&period=30";

// The QR of an otpauth URI as the OTP scan screen makes it (quartile, quiet zone 4), and its
// bitmap: 8 pixels per module, PNG in memory (what a slip or screenshot holds).
void BM_QrEncodeAndBitmap(benchmark::State& state) {
    const SecureBuffer uri = SecureBuffer::fromText(kUri);
    for (auto _ : state) {
        auto matrix =
            must(QrEncoder::encode(uri, QrOptions{QrErrorCorrection::Quartile, 4}), "qr encode");
        auto png = must(PngWriter::encode(matrix, 8), "png");
        benchmark::DoNotOptimize(png.data());
    }
}
BENCHMARK(BM_QrEncodeAndBitmap)->Unit(benchmark::kMicrosecond);

void BM_QrEncodeOnly(benchmark::State& state) {
    const SecureBuffer uri = SecureBuffer::fromText(kUri);
    for (auto _ : state) {
        auto matrix =
            must(QrEncoder::encode(uri, QrOptions{QrErrorCorrection::Quartile, 4}), "qr encode");
        benchmark::DoNotOptimize(matrix.width());
    }
}
BENCHMARK(BM_QrEncodeOnly)->Unit(benchmark::kMicrosecond);

// One member's code checked against the three candidate steps (a fresh verifier each time,
// so the replay guard does not refuse the second run).
void BM_TotpVerify(benchmark::State& state) {
    const ManualClock clock(
        std::chrono::system_clock::time_point(std::chrono::seconds(1'790'000'000)));
    const auto secret = must(OtpSecret::fromBase32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"), "secret");
    const auto code =
        must(Totp::generate(secret.bytes(), std::chrono::floor<std::chrono::seconds>(clock.now()),
                            TotpParams{}),
             "totp");
    for (auto _ : state) {
        auto verifier =
            must(TotpVerifier::create(must(OtpSecret::fromBytes(secret.bytes()), "s"), clock),
                 "verifier");
        auto match = verifier.verify(code.view());
        if (!match) {
            throw std::runtime_error("totp verify refused the right code");
        }
        benchmark::DoNotOptimize(match->step);
    }
}
BENCHMARK(BM_TotpVerify)->Unit(benchmark::kMicrosecond);

void BM_Base32EncodeDecode(benchmark::State& state) {
    std::vector<std::uint8_t> key(20);
    for (std::size_t i = 0; i < key.size(); ++i) {
        key[i] = static_cast<std::uint8_t>(i * 37U + 11U);
    }
    for (auto _ : state) {
        auto text = Base32::encode(key);
        auto back = must(Base32::decode(text.view()), "base32");
        benchmark::DoNotOptimize(back.data());
    }
}
BENCHMARK(BM_Base32EncodeDecode)->Unit(benchmark::kNanosecond);

// PBKDF2-HMAC-SHA256 at the configured cost (assets/profiles/demo-kiosk.toml:
// [kiosk.password_hash] 600,000 iterations, the floor): one new password's hash.
void BM_Pbkdf2ConfiguredCost(benchmark::State& state) {
    const auto hasher = must(crypto::PasswordHasher::create({}), "hasher");
    const SecureBuffer password = SecureBuffer::fromText("Sakura_Haru.2026");
    for (auto _ : state) {
        auto record = must(hasher.hash(password), "hash");
        benchmark::DoNotOptimize(record.data());
    }
    state.counters["iterations_pbkdf2"] = hasher.params().iterations;
}
BENCHMARK(BM_Pbkdf2ConfiguredCost)->Unit(benchmark::kMillisecond)->Iterations(5);

struct SealFixture {
    crypto::SealingKeyPair keys = must(crypto::SealingKeyPair::generate(), "keys");
    std::string uuid = test::enrollmentUuid(1);
    SecureBuffer plaintext = [] {
        protocol::EnrollmentResult r;
        r.enrollmentId = test::enrollmentUuid(1);
        r.kioskId = "kiosk-01";
        r.tempId = "T1000001";
        r.userId = "yamada.taro";
        r.email = "taro@example.jp";
        r.passwordHash = "pbkdf2-sha256$600000$c2FsdHNhbHRzYWx0c2FsdA==$"
                         "aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=";
        r.termsVersion = "2024-04";
        r.method = protocol::MfaMethod::Totp;
        r.totp = protocol::TotpBinding{SecureBuffer::fromText("JBSWY3DPEHPK3PXP"), 6, 30, "SHA1",
                                       "ITC健保"};
        r.completedAt = 1767225650;
        return r.toPlaintext();
    }();
    std::vector<std::uint8_t> aad = crypto::Sealer::enrollmentAad("kiosk-01", uuid);
};

// Sealing one result to the central's public key (the kiosk, at every step commit).
void BM_SealResult(benchmark::State& state) {
    SealFixture f;
    for (auto _ : state) {
        auto sealed = must(crypto::Sealer::seal(f.keys.publicKeyPem, f.plaintext, f.aad), "seal");
        benchmark::DoNotOptimize(sealed.data());
    }
    state.counters["plaintext_bytes"] = static_cast<double>(f.plaintext.size());
}
BENCHMARK(BM_SealResult)->Unit(benchmark::kMicrosecond);

// Opening it with the private key (the central, per delivered result).
void BM_OpenResult(benchmark::State& state) {
    SealFixture f;
    const auto sealed = must(crypto::Sealer::seal(f.keys.publicKeyPem, f.plaintext, f.aad), "seal");
    const auto opener = must(crypto::Opener::fromPrivateKeyPem(f.keys.privateKeyPem), "opener");
    for (auto _ : state) {
        auto opened = must(opener.open(sealed, f.aad), "open");
        benchmark::DoNotOptimize(opened.data());
    }
}
BENCHMARK(BM_OpenResult)->Unit(benchmark::kMicrosecond);

// --- durable step commit beside a raw fsync of the same size ----------------------------

store::StepCommit benchStep(std::int64_t n) {
    store::StepCommit step;
    step.at = std::chrono::system_clock::now();
    step.enrollment.uuid = test::enrollmentUuid(static_cast<int>(n), 7);
    step.enrollment.createdAt = step.at;
    step.enrollment.updatedAt = step.at;
    step.enrollment.state = "basic_done";
    step.enrollment.userId = "user" + std::to_string(n);
    step.enrollment.method = "otp";
    step.outbox = store::OutboxDraft{"enrollment_result", std::vector<std::uint8_t>(900, 0x5a)};
    step.audit = {"step_committed", step.enrollment.uuid, "n=" + std::to_string(n)};
    return step;
}

std::uintmax_t g_walBytesPerCommit = 0;

void BM_DurableStepCommit(benchmark::State& state) {
    const fs::path db = scratchDir() / "micro-commit.db";
    fs::remove(db);
    fs::remove(db.string() + "-wal");
    fs::remove(db.string() + "-shm");
    auto store = must(store::LocalStore::open(db), "store");
    std::int64_t n = 0;
    (void)must(store.commitStep(benchStep(n++)), "commit"); // schema pages out of the way
    // The bytes one commit writes: the WAL's growth over one commit into an emptied WAL
    // (later commits reuse the WAL file from its start after each checkpoint).
    if (!store.database().exec("PRAGMA wal_checkpoint(TRUNCATE)").ok()) {
        throw std::runtime_error("checkpoint failed");
    }
    const auto walBefore = fs::file_size(db.string() + "-wal");
    (void)must(store.commitStep(benchStep(n++)), "commit");
    g_walBytesPerCommit = fs::file_size(db.string() + "-wal") - walBefore;
    for (auto _ : state) {
        (void)must(store.commitStep(benchStep(n++)), "commit");
    }
    state.counters["wal_bytes_per_commit"] = static_cast<double>(g_walBytesPerCommit);
}
BENCHMARK(BM_DurableStepCommit)->Unit(benchmark::kMillisecond)->MinTime(2.0)->UseRealTime();

// One pwrite of the same number of bytes at the same offset, then fsync, on the same disk.
void BM_RawFsyncSameSize(benchmark::State& state) {
    const std::size_t bytes =
        g_walBytesPerCommit > 0 ? static_cast<std::size_t>(g_walBytesPerCommit) : 4 * 4120;
    const fs::path file = scratchDir() / "micro-fsync.bin";
    const int fd = ::open(file.c_str(), O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0) {
        throw std::runtime_error("open " + file.string());
    }
    const std::vector<char> buffer(bytes, 'x');
    for (auto _ : state) {
        if (::pwrite(fd, buffer.data(), buffer.size(), 0) != static_cast<ssize_t>(bytes) ||
            ::fsync(fd) != 0) {
            throw std::runtime_error("pwrite/fsync failed");
        }
    }
    ::close(fd);
    fs::remove(file);
    state.counters["bytes"] = static_cast<double>(bytes);
}
BENCHMARK(BM_RawFsyncSameSize)->Unit(benchmark::kMillisecond)->MinTime(2.0)->UseRealTime();

// --- the central's handling of one enrollment (in-process CentralService) --------------

// submitEnrollment of one new sealed result: idempotency claim, opening the envelope,
// checking and storing the result, the stored answer; the central's SQLite in a file (WAL,
// synchronous=FULL), as madoguchi-central runs it.
void BM_CentralSubmitEnrollment(benchmark::State& state) {
    auto keys = must(crypto::SealingKeyPair::generate(), "keys");
    central::CentralOptions options;
    options.termsVersion = "2024-04";
    options.openingKeyPem = SecureBuffer::fromText(keys.privateKeyPem.view());
    const fs::path db = scratchDir() / "micro-central.db";
    fs::remove(db);
    fs::remove(db.string() + "-wal");
    fs::remove(db.string() + "-shm");
    auto service = must(central::CentralService::openFile(db, std::move(options)), "central");
    int n = 0;
    for (auto _ : state) {
        state.PauseTiming();
        protocol::SubmitEnrollmentRequest request;
        request.enrollmentId = test::enrollmentUuid(++n, 3);
        request.kioskId = "kiosk-01";
        request.envelope = crypto::Base64::encode(
            test::sealedResult(keys.publicKeyPem, "kiosk-01", request.enrollmentId, n));
        test::recordSealedLogins(service->store(), "kiosk-01", n, n);
        state.ResumeTiming();
        auto reply = service->submitEnrollment(request);
        if (!reply.result) {
            throw std::runtime_error("submitEnrollment: " + reply.result.error().detail);
        }
    }
}
BENCHMARK(BM_CentralSubmitEnrollment)->Unit(benchmark::kMillisecond)->MinTime(2.0)->UseRealTime();

// Records each benchmark's real time per iteration (in its own unit) for the ratio.
class RatioReporter : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run>& runs) override {
        for (const auto& run : runs) {
            m_times[run.benchmark_name()] = run.GetAdjustedRealTime();
        }
        ConsoleReporter::ReportRuns(runs);
    }
    std::map<std::string, double> m_times;
};

} // namespace

int main(int argc, char** argv) {
    logger()->set_level(spdlog::level::off);
    benchmark::Initialize(&argc, argv);
    RatioReporter reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    const auto commit = reporter.m_times.find("BM_DurableStepCommit/min_time:2.000/real_time");
    const auto fsync = reporter.m_times.find("BM_RawFsyncSameSize/min_time:2.000/real_time");
    if (commit != reporter.m_times.end() && fsync != reporter.m_times.end() && fsync->second > 0) {
        std::printf("durable step commit / raw fsync of %ju bytes: %.3f ms / %.3f ms = %.2fx\n",
                    static_cast<std::uintmax_t>(g_walBytesPerCommit), commit->second, fsync->second,
                    commit->second / fsync->second);
    }
    benchmark::Shutdown();
    return 0;
}
