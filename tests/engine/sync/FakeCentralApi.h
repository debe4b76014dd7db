// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "UnsupportedCentralApi.h"

#include <functional>
#include <mutex>
#include <vector>

namespace madoguchi::test {

// An in-process CentralApi whose submitEnrollment answers what the test says; every other
// operation is Unsupported. Thread-safe (the outbox worker calls it from its thread).
class FakeCentralApi final : public UnsupportedCentralApi {
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

private:
    mutable std::mutex m_mutex;
    Answer m_answer;
    std::vector<protocol::SubmitEnrollmentRequest> m_submitted;
};

} // namespace madoguchi::test
