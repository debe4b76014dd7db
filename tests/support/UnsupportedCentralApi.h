// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sync/CentralApi.h"

namespace madoguchi::test {

// A CentralApi that answers Unsupported to every operation: the base of the in-process fakes,
// which override only what the code under test calls (the rest fails loudly if it starts to).
class UnsupportedCentralApi : public sync::CentralApi {
public:
    Result<protocol::VerifyTempCredentialsResponse>
    verifyTempCredentials(const protocol::VerifyTempCredentialsRequest&) override {
        return ErrorCode::Unsupported;
    }
    Result<protocol::CheckUserIdResponse>
    checkUserId(const protocol::CheckUserIdRequest&) override {
        return ErrorCode::Unsupported;
    }
    Result<protocol::TermsVersionResponse> termsVersion() override {
        return ErrorCode::Unsupported;
    }
    Result<protocol::SubmitEnrollmentResponse>
    submitEnrollment(const protocol::SubmitEnrollmentRequest&) override {
        return ErrorCode::Unsupported;
    }
    Result<protocol::HandoffCreateResponse>
    createHandoff(const protocol::HandoffCreateRequest&) override {
        return ErrorCode::Unsupported;
    }
    Result<protocol::HandoffPollResponse> pollHandoff(std::string_view) override {
        return ErrorCode::Unsupported;
    }
    Result<protocol::HealthResponse> health() override { return ErrorCode::Unsupported; }
};

} // namespace madoguchi::test
