// SPDX-License-Identifier: Apache-2.0
#include "central/KeycloakExporter.h"

#include "core/Log.h"
#include "crypto/Base64.h"
#include "crypto/PasswordHashRecord.h"
#include "protocol/EnrollmentResult.h"
#include "protocol/JsonReader.h"

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
                              {"attestationStatement", nullptr},
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
Status appendSecondFactor(const protocol::EnrollmentResult& result, std::int64_t createdMs,
                          json& credentials) {
    if (result.totp) {
        credentials.push_back(otpCredential(*result.totp, createdMs));
    }
    if (result.webAuthn) {
        auto webauthn = webAuthnCredential(*result.webAuthn, createdMs);
        if (!webauthn) {
            return webauthn.error();
        }
        credentials.push_back(std::move(*webauthn));
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
        const std::int64_t createdMs = result->completedAt * 1000;
        json credentials = json::array();
        auto password = passwordCredential(result->passwordHash, createdMs);
        if (!password) {
            logger()->warn("export: enrollment {} password hash invalid, left out", e.enrollmentId);
            continue;
        }
        credentials.push_back(std::move(*password));
        if (!appendSecondFactor(*result, createdMs, credentials)) {
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
                    !appendSecondFactor(*factor, factor->completedAt * 1000, credentials)) {
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
        users.push_back(std::move(user));
    }
    return json{{"ifResourceExists", "SKIP"}, {"users", std::move(users)}};
}

} // namespace madoguchi::central
