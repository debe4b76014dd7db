// SPDX-License-Identifier: Apache-2.0
#include "central/CentralService.h"

#include "central/KeycloakExporter.h"
#include "central/RosterCsv.h"
#include "central/SqliteCentralStore.h"
#include "core/Hex.h"
#include "core/Log.h"
#include "core/Uuid.h"
#include "crypto/Base64.h"
#include "crypto/Opener.h"
#include "crypto/PasswordHashRecord.h"
#include "crypto/PasswordHasher.h"
#include "crypto/Sealer.h"
#include "protocol/EnrollmentResult.h"
#include "protocol/JsonReader.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <fstream>
#include <iterator>

namespace madoguchi::central {

namespace {
// A staff action's requested_at may differ this much from the central clock.
constexpr std::int64_t kStaffActionSkewSeconds = 300;
} // namespace

using protocol::EnrollmentStatus;
using protocol::HandoffStatus;

namespace {

Result<std::string> randomToken() {
    std::uint8_t bytes[32];
    if (RAND_bytes(bytes, sizeof bytes) != 1) {
        return Error{ErrorCode::RandomFailure, "RAND_bytes failed for a token"};
    }
    return crypto::Base64::encodeUrl(bytes);
}

std::string sha256Hex(std::string_view data) {
    unsigned char md[EVP_MAX_MD_SIZE];
    std::size_t length = 0;
    if (EVP_Q_digest(nullptr, "SHA256", nullptr, data.data(), data.size(), md, &length) != 1) {
        return {};
    }
    return toHex({md, length});
}

// The verifier input: temp password, a line feed, then the 8-digit birth date.
SecureBuffer verifierInput(const SecureBuffer& password, const SecureBuffer& birthDate) {
    SecureBuffer input = password.clone();
    input.append(std::string_view("\n"));
    input.append(birthDate.bytes());
    return input;
}

// A verifier in the roster's form (same digest and iterations) that no input matches: a random
// salt and a random derived key. Checking against it costs one PBKDF2, like a roster entry.
Result<std::string> decoyVerifier(const crypto::PasswordHasher::Params& params) {
    crypto::PasswordHashRecord record;
    record.digest = params.digest;
    record.iterations = params.iterations;
    record.salt.resize(crypto::PasswordHasher::kSaltSize);
    record.hash.resize(crypto::PasswordHasher::hashSize(params.digest));
    if (RAND_bytes(record.salt.data(), static_cast<int>(record.salt.size())) != 1 ||
        RAND_bytes(record.hash.data(), static_cast<int>(record.hash.size())) != 1) {
        return Error{ErrorCode::RandomFailure, "RAND_bytes failed for the decoy verifier"};
    }
    return record.toString();
}

// Why a password hash from a sealed result is refused (nullopt: acceptable). The kiosk's
// floors are checked here again: a kiosk is not trusted to have applied them.
std::optional<std::string> passwordHashProblem(std::string_view text) {
    auto record = crypto::PasswordHashRecord::parse(text);
    if (!record) {
        return "not a PBKDF2 record";
    }
    const auto floor = crypto::PasswordHasher::minimumIterations(record->digest);
    if (record->iterations < floor) {
        return std::string(crypto::algorithmName(record->digest)) + " with fewer than " +
               std::to_string(floor) + " iterations";
    }
    if (record->salt.size() < crypto::PasswordHasher::kSaltSize ||
        record->hash.size() != crypto::PasswordHasher::hashSize(record->digest)) {
        return "salt or hash of the wrong size";
    }
    return std::nullopt;
}

// A second factor that overtook its registration: the registration's own retry is due soon.
constexpr std::int64_t kRegistrationPendingRetrySeconds = 10;

} // namespace

CentralService::CentralService(std::unique_ptr<ICentralStore> store, CentralOptions options,
                               std::shared_ptr<const Clock> clock)
    : m_store(std::move(store)), m_options(std::move(options)), m_clock(std::move(clock)),
      m_rateLimiter(m_options.rateLimitPerSecond, m_options.rateLimitBurst) {}

Result<std::unique_ptr<CentralService>> CentralService::create(std::unique_ptr<ICentralStore> store,
                                                               CentralOptions options,
                                                               std::shared_ptr<const Clock> clock) {
    if (!store || !clock) {
        return Error{ErrorCode::InvalidArgument, "store and clock are required"};
    }
    if (options.lockoutAttempts < 1) {
        return Error{ErrorCode::ConfigInvalid, "lockout attempts must be at least 1"};
    }
    if (auto hasher = crypto::PasswordHasher::create(options.verifierParams); !hasher) {
        return hasher.error();
    }
    if (!options.openingKeyPem.empty()) {
        if (auto opener = crypto::Opener::fromPrivateKeyPem(options.openingKeyPem); !opener) {
            return Error{ErrorCode::ConfigInvalid, "opening key: " + opener.error().detail};
        }
    }
    auto decoy = decoyVerifier(options.verifierParams);
    if (!decoy) {
        return decoy.error();
    }
    std::unique_ptr<CentralService> service(
        new CentralService(std::move(store), std::move(options), std::move(clock)));
    service->m_decoyVerifier = std::move(decoy).value();
    return service;
}

Result<std::unique_ptr<CentralService>>
CentralService::openInMemory(CentralOptions options, std::shared_ptr<const Clock> clock) {
    auto store = SqliteCentralStore::openInMemory();
    if (!store) {
        return store.error();
    }
    return create(std::move(*store), std::move(options), std::move(clock));
}

Result<std::unique_ptr<CentralService>>
CentralService::openFile(const std::filesystem::path& path, CentralOptions options,
                         std::shared_ptr<const Clock> clock) {
    auto store = SqliteCentralStore::open(path);
    if (!store) {
        return store.error();
    }
    return create(std::move(*store), std::move(options), std::move(clock));
}

std::int64_t CentralService::nowSeconds() const {
    return std::chrono::duration_cast<std::chrono::seconds>(m_clock->now().time_since_epoch())
        .count();
}

void CentralService::setBeforeCompleteHookForTesting(std::function<void()> hook) {
    std::lock_guard lock(m_hookMutex);
    m_beforeCompleteHook = std::move(hook);
}

RateLimiter::Decision CentralService::admitRequest(std::string_view kioskId) {
    return m_rateLimiter.take(kioskId, m_clock->now());
}

Result<RosterImportReport> CentralService::importRosterCsv(const SecureBuffer& csv) {
    auto parsed = RosterCsv::parse(csv);
    if (!parsed) {
        return parsed.error();
    }
    auto hasher = crypto::PasswordHasher::create(m_options.verifierParams);
    if (!hasher) {
        return hasher.error();
    }
    RosterImportReport report;
    report.errors = parsed->errors;
    const std::int64_t now = nowSeconds();
    for (auto& row : parsed->rows) {
        auto verifier = hasher->hash(verifierInput(row.tempPassword, row.birthDate));
        row.tempPassword.clear();
        row.birthDate.clear();
        if (!verifier) {
            return verifier.error();
        }
        RosterEntry entry{row.tempId, *verifier, row.kanaName, row.memberNumber, now, {}};
        if (auto put = m_store->putRosterEntry(entry); !put) {
            report.errors.push_back({row.line,
                                     put.code() == ErrorCode::StorageConstraint
                                         ? RosterLineProblem::AlreadyEnrolled
                                         : RosterLineProblem::StorageFailed,
                                     row.tempId});
            continue;
        }
        ++report.imported;
    }
    std::sort(report.errors.begin(), report.errors.end(),
              [](const auto& a, const auto& b) { return a.line < b.line; });
    logger()->info("roster import: {} imported, {} refused", report.imported, report.errors.size());
    return report;
}

Result<RosterImportReport> CentralService::importRosterCsvFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return Error{ErrorCode::NotFound, "cannot open " + path.string()};
    }
    SecureBuffer csv;
    char chunk[4096];
    while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
        csv.append(std::string_view(chunk, static_cast<std::size_t>(in.gcount())));
    }
    OPENSSL_cleanse(chunk, sizeof chunk);
    return importRosterCsv(csv);
}

