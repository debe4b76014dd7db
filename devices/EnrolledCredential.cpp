// SPDX-License-Identifier: Apache-2.0
#include "devices/EnrolledCredential.h"

#include "core/Uuid.h"
#include "crypto/Base64.h"

#include <nlohmann/json.hpp>

namespace madoguchi::devices {

std::string aaguidToString(const Aaguid& aaguid) {
    return formatUuid(aaguid);
}

Result<Aaguid> aaguidFromString(std::string_view text) {
    Aaguid out{};
    std::size_t n = 0;
    int high = -1;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '-' && (i == 8 || i == 13 || i == 18 || i == 23)) {
            continue;
        }
        int v = -1;
        if (c >= '0' && c <= '9') {
            v = c - '0';
        } else if (c >= 'a' && c <= 'f') {
            v = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'F') {
            v = c - 'A' + 10;
        }
        if (v < 0 || n >= out.size()) {
            return Error{ErrorCode::InvalidArgument, "malformed AAGUID"};
        }
        if (high < 0) {
            high = v;
        } else {
            out[n++] = static_cast<std::uint8_t>((high << 4) | v);
            high = -1;
        }
    }
    if (n != out.size() || high >= 0 || (text.size() != 32 && text.size() != 36)) {
        return Error{ErrorCode::InvalidArgument, "malformed AAGUID"};
    }
    return out;
}

std::string_view toString(AttestationTrust trust) {
    switch (trust) {
    case AttestationTrust::NotChecked:
        return "not_checked";
    case AttestationTrust::Chained:
        return "chained";
    case AttestationTrust::Unverified:
        return "unverified";
    }
    return "not_checked";
}

std::optional<AttestationTrust> attestationTrustFromString(std::string_view text) {
    for (const AttestationTrust t :
         {AttestationTrust::NotChecked, AttestationTrust::Chained, AttestationTrust::Unverified}) {
        if (toString(t) == text) {
            return t;
        }
    }
    return std::nullopt;
}

nlohmann::json toJson(const EnrolledCredential& c) {
    nlohmann::json j;
    j["rpId"] = c.rpId;
    j["credentialId"] = crypto::Base64::encodeUrl(c.credentialId);
    j["publicKeyCose"] = crypto::Base64::encodeUrl(c.publicKeyCose);
    j["publicKeyRaw"] = crypto::Base64::encodeUrl(c.publicKeyRaw);
    j["coseAlgorithm"] = c.coseAlgorithm;
    j["aaguid"] = aaguidToString(c.aaguid);
    j["signCount"] = c.signCount;
    j["attestationFormat"] = c.attestationFormat;
    j["attestationStatement"] = crypto::Base64::encodeUrl(c.attestationStatement);
    j["authenticatorData"] = crypto::Base64::encodeUrl(c.authenticatorData);
    j["clientDataJson"] = crypto::Base64::encodeUrl(c.clientDataJson);
    j["transports"] = c.transports;
    j["deviceName"] = c.deviceName;
    j["userHandle"] = crypto::Base64::encodeUrl(c.userHandle);
    j["discoverable"] = c.discoverable;
    j["selfAttested"] = c.selfAttested;
    j["attestationTrust"] = toString(c.trust);
    return j;
}

namespace {

Result<Bytes> bytesField(const nlohmann::json& j, const char* name) {
    if (!j.contains(name) || !j[name].is_string()) {
        return Error{ErrorCode::InvalidArgument, std::string("missing field ") + name};
    }
    auto decoded = crypto::Base64::decodeUrl(j[name].get<std::string>());
    if (!decoded) {
        return Error{ErrorCode::InvalidArgument, std::string("bad base64url in ") + name};
    }
    return std::move(decoded).value();
}

Result<std::string> stringField(const nlohmann::json& j, const char* name) {
    if (!j.contains(name) || !j[name].is_string()) {
        return Error{ErrorCode::InvalidArgument, std::string("missing field ") + name};
    }
    return j[name].get<std::string>();
}

} // namespace

Result<EnrolledCredential> enrolledCredentialFromJson(const nlohmann::json& j) {
    if (!j.is_object()) {
        return Error{ErrorCode::InvalidArgument, "credential JSON is not an object"};
    }
    EnrolledCredential c;
    struct BytesSlot {
        const char* name;
        Bytes* target;
    };
    for (const BytesSlot& slot :
         {BytesSlot{"credentialId", &c.credentialId}, BytesSlot{"publicKeyCose", &c.publicKeyCose},
          BytesSlot{"publicKeyRaw", &c.publicKeyRaw},
          BytesSlot{"attestationStatement", &c.attestationStatement},
          BytesSlot{"authenticatorData", &c.authenticatorData},
          BytesSlot{"clientDataJson", &c.clientDataJson}, BytesSlot{"userHandle", &c.userHandle}}) {
        auto value = bytesField(j, slot.name);
        if (!value) {
            return value.error();
        }
        *slot.target = std::move(value).value();
    }
    struct StringSlot {
        const char* name;
        std::string* target;
    };
    for (const StringSlot& slot :
         {StringSlot{"rpId", &c.rpId}, StringSlot{"attestationFormat", &c.attestationFormat},
          StringSlot{"deviceName", &c.deviceName}}) {
        auto value = stringField(j, slot.name);
        if (!value) {
            return value.error();
        }
        *slot.target = std::move(value).value();
    }
    auto aaguidText = stringField(j, "aaguid");
    if (!aaguidText) {
        return aaguidText.error();
    }
    auto aaguid = aaguidFromString(*aaguidText);
    if (!aaguid) {
        return aaguid.error();
    }
    c.aaguid = *aaguid;
    if (!j.contains("coseAlgorithm") || !j["coseAlgorithm"].is_number_integer() ||
        !j.contains("signCount") || !j["signCount"].is_number_unsigned() ||
        j["signCount"].get<std::uint64_t>() > UINT32_MAX) {
        return Error{ErrorCode::InvalidArgument, "bad coseAlgorithm or signCount"};
    }
    c.coseAlgorithm = j["coseAlgorithm"].get<int>();
    c.signCount = j["signCount"].get<std::uint32_t>();
    if (!j.contains("transports") || !j["transports"].is_array()) {
        return Error{ErrorCode::InvalidArgument, "missing field transports"};
    }
    for (const auto& t : j["transports"]) {
        if (!t.is_string()) {
            return Error{ErrorCode::InvalidArgument, "transport is not a string"};
        }
        c.transports.push_back(t.get<std::string>());
    }
    c.discoverable = j.value("discoverable", false);
    c.selfAttested = j.value("selfAttested", false);
    if (j.contains("attestationTrust")) {
        const auto trust =
            j["attestationTrust"].is_string()
                ? attestationTrustFromString(j["attestationTrust"].get<std::string>())
                : std::nullopt;
        if (!trust) {
            return Error{ErrorCode::InvalidArgument, "bad attestationTrust"};
        }
        c.trust = *trust;
    }
    return c;
}

} // namespace madoguchi::devices
