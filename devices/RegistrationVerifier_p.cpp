// SPDX-License-Identifier: Apache-2.0
#include "crypto/Base64.h"
#include "devices/AttestedCredential_p.h"
#include "devices/CtapParse_p.h"
#include "devices/RegistrationVerifier.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace madoguchi::devices {

namespace {

// WebAuthn L2 §7.1 steps 5-10: the client data the browser signed over.
Status checkClientData(const Bytes& clientDataJson, const RegistrationExpectation& expected) {
    const nlohmann::json data = nlohmann::json::parse(clientDataJson.begin(), clientDataJson.end(),
                                                      nullptr, /*allow_exceptions=*/false);
    if (!data.is_object()) {
        return Error{ErrorCode::WebAuthnClientDataInvalid, "clientDataJSON is not a JSON object"};
    }
    const auto text = [&](const char* key) -> const std::string* {
        const auto it = data.find(key);
        return it != data.end() && it->is_string() ? it->get_ptr<const std::string*>() : nullptr;
    };
    const std::string* type = text("type");
    if (type == nullptr || *type != "webauthn.create") {
        return Error{ErrorCode::WebAuthnClientDataInvalid, "type is not webauthn.create"};
    }
    const std::string* challenge = text("challenge");
    if (expected.challenge.empty() || challenge == nullptr ||
        *challenge != crypto::Base64::encodeUrl(expected.challenge)) {
        return Error{ErrorCode::WebAuthnChallengeMismatch, "not this ceremony's challenge"};
    }
    const std::string* origin = text("origin");
    if (origin == nullptr || *origin != expected.origin) {
        return Error{ErrorCode::WebAuthnOriginMismatch,
                     "origin '" + (origin != nullptr ? origin->substr(0, 200) : std::string()) +
                         "' is not '" + expected.origin + "'"};
    }
    if (const auto cross = data.find("crossOrigin"); cross != data.end() && *cross == true) {
        return Error{ErrorCode::WebAuthnClientDataInvalid, "made in a cross-origin frame"};
    }
    return {};
}

} // namespace

Result<EnrolledCredential> verifyRegistration(const WebAuthnRegistration& registration,
                                              const RegistrationExpectation& expected,
                                              const AttestationPolicy& policy) {
    if (auto client = checkClientData(registration.clientDataJson, expected); !client) {
        return client.error();
    }
    auto object = parseAttestationObject(registration.attestationObject);
    if (!object) {
        return object.error();
    }
    AttestedParts parts;
    parts.rpId = expected.rpId;
    parts.fmt = std::move(object->fmt);
    parts.authData = std::move(object->authData);
    parts.attStmt = std::move(object->attStmt);
    parts.clientDataJson = registration.clientDataJson;
    parts.requireUserVerification = expected.requireUserVerification;
    parts.algorithms = expected.algorithms;
    auto credential = verifyAttested(parts, policy);
    if (!credential) {
        return credential.error();
    }
    if (std::find(expected.excludeCredentialIds.begin(), expected.excludeCredentialIds.end(),
                  credential->credentialId) != expected.excludeCredentialIds.end()) {
        return Error{ErrorCode::DeviceCredentialExcluded, "credential already registered"};
    }
    return credential;
}

} // namespace madoguchi::devices
