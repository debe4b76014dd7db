// SPDX-License-Identifier: Apache-2.0
#include "protocol/VerifyTempCredentials.h"

#include "core/Hex.h"
#include "protocol/JsonReader.h"

#include <openssl/evp.h>

namespace madoguchi::protocol {

nlohmann::json VerifyTempCredentialsRequest::toJson() const {
    return {{"kiosk_id", kioskId},
            {"temp_id", tempId},
            {"temp_password", std::string(tempPassword.view())},
            {"birth_date", std::string(birthDate.view())}};
}

Result<VerifyTempCredentialsRequest>
VerifyTempCredentialsRequest::fromJson(const nlohmann::json& json) {
    VerifyTempCredentialsRequest m;
    JsonReader r(json);
    r.string("kiosk_id", m.kioskId);
    r.string("temp_id", m.tempId);
    r.secret("temp_password", m.tempPassword);
    r.secret("birth_date", m.birthDate);
    if (auto s = r.finish(); !s) {
        return s.error();
    }
    return m;
}

nlohmann::json VerifyTempCredentialsResponse::toJson() const {
    return {{"session_token", sessionToken}, {"expires_at", expiresAt}, {"kana_name", kanaName}};
}

Result<VerifyTempCredentialsResponse>
VerifyTempCredentialsResponse::fromJson(const nlohmann::json& json) {
    VerifyTempCredentialsResponse m;
    JsonReader r(json);
    r.string("session_token", m.sessionToken);
    r.integer("expires_at", m.expiresAt);
    r.string("kana_name", m.kanaName);
    if (auto s = r.finish(); !s) {
        return s.error();
    }
    return m;
}

std::string sessionIdOf(std::string_view sessionToken) {
    unsigned char md[EVP_MAX_MD_SIZE];
    std::size_t length = 0;
    if (EVP_Q_digest(nullptr, "SHA256", nullptr, sessionToken.data(), sessionToken.size(), md,
                     &length) != 1) {
        return {};
    }
    return toHex({md, length});
}

} // namespace madoguchi::protocol
