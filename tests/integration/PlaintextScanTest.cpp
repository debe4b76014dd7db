// SPDX-License-Identifier: Apache-2.0
// Issue 5, "Done when": after a full enrollment — step ② against madoguchi-central over
// mutual TLS, user ID, new password, email, OTP bound, results delivered by the outbox —
// nothing the kiosk leaves on disk (its database, -wal, -shm, its log at debug level,
// temporary files) holds the new password, the temporary password, the TOTP secret or the
// birth date, in any encoding the code uses: plain, base32, hex, base64/base64url, and
// also UTF-16 and percent-encoding for good measure.

#include "KioskAgainstCentral.h"
#include "core/Log.h"
#include "crypto/Base64.h"
#include "otp/Base32.h"
#include "otp/OtpSecret.h"
#include "otp/Totp.h"
#include "sync/OutboxWorker.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <vector>

namespace madoguchi {
namespace {

using test::KioskAgainstCentral;

constexpr const char* kNewPassword = "Gx4!pLm9_Rz2w";
constexpr const char* kEmail = "taro.yamada@example.jp";
constexpr std::size_t kShortest = 6; // shorter needles would match by chance

struct Needle {
    std::string secret;
    std::string encoding;
    std::string bytes;
};

std::string hex(const std::string& raw, bool upper) {
    const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    std::string out;
    for (char ch : raw) {
        const auto c = static_cast<unsigned char>(ch);
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 0xf]);
    }
    return out;
}

std::string caseOf(std::string s, bool upper) {
    std::transform(s.begin(), s.end(), s.begin(), [upper](unsigned char c) {
        return static_cast<char>(upper ? std::toupper(c) : std::tolower(c));
    });
    return s;
}

std::string utf16(const std::string& ascii, bool bigEndian) {
    std::string out;
    for (char c : ascii) {
        out += bigEndian ? std::string{'\0', c} : std::string{c, '\0'};
    }
    return out;
}

std::string percent(const std::string& raw) {
    std::string out;
    for (char ch : raw) {
        const auto c = static_cast<unsigned char>(ch);
        if (std::isalnum(c) || ch == '-' || ch == '_' || ch == '.' || ch == '~') {
            out.push_back(ch);
        } else {
            out += "%" + hex(std::string(1, ch), true);
        }
    }
    return out;
}