ServiceReply<protocol::VerifyTempCredentialsResponse>
CentralService::verifyTempCredentials(const protocol::VerifyTempCredentialsRequest& request) {
    if (!isPlainId(request.kioskId)) {
        return Error{ErrorCode::InvalidArgument, "kiosk_id invalid"};
    }
    if (!isPlainId(request.tempId)) {
        return Error{ErrorCode::InvalidArgument, "temp_id invalid"};
    }
    const std::int64_t now = nowSeconds();
    auto entry = m_store->findRosterEntry(request.tempId);
    if (!entry) {
        return entry.error();
    }
    const bool onRoster = entry->has_value();
    // Counted before the slow check, so parallel guesses cannot overtake the limit. Every
    // temp ID, on the roster or not, is counted by the same call in the same durable table:
    // a locked roster ID and an unknown one answer alike, after a restart too, and no flood
    // of fresh IDs can push a count out (the per-kiosk rate limit bounds how fast the table
    // grows, each row costing its kiosk a request and the service a PBKDF2).
    auto counted = m_store->countAttempt(request.tempId, now);
    if (!counted) {
        return counted.error();
    }
    const std::int64_t count = *counted;
    if (count > m_options.lockoutAttempts) {
        return Error{ErrorCode::TempCredentialsLocked, "temp ID locked"};
    }
    const SecureBuffer input = verifierInput(request.tempPassword, request.birthDate);
    bool match = false;
    if (onRoster) {
        auto verified = crypto::PasswordHasher::verify((*entry)->verifier, input);
        if (!verified) {
            return verified.error();
        }
        match = *verified;
    } else {
        // Same work for an unknown temp ID, so timing does not tell which IDs exist.
        (void)crypto::PasswordHasher::verify(m_decoyVerifier, input);
    }
    if (!match) {
        const std::int64_t left = m_options.lockoutAttempts - count;
        logger()->info("temp credentials refused for a temp ID ({} attempts left)", left);
        if (left <= 0) {
            return Error{ErrorCode::TempCredentialsLocked, "temp ID locked"};
        }
        ServiceReply<protocol::VerifyTempCredentialsResponse> reply(
            ErrorCode::TempCredentialsInvalid, "wrong temporary credentials");
        reply.attemptsLeft = left;
        return reply;
    }
    if (auto cleared = m_store->clearAttempts(request.tempId); !cleared) {
        return cleared.error();
    }
    if ((*entry)->enrolledAt) {
        return Error{ErrorCode::InvalidArgument, "already enrolled"};
    }
    auto token = randomToken();
    if (!token) {
        return token.error();
    }
    const std::int64_t expires = now + m_options.sessionLifetime.count();
    const std::string sessionId = protocol::sessionIdOf(*token);
    if (auto put = m_store->putSession({sessionId, request.tempId, request.kioskId, expires});
        !put) {
        return put.error();
    }
    // The proof a registration must name later, kept beyond the session's lifetime.
    if (auto recorded =
            m_store->recordVerification({sessionId, request.tempId, request.kioskId, now});
        !recorded) {
        return recorded.error();
    }
    return protocol::VerifyTempCredentialsResponse{*token, expires, (*entry)->kanaName};
}

