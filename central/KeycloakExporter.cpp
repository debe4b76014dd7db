// SPDX-License-Identifier: Apache-2.0
#include "central/KeycloakExporter.h"

#include "core/Log.h"
#include "crypto/Base64.h"
#include "crypto/PasswordHashRecord.h"
#include "protocol/EnrollmentResult.h"
#include "protocol/JsonReader.h"

#include <algorithm>

namespace madoguchi::central {

namespace {

using nlohmann::json;

std::string keycloakOtpAlgorithm(const std::string& algorithm) {
    if (algorithm == "SHA256") {
        return "HmacSHA256";
    }
    if (algorithm == "SHA512") {
        return "HmacSHA512";
    }
    return "HmacSHA1";
}

Result<json> passwordCredential(const std::string& record, std::int64_t createdMs) {
    auto parsed = crypto::PasswordHashRecord::parse(record);
    if (!parsed) {
        return parsed.error();
    }
    const json credentialData{{"hashIterations", parsed->iterations},
                              {"algorithm", std::string(crypto::algorithmName(parsed->digest))},
                              {"additionalParameters", json::object()}};
    const json secretData{{"value", crypto::Base64::encode(parsed->hash)},
                          {"salt", crypto::Base64::encode(parsed->salt)},
                          {"additionalParameters", json::object()}};
    return json{{"type", "password"},
                {"createdDate", createdMs},
                {"credentialData", protocol::dumpJson(credentialData)},
                {"secretData", protocol::dumpJson(secretData)}};
}

json otpCredential(const protocol::TotpBinding& totp, std::int64_t createdMs) {
    const json credentialData{{"subType", "totp"},
                              {"digits", totp.digits},
                              {"counter", 0},
                              {"period", totp.period},
                              {"algorithm", keycloakOtpAlgorithm(totp.algorithm)},
                              {"secretEncoding", "BASE32"}};
    const json secretData{{"value", std::string(totp.secretBase32.view())}};
    return json{{"type", "otp"},
                {"userLabel", totp.deviceName},
                {"createdDate", createdMs},
                {"credentialData", protocol::dumpJson(credentialData)},
                {"secretData", protocol::dumpJson(secretData)}};
}

void appendCborHead(std::vector<std::uint8_t>& out, std::uint8_t major, std::uint64_t value) {
    const auto m = static_cast<std::uint8_t>(major << 5);
    int bytes = 0;
    if (value < 24) {
        out.push_back(static_cast<std::uint8_t>(m | value));
    } else if (value <= 0xff) {
        out.push_back(m | 24);
        bytes = 1;
    } else if (value <= 0xffff) {
        out.push_back(m | 25);
        bytes = 2;
    } else {
        out.push_back(m | 26);
        bytes = 4;
    }
    for (int i = bytes - 1; i >= 0; --i) {
        out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
    }
}

void appendCborText(std::vector<std::uint8_t>& out, std::string_view text) {
    appendCborHead(out, 3, text.size());
    out.insert(out.end(), text.begin(), text.end());
}

// Keycloak's stored attestationStatement: base64url of webauthn4j's
// AttestationStatementSerializationContainer, the CBOR map {"fmt": format, "attStmt": attStmt}.
// Null when the kiosk sent no statement (older kiosks) or it is not a CBOR map.
json keycloakAttestationStatement(const protocol::WebAuthnBinding& w) {
    if (w.attestationStatement.empty()) {
        return nullptr;
    }
    auto statement = crypto::Base64::decodeUrl(w.attestationStatement);
    if (!statement || statement->empty() || ((*statement)[0] >> 5) != 5 ||
        statement->size() > 0xffffffffU) {
        logger()->warn("export: webauthn attestation statement unreadable, exported as null");
        return nullptr;
    }
    std::vector<std::uint8_t> container{0xa2};
    appendCborText(container, "fmt");
    appendCborText(container, w.attestationFormat);
    appendCborText(container, "attStmt");
    container.insert(container.end(), statement->begin(), statement->end());
    return crypto::Base64::encodeUrl(container);
}

// Keycloak looks a WebAuthn user handle up as its user ID (the handle is the ID's UTF-8
// bytes), so the kiosk makes the handle the text of a random UUID and the export gives the
// user that ID. Empty when the handle is absent or not such a UUID.
std::string keycloakUserId(const protocol::WebAuthnBinding& w) {
    auto handle = crypto::Base64::decodeUrl(w.userHandle);
    if (w.userHandle.empty() || !handle || handle->size() != 36) {
        return {};
    }
    for (std::size_t i = 0; i < handle->size(); ++i) {
        const char c = static_cast<char>((*handle)[i]);
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return {};
        }
    }
    return std::string(handle->begin(), handle->end());
}

Result<json> webAuthnCredential(const protocol::WebAuthnBinding& w, std::int64_t createdMs) {
    // Keycloak keeps the credential ID in standard base64 and the COSE key in base64url.
    auto id = crypto::Base64::decodeUrl(w.credentialId);
    auto cose = crypto::Base64::decode(w.publicKeyCose);
    if (!id || !cose) {
        return Error{ErrorCode::InvalidArgument, "webauthn credential id or key not base64"};
    }
    const json credentialData{{"aaguid", w.aaguid},
                              {"credentialId", crypto::Base64::encode(*id)},
                              {"counter", w.signCount},
                              {"attestationStatement", keycloakAttestationStatement(w)},
                              {"credentialPublicKey", crypto::Base64::encodeUrl(*cose)},
                              {"attestationStatementFormat", w.attestationFormat},
                              {"transports", w.transports}};
    return json{{"type", "webauthn"},
                {"userLabel", w.deviceName},
                {"createdDate", createdMs},
                {"credentialData", protocol::dumpJson(credentialData)},
                {"secretData", "{}"}};
}

// The Keycloak required action that makes a member set up `method` at first login.
std::string_view requiredActionFor(protocol::MfaMethod method) {
    switch (method) {
    case protocol::MfaMethod::Totp:
        return "CONFIGURE_TOTP";
    case protocol::MfaMethod::SecurityKey:
        return "webauthn-register";
    case protocol::MfaMethod::PhonePasskey:
        return "webauthn-register-passwordless";
    }
    return "CONFIGURE_TOTP";
}

Result<protocol::EnrollmentResult> openedResult(const std::string& resultJson) {
    auto parsedJson = protocol::parseJson(resultJson);
    if (!parsedJson) {
        return parsedJson.error();
    }
    return protocol::EnrollmentResult::fromJson(*parsedJson);
}

// The OTP / WebAuthn credential a result carries (none for a phone passkey: the portal
// registered it itself).
// `userIds` collects the Keycloak user ID each WebAuthn credential's user handle names.
Status appendSecondFactor(const protocol::EnrollmentResult& result, std::int64_t createdMs,
                          json& credentials, std::vector<std::string>& userIds) {
    if (result.totp) {
        credentials.push_back(otpCredential(*result.totp, createdMs));
    }
    if (result.webAuthn) {
        auto webauthn = webAuthnCredential(*result.webAuthn, createdMs);
        if (!webauthn) {
            return webauthn.error();
        }
        credentials.push_back(std::move(*webauthn));
        userIds.push_back(keycloakUserId(*result.webAuthn));
    }
    return {};
}

} // namespace

