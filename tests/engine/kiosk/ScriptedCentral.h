// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "UnsupportedCentralApi.h"
#include "core/SecureBuffer.h"

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

namespace madoguchi::test {

// Holds a call inside the central service until the test lets it go: a slow network, so a
// test can end the visit while the answer is still on its way.
class AnswerGate {
public:
    void hold() {
        std::lock_guard lock(m_mutex);
        m_held = true;
    }
    void release() {
        {
            std::lock_guard lock(m_mutex);
            m_held = false;
        }
        m_changed.notify_all();
    }
    // Blocks until a call is waiting at the gate.
    void waitForCaller() {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return m_waiting > 0; });
    }
    // Called by the fake on the worker thread.
    void pass() {
        std::unique_lock lock(m_mutex);
        ++m_waiting;
        m_changed.notify_all();
        m_changed.wait(lock, [this] { return !m_held; });
        --m_waiting;
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    bool m_held = false;
    int m_waiting = 0;
};

// A central service that answers what the test scripts: by default a valid session for
// every temporary login and every user ID available; on purpose offline, locked out, user
// ID taken, or slow (the gate). Records what the kiosk sent, secrets as clones to compare.
// The controller under test calls nothing else: the other operations stay Unsupported
// (delivery is the outbox worker's, not the controller's).
class ScriptedCentral final : public UnsupportedCentralApi {
public:
    static constexpr const char* kSessionToken = "session-token-1";
    static constexpr const char* kKanaName = "ヤマダ タロウ";

    std::optional<ErrorCode> verifyFails;      // e.g. TempCredentialsLocked, NetworkUnavailable
    std::optional<ErrorCode> checkUserIdFails; // e.g. SessionInvalid, NetworkTimeout
    bool userIdTaken = false;
    std::int64_t sessionExpiresAt = 0; // Unix seconds; the test sets it from its clock
    AnswerGate gate;

    int verifyCalls = 0;
    std::string lastKioskId;
    std::string lastTempId;
    SecureBuffer lastTempPassword;
    SecureBuffer lastBirthDate;
    std::optional<protocol::CheckUserIdRequest> lastCheck;

    Result<protocol::VerifyTempCredentialsResponse>
    verifyTempCredentials(const protocol::VerifyTempCredentialsRequest& request) override {
        gate.pass();
        ++verifyCalls;
        lastKioskId = request.kioskId;
        lastTempId = request.tempId;
        lastTempPassword = request.tempPassword.clone();
        lastBirthDate = request.birthDate.clone();
        if (verifyFails) {
            return Error{*verifyFails, "scripted"};
        }
        return protocol::VerifyTempCredentialsResponse{kSessionToken, sessionExpiresAt, kKanaName};
    }

    Result<protocol::CheckUserIdResponse>
    checkUserId(const protocol::CheckUserIdRequest& request) override {
        gate.pass();
        lastCheck = request;
        if (checkUserIdFails) {
            return Error{*checkUserIdFails, "scripted"};
        }
        return protocol::CheckUserIdResponse{request.userId, !userIdTaken};
    }
};

} // namespace madoguchi::test