Result<SessionRecord> CentralService::liveSession(std::string_view token) {
    if (token.empty() || token.size() > 128) {
        return Error{ErrorCode::SessionInvalid, "no such session"};
    }
    auto session = m_store->findSession(sha256Hex(token));
    if (!session) {
        return session.error();
    }
    if (!session->has_value()) {
        return Error{ErrorCode::SessionInvalid, "no such session"};
    }
    if ((*session)->expiresAt <= nowSeconds()) {
        return Error{ErrorCode::SessionInvalid, "session expired"};
    }
    return **session;
}

ServiceReply<protocol::CheckUserIdResponse>
CentralService::checkUserId(const protocol::CheckUserIdRequest& request, std::string_view kioskId) {
    auto session = liveSession(request.sessionToken);
    if (!session) {
        return session.error();
    }
    if (session->kioskId != kioskId) {
        return Error{ErrorCode::KioskNotAuthorized, "session belongs to another kiosk"};
    }
    if (request.userId.empty() || request.userId.size() > 64) {
        return Error{ErrorCode::InvalidArgument, "user_id empty or too long"};
    }
    auto taken = m_store->userIdTaken(request.userId);
    if (!taken) {
        return taken.error();
    }
    return protocol::CheckUserIdResponse{request.userId, !*taken};
}

protocol::TermsVersionResponse CentralService::termsVersion() const {
    return {m_options.termsVersion};
}

protocol::HealthResponse CentralService::health() const {
    return {"ok", 1, nowSeconds()};
}

// A delivery after opening and checking its sealed result, before the store is asked.
struct CentralService::OpenedDelivery {
    // Set when the result is refused without asking the store; with `staffKind`, the refusal
    // raises a staff item of that kind (naming `staffTempId`).
    std::optional<Error> refusal;
    std::string staffKind;
    std::string staffTempId;
    std::optional<EnrollmentRecord> registration; // stage complete or registration
    std::optional<SecondFactorRecord> secondFactor;
};

std::optional<CentralService::DeliveryReply>
CentralService::deliveryIdProblem(const protocol::SubmitEnrollmentRequest& request) {
    if (!isUuid(request.enrollmentId)) {
        return DeliveryReply(ErrorCode::InvalidArgument, "enrollment_id is not a UUID");
    }
    if (!isPlainId(request.kioskId)) {
        return DeliveryReply(ErrorCode::InvalidArgument, "kiosk_id invalid");
    }
    return std::nullopt;
}

