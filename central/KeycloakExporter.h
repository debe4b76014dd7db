// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "central/CentralRecords.h"
#include "core/Result.h"

#include <nlohmann/json.hpp>

#include <vector>

namespace madoguchi::central {

// Builds a Keycloak "partial import" document of the accepted enrollments:
// {"ifResourceExists": "SKIP", "users": [...]}, one user per complete enrollment or
// registration, with its password credential (Keycloak's pbkdf2 form) and its OTP or
// WebAuthn credential(s): a complete enrollment's own, a registration's from its current
// (not superseded) second factors. A registration with no second factor yet gets
// `requiredActions` for its intended method. A user whose WebAuthn credentials carry a
// UUID user handle gets that UUID as its Keycloak "id" (Keycloak resolves a handle to the user
// of that ID), and the attestation statement goes into credentialData in Keycloak's own
// encoding. credentialData and secretData are JSON *strings*, as Keycloak stores them. Format:
// central/README.md. Enrollments in conflict, and results that do not parse, are left out (and
// logged).
class KeycloakExporter {
public:
    static Result<nlohmann::json> build(const std::vector<EnrollmentRecord>& enrollments,
                                        const std::vector<SecondFactorRecord>& secondFactors = {});
};

} // namespace madoguchi::central
