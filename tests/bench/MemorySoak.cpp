// SPDX-License-Identifier: Apache-2.0
// Memory of the kiosk's engine over many members, and what a core dump holds after a wipe.
//
//   memory_soak [COUNT]     COUNT scripted enrollments (default 1000), each the whole TOTP
//                           path as the screens run it (KioskController over EnrollmentFlow
//                           and a LocalStore file) against the in-process central core
//                           (temp login, user ID check, delivery of both sealed results);
//                           prints RSS (VmRSS) at start, middle and end, and VmHWM.
//   memory_soak --wiped-member SECRETS_FILE
//                           one member up to the OTP code screen (temp login, new password,
//                           email, the TOTP secret issued and shown), then the inactivity
//                           timeout wipes the visit; the member's secrets are written to
//                           SECRETS_FILE (one per line: temp password, birth date, new
//                           password, TOTP secret in base32), "wiped" is printed and the
//                           process waits for its standard input to close, so that
//                           core-scan.sh can take a core dump (gcore) and search it.
//
// The central core runs in this process, as in demo mode; what it keeps by design (the
// roster's verifiers, delivered results) is the central's. The kiosk's secrets must not
// outlive the visit in the kiosk's memory.
#include "central/CentralService.h"
#include "core/Clock.h"
#include "core/Log.h"
#include "crypto/PasswordHasher.h"
#include "crypto/SealingKeyPair.h"
#include "flow/EnrollmentFlow.h"
#include "kiosk/KioskController.h"
#include "otp/OtpSecret.h"
#include "otp/Totp.h"
#include "rules/PasswordBlocklist.h"
#include "store/LocalStore.h"
#include "sync/CentralApi.h"
#include "sync/OutboxWorker.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <vector>

using namespace madoguchi;
namespace fs = std::filesystem;

namespace {

constexpr const char* kKioskId = "kiosk-soak-01";
constexpr const char* kTerms = "2024-04";

template <class T>
T must(Result<T> r, const std::string& what) {
    if (!r) {
        throw std::runtime_error(what + ": " + r.error().detail);
    }
    return std::move(r).value();
}

void must(const Status& s, const std::string& what) {
    if (!s) {
        throw std::runtime_error(what + ": " + s.error().detail);
    }
}

double statusMb(const char* field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(field, 0) == 0) {
            return std::strtod(line.c_str() + std::string(field).size() + 1, nullptr) / 1024.0;
        }
    }
    return -1;
}

// The central core in this process, answering as the HTTPS service would (as DemoCentral).
class InProcessCentral final : public sync::CentralApi {
public:
    explicit InProcessCentral(central::CentralService& service) : m_service(service) {}
    Result<protocol::VerifyTempCredentialsResponse>
    verifyTempCredentials(const protocol::VerifyTempCredentialsRequest& r) override {
        return m_service.verifyTempCredentials(r).result;
    }
    Result<protocol::CheckUserIdResponse>
    checkUserId(const protocol::CheckUserIdRequest& r) override {
        return m_service.checkUserId(r, kKioskId).result;
    }
    Result<protocol::TermsVersionResponse> termsVersion() override {
        return m_service.termsVersion();
    }
    Result<protocol::SubmitEnrollmentResponse>
    submitEnrollment(const protocol::SubmitEnrollmentRequest& r) override {
        return m_service.submitEnrollment(r).result;
    }
    Result<protocol::HandoffCreateResponse>
    createHandoff(const protocol::HandoffCreateRequest& r) override {
        return m_service.createHandoff(r).result;
    }
    Result<protocol::HandoffPollResponse> pollHandoff(std::string_view token) override {
        return m_service.pollHandoff(token, kKioskId).result;
    }
    Result<protocol::HealthResponse> health() override { return m_service.health(); }

private:
    central::CentralService& m_service;
};

std::string tempIdOf(int n) {
    char id[16];
    std::snprintf(id, sizeof id, "S%07d", n);
    return id;
}

// A member's secrets, made at run time (never literals: a core dump holds the program's
// read-only data too) and kept in SecureBuffers, so the only copies are the kiosk's own.
struct Member {
    int n = 0;
    SecureBuffer tempPassword;
    SecureBuffer birthDate;
    SecureBuffer newPassword;
};

