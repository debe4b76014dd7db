// SPDX-License-Identifier: Apache-2.0
#include "protocol/Health.h"

#include "protocol/JsonReader.h"

namespace madoguchi::protocol {

nlohmann::json HealthResponse::toJson() const {
    return {{"status", status}, {"protocol", protocol}, {"time", time}};
}

Result<HealthResponse> HealthResponse::fromJson(const nlohmann::json& json) {
    HealthResponse m;
    JsonReader r(json);
    r.string("status", m.status);
    r.integer("protocol", m.protocol);
    r.integer("time", m.time);
    if (auto s = r.finish(); !s) {
        return s.error();
    }
    return m;
}

} // namespace madoguchi::protocol
