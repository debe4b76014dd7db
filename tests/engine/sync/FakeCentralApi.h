// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sync/CentralApi.h"

#include <functional>
#include <mutex>
#include <vector>

namespace madoguchi::test {

// An in-process CentralApi whose submitEnrollment answers what the test says; every other
// operation is Unsupported. Thread-safe (the outbox worker calls it from its thread).
class FakeCentralApi final : public sync::CentralApi {
public:
    using Answer = std::function<Result<protocol::SubmitEnrollmentResponse>(
        const protocol::SubmitEnrollmentRequest&)>;

    static Result<protocol::SubmitEnrollmentResponse>
    accept(const protocol::SubmitEnrollmentRequest& r) {
        return protocol::SubmitEnrollmentResponse{r.enrollmentId,
                                                  protocol::EnrollmentStatus::Accepted, 1, false};
    }

    void setAnswer(Answer answer) {
        std::lock_guard lock(m_mutex);
        m_answer = std::move(answer);
    }
    std::vector<protocol::SubmitEnrollmentRequest> submitted() const {
        std::lock_guard lock(m_mutex);
        return m_submitted;
    }

    Result<protocol::SubmitEnrollmentResponse>
    submitEnrollment(const protocol::SubmitEnrollmentRequest& request) override {
        Answer answer;
        {
            std::lock_guard lock(m_mutex);
            m_submitted.push_back(request);
            answer = m_answer;
        }
        return answer ? answer(request) : accept(request);
    }

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
    Result<protocol::HandoffCreateResponse>
    createHandoff(const protocol::HandoffCreateRequest&) override {
        return ErrorCode::Unsupported;
    }
    Result<protocol::HandoffPollResponse> pollHandoff(std::string_view) override {
        return ErrorCode::Unsupported;
    }
    Result<protocol::HealthResponse> health() override { return ErrorCode::Unsupported; }

private:
    mutable std::mutex m_mutex;
    Answer m_answer;
    std::vector<protocol::SubmitEnrollmentRequest> m_submitted;
};

} // namespace madoguchi::test