Result<DeliveryClaim>
CentralService::claimDelivery(const protocol::SubmitEnrollmentRequest& request, std::int64_t now) {
    // The idempotency fingerprint: SHA-256 of the canonical JSON of the request.
    const std::string digest = sha256Hex(protocol::dumpJson(request.toJson()));
    return m_store->claimDelivery(request.enrollmentId, digest, now,
                                  now - m_options.deliveryStaleAfter.count());
}

std::optional<CentralService::DeliveryReply>
CentralService::answerForClaim(const DeliveryClaim& claim) {
    switch (claim.state) {
    case DeliveryState::Mismatch:
        return DeliveryReply(ErrorCode::IdempotencyMismatch,
                             "enrollment_id reused with another body");
    case DeliveryState::InFlight: {
        DeliveryReply reply(ErrorCode::IdempotencyInFlight, "first delivery still in flight");
        reply.retryAfterSeconds = 2;
        return reply;
    }
    case DeliveryState::Completed: {
        auto json = protocol::parseJson(claim.answerJson);
        if (!json) {
            return DeliveryReply(ErrorCode::StorageCorrupt, "stored answer unreadable");
        }
        auto answer = protocol::SubmitEnrollmentResponse::fromJson(*json);
        if (!answer) {
            return DeliveryReply(ErrorCode::StorageCorrupt, "stored answer unreadable");
        }
        answer->replayed = true;
        return DeliveryReply(std::move(*answer));
    }
    case DeliveryState::Claimed:
        break;
    }
    return std::nullopt;
}

CentralService::OpenedDelivery
CentralService::openDelivery(const protocol::SubmitEnrollmentRequest& request,
                             std::int64_t now) const {
    OpenedDelivery opened;
    const auto refuse = [&](std::string kind, std::string tempId, std::string detail) {
        opened.staffKind = std::move(kind);
        opened.staffTempId = std::move(tempId);
        opened.refusal = Error{ErrorCode::EnvelopeRejected, std::move(detail)};
        return std::move(opened);
    };
    const auto reject = [&](std::string detail) {
        return refuse("envelope_rejected", {}, std::move(detail));
    };
    if (m_options.openingKeyPem.empty()) {
        opened.refusal = Error{ErrorCode::ServerError, "no opening key configured"};
        return opened;
    }
    auto envelope = crypto::Base64::decode(request.envelope);
    if (!envelope) {
        opened.refusal = Error{ErrorCode::InvalidArgument, "envelope is not base64"};
        return opened;
    }
    const auto aad = crypto::Sealer::enrollmentAad(request.kioskId, request.enrollmentId);
    auto plaintext = crypto::Opener::open(m_options.openingKeyPem, *envelope, aad);
    if (!plaintext) {
        return reject("envelope does not open: " + plaintext.error().detail);
    }
    auto result = protocol::EnrollmentResult::fromPlaintext(*plaintext);
    if (!result) {
        return reject("sealed result invalid: " + result.error().detail);
    }
    if (result->enrollmentId != request.enrollmentId || result->kioskId != request.kioskId) {
        return reject("sealed result names another enrollment or kiosk");
    }
    if (!isPlainId(result->userId)) {
        return reject("sealed result has an invalid user_id");
    }
    if (!protocol::EnrollmentResult::completedAtInRange(result->completedAt)) {
        return reject("sealed result's completed_at " + std::to_string(result->completedAt) +
                      " is out of range");
    }
    if (result->stage == protocol::ResultStage::SecondFactor) {
        if (result->registrationId == request.enrollmentId || !isUuid(result->registrationId)) {
            return reject("second factor names no valid registration_id");
        }
        SecondFactorRecord factor;
        factor.enrollmentId = request.enrollmentId;
        factor.registrationId = result->registrationId;
        factor.kioskId = request.kioskId;
        factor.userId = result->userId;
        factor.method = std::string(protocol::toString(result->method));
        factor.envelope = std::move(*envelope);
        factor.receivedAt = now;
        factor.queuePush = m_options.queueKeycloakPush;
        opened.secondFactor = std::move(factor);
        return opened;
    }
    if (!isPlainId(result->tempId)) {
        return reject("sealed result has an invalid temp_id");
    }
    if (auto weak = passwordHashProblem(result->passwordHash)) {
        return refuse("registration_refused", result->tempId, "password hash refused: " + *weak);
    }
    EnrollmentRecord record;
    record.enrollmentId = request.enrollmentId;
    record.stage = std::string(protocol::toString(result->stage));
    record.kioskId = request.kioskId;
    record.tempId = result->tempId;
    record.userId = result->userId;
    record.sessionId = result->sessionId;
    record.envelope = std::move(*envelope);
    record.receivedAt = now;
    record.queuePush = m_options.queueKeycloakPush;
    opened.registration = std::move(record);
    return opened;
}

