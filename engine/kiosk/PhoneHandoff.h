// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Clock.h"
#include "core/Error.h"
#include "core/Result.h"
#include "protocol/Handoff.h"

#include <chrono>
#include <optional>
#include <string>

namespace madoguchi::kiosk {

// The phone hand-off screen's rules, without a window: when to poll the central service, when
// the code has expired, and when the member's phone has finished (then the binding is
// committed). The view shows the QR code and the status this gives, forwards its timer ticks
// and the jobs' answers, and runs the jobs it is told to.
class PhoneHandoff {
public:
    struct Options {
        std::chrono::seconds pollInterval{2};
    };
    enum class Phase {
        Idle,      // nothing asked yet (or wiped)
        Creating,  // the hand-off is being created
        Waiting,   // the QR code is shown; polling
        Confirmed, // the phone made its passkey: commit the binding (once)
        Expired,   // the code ran out: the member chooses again
        Failed     // it could not be created (error())
    };

    explicit PhoneHandoff(const Clock& clock) : PhoneHandoff(clock, Options{}) {}
    PhoneHandoff(const Clock& clock, Options options);

    Phase phase() const { return m_phase; }
    const std::chrono::seconds& pollInterval() const { return m_options.pollInterval; }
    // The screen is entered: forget any earlier hand-off, create a new one.
    void start();
    // The creation job's answer.
    void created(Result<protocol::HandoffCreateResponse> created);
    // What the QR code shows, and the token (for the demo's confirm button); empty unless
    // Waiting or later.
    const std::string& url() const { return m_url; }
    const std::string& token() const { return m_token; }
    std::optional<ErrorCode> error() const { return m_error; }

    // A tick of the view's timer: the token to poll now, or nullopt (not waiting, a poll still
    // running, or not due). Past the hand-off's expiry it polls no more and moves to Expired.
    std::optional<std::string> pollDue();
    // Polling at once (the demo's confirm button), unless a poll is running.
    std::optional<std::string> pollNow();
    // A poll's answer. A failed poll (network) is retried at the next interval.
    void polled(const Result<protocol::HandoffPollResponse>& answer);
    // True once, when Confirmed: the caller commits the phone binding.
    bool takeCommit();

    // The visit ended or the member went back: nothing of the hand-off stays.
    void wipe();

private:
    bool expired() const;

    const Clock& m_clock;
    Options m_options;
    Phase m_phase = Phase::Idle;
    std::string m_token;
    std::string m_url;
    std::chrono::system_clock::time_point m_expiresAt{};
    std::chrono::system_clock::time_point m_nextPoll{};
    bool m_polling = false;
    bool m_commitTaken = false;
    std::optional<ErrorCode> m_error;
};

} // namespace madoguchi::kiosk
