// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"

#include <nlohmann/json.hpp>

#include <string>

namespace madoguchi::protocol {

// GET /v1/terms: the terms-of-use version the member must agree to.
struct TermsVersionResponse {
    std::string version;

    nlohmann::json toJson() const;
    static Result<TermsVersionResponse> fromJson(const nlohmann::json& json);
};

} // namespace madoguchi::protocol