CentralService::DeliveryReply
CentralService::finishDelivery(const protocol::SubmitEnrollmentRequest& request,
                               OpenedDelivery opened, std::int64_t now) {
    const auto abandon = [&](Error error) -> Error {
        if (auto dropped = m_store->abandonDelivery(request.enrollmentId); !dropped) {
            logger()->error("could not drop in-flight marker: {}", dropped.error().detail);
        }
        return error;
    };
    const auto refuse = [&](std::string kind, std::string tempId, std::string detail) -> Error {
        StaffItem item;
        item.createdAt = now;
        item.kind = std::move(kind);
        item.enrollmentId = request.enrollmentId;
        item.kioskId = request.kioskId;
        item.tempId = std::move(tempId);
        item.detail = detail;
        if (auto added = m_store->addStaffItem(item); !added) {
            logger()->error("could not raise a staff item: {}", added.error().detail);
        }
        logger()->warn("enrollment {} from {} rejected: {}", request.enrollmentId, request.kioskId,
                       detail);
        return abandon(Error{ErrorCode::EnvelopeRejected, std::move(detail)});
    };
    const auto reject = [&](std::string detail) -> Error {
        return refuse("envelope_rejected", {}, std::move(detail));
    };
    if (opened.refusal) {
        if (!opened.staffKind.empty()) {
            return refuse(std::move(opened.staffKind), std::move(opened.staffTempId),
                          std::move(opened.refusal->detail));
        }
        return abandon(std::move(*opened.refusal));
    }

    protocol::SubmitEnrollmentResponse accepted{request.enrollmentId, EnrollmentStatus::Accepted,
                                                now, false};
    protocol::SubmitEnrollmentResponse conflict = accepted;
    conflict.status = EnrollmentStatus::UserIdConflict;
    if (opened.secondFactor) {
        const SecondFactorRecord& factor = *opened.secondFactor;
        auto outcome = m_store->completeSecondFactor(factor, protocol::dumpJson(accepted.toJson()),
                                                     protocol::dumpJson(conflict.toJson()));
        if (!outcome) {
            return abandon(outcome.error());
        }
        switch (*outcome) {
        case SecondFactorOutcome::Accepted:
            logger()->info("second factor {} for registration {} accepted", request.enrollmentId,
                           factor.registrationId);
            return accepted;
        case SecondFactorOutcome::UserIdConflict:
            logger()->warn("second factor {} recorded for registration {} in user_id_conflict",
                           request.enrollmentId, factor.registrationId);
            return conflict;
        case SecondFactorOutcome::RegistrationMissing: {
            // Its registration is not in yet (a retried registration overtaken): nothing is
            // recorded and the marker goes, so the outbox's retry is processed afresh.
            (void)abandon(Error{ErrorCode::IdempotencyInFlight, ""});
            DeliveryReply reply(ErrorCode::IdempotencyInFlight,
                                "registration not received yet: retry later");
            reply.retryAfterSeconds = kRegistrationPendingRetrySeconds;
            logger()->info("second factor {} waits for registration {}", request.enrollmentId,
                           factor.registrationId);
            return reply;
        }
        case SecondFactorOutcome::NotARegistration:
            return reject("second factor names registration " + factor.registrationId +
                          ", which is a complete enrollment");
        case SecondFactorOutcome::UserIdMismatch:
            return reject("second factor's user_id differs from its registration " +
                          factor.registrationId);
        case SecondFactorOutcome::KioskMismatch:
            return refuse("second_factor_refused", {},
                          "second factor for registration " + factor.registrationId +
                              ", which another kiosk delivered");
        }
        return abandon(Error{ErrorCode::Internal, "unknown second-factor outcome"});
    }
    if (!opened.registration) {
        return abandon(Error{ErrorCode::Internal, "delivery neither opened nor refused"});
    }
    const EnrollmentRecord& record = *opened.registration;
    auto outcome = m_store->completeDelivery(record, now - m_options.resultAcceptanceWindow.count(),
                                             protocol::dumpJson(accepted.toJson()),
                                             protocol::dumpJson(conflict.toJson()));
    if (!outcome) {
        return abandon(outcome.error());
    }
    switch (*outcome) {
    case RegistrationOutcome::Accepted:
        logger()->info("enrollment {} from {} accepted", request.enrollmentId, request.kioskId);
        return accepted;
    case RegistrationOutcome::UserIdConflict:
        logger()->warn("enrollment {}: user ID taken meanwhile; staff item raised",
                       request.enrollmentId);
        return conflict;
    case RegistrationOutcome::NoVerification:
        return refuse("registration_refused", record.tempId,
                      record.sessionId.empty()
                          ? "sealed result names no verified login (a kiosk version before "
                            "session binding): the member must sign in again"
                          : "sealed result names a session the central service never verified");
    case RegistrationOutcome::VerificationElsewhere:
        return refuse("registration_refused", record.tempId,
                      "the named session verified another temp ID or at another kiosk");
    case RegistrationOutcome::VerificationTooOld:
        return refuse("registration_refused", record.tempId,
                      "the named session was verified before the acceptance window");
    case RegistrationOutcome::AlreadyRegistered:
        return refuse("duplicate_registration", record.tempId,
                      "the temp ID already has a registration: this one is not exported");
    }
    return abandon(Error{ErrorCode::Internal, "unknown registration outcome"});
}