Result<nlohmann::json>
KeycloakExporter::build(const std::vector<EnrollmentRecord>& enrollments,
                        const std::vector<SecondFactorRecord>& secondFactors) {
    json users = json::array();
    for (const auto& e : enrollments) {
        if (e.status != "accepted") {
            continue;
        }
        auto result = openedResult(e.resultJson);
        if (!result) {
            logger()->warn("export: enrollment {} invalid ({}), left out", e.enrollmentId,
                           result.error().detail);
            continue;
        }
        // Stored results were range-checked at delivery; an older row is checked here too
        // (the milliseconds would overflow).
        if (!protocol::EnrollmentResult::completedAtInRange(result->completedAt)) {
            logger()->warn("export: enrollment {} completed_at out of range, left out",
                           e.enrollmentId);
            continue;
        }
        const std::int64_t createdMs = result->completedAt * 1000;
        json credentials = json::array();
        auto password = passwordCredential(result->passwordHash, createdMs);
        if (!password) {
            logger()->warn("export: enrollment {} password hash invalid, left out", e.enrollmentId);
            continue;
        }
        credentials.push_back(std::move(*password));
        std::vector<std::string> userIds;
        if (!appendSecondFactor(*result, createdMs, credentials, userIds)) {
            logger()->warn("export: enrollment {} webauthn data invalid, left out", e.enrollmentId);
            continue;
        }
        json requiredActions = json::array();
        if (result->stage == protocol::ResultStage::Registration) {
            bool bound = false;
            bool usable = true;
            for (const auto& f : secondFactors) {
                if (f.registrationId != e.enrollmentId || !f.supersededBy.empty()) {
                    continue;
                }
                auto factor = openedResult(f.resultJson);
                if (!factor ||
                    !protocol::EnrollmentResult::completedAtInRange(factor->completedAt) ||
                    !appendSecondFactor(*factor, factor->completedAt * 1000, credentials,
                                        userIds)) {
                    logger()->warn("export: second factor {} of {} unreadable, user left out",
                                   f.enrollmentId, e.enrollmentId);
                    usable = false;
                    break;
                }
                bound = true;
            }
            if (!usable) {
                continue;
            }
            if (!bound) {
                requiredActions.push_back(requiredActionFor(result->method));
            }
        }
        json attributes{{"madoguchiEnrollmentId", json::array({e.enrollmentId})}};
        if (!e.memberNumber.empty()) {
            attributes["memberNumber"] = json::array({e.memberNumber});
        }
        if (!e.kanaName.empty()) {
            attributes["kanaName"] = json::array({e.kanaName});
        }
        attributes["termsVersion"] = json::array({result->termsVersion});
        json user{{"username", result->userId},
                  {"email", result->email},
                  {"emailVerified", false},
                  {"enabled", true},
                  {"createdTimestamp", createdMs},
                  {"attributes", std::move(attributes)},
                  {"credentials", std::move(credentials)}};
        if (!requiredActions.empty()) {
            user["requiredActions"] = std::move(requiredActions);
        }
        // One ID from the credentials' user handles; none when they disagree or are absent
        // (Keycloak then picks an ID, and a key that returns its handle is not recognised).
        if (!userIds.empty() && !userIds.front().empty() &&
            std::all_of(userIds.begin(), userIds.end(),
                        [&](const std::string& id) { return id == userIds.front(); })) {
            user["id"] = userIds.front();
        } else if (!userIds.empty()) {
            logger()->warn("export: enrollment {} has no single WebAuthn user handle; Keycloak "
                           "assigns the user ID",
                           e.enrollmentId);
        }
        users.push_back(std::move(user));
    }
    return json{{"ifResourceExists", "SKIP"}, {"users", std::move(users)}};
}

} // namespace madoguchi::central
