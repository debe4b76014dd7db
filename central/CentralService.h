// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "central/CentralOptions.h"
#include "central/ICentralStore.h"
#include "central/RateLimiter.h"
#include "central/RosterImportReport.h"
#include "central/ServiceReply.h"
#include "core/Clock.h"
#include "core/Result.h"
#include "core/SecureBuffer.h"
#include "protocol/CheckUserId.h"
#include "protocol/Handoff.h"
#include "protocol/Health.h"
#include "protocol/StaffUnlock.h"
#include "protocol/SubmitEnrollment.h"
#include "protocol/TermsVersion.h"
#include "protocol/VerifyTempCredentials.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::central {

// The central service's v1 operations as plain C++ calls over an ICentralStore. The HTTPS
// server calls these; the kiosk's demo mode calls them in-process. Thread-safe.
class CentralService {
public:
    static Result<std::unique_ptr<CentralService>>
    create(std::unique_ptr<ICentralStore> store, CentralOptions options,
           std::shared_ptr<const Clock> clock = std::make_shared<SystemClock>());
    // SQLite in memory (demo mode, tests) or in a file (WAL, synchronous=FULL).
    static Result<std::unique_ptr<CentralService>>
    openInMemory(CentralOptions options = {},
                 std::shared_ptr<const Clock> clock = std::make_shared<SystemClock>());
    static Result<std::unique_ptr<CentralService>>
    openFile(const std::filesystem::path& path, CentralOptions options = {},
             std::shared_ptr<const Clock> clock = std::make_shared<SystemClock>());

    // Roster: each line's temp password + birth date become one slow salted hash; the CSV
    // itself is not kept. Fails as a whole only for an unreadable file or a bad header.
    Result<RosterImportReport> importRosterCsv(const SecureBuffer& csv);
    Result<RosterImportReport> importRosterCsvFile(const std::filesystem::path& path);

    // Protocol v1.
    ServiceReply<protocol::VerifyTempCredentialsResponse>
    verifyTempCredentials(const protocol::VerifyTempCredentialsRequest& request);
    // `kioskId`: the calling kiosk (the HTTPS front's certificate CN); a session that another
    // kiosk opened is refused with KioskNotAuthorized.
    ServiceReply<protocol::CheckUserIdResponse>
    checkUserId(const protocol::CheckUserIdRequest& request, std::string_view kioskId);
    protocol::TermsVersionResponse termsVersion() const;
    protocol::HealthResponse health() const;
    ServiceReply<protocol::SubmitEnrollmentResponse>
    submitEnrollment(const protocol::SubmitEnrollmentRequest& request);
    // Several deliveries in ONE store transaction (one durable commit): each request gets,
    // in order, the answer submitEnrollment would give it (a repeat, in the batch or of an
    // earlier delivery, is a replay). An error only when the service itself failed
    // (storage, configuration): then nothing of the batch was recorded.
    Result<std::vector<ServiceReply<protocol::SubmitEnrollmentResponse>>>
    submitEnrollmentBatch(const std::vector<protocol::SubmitEnrollmentRequest>& requests);
    ServiceReply<protocol::HandoffCreateResponse>
    createHandoff(const protocol::HandoffCreateRequest& request);
    // Only the kiosk that created the hand-off may poll it (KioskNotAuthorized otherwise).
    ServiceReply<protocol::HandoffPollResponse> pollHandoff(std::string_view handoffToken,
                                                            std::string_view kioskId);
    // Admin/test path: what the portal does when the phone finished its passkey.
    ServiceReply<protocol::HandoffPollResponse> confirmHandoff(std::string_view handoffToken);

    // A staff unlock from a kiosk's staff panel (the server checked kiosk_id against the
    // certificate): audited with the kiosk and the action id, idempotent on the action id,
    // at most `staffUnlocksPerHour` per kiosk.
    ServiceReply<protocol::StaffUnlockResponse>
    staffUnlock(const protocol::StaffUnlockRequest& request);
    // Whether the member's portal account works yet; only for the kiosk that delivered it.
    ServiceReply<protocol::PortalStatusResponse> portalStatus(std::string_view enrollmentId,
                                                              std::string_view kioskId);

    // Per-kiosk token bucket; the server asks before every request.
    RateLimiter::Decision admitRequest(std::string_view kioskId);

    // Staff operations.
    // Clears the failure count and lock; true when there was something to clear.
    Result<bool> unlockTempId(std::string_view tempId);
    Result<std::vector<StaffItem>> staffItems(bool includeResolved = false);
    // Opens every stored result (needs the opening key): the store keeps only envelopes.
    Result<nlohmann::json> exportKeycloak();
    // The stored records with `resultJson` opened from their envelopes, in memory (for the
    // export and for tests); the caller wipes them.
    Result<std::vector<EnrollmentRecord>> openedEnrollments();
    Result<std::vector<SecondFactorRecord>> openedSecondFactors();
    Result<SecureBuffer> openStored(std::string_view kioskId, std::string_view enrollmentId,
                                    std::span<const std::uint8_t> envelope) const;

    ICentralStore& store() { return *m_store; }
    const CentralOptions& options() const { return m_options; }

    // Runs between claiming a delivery and completing it (tests make a duplicate arrive
    // while the first is in flight).
    void setBeforeCompleteHookForTesting(std::function<void()> hook);

private:
    using DeliveryReply = ServiceReply<protocol::SubmitEnrollmentResponse>;
    struct OpenedDelivery;

    CentralService(std::unique_ptr<ICentralStore> store, CentralOptions options,
                   std::shared_ptr<const Clock> clock);
    // The steps of one delivery (both paths): the ids, the idempotency claim and the answer
    // it already decides, opening and checking the sealed result (no store), and recording it.
    static std::optional<DeliveryReply>
    deliveryIdProblem(const protocol::SubmitEnrollmentRequest& request);
    Result<DeliveryClaim> claimDelivery(const protocol::SubmitEnrollmentRequest& request,
                                        std::int64_t now);
    static std::optional<DeliveryReply> answerForClaim(const DeliveryClaim& claim);
    OpenedDelivery openDelivery(const protocol::SubmitEnrollmentRequest& request,
                                std::int64_t now) const;
    DeliveryReply finishDelivery(const protocol::SubmitEnrollmentRequest& request,
                                 OpenedDelivery opened, std::int64_t now);
    std::int64_t nowSeconds() const;
    Result<SessionRecord> liveSession(std::string_view token);
    // The hand-off's state; `ownerKiosk` (if given) receives the kiosk that created it.
    ServiceReply<protocol::HandoffPollResponse> handoffState(std::string_view handoffToken,
                                                             std::string* ownerKiosk);

    std::unique_ptr<ICentralStore> m_store;
    CentralOptions m_options;
    std::shared_ptr<const Clock> m_clock;
    RateLimiter m_rateLimiter;
    std::mutex m_hookMutex;
    std::function<void()> m_beforeCompleteHook;
    // Made at start-up, so that even the first unknown temp ID costs exactly one PBKDF2.
    std::string m_decoyVerifier;
};

} // namespace madoguchi::central