ServiceReply<protocol::SubmitEnrollmentResponse>
CentralService::submitEnrollment(const protocol::SubmitEnrollmentRequest& request) {
    if (auto problem = deliveryIdProblem(request)) {
        return std::move(*problem);
    }
    const std::int64_t now = nowSeconds();
    auto claim = claimDelivery(request, now);
    if (!claim) {
        return claim.error();
    }
    if (auto answer = answerForClaim(*claim)) {
        return std::move(*answer);
    }
    std::function<void()> hook;
    {
        std::lock_guard lock(m_hookMutex);
        hook = m_beforeCompleteHook; // a copy: the hook may replace itself
    }
    if (hook) {
        hook();
    }
    return finishDelivery(request, openDelivery(request, now), now);
}

Result<std::vector<ServiceReply<protocol::SubmitEnrollmentResponse>>>
CentralService::submitEnrollmentBatch(
    const std::vector<protocol::SubmitEnrollmentRequest>& requests) {
    const std::int64_t now = nowSeconds();
    const std::size_t count = requests.size();
    std::vector<std::optional<DeliveryReply>> replies(count);
    std::vector<OpenedDelivery> opened(count);
    // The public-key work first, outside the store's transaction (it holds the store).
    for (std::size_t i = 0; i < count; ++i) {
        if (auto problem = deliveryIdProblem(requests[i])) {
            replies[i] = std::move(*problem);
        } else {
            opened[i] = openDelivery(requests[i], now);
        }
    }
    Status done = m_store->inOneTransaction([&]() -> Status {
        for (std::size_t i = 0; i < count; ++i) {
            if (replies[i]) {
                continue;
            }
            // Claimed in order: a result repeated later in the same batch is a replay.
            auto claim = claimDelivery(requests[i], now);
            if (!claim) {
                return claim.error();
            }
            if (auto answer = answerForClaim(*claim)) {
                replies[i] = std::move(*answer);
            } else {
                replies[i] = finishDelivery(requests[i], std::move(opened[i]), now);
            }
            // The service's own trouble (storage, configuration): the whole batch is rolled
            // back and answered with it, so that every result in it is sent again.
            if (!replies[i]->ok() && protocol::ErrorBody::httpStatus(replies[i]->code()) >= 500) {
                return replies[i]->error();
            }
        }
        return {};
    });
    if (!done) {
        logger()->warn("batch of {} results rolled back: {}", count, done.error().detail);
        return done.error();
    }
    std::vector<DeliveryReply> out;
    out.reserve(count);
    for (auto& reply : replies) {
        out.push_back(std::move(*reply));
    }
    return out;
}

ServiceReply<protocol::HandoffCreateResponse>
CentralService::createHandoff(const protocol::HandoffCreateRequest& request) {
    auto session = liveSession(request.sessionToken);
    if (!session) {
        return session.error();
    }
    if (session->kioskId != request.kioskId) {
        return Error{ErrorCode::KioskNotAuthorized, "session belongs to another kiosk"};
    }
    if (!isUuid(request.enrollmentId)) {
        return Error{ErrorCode::InvalidArgument, "enrollment_id is not a UUID"};
    }
    auto token = randomToken();
    if (!token) {
        return token.error();
    }
    const std::int64_t now = nowSeconds();
    HandoffRecord record{sha256Hex(*token),
                         request.enrollmentId,
                         request.kioskId,
                         session->tempId,
                         now,
                         now + m_options.handoffLifetime.count(),
                         std::nullopt};
    if (auto put = m_store->putHandoff(record); !put) {
        return put.error();
    }
    return protocol::HandoffCreateResponse{*token, m_options.handoffUrlBase + *token,
                                           record.expiresAt};
}

