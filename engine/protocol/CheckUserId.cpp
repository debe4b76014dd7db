// SPDX-License-Identifier: Apache-2.0
#include "protocol/CheckUserId.h"

#include "protocol/JsonReader.h"

namespace madoguchi::protocol {

nlohmann::json CheckUserIdRequest::toJson() const {
    return {{"session_token", sessionToken}, {"user_id", userId}};
}

Result<CheckUserIdRequest> CheckUserIdRequest::fromJson(const nlohmann::json& json) {
    CheckUserIdRequest m;
    JsonReader r(json);
    r.string("session_token", m.sessionToken);
    r.string("user_id", m.userId);
    if (auto s = r.finish(); !s) {
        return s.error();
    }
    return m;
}

nlohmann::json CheckUserIdResponse::toJson() const {
    return {{"user_id", userId}, {"available", available}};
}

Result<CheckUserIdResponse> CheckUserIdResponse::fromJson(const nlohmann::json& json) {
    CheckUserIdResponse m;
    JsonReader r(json);
    r.string("user_id", m.userId);
    r.boolean("available", m.available);
    if (auto s = r.finish(); !s) {
        return s.error();
    }
    return m;
}

} // namespace madoguchi::protocol