SecureBuffer digitsText(const char* format, int a, int b, int c) {
    SecureBuffer out(32);
    const int len = std::snprintf(reinterpret_cast<char*>(out.data()), out.size(), format, a, b, c);
    SecureBuffer exact(static_cast<std::size_t>(len));
    std::copy_n(out.data(), exact.size(), exact.data());
    return exact;
}

// The soak's members: derived from n (repeatable).
Member memberOf(int n) {
    return {n, digitsText("Tp-%d-%dqz%d", n * 7919 + 13, n % 97, n % 7),
            digitsText("19%02d%02d%02d", 40 + n % 50, 1 + n % 12, 1 + n % 28),
            digitsText("Soak_Pw.%d.%dx%d", n * 31 + 7, n % 89, n % 3)};
}

// One member with random secrets (for the core-dump scan).
Member randomMember(int n) {
    std::uint32_t r[6];
    if (RAND_bytes(reinterpret_cast<unsigned char*>(r), sizeof r) != 1) {
        throw std::runtime_error("RAND_bytes");
    }
    const auto pick = [&](int i, std::uint32_t mod) {
        return static_cast<int>(r[i] % mod);
    };
    Member m{n, digitsText("Tq-%08d-%04dz", pick(0, 100000000), pick(1, 10000), 0),
             digitsText("19%02d%02d%02d", 30 + pick(2, 60), 1 + pick(3, 12), 1 + pick(4, 28)),
             digitsText("Wp_%09d.%dQ", pick(5, 1000000000), pick(0, 10), 0)};
    OPENSSL_cleanse(r, sizeof r);
    return m;
}

struct Kiosk {
    fs::path dir;
    ManualClock clock{std::chrono::system_clock::now()};
    std::unique_ptr<central::CentralService> central;
    std::unique_ptr<InProcessCentral> api;
    PasswordBlocklist blocklist;
    std::optional<store::LocalStore> store;
    std::unique_ptr<EnrollmentFlow> flow;
    std::unique_ptr<kiosk::KioskController> controller;
    std::unique_ptr<sync::OutboxWorker> worker;

    // Roster members (each one PBKDF2 verifier: the central's own cost).
    void importRoster(const std::vector<Member>& members) {
        SecureBuffer csv =
            SecureBuffer::fromText("temp_id,temp_password,birth_date,kana_name,member_number\n");
        for (const auto& m : members) {
            csv.append(tempIdOf(m.n) + ",");
            csv.append(m.tempPassword.bytes());
            csv.append(",");
            csv.append(m.birthDate.bytes());
            csv.append(",ソーク タロウ,M" + std::to_string(m.n) + "\n");
        }
        auto report = must(central->importRosterCsv(csv), "roster");
        if (report.imported != static_cast<std::int64_t>(members.size())) {
            throw std::runtime_error("roster import incomplete");
        }
    }

    explicit Kiosk(fs::path folder, bool withWorker) : dir(std::move(folder)) {
        fs::create_directories(dir);
        auto keys = must(crypto::SealingKeyPair::generate(), "keys");
        central::CentralOptions options;
        options.termsVersion = kTerms;
        options.openingKeyPem = std::move(keys.privateKeyPem);
        options.rateLimitPerSecond = 100000;
        options.rateLimitBurst = 100000;
        // The central runs on the kiosk's clock: the soak advances it 31 s per member, and a
        // central on the wall clock would see the kiosk's session times drift into the future.
        central = must(central::CentralService::openFile(
                           dir / "central.db", std::move(options),
                           std::shared_ptr<const Clock>(std::shared_ptr<void>(), &clock)),
                       "central");
        api = std::make_unique<InProcessCentral>(*central);
        blocklist = must(PasswordBlocklist::loadFromFile(fs::path(MADOGUCHI_SOURCE_DIR) / "assets" /
                                                         PasswordBlocklist::kDefaultRelativePath),
                         "blocklist");
        store.emplace(must(store::LocalStore::open(dir / "kiosk.db"), "store"));
        flow = std::make_unique<EnrollmentFlow>(clock);
        kiosk::KioskOptions kopts;
        kopts.kioskId = kKioskId;
        kopts.issuer = "ITC健保";
        kopts.defaultDeviceName = "ITC健保";
        kopts.sealingPublicKeyPem = keys.publicKeyPem;
        controller =
            std::make_unique<kiosk::KioskController>(*flow, *api, *store, blocklist, clock, kopts);
        if (withWorker) {
            sync::OutboxWorkerConfig wc;
            wc.kioskId = kKioskId;
            worker = std::make_unique<sync::OutboxWorker>(
                dir / "kiosk.db", *api, wc,
                // The kiosk's clock (not owned): the items are due by it.
                std::shared_ptr<const Clock>(std::shared_ptr<void>(), &clock));
        }
    }

