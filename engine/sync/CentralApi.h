// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "protocol/CheckUserId.h"
#include "protocol/Handoff.h"
#include "protocol/Health.h"
#include "protocol/StaffUnlock.h"
#include "protocol/SubmitEnrollment.h"
#include "protocol/TermsVersion.h"
#include "protocol/VerifyTempCredentials.h"

#include <string_view>
#include <vector>

namespace madoguchi::sync {

// The v1 operations of the central service as the kiosk sees them. Implemented over HTTPS
// by HttpsCentralClient and, in demo mode, in-process over the central core. Calls block
// (network): make them from a worker thread, never from the UI thread.
//
// Errors a caller can meet (core/Error.h):
//   any call      NetworkUnavailable, NetworkTimeout, TlsFailure, ServerError, ProtocolError
//                 (an answer that cannot be read), RequestRefused (the service found the
//                 request malformed: final), RateLimited, KioskNotAuthorized, PayloadTooLarge,
//                 LengthRequired, UnsupportedMediaType, Cancelled
//   verify        TempCredentialsInvalid, TempCredentialsLocked
//   checkUserId   SessionInvalid
//   submit        IdempotencyInFlight (retry later), IdempotencyMismatch, EnvelopeRejected,
//                 UserIdTaken (permanent: same bytes can never succeed)
//   submit batch  the batch: any call's errors, Unsupported (no batch path: send singly);
//                 each result: submit's errors and RateLimited, KioskNotAuthorized
//   handoffs      SessionInvalid, NotFound, HandoffExpired
class CentralApi {
public:
    virtual ~CentralApi() = default;

    virtual Result<protocol::VerifyTempCredentialsResponse>
    verifyTempCredentials(const protocol::VerifyTempCredentialsRequest& request) = 0;
    virtual Result<protocol::CheckUserIdResponse>
    checkUserId(const protocol::CheckUserIdRequest& request) = 0;
    virtual Result<protocol::TermsVersionResponse> termsVersion() = 0;
    // Idempotent on request.enrollmentId: a repeat returns the first answer (replayed).
    virtual Result<protocol::SubmitEnrollmentResponse>
    submitEnrollment(const protocol::SubmitEnrollmentRequest& request) = 0;
    // Several results in one request (a backlog after an outage): one answer per request, in
    // the same order, each what submitEnrollment would answer for it. The default answers
    // Unsupported: the caller then delivers them one by one.
    using BatchAnswers = std::vector<Result<protocol::SubmitEnrollmentResponse>>;
    virtual Result<BatchAnswers>
    submitEnrollmentBatch(const std::vector<protocol::SubmitEnrollmentRequest>& requests) {
        (void)requests;
        return Error{ErrorCode::Unsupported, "no batch delivery"};
    }
    virtual Result<protocol::HandoffCreateResponse>
    createHandoff(const protocol::HandoffCreateRequest& request) = 0;
    // A pending hand-off is a value (status Pending), not an error.
    virtual Result<protocol::HandoffPollResponse> pollHandoff(std::string_view handoffToken) = 0;
    virtual Result<protocol::HealthResponse> health() = 0;
    // Staff panel: clear a temporary ID's lockout (audited centrally). Errors as for any call,
    // plus InvalidArgument (temp ID, action id or clock refused), IdempotencyMismatch.
    virtual Result<protocol::StaffUnlockResponse>
    staffUnlock(const protocol::StaffUnlockRequest& /*request*/) {
        return ErrorCode::Unsupported;
    }
    // Completion screen: whether the member's portal account works yet.
    virtual Result<protocol::PortalStatusResponse> portalStatus(std::string_view /*enrollmentId*/) {
        return ErrorCode::Unsupported;
    }
};

} // namespace madoguchi::sync
