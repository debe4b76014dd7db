// SPDX-License-Identifier: Apache-2.0
#include "kiosk/PhoneHandoff.h"

namespace madoguchi::kiosk {

PhoneHandoff::PhoneHandoff(const Clock& clock, Options options)
    : m_clock(clock), m_options(options) {}

void PhoneHandoff::start() {
    wipe();
    m_phase = Phase::Creating;
}

void PhoneHandoff::created(Result<protocol::HandoffCreateResponse> created) {
    if (m_phase != Phase::Creating) {
        return; // wiped meanwhile
    }
    if (!created) {
        m_phase = Phase::Failed;
        m_error = created.code();
        return;
    }
    m_token = std::move(created->handoffToken);
    m_url = std::move(created->url);
    m_expiresAt = std::chrono::system_clock::time_point(std::chrono::seconds(created->expiresAt));
    m_phase = Phase::Waiting;
    m_nextPoll = m_clock.now() + m_options.pollInterval;
}

bool PhoneHandoff::expired() const {
    // The service says so too; the kiosk's own clock stops polling a code nobody can use,
    // also while the network is down.
    return m_expiresAt.time_since_epoch().count() != 0 && m_clock.now() >= m_expiresAt;
}

std::optional<std::string> PhoneHandoff::pollDue() {
    if (m_phase != Phase::Waiting || m_polling) {
        return std::nullopt;
    }
    if (expired()) {
        m_phase = Phase::Expired;
        m_error = ErrorCode::HandoffExpired;
        return std::nullopt;
    }
    if (m_clock.now() < m_nextPoll) {
        return std::nullopt;
    }
    return pollNow();
}

std::optional<std::string> PhoneHandoff::pollNow() {
    if (m_phase != Phase::Waiting || m_polling) {
        return std::nullopt;
    }
    m_polling = true;
    return m_token;
}

void PhoneHandoff::polled(const Result<protocol::HandoffPollResponse>& answer) {
    if (m_phase != Phase::Waiting || !m_polling) {
        return; // wiped, or an answer nobody asked for
    }
    m_polling = false;
    m_nextPoll = m_clock.now() + m_options.pollInterval;
    if (!answer) {
        return; // retried at the next interval
    }
    switch (answer->status) {
    case protocol::HandoffStatus::Pending:
        break;
    case protocol::HandoffStatus::Expired:
        m_phase = Phase::Expired;
        m_error = ErrorCode::HandoffExpired;
        break;
    case protocol::HandoffStatus::Confirmed:
        m_phase = Phase::Confirmed;
        break;
    }
}

bool PhoneHandoff::takeCommit() {
    if (m_phase != Phase::Confirmed || m_commitTaken) {
        return false;
    }
    m_commitTaken = true;
    return true;
}

void PhoneHandoff::wipe() {
    m_phase = Phase::Idle;
    m_token.clear();
    m_url.clear();
    m_expiresAt = {};
    m_nextPoll = {};
    m_polling = false;
    m_commitTaken = false;
    m_error.reset();
}

} // namespace madoguchi::kiosk