    // Steps ① to ⑥ (temp login to BasicDone) and the OTP secret issued and shown (⑦-⑨).
    // Returns the TOTP secret.
    OtpSecret toOtpVerify(const Member& m) {
        const int n = m.n;
        auto& c = *controller;
        (void)must(flow->startEnrollment(), "start");
        kiosk::KioskController::TempLoginInput in;
        in.tempId = c.checkTempId(tempIdOf(n)).normalized;
        in.tempPassword = c.checkTempPassword(m.tempPassword).normalized.clone();
        in.birthDate = c.checkBirthDate(m.birthDate).normalized.clone();
        auto answer = c.verifyTempLogin(in);
        if (!answer) {
            throw std::runtime_error("temp login: " + answer.error().detail);
        }
        c.applyTempLogin(c.epoch(), std::move(in), std::move(answer));
        (void)flow->agreeTerms(kTerms);
        const std::string userId = c.checkUserId("soak.member" + std::to_string(n)).normalized;
        c.applyUserId(c.epoch(), userId, c.checkUserIdAvailable(c.sessionToken(), userId));
        (void)flow->chooseMethod(MfaMethod::Otp);
        auto password = c.checkPassword(m.newPassword, m.newPassword);
        if (!password.ok()) {
            throw std::runtime_error("password refused");
        }
        c.applyPassword(std::move(password.normalized));
        const std::string email = "m" + std::to_string(n) + "@example.jp";
        auto checked = c.checkEmail(email, email);
        auto committed = c.commitBasic(*store, c.basicInput(checked.normalized));
        if (!committed) {
            throw std::runtime_error("commitBasic: " + committed.error().detail);
        }
        c.applyBasicCommitted(c.epoch(), checked.normalized, std::move(committed));
        (void)flow->next();
        (void)flow->next();
        (void)flow->otpDeviceNamed("ITC健保");
        must(c.issueOtpSecret(), "issue OTP secret");
        (void)must(c.otpauthUri(), "otpauth URI");
        std::string base32(c.otpSecretGroups().view());
        base32.erase(std::remove(base32.begin(), base32.end(), ' '), base32.end());
        (void)flow->next();
        if (flow->state() != FlowState::OtpVerify) {
            throw std::runtime_error("not on OtpVerify but " +
                                     std::string(toString(flow->state())));
        }
        return must(OtpSecret::fromBase32(base32), "secret");
    }

    void enrollOne(const Member& m) {
        const auto secret = toOtpVerify(m);
        auto& c = *controller;
        auto code = must(Totp::generate(secret.bytes(),
                                        std::chrono::floor<std::chrono::seconds>(clock.now()), {}),
                         "totp");
        (void)must(c.verifyOtpCode(code.view()), "verify code");
        auto binding = must(c.otpBindingInput(), "binding");
        c.applyOtpBound(c.epoch(), c.commitMfa(*store, binding));
        if (flow->state() != FlowState::Complete) {
            throw std::runtime_error("not complete");
        }
        (void)flow->finish();
        clock.advance(std::chrono::seconds(31)); // the next member's codes are a new step
    }
};

