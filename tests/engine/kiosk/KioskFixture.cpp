// SPDX-License-Identifier: Apache-2.0
#include "KioskFixture.h"

#include "crypto/Base64.h"
#include "crypto/Opener.h"
#include "crypto/Sealer.h"
#include "otp/Base32.h"
#include "otp/Totp.h"
#include "protocol/SubmitEnrollment.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <limits>

namespace madoguchi::test {

namespace {

// 2024-03-01T09:00:10Z: 10 s into a TOTP step, so the current code is the current step's.
std::chrono::system_clock::time_point kioskStart() {
    return std::chrono::system_clock::time_point{std::chrono::seconds{1709283610}};
}

FlowConfig flowConfig() {
    FlowConfig config;
    config.idleTimeout = std::chrono::seconds(120);
    config.warningLead = std::chrono::seconds(30);
    config.otpMaxAttempts = kMaxAttempts;
    return config;
}

kiosk::KioskOptions kioskOptions(const std::string& sealingKey) {
    kiosk::KioskOptions options;
    options.kioskId = kKioskId;
    options.issuer = "ITC健保";
    options.defaultDeviceName = kDeviceName;
    options.rpId = "portal.example.jp";
    options.sealingPublicKeyPem = sealingKey;
    // The cheapest hash the floors allow, so that the tests stay quick.
    options.passwordHash.digest = crypto::PasswordDigest::Sha512;
    options.passwordHash.iterations = crypto::PasswordHasher::kMinIterationsSha512;
    options.otpMaxAttempts = kMaxAttempts;
    return options;
}

::testing::AssertionResult at(const EnrollmentFlow& flow, FlowState expected) {
    if (flow.state() == expected) {
        return ::testing::AssertionSuccess();
    }
    auto failure = ::testing::AssertionFailure()
                   << "at " << toString(flow.state()) << ", wanted " << toString(expected);
    if (flow.lastError()) {
        failure << " (last error " << toString(flow.lastError()->code) << ": "
                << flow.lastError()->detail << ")";
    }
    return failure;
}

} // namespace

KioskTest::KioskTest()
    : m_clock(kioskStart()), m_blocklist(PasswordBlocklist::fromEntries({"password1"})) {
    auto keys = crypto::SealingKeyPair::generate();
    EXPECT_TRUE(keys.ok());
    if (keys) {
        m_keys = std::move(keys).value();
    }
    m_central.sessionExpiresAt = std::chrono::duration_cast<std::chrono::seconds>(
                                     (m_clock.now() + std::chrono::minutes(30)).time_since_epoch())
                                     .count();
    openKiosk();
}

KioskTest::~KioskTest() {
    m_controller.reset();
    m_flow.reset();
    m_jobStore.reset();
    m_store.reset();
}

void KioskTest::openKiosk() {
    m_controller.reset();
    m_flow.reset();
    m_jobStore.reset();
    m_store.reset();
    auto store = store::LocalStore::open(m_dir.file("kiosk.db"));
    ASSERT_TRUE(store.ok()) << store.error().detail;
    m_store.emplace(std::move(store).value());
    auto jobStore = store::LocalStore::open(m_dir.file("kiosk.db"));
    ASSERT_TRUE(jobStore.ok()) << jobStore.error().detail;
    m_jobStore.emplace(std::move(jobStore).value());
    m_flow = std::make_unique<EnrollmentFlow>(m_clock, flowConfig());
    auto options = kioskOptions(m_keys.publicKeyPem);
    // The real verification, counted: which records a resume checked a password against.
    options.verifyPassword = [this](std::string_view record, const SecureBuffer& password) {
        m_verifiedRecords.emplace_back(record);
        return crypto::PasswordHasher::verify(record, password);
    };
    m_controller = std::make_unique<kiosk::KioskController>(*m_flow, m_central, *m_store,
                                                            m_blocklist, m_clock, options);
}

::testing::AssertionResult KioskTest::logIn() {
    if (auto started = m_flow->startEnrollment(); !started) {
        return ::testing::AssertionFailure() << started.error().detail;
    }
    kiosk::KioskController::TempLoginInput in{kTempId, SecureBuffer::fromText(kTempPassword),
                                              SecureBuffer::fromText(kBirthDate)};
    const auto epoch = m_controller->epoch();
    auto answer = m_controller->verifyTempLogin(in);
    m_controller->applyTempLogin(epoch, std::move(in), std::move(answer));
    return at(*m_flow, FlowState::Terms);
}

::testing::AssertionResult KioskTest::chooseUserId() {
    if (m_flow->state() == FlowState::Terms) {
        if (auto agreed = m_flow->agreeTerms(kTermsVersion); !agreed) {
            return ::testing::AssertionFailure() << agreed.error().detail;
        }
    }
    const auto epoch = m_controller->epoch();
    Status answer = m_controller->checkUserIdAvailable(m_controller->sessionToken(), kUserId);
    m_controller->applyUserId(epoch, kUserId, answer);
    return at(*m_flow, FlowState::MfaChoice);
}

::testing::AssertionResult KioskTest::commitBasic(MfaMethod method) {
    if (auto r = logIn(); !r) {
        return r;
    }
    if (auto r = chooseUserId(); !r) {
        return r;
    }
    if (auto chosen = m_flow->chooseMethod(method); !chosen) {
        return ::testing::AssertionFailure() << chosen.error().detail;
    }
    m_controller->applyPassword(SecureBuffer::fromText(kPassword));
    if (auto r = at(*m_flow, FlowState::Email); !r) {
        return r;
    }
    const auto epoch = m_controller->epoch();
    auto in = m_controller->basicInput(kEmail);
    auto committed = m_controller->commitBasic(*m_jobStore, in);
    if (committed) {
        m_enrollmentId = committed->enrollmentId;
    }
    m_controller->applyBasicCommitted(epoch, kEmail, std::move(committed));
    return at(*m_flow, FlowState::BasicDone);
}

::testing::AssertionResult KioskTest::toOtpVerify() {
    if (m_flow->state() == FlowState::BasicDone) {
        if (auto r = m_flow->next(); !r) {
            return ::testing::AssertionFailure() << r.error().detail;
        }
    }
    if (auto r = m_flow->next(); !r) { // OtpInstallApp -> OtpDeviceName
        return ::testing::AssertionFailure() << r.error().detail;
    }
    if (auto r = m_flow->otpDeviceNamed(kDeviceName); !r) {
        return ::testing::AssertionFailure() << r.error().detail;
    }
    if (auto issued = m_controller->issueOtpSecret(); !issued) { // what OtpScanView does
        return ::testing::AssertionFailure() << issued.error().detail;
    }
    if (auto r = m_flow->next(); !r) {
        return ::testing::AssertionFailure() << r.error().detail;
    }
    return at(*m_flow, FlowState::OtpVerify);
}

Result<TotpMatch> KioskTest::typeOtpCode(const std::string& code) {
    auto match = m_controller->verifyOtpCode(code);
    if (!match) {
        return match;
    }
    auto input = m_controller->otpBindingInput();
    if (!input) {
        return input.error();
    }
    const auto epoch = m_controller->epoch();
    m_controller->applyOtpBound(epoch, m_controller->commitMfa(*m_jobStore, *input));
    return match;
}

::testing::AssertionResult KioskTest::lockOtp() {
    for (int i = 0; i < kMaxAttempts; ++i) {
        auto typed = m_controller->verifyOtpCode(wrongOtpCode());
        if (typed.ok()) {
            return ::testing::AssertionFailure() << "a wrong code was accepted";
        }
    }
    if (!m_flow->otpLocked()) {
        return ::testing::AssertionFailure() << "not locked after " << kMaxAttempts;
    }
    return ::testing::AssertionSuccess();
}

Result<kiosk::KioskController::ResumeFound> KioskTest::resume(const std::string& userId,
                                                              const std::string& password) {
    if (auto started = m_flow->startResume(); !started) {
        return started.error();
    }
    const auto epoch = m_controller->epoch();
    auto found = m_controller->verifyResume(*m_jobStore, userId, SecureBuffer::fromText(password));
    if (found) {
        m_controller->applyResume(epoch, kiosk::KioskController::ResumeFound{found->record});
        return found;
    }
    Error error = found.error();
    m_controller->applyResume(epoch, std::move(found));
    return error;
}

std::string KioskTest::secretBase32() const {
    const SecureBuffer groups = m_controller->otpSecretGroups();
    std::string text(groups.view());
    std::erase(text, ' ');
    return text;
}

std::string KioskTest::currentOtpCode() const {
    auto key = Base32::decode(secretBase32());
    EXPECT_TRUE(key.ok());
    if (!key) {
        return {};
    }
    auto code =
        Totp::generate(key->bytes(), std::chrono::floor<std::chrono::seconds>(m_clock.now()), {});
    EXPECT_TRUE(code.ok());
    return code ? std::string(code->view()) : std::string();
}

std::string KioskTest::wrongOtpCode() const {
    auto key = Base32::decode(secretBase32());
    EXPECT_TRUE(key.ok());
    auto step = Totp::stepAt(std::chrono::floor<std::chrono::seconds>(m_clock.now()), {});
    EXPECT_TRUE(step.ok());
    std::vector<std::string> near;
    for (std::uint64_t s = *step - 2; s <= *step + 2; ++s) {
        auto code = Totp::generateForStep(key->bytes(), s, {});
        near.emplace_back(code->view());
    }
    for (int candidate = 0;; ++candidate) {
        std::string code = std::to_string(100000 + candidate * 7919 % 900000);
        if (std::find(near.begin(), near.end(), code) == near.end()) {
            return code;
        }
    }
}

std::optional<store::EnrollmentRecord> KioskTest::enrollment() {
    auto found = m_store->findEnrollment(m_enrollmentId);
    EXPECT_TRUE(found.ok());
    if (!found) {
        return std::nullopt;
    }
    return *found;
}

std::vector<store::OutboxItem> KioskTest::outbox() {
    auto items = m_store->pendingOutbox(100, std::chrono::system_clock::time_point::max());
    EXPECT_TRUE(items.ok());
    return items ? *items : std::vector<store::OutboxItem>{};
}

std::vector<store::AuditEntry> KioskTest::audit() {
    auto entries = m_store->auditEntries(1, 1000);
    EXPECT_TRUE(entries.ok());
    return entries ? *entries : std::vector<store::AuditEntry>{};
}

std::int64_t KioskTest::rows(const std::string& table) {
    auto n = m_store->database().queryInt64("SELECT count(*) FROM " + table);
    EXPECT_TRUE(n.ok());
    return n ? *n : -1;
}

Result<protocol::EnrollmentResult> KioskTest::openSubmission(const store::OutboxItem& item) const {
    const std::string body(item.payload.begin(), item.payload.end());
    auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded()) {
        return Error{ErrorCode::ProtocolError, "outbox payload is not JSON"};
    }
    auto request = protocol::SubmitEnrollmentRequest::fromJson(json);
    if (!request) {
        return request.error();
    }
    auto envelope = crypto::Base64::decode(request->envelope);
    if (!envelope) {
        return envelope.error();
    }
    const auto aad = crypto::Sealer::enrollmentAad(request->kioskId, request->enrollmentId);
    auto plaintext = crypto::Opener::open(m_keys.privateKeyPem, *envelope, aad);
    if (!plaintext) {
        return plaintext.error();
    }
    return protocol::EnrollmentResult::fromPlaintext(*plaintext);
}

void KioskTest::breakAuditWrites() {
    // A temporary trigger belongs to one connection: both get one.
    for (auto* store : {&*m_store, &*m_jobStore}) {
        ASSERT_TRUE(store->database()
                        .exec("CREATE TEMP TRIGGER fail_audit BEFORE INSERT ON audit "
                              "BEGIN SELECT RAISE(ABORT, 'injected storage fault'); END")
                        .ok());
    }
}

void KioskTest::repairAuditWrites() {
    for (auto* store : {&*m_store, &*m_jobStore}) {
        ASSERT_TRUE(store->database().exec("DROP TRIGGER fail_audit").ok());
    }
}

} // namespace madoguchi::test
