// SPDX-License-Identifier: Apache-2.0
#include "devices/ClientData.h"

#include "crypto/Base64.h"
#include "protocol/JsonReader.h"

#include <nlohmann/json.hpp>
#include <openssl/rand.h>

namespace madoguchi::devices {

Bytes buildClientDataJson(const std::string& type, const Bytes& challenge,
                          const std::string& origin) {
    // Key order as browsers emit it (type, challenge, origin, crossOrigin); the RP parses JSON.
    nlohmann::ordered_json json;
    json["type"] = type;
    json["challenge"] = crypto::Base64::encodeUrl(challenge);
    json["origin"] = origin;
    json["crossOrigin"] = false;
    const std::string text = protocol::dumpJson(json);
    return Bytes(text.begin(), text.end());
}

Result<Bytes> newUserHandle() {
    constexpr std::size_t kUserHandleSize = 32;
    Bytes handle(kUserHandleSize);
    if (RAND_bytes(handle.data(), static_cast<int>(handle.size())) != 1) {
        return Error{ErrorCode::RandomFailure, "RAND_bytes for user handle"};
    }
    return handle;
}

} // namespace madoguchi::devices
