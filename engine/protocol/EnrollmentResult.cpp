// SPDX-License-Identifier: Apache-2.0
#include "protocol/EnrollmentResult.h"

#include "protocol/JsonReader.h"

#include <openssl/crypto.h>

namespace madoguchi::protocol {

std::string_view toString(MfaMethod method) {
    switch (method) {
    case MfaMethod::Totp:
        return "totp";
    case MfaMethod::SecurityKey:
        return "security_key";
    case MfaMethod::PhonePasskey:
        return "phone_passkey";
    }
    return "totp";
}

std::string_view toString(ResultStage stage) {
    switch (stage) {
    case ResultStage::Complete:
        return "complete";
    case ResultStage::Registration:
        return "registration";
    case ResultStage::SecondFactor:
        return "second_factor";
    }
    return "complete";
}

nlohmann::json EnrollmentResult::toJson() const {
    nlohmann::json j{{"format", kFormat},
                     {"enrollment_id", enrollmentId},
                     {"kiosk_id", kioskId},
                     {"temp_id", tempId},
                     {"user_id", userId},
                     {"email", email},
                     {"password_hash", passwordHash},
                     {"terms_version", termsVersion},
                     {"method", toString(method)},
                     {"completed_at", completedAt},
                     {"stage", toString(stage)}};
    if (stage == ResultStage::SecondFactor) {
        j["registration_id"] = registrationId;
    }
    if (!sessionId.empty()) {
        j["session_id"] = sessionId;
    }
    if (totp) {
        j["totp"] = {{"secret", std::string(totp->secretBase32.view())},
                     {"digits", totp->digits},
                     {"period", totp->period},
                     {"algorithm", totp->algorithm},
                     {"device_name", totp->deviceName}};
    }
    if (webAuthn) {
        j["webauthn"] = {{"credential_id", webAuthn->credentialId},
                         {"public_key_cose", webAuthn->publicKeyCose},
                         {"aaguid", webAuthn->aaguid},
                         {"sign_count", webAuthn->signCount},
                         {"attestation_format", webAuthn->attestationFormat},
                         {"transports", webAuthn->transports},
                         {"device_name", webAuthn->deviceName}};
        for (const auto& [key, value] :
             {std::pair{"attestation_statement", &webAuthn->attestationStatement},
              std::pair{"user_handle", &webAuthn->userHandle},
              std::pair{"attestation_trust", &webAuthn->attestationTrust},
              std::pair{"model_name", &webAuthn->modelName}}) {
            if (!value->empty()) {
                j["webauthn"][key] = *value;
            }
        }
    }
    if (handoffToken) {
        j["handoff_token"] = *handoffToken;
    }
    return j;
}

Result<EnrollmentResult> EnrollmentResult::fromJson(const nlohmann::json& json) {
    EnrollmentResult m;
    std::int64_t format = 0;
    std::string method;
    JsonReader r(json);
    r.integer("format", format);
    if (format != kFormat) {
        r.fail("format", "unsupported version");
    }
    r.string("enrollment_id", m.enrollmentId);
    r.string("kiosk_id", m.kioskId);
    r.string("temp_id", m.tempId);
    r.string("user_id", m.userId);
    r.string("email", m.email);
    r.string("password_hash", m.passwordHash);
    r.string("terms_version", m.termsVersion);
    r.string("method", method);
    r.integer("completed_at", m.completedAt);
    r.optionalString("handoff_token", m.handoffToken);
    std::optional<std::string> session;
    r.optionalString("session_id", session);
    m.sessionId = session.value_or(std::string());
    std::optional<std::string> stage;
    r.optionalString("stage", stage);
    if (!stage || *stage == "complete") {
        m.stage = ResultStage::Complete;
    } else if (*stage == "registration") {
        m.stage = ResultStage::Registration;
    } else if (*stage == "second_factor") {
        m.stage = ResultStage::SecondFactor;
        std::optional<std::string> registration;
        r.optionalString("registration_id", registration);
        if (!registration || registration->empty()) {
            r.fail("registration_id", "required for stage second_factor");
        } else {
            m.registrationId = *registration;
        }
    } else {
        r.fail("stage", "unknown value");
    }
    if (const auto* t = r.optionalObject("totp")) {
        TotpBinding b;
        JsonReader tr(*t, r.path("totp"));
        tr.secret("secret", b.secretBase32);
        tr.integer("digits", b.digits);
        tr.integer("period", b.period);
        tr.string("algorithm", b.algorithm);
        tr.string("device_name", b.deviceName);
        if (b.digits < 6 || b.digits > 8) {
            tr.fail("digits", "out of range");
        }
        if (b.period <= 0 || b.period > 300) {
            tr.fail("period", "out of range");
        }
        if (b.algorithm != "SHA1" && b.algorithm != "SHA256" && b.algorithm != "SHA512") {
            tr.fail("algorithm", "unknown value");
        }
        r.merge(tr.finish());
        m.totp = std::move(b);
    }
    if (const auto* w = r.optionalObject("webauthn")) {
        WebAuthnBinding b;
        JsonReader wr(*w, r.path("webauthn"));
        wr.string("credential_id", b.credentialId);
        wr.string("public_key_cose", b.publicKeyCose);
        wr.string("aaguid", b.aaguid);
        wr.integer("sign_count", b.signCount);
        wr.string("attestation_format", b.attestationFormat);
        wr.stringArray("transports", b.transports);
        wr.string("device_name", b.deviceName);
        std::optional<std::string> statement, handle, trust, model;
        wr.optionalString("attestation_statement", statement);
        wr.optionalString("user_handle", handle);
        wr.optionalString("attestation_trust", trust);
        wr.optionalString("model_name", model);
        b.attestationStatement = statement.value_or("");
        b.userHandle = handle.value_or("");
        b.attestationTrust = trust.value_or("");
        b.modelName = model.value_or("");
        if (!b.attestationTrust.empty() && b.attestationTrust != "not_checked" &&
            b.attestationTrust != "chained" && b.attestationTrust != "unverified") {
            wr.fail("attestation_trust", "unknown value");
        }
        r.merge(wr.finish());
        m.webAuthn = std::move(b);
    }
    const bool registrationOnly = m.stage == ResultStage::Registration;
    if (registrationOnly && (m.totp || m.webAuthn || m.handoffToken)) {
        r.fail("stage", "a registration carries no second-factor binding");
    }
    if (method == "totp") {
        m.method = MfaMethod::Totp;
        if (!registrationOnly && (!m.totp || m.webAuthn)) {
            r.fail("totp", "required for method totp (and webauthn absent)");
        }
    } else if (method == "security_key") {
        m.method = MfaMethod::SecurityKey;
        if (!registrationOnly && (!m.webAuthn || m.totp)) {
            r.fail("webauthn", "required for method security_key (and totp absent)");
        }
    } else if (method == "phone_passkey") {
        m.method = MfaMethod::PhonePasskey;
        if (!registrationOnly && (m.totp || m.webAuthn || !m.handoffToken)) {
            r.fail("handoff_token", "required for method phone_passkey (totp/webauthn absent)");
        }
    } else {
        r.fail("method", "unknown value");
    }
    if (auto s = r.finish(); !s) {
        return s.error();
    }
    return m;
}

SecureBuffer EnrollmentResult::toPlaintext() const {
    auto json = toJson();
    std::string text = dumpJson(json);
    SecureBuffer out = SecureBuffer::fromText(text);
    // The JSON copies hold the TOTP secret: wipe them before they are freed.
    OPENSSL_cleanse(text.data(), text.size());
    if (json.contains("totp")) {
        auto& secret = json["totp"]["secret"].get_ref<std::string&>();
        OPENSSL_cleanse(secret.data(), secret.size());
    }
    return out;
}

Result<EnrollmentResult> EnrollmentResult::fromPlaintext(const SecureBuffer& plaintext) {
    auto json = parseJson(plaintext.view());
    if (!json) {
        return json.error();
    }
    auto result = fromJson(*json);
    if (json->contains("totp") && (*json)["totp"].is_object() &&
        (*json)["totp"].contains("secret") && (*json)["totp"]["secret"].is_string()) {
        auto& secret = (*json)["totp"]["secret"].get_ref<std::string&>();
        OPENSSL_cleanse(secret.data(), secret.size());
    }
    return result;
}

} // namespace madoguchi::protocol