int soak(int count) {
    const fs::path dir = fs::temp_directory_path() / ("madoguchi-soak-" + std::to_string(getpid()));
    double startMb = 0;
    double middleMb = 0;
    {
        Kiosk k(dir, true);
        // The roster in chunks, as the soak goes (each entry costs one PBKDF2).
        constexpr int kChunk = 100;
        int imported = 0;
        const auto t0 = std::chrono::steady_clock::now();
        for (int n = 1; n <= count; ++n) {
            if (n > imported) {
                std::vector<Member> chunk;
                for (int i = imported + 1; i <= std::min(count, imported + kChunk); ++i) {
                    chunk.push_back(memberOf(i));
                }
                k.importRoster(chunk);
                imported = std::min(count, imported + kChunk);
            }
            if (n == 1) {
                startMb = statusMb("VmRSS:");
                std::printf("RSS at start (after setup):     %6.1f MB\n", startMb);
            }
            k.enrollOne(memberOf(n));
            // The outbox worker delivers both results of each member to the central core.
            (void)k.worker->runOnce();
            if (n == count / 2) {
                middleMb = statusMb("VmRSS:");
                std::printf("RSS at middle (%4d members):    %6.1f MB\n", n, middleMb);
            }
            if (n % 100 == 0) {
                std::fprintf(
                    stderr, "  %d enrollments, %.0f s\n", n,
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
            }
        }
        const auto depth = must(k.store->outboxDepth(), "outbox depth");
        const double endMb = statusMb("VmRSS:");
        std::printf("RSS at end (%4d members):       %6.1f MB\n", count, endMb);
        std::printf("peak RSS (VmHWM):               %6.1f MB\n", statusMb("VmHWM:"));
        std::printf("growth middle -> end:           %+6.1f MB (%+.1f KB per enrollment)\n",
                    endMb - middleMb,
                    (endMb - middleMb) * 1024.0 / static_cast<double>(count - count / 2));
        std::printf("undelivered results left:       %lld\n", static_cast<long long>(depth));
        std::printf("goal: under 60 MB and flat -> %s\n",
                    endMb < 60.0 && endMb - middleMb < 4.0 ? "met" : "NOT met");
    }
    fs::remove_all(dir);
    return 0;
}

int wipedMember(const fs::path& secretsFile) {
    const fs::path dir =
        fs::temp_directory_path() / ("madoguchi-corescan-" + std::to_string(getpid()));
    Kiosk k(dir, false);
    {
        std::vector<Member> members;
        members.push_back(randomMember(1));
        k.importRoster(members);
        const auto secret = k.toOtpVerify(members[0]);
        // The secrets for the scan, written straight from their buffers.
        const int fd = ::open(secretsFile.c_str(), O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0600);
        if (fd < 0) {
            throw std::runtime_error("cannot write " + secretsFile.string());
        }
        const auto writeLine = [fd](std::span<const std::uint8_t> bytes) {
            if (::write(fd, bytes.data(), bytes.size()) != static_cast<ssize_t>(bytes.size()) ||
                ::write(fd, "\n", 1) != 1) {
                throw std::runtime_error("write failed");
            }
        };
        writeLine(members[0].tempPassword.bytes());
        writeLine(members[0].birthDate.bytes());
        writeLine(members[0].newPassword.bytes());
        writeLine(secret.toBase32().bytes());
        ::close(fd);
    }
    // Before the wipe the kiosk holds the visit's secrets (the scan must find them there).
    std::printf("before-wipe %d\n", static_cast<int>(getpid()));
    std::fflush(stdout);
    std::string go;
    std::getline(std::cin, go);
    // The member walks away: the inactivity timeout wipes the visit.
    k.clock.advance(std::chrono::minutes(10));
    (void)k.flow->tick();
    if (k.flow->state() != FlowState::Attract) {
        std::fprintf(stderr, "the timeout did not wipe: %s\n",
                     std::string(toString(k.flow->state())).c_str());
        return 1;
    }
    std::printf("wiped %d\n", static_cast<int>(getpid()));
    std::fflush(stdout);
    std::string line;
    while (std::getline(std::cin, line)) {
    }
    k.controller.reset();
    fs::remove_all(dir);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    logger()->set_level(spdlog::level::warn);
    try {
        if (argc >= 3 && std::string(argv[1]) == "--wiped-member") {
            return wipedMember(argv[2]);
        }
        const int count = argc >= 2 ? std::atoi(argv[1]) : 1000;
        return soak(std::max(count, 2));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "memory_soak: %s\n", e.what());
        return 1;
    }
}