ServiceReply<protocol::HandoffPollResponse>
CentralService::handoffState(std::string_view handoffToken, std::string* ownerKiosk) {
    if (handoffToken.empty() || handoffToken.size() > 128) {
        return Error{ErrorCode::NotFound, "no such hand-off"};
    }
    auto record = m_store->findHandoff(sha256Hex(handoffToken));
    if (!record) {
        return record.error();
    }
    if (!record->has_value()) {
        return Error{ErrorCode::NotFound, "no such hand-off"};
    }
    const auto& h = **record;
    if (ownerKiosk != nullptr) {
        *ownerKiosk = h.kioskId;
    }
    protocol::HandoffPollResponse response{std::string(handoffToken), HandoffStatus::Pending,
                                           h.expiresAt, h.confirmedAt};
    if (h.confirmedAt) {
        response.status = HandoffStatus::Confirmed;
    } else if (nowSeconds() >= h.expiresAt) {
        response.status = HandoffStatus::Expired;
    }
    return response;
}

ServiceReply<protocol::HandoffPollResponse>
CentralService::pollHandoff(std::string_view handoffToken, std::string_view kioskId) {
    std::string owner;
    auto state = handoffState(handoffToken, &owner);
    if (state.ok() && owner != kioskId) {
        return Error{ErrorCode::KioskNotAuthorized, "hand-off belongs to another kiosk"};
    }
    return state;
}

ServiceReply<protocol::HandoffPollResponse>
CentralService::confirmHandoff(std::string_view handoffToken) {
    auto current = handoffState(handoffToken, nullptr);
    if (!current.ok()) {
        return current;
    }
    if (current.value().status == HandoffStatus::Expired) {
        return Error{ErrorCode::HandoffExpired, "hand-off expired"};
    }
    if (current.value().status == HandoffStatus::Confirmed) {
        return current;
    }
    if (auto confirmed = m_store->confirmHandoff(sha256Hex(handoffToken), nowSeconds());
        !confirmed) {
        return confirmed.error();
    }
    return handoffState(handoffToken, nullptr);
}

Result<bool> CentralService::unlockTempId(std::string_view tempId) {
    auto count = m_store->attemptCount(tempId);
    if (!count) {
        return count.error();
    }
    if (auto cleared = m_store->clearAttempts(tempId); !cleared) {
        return cleared.error();
    }
    logger()->info("staff unlock of a temp ID ({} failures cleared)", *count);
    return *count > 0;
}

Result<std::vector<StaffItem>> CentralService::staffItems(bool includeResolved) {
    return m_store->listStaffItems(includeResolved);
}

Result<SecureBuffer> CentralService::openStored(std::string_view kioskId,
                                                std::string_view enrollmentId,
                                                std::span<const std::uint8_t> envelope) const {
    if (m_options.openingKeyPem.empty()) {
        return Error{ErrorCode::ConfigInvalid, "no opening key configured ([sealing] private_key)"};
    }
    return crypto::Opener::open(m_options.openingKeyPem, envelope,
                                crypto::Sealer::enrollmentAad(kioskId, enrollmentId));
}

namespace {
// Fills `resultJson` of each record from its envelope; a record that does not open keeps it
// empty (the exporter leaves it out and logs it).
template <class Record>
void openAll(const CentralService& service, std::vector<Record>& records) {
    for (auto& r : records) {
        auto plaintext = service.openStored(r.kioskId, r.enrollmentId, r.envelope);
        if (plaintext) {
            r.resultJson.assign(plaintext->view());
        } else {
            logger()->warn("stored result {} does not open: {}", r.enrollmentId,
                           plaintext.error().detail);
        }
    }
}

template <class Record>
void wipeAll(std::vector<Record>& records) {
    for (auto& r : records) {
        OPENSSL_cleanse(r.resultJson.data(), r.resultJson.size());
        r.resultJson.clear();
    }
}
} // namespace

Result<std::vector<EnrollmentRecord>> CentralService::openedEnrollments() {
    if (m_options.openingKeyPem.empty()) {
        return Error{ErrorCode::ConfigInvalid, "no opening key configured ([sealing] private_key)"};
    }
    auto enrollments = m_store->listEnrollments();
    if (enrollments) {
        openAll(*this, *enrollments);
    }
    return enrollments;
}

Result<std::vector<SecondFactorRecord>> CentralService::openedSecondFactors() {
    if (m_options.openingKeyPem.empty()) {
        return Error{ErrorCode::ConfigInvalid, "no opening key configured ([sealing] private_key)"};
    }
    auto factors = m_store->listSecondFactors();
    if (factors) {
        openAll(*this, *factors);
    }
    return factors;
}

