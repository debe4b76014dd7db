// SPDX-License-Identifier: Apache-2.0
#include "protocol/TermsVersion.h"

#include "protocol/JsonReader.h"

namespace madoguchi::protocol {

nlohmann::json TermsVersionResponse::toJson() const {
    return {{"version", version}};
}

Result<TermsVersionResponse> TermsVersionResponse::fromJson(const nlohmann::json& json) {
    TermsVersionResponse m;
    JsonReader r(json);
    r.string("version", m.version);
    if (auto s = r.finish(); !s) {
        return s.error();
    }
    return m;
}

} // namespace madoguchi::protocol
