// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/SecureBuffer.h"
#include "crypto/PasswordHasher.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace madoguchi::central {

// Policy of the central core (the server reads these from central.toml).
struct CentralOptions {
    std::int64_t lockoutAttempts = 5; // failed temp logins per temp ID before lockout
    std::chrono::seconds sessionLifetime{30 * 60};
    std::chrono::seconds handoffLifetime{10 * 60};
    // Store-and-forward: a registration is accepted only within this time after the temp
    // login it names was verified (a kiosk may be offline for days).
    std::chrono::seconds resultAcceptanceWindow{7 * 24 * 60 * 60};
    // An in-flight delivery marker older than this is taken over (its process died).
    std::chrono::seconds deliveryStaleAfter{120};
    std::string handoffUrlBase = "https://portal.example.invalid/handoff/";
    std::string termsVersion = "2024-04";
    double rateLimitPerSecond = 5.0;
    double rateLimitBurst = 20.0;
    // For the roster's temporary-credential verifiers.
    crypto::PasswordHasher::Params verifierParams{};
    // Staff unlocks from kiosks' staff panels: at most this many per kiosk per hour.
    std::int64_t staffUnlocksPerHour = 10;
    // Queue each accepted user for the Keycloak push ([keycloak_push] enabled), in the
    // transaction that accepts it.
    bool queueKeycloakPush = false;
    // The central private key (PKCS#8 PEM) that opens sealed results. Empty: deliveries are
    // refused with ServerError (retryable) until it is configured.
    SecureBuffer openingKeyPem;
};

} // namespace madoguchi::central
