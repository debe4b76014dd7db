// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace madoguchi::central {

// Plain rows exchanged with ICentralStore. Times are Unix seconds.

struct RosterEntry {
    std::string tempId;
    // PasswordHasher record over "temp password \n birth date": neither is kept in plain.
    std::string verifier;
    std::string kanaName;
    std::string memberNumber;
    std::int64_t importedAt = 0;
    std::optional<std::int64_t> enrolledAt;
};

struct SessionRecord {
    std::string tokenDigest; // SHA-256 (hex) of the session token; the token is not stored
    std::string tempId;
    std::string kioskId;
    std::int64_t expiresAt = 0;
};

enum class DeliveryState { Claimed, InFlight, Completed, Mismatch };

// What claimDelivery found for an idempotency key.
struct DeliveryClaim {
    DeliveryState state = DeliveryState::Claimed;
    std::string answerJson; // the first answer, for Completed
};

struct EnrollmentRecord {
    std::string enrollmentId;
    std::string kioskId;
    std::string tempId;
    std::string userId;
    std::string status; // protocol::toString(EnrollmentStatus)
    std::vector<std::uint8_t> envelope;
    std::string resultJson; // the opened EnrollmentResult (holds the TOTP secret)
    std::int64_t receivedAt = 0;
    // From the roster (empty when the temp ID is not on it any more).
    std::string kanaName;
    std::string memberNumber;
};

struct StaffItem {
    std::int64_t id = 0;
    std::int64_t createdAt = 0;
    std::string kind; // "user_id_conflict", "envelope_rejected"
    std::string enrollmentId;
    std::string kioskId;
    std::string tempId;
    std::string userId;
    std::string detail;
    bool resolved = false;
};

struct HandoffRecord {
    std::string tokenDigest;
    std::string enrollmentId;
    std::string kioskId;
    std::string tempId;
    std::int64_t createdAt = 0;
    std::int64_t expiresAt = 0;
    std::optional<std::int64_t> confirmedAt;
};

} // namespace madoguchi::central