std::span<const std::uint8_t> bytesOf(const std::string& s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

// The characters of a block encoding of `raw` that depend on `raw` alone, whatever comes
// before it (0..group-1 bytes, `offset`) or after it: the first group is dropped when
// something precedes, the last one always.
std::string stableCore(const std::string& encoded, std::size_t groupChars, std::size_t offset) {
    std::size_t begin = offset > 0 ? groupChars : 0;
    std::size_t groups = (encoded.size() + groupChars - 1) / groupChars;
    if (groups * groupChars - groupChars <= begin) {
        return {};
    }
    return encoded.substr(begin, groups * groupChars - groupChars - begin);
}

std::vector<Needle> encodingsOf(const std::string& secret, const std::string& raw) {
    std::vector<Needle> out;
    auto add = [&](std::string encoding, std::string bytes) {
        if (bytes.size() >= kShortest) {
            out.push_back({secret, std::move(encoding), std::move(bytes)});
        }
    };
    add("plain", raw);
    add("lowercase", caseOf(raw, false));
    add("uppercase", caseOf(raw, true));
    add("hex", hex(raw, false));
    add("HEX", hex(raw, true));
    add("utf-16le", utf16(raw, false));
    add("utf-16be", utf16(raw, true));
    add("percent-encoded", percent(raw));
    for (std::size_t offset = 0; offset < 3; ++offset) {
        const std::string shifted = std::string(offset, '\0') + raw;
        add("base64@" + std::to_string(offset),
            stableCore(crypto::Base64::encode(bytesOf(shifted)), 4, offset));
        add("base64url@" + std::to_string(offset),
            stableCore(crypto::Base64::encodeUrl(bytesOf(shifted)), 4, offset));
    }
    for (std::size_t offset = 0; offset < 5; ++offset) {
        const std::string shifted = std::string(offset, '\0') + raw;
        const std::string b32(Base32::encode(bytesOf(shifted)).view());
        add("base32@" + std::to_string(offset), stableCore(b32, 8, offset));
        add("base32-lower@" + std::to_string(offset), caseOf(stableCore(b32, 8, offset), false));
    }
    return out;
}

std::string contents(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// "secret (encoding) in file at offset" for every needle found under `dir`.
std::vector<std::string> scan(const std::filesystem::path& dir, const std::vector<Needle>& needles,
                              std::vector<std::string>* scanned = nullptr) {
    std::vector<std::string> found;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
        if (!entry.is_regular_file()) {
            continue;
        }
        if (scanned != nullptr) {
            scanned->push_back(entry.path().filename().string());
        }
        const std::string data = contents(entry.path());
        for (const auto& n : needles) {
            if (const auto at = data.find(n.bytes); at != std::string::npos) {
                found.push_back(n.secret + " (" + n.encoding + ") in " +
                                entry.path().filename().string() + " at " + std::to_string(at));
            }
        }
    }
    return found;
}

class PlaintextScanTest : public KioskAgainstCentral {
protected:
    void SetUp() override {
        KioskAgainstCentral::SetUp();
        // SQLite's temporary files (and anything else that asks) go where the scan looks.
        const auto tmp = m_kioskDir.file("tmp");
        std::filesystem::create_directories(tmp);
        for (const char* name : {"TMPDIR", "SQLITE_TMPDIR"}) {
            const char* old = std::getenv(name);
            m_savedEnv.emplace_back(name, old ? std::optional<std::string>(old) : std::nullopt);
            ::setenv(name, tmp.c_str(), 1);
        }
        initLogging(m_kioskDir.file("log") / "madoguchi.log", spdlog::level::debug, false);
    }
    void TearDown() override {
        initLogging({}, spdlog::level::warn, true);
        for (const auto& [name, value] : m_savedEnv) {
            if (value) {
                ::setenv(name.c_str(), value->c_str(), 1);
            } else {
                ::unsetenv(name.c_str());
            }
        }
        KioskAgainstCentral::TearDown();
    }

    std::vector<std::pair<std::string, std::optional<std::string>>> m_savedEnv;
};

TEST_F(PlaintextScanTest, AFullEnrollmentLeavesNoSecretOnTheKiosksDisk) {
    m_front->start();
    kiosk::KioskOptions options;
    options.passwordHash = {crypto::PasswordDigest::Sha512, 210'000};
    startKiosk(m_front->url(), options);
    auto& c = *m_controller;
    auto& flow = *m_flow;

    // ① ② temporary credentials, checked by the service.
    ASSERT_TRUE(flow.startEnrollment().ok());
    ASSERT_TRUE(tempLogin(test::kTempPassword).ok());
    ASSERT_EQ(flow.state(), FlowState::Terms);
    // ③ terms, user ID, method.
    ASSERT_TRUE(flow.agreeTerms(test::kTermsVersion).ok());
    const std::string userId = c.checkUserId("yamada.taro").normalized;
    c.applyUserId(c.epoch(), userId, c.checkUserIdAvailable(c.sessionToken(), userId));
    ASSERT_EQ(flow.state(), FlowState::MfaChoice);
    ASSERT_TRUE(flow.chooseMethod(MfaMethod::Otp).ok());
    // ④ new password, twice.
    auto password =
        c.checkPassword(SecureBuffer::fromText(kNewPassword), SecureBuffer::fromText(kNewPassword));
    ASSERT_TRUE(password.ok());
    c.applyPassword(std::move(password.normalized));
    ASSERT_EQ(flow.state(), FlowState::Email);
    // ⑤ ⑥ email; the registration is hashed, sealed and committed with its outbox item.
    auto email = c.checkEmail(kEmail, kEmail);
    ASSERT_TRUE(email.ok());
    auto basic = c.basicInput(email.normalized);
    auto committed = c.commitBasic(*m_store, basic);
    ASSERT_TRUE(committed.ok()) << committed.error().detail;
    const std::string enrollmentId = committed->enrollmentId;
    const std::string verifier = committed->passwordHash;
    c.applyBasicCommitted(c.epoch(), email.normalized, std::move(committed));
    ASSERT_EQ(flow.state(), FlowState::BasicDone);
    ASSERT_EQ(m_store->findEnrollment(enrollmentId).value()->resumeVerifier, verifier);
    // ⑦ - ⑩ OTP: app, device name, QR code, the code the app shows.
    ASSERT_TRUE(flow.next().ok());
    ASSERT_TRUE(flow.next().ok());
    ASSERT_TRUE(flow.otpDeviceNamed("ITC健保").ok());
    ASSERT_TRUE(c.issueOtpSecret().ok());
    ASSERT_TRUE(c.otpauthUri().ok());
    std::string base32(c.otpSecretGroups().view());
    base32.erase(std::remove(base32.begin(), base32.end(), ' '), base32.end());
    auto secret = OtpSecret::fromBase32(base32);
    ASSERT_TRUE(secret.ok());
    const std::string secretBytes(reinterpret_cast<const char*>(secret->bytes().data()),
                                  secret->size());
    ASSERT_TRUE(flow.next().ok());
    ASSERT_EQ(flow.state(), FlowState::OtpVerify);
    auto code = Totp::generate(secret->bytes(),
                               std::chrono::floor<std::chrono::seconds>(m_clock.now()), {});
    ASSERT_TRUE(code.ok());
    ASSERT_TRUE(c.verifyOtpCode(code->view()).ok());
    auto binding = c.otpBindingInput();
    ASSERT_TRUE(binding.ok());
    c.applyOtpBound(c.epoch(), c.commitMfa(*m_store, *binding));
    ASSERT_EQ(flow.state(), FlowState::Complete);
    ASSERT_TRUE(flow.finish().ok());
    EXPECT_EQ(flow.state(), FlowState::Attract);

    // Delivery by the outbox worker over the same client, as the kiosk runs it.
    sync::OutboxWorkerConfig workerConfig;
    workerConfig.kioskId = test::kKioskId;
    std::optional<sync::OutboxWorker> worker;
    worker.emplace(storePath(), *m_client, workerConfig);
    auto delivered = worker->runOnce();
    ASSERT_TRUE(delivered.ok()) << delivered.error().detail;
    EXPECT_EQ(delivered->delivered, 2);
    auto received = m_central->openedEnrollments().value();
    ASSERT_EQ(received.size(), 1U);
    EXPECT_EQ(received[0].userId, userId);
    // The password left the kiosk as the configured slow hash, nothing else.
    EXPECT_NE(received[0].resultJson.find("pbkdf2-sha512$210000$"), std::string::npos);
    EXPECT_EQ(m_central->store().listSecondFactors().value().size(), 1U);
    logger()->flush();

    std::vector<Needle> needles;
    for (const auto& [name, raw] :
         std::vector<std::pair<std::string, std::string>>{{"new password", kNewPassword},
                                                          {"temp password", test::kTempPassword},
                                                          {"TOTP secret (key)", secretBytes},
                                                          {"TOTP secret (base32)", base32},
                                                          {"birth date", test::kBirthDate},
                                                          {"birth date", "1947-03-11"},
                                                          {"birth date", "1947/03/11"}}) {
        const auto forms = encodingsOf(name, raw);
        needles.insert(needles.end(), forms.begin(), forms.end());
    }
    // The resume verifier was cleared when the OTP was bound: not even its hash may stay.
    needles.push_back(
        {"cleared resume verifier", "as stored", verifier.substr(verifier.rfind('$') + 1)});

    // The scan can see: a planted copy in one encoding is found.
    {
        const auto planted = m_centralDir.file("planted");
        std::ofstream(planted) << "x" << crypto::Base64::encode(std::string_view(kNewPassword));
        EXPECT_FALSE(scan(m_centralDir.path(), encodingsOf("new password", kNewPassword)).empty());
        std::filesystem::remove(planted);
    }

    // While the kiosk still runs: database, -wal, -shm, the debug log, temporary files.
    std::vector<std::string> scanned;
    const auto whileRunning = scan(m_kioskDir.path(), needles, &scanned);
    EXPECT_TRUE(whileRunning.empty()) << ::testing::PrintToString(whileRunning);
    EXPECT_NE(std::find(scanned.begin(), scanned.end(), "kiosk.db-wal"), scanned.end())
        << ::testing::PrintToString(scanned);
    const std::string log = contents(m_kioskDir.file("log") / "madoguchi.log");
    EXPECT_NE(log.find("registration " + enrollmentId + " committed"), std::string::npos)
        << "the log was written";

    // And once it has shut down (the WAL checkpointed into the database).
    worker.reset();
    m_controller.reset();
    m_flow.reset();
    m_store.reset();
    initLogging({}, spdlog::level::warn, true);
    const auto afterShutdown = scan(m_kioskDir.path(), needles);
    EXPECT_TRUE(afterShutdown.empty()) << ::testing::PrintToString(afterShutdown);
}

} // namespace
} // namespace madoguchi
