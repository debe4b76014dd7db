// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <chrono>
#include <filesystem>
#include <string>

namespace madoguchi::central {

// [keycloak_push] of central.toml: push each accepted enrollment to Keycloak's admin API.
// Off by default (the export works either way). The client secret is read from its own
// file (owner-only) at each token request, never from central.toml, never logged.
struct KeycloakPushSettings {
    bool enabled = false;
    std::string baseUrl; // https://sso.example.jp (a path prefix such as /auth is kept)
    std::string realm;
    std::string clientId; // a confidential client with a service account (manage-users)
    std::filesystem::path clientSecretFile;
    std::filesystem::path caBundle; // PEM; empty: the system's trust store
    std::chrono::milliseconds timeout{10000};
    std::chrono::seconds retryInitial{5};
    std::chrono::seconds retryMax{15 * 60};
};

} // namespace madoguchi::central
