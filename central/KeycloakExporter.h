// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "central/CentralRecords.h"
#include "core/Result.h"

#include <nlohmann/json.hpp>

#include <vector>

namespace madoguchi::central {

// Builds a Keycloak "partial import" document of the accepted enrollments:
// {"ifResourceExists": "SKIP", "users": [...]}, each user with its password credential
// (Keycloak's pbkdf2 form), and its OTP or WebAuthn credential. credentialData and
// secretData are JSON *strings*, as Keycloak stores them. Format: central/README.md.
// Enrollments in conflict, and results that do not parse, are left out (and logged).
class KeycloakExporter {
public:
    static Result<nlohmann::json> build(const std::vector<EnrollmentRecord>& enrollments);
};

} // namespace madoguchi::central