Result<nlohmann::json> CentralService::exportKeycloak() {
    // The results are opened here only, in memory, and wiped once the document is built.
    auto enrollments = openedEnrollments();
    if (!enrollments) {
        return enrollments.error();
    }
    auto secondFactors = openedSecondFactors();
    if (!secondFactors) {
        wipeAll(*enrollments);
        return secondFactors.error();
    }
    auto doc = KeycloakExporter::build(*enrollments, *secondFactors);
    wipeAll(*enrollments);
    wipeAll(*secondFactors);
    return doc;
}

ServiceReply<protocol::StaffUnlockResponse>
CentralService::staffUnlock(const protocol::StaffUnlockRequest& request) {
    if (!isUuid(request.actionId)) {
        return Error{ErrorCode::InvalidArgument, "action_id: not a UUID"};
    }
    if (!isPlainId(request.tempId)) {
        return Error{ErrorCode::InvalidArgument, "temp_id: invalid"};
    }
    // A captured request replayed later, or one made on a kiosk whose clock is far off.
    const std::int64_t now = nowSeconds();
    if (request.requestedAt < now - kStaffActionSkewSeconds ||
        request.requestedAt > now + kStaffActionSkewSeconds) {
        return Error{ErrorCode::InvalidArgument,
                     "requested_at: not within 5 minutes of the central clock"};
    }
    auto done = m_store->staffUnlock(request.actionId, request.kioskId, request.tempId, now,
                                     now - 3600, m_options.staffUnlocksPerHour);
    if (!done) {
        return done.error();
    }
    protocol::StaffUnlockResponse answer{request.tempId, false, false};
    switch (done->outcome) {
    case StaffUnlockOutcome::Unlocked:
    case StaffUnlockOutcome::NothingToUnlock:
        answer.unlocked = done->outcome == StaffUnlockOutcome::Unlocked;
        // The audit line: which kiosk's staff, which action; the temp ID stays in the store.
        logger()->info("staff unlock from kiosk {} (action {}): {}", request.kioskId,
                       request.actionId, answer.unlocked ? "failures cleared" : "nothing to clear");
        return answer;
    case StaffUnlockOutcome::Replayed:
        answer.unlocked = done->firstUnlocked;
        answer.replayed = true;
        logger()->warn("staff unlock from kiosk {}: action {} replayed, nothing done again",
                       request.kioskId, request.actionId);
        return answer;
    case StaffUnlockOutcome::Mismatch:
        logger()->warn("staff unlock from kiosk {}: action {} reused for another request",
                       request.kioskId, request.actionId);
        return Error{ErrorCode::IdempotencyMismatch, "action_id was used for another request"};
    case StaffUnlockOutcome::RateLimited: {
        logger()->warn("staff unlock from kiosk {} refused: over {} per hour", request.kioskId,
                       m_options.staffUnlocksPerHour);
        ServiceReply<protocol::StaffUnlockResponse> reply(ErrorCode::RateLimited,
                                                          "too many staff unlocks from this kiosk");
        reply.retryAfterSeconds = 600;
        return reply;
    }
    }
    return Error{ErrorCode::Internal, "unknown staff unlock outcome"};
}

ServiceReply<protocol::PortalStatusResponse>
CentralService::portalStatus(std::string_view enrollmentId, std::string_view kioskId) {
    if (!isUuid(enrollmentId)) {
        return Error{ErrorCode::InvalidArgument, "enrollment id: not a UUID"};
    }
    protocol::PortalStatusResponse answer{std::string(enrollmentId),
                                          protocol::PortalState::NotReceived};
    auto found = m_store->findEnrollment(enrollmentId);
    if (!found) {
        return found.error();
    }
    if (!*found) {
        return answer;
    }
    if ((*found)->kioskId != kioskId) {
        return Error{ErrorCode::KioskNotAuthorized, "enrollment delivered by another kiosk"};
    }
    if ((*found)->status == "user_id_conflict") {
        answer.state = protocol::PortalState::Conflict;
        return answer;
    }
    auto push = m_store->findPush(enrollmentId);
    if (!push || !*push) {
        // No queue row: the push is off (the export carries it), or a registration's factor
        // has not arrived yet.
        answer.state = m_options.queueKeycloakPush && push ? protocol::PortalState::Pending
                                                           : protocol::PortalState::Export;
        return answer;
    }
    const auto& state = (*push)->state;
    answer.state = state == "done"     ? protocol::PortalState::Ready
                   : state == "failed" ? protocol::PortalState::Failed
                                       : protocol::PortalState::Pending;
    return answer;
}

} // namespace madoguchi::central
