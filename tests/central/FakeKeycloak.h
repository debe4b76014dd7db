// SPDX-License-Identifier: Apache-2.0
#pragma once

// A stand-in for Keycloak's token endpoint and admin API over HTTPS on loopback (the real
// Keycloak, a Java server, cannot run in this sandbox). Every request is checked against
// Keycloak's documented representations — the client-credentials form
// (grant_type, client_id, client_secret), the bearer token, the PartialImportRepresentation
// ({"ifResourceExists", "users": [UserRepresentation]}) with CredentialRepresentations whose
// credentialData / secretData are JSON strings — and a request that does not fit is refused
// 400 and recorded as a violation. It imports as Keycloak does (ADDED, or SKIPPED for an
// existing username or email), answers PartialImportResults, and can fail on purpose: 5xx,
// answers lost after the import, tokens that expire.

#ifndef CPPHTTPLIB_OPENSSL_SUPPORT
#define CPPHTTPLIB_OPENSSL_SUPPORT
#endif
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace madoguchi::centraltest {

class FakeKeycloak {
public:
    static constexpr const char* kRealm = "madoguchi";
    static constexpr const char* kClientId = "madoguchi-push";

    FakeKeycloak(const std::string& cert, const std::string& key, std::string secret)
        : m_server(cert.c_str(), key.c_str()), m_secret(std::move(secret)) {
        if (!m_server.is_valid()) {
            throw std::runtime_error("FakeKeycloak: certificate not loaded");
        }
        m_server.new_task_queue = [] {
            return new httplib::ThreadPool(2);
        };
        m_server.Post(
            std::string("/realms/") + kRealm + "/protocol/openid-connect/token",
            [this](const httplib::Request& req, httplib::Response& res) { token(req, res); });
        m_server.Post(std::string("/admin/realms/") + kRealm + "/partialImport",
                      [this](const httplib::Request& req, httplib::Response& res) {
                          partialImport(req, res);
                      });
        m_server.Get(
            std::string("/admin/realms/") + kRealm + "/users",
            [this](const httplib::Request& req, httplib::Response& res) { users(req, res); });
        m_port = m_server.bind_to_any_port("127.0.0.1");
        m_thread = std::thread([this] { m_server.listen_after_bind(); });
        for (int i = 0; i < 500 && !m_server.is_running(); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
    }
    ~FakeKeycloak() {
        m_server.stop();
        m_thread.join();
    }

    std::string url() const { return "https://127.0.0.1:" + std::to_string(m_port); }

    // Faults, for the next requests.
    void failImports(int count, int status = 503) {
        std::lock_guard lock(m_mutex);
        m_failImports = count;
        m_failStatus = status;
    }
    // Imports, then holds the answer for `delay` (longer than the client waits).
    void loseImportAnswers(int count, std::chrono::milliseconds delay) {
        std::lock_guard lock(m_mutex);
        m_loseAnswers = count;
        m_loseDelay = delay;
    }
    void failTokens(int count) {
        std::lock_guard lock(m_mutex);
        m_failTokens = count;
    }
    void setTokenLifetime(int seconds) {
        std::lock_guard lock(m_mutex);
        m_tokenLifetime = seconds;
    }
    // Keycloak forgets every token issued so far (its own expiry or a restart).
    void revokeTokens() {
        std::lock_guard lock(m_mutex);
        m_validTokens.clear();
    }
    // A user that is not ours (created in the admin console).
    void addForeignUser(const std::string& username, const std::string& email) {
        std::lock_guard lock(m_mutex);
        m_users[username] = {{"id", "foreign-" + username},
                             {"username", username},
                             {"email", email},
                             {"enabled", true},
                             {"attributes", nlohmann::json::object()}};
    }

    // What it saw.
    std::vector<nlohmann::json> users() const {
        std::lock_guard lock(m_mutex);
        std::vector<nlohmann::json> out;
        for (const auto& [name, user] : m_users) {
            out.push_back(user);
        }
        return out;
    }
    int tokenRequests() const {
        std::lock_guard lock(m_mutex);
        return m_tokenRequests;
    }
    int importRequests() const {
        std::lock_guard lock(m_mutex);
        return m_importRequests;
    }
    int userLookups() const {
        std::lock_guard lock(m_mutex);
        return m_userLookups;
    }
    std::vector<std::string> violations() const {
        std::lock_guard lock(m_mutex);
        return m_violations;
    }
    std::vector<std::string> policies() const {
        std::lock_guard lock(m_mutex);
        return m_policies;
    }

private:
    using json = nlohmann::json;

    static std::string decode(const std::string& s) {
        std::string out;
        for (std::size_t i = 0; i < s.size(); ++i) {
            if (s[i] == '+') {
                out.push_back(' ');
            } else if (s[i] == '%' && i + 2 < s.size()) {
                out.push_back(static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16)));
                i += 2;
            } else {
                out.push_back(s[i]);
            }
        }
        return out;
    }
    static std::map<std::string, std::string> form(const std::string& body) {
        std::map<std::string, std::string> out;
        std::size_t start = 0;
        while (start <= body.size()) {
            auto end = body.find('&', start);
            if (end == std::string::npos) {
                end = body.size();
            }
            const auto pair = body.substr(start, end - start);
            const auto eq = pair.find('=');
            if (eq != std::string::npos) {
                out[decode(pair.substr(0, eq))] = decode(pair.substr(eq + 1));
            }
            start = end + 1;
        }
        return out;
    }

    void refuse(httplib::Response& res, std::string why) {
        m_violations.push_back(why);
        res.status = 400;
        res.set_content(json{{"errorMessage", why}}.dump(), "application/json");
    }

    void token(const httplib::Request& req, httplib::Response& res) {
        std::lock_guard lock(m_mutex);
        ++m_tokenRequests;
        if (req.get_header_value("Content-Type").rfind("application/x-www-form-urlencoded", 0) !=
            0) {
            return refuse(res, "token: not a form");
        }
        auto f = form(req.body);
        if (f["grant_type"] != "client_credentials") {
            return refuse(res, "token: grant_type " + f["grant_type"]);
        }
        if (m_failTokens > 0) {
            --m_failTokens;
            res.status = 503;
            return;
        }
        if (f["client_id"] != kClientId || f["client_secret"] != m_secret) {
            res.status = 401;
            res.set_content(json{{"error", "unauthorized_client"},
                                 {"error_description", "Invalid client or Invalid client "
                                                       "credentials"}}
                                .dump(),
                            "application/json");
            return;
        }
        const std::string token = "tok-" + std::to_string(++m_tokenSerial);
        m_validTokens.insert(token);
        res.set_content(json{{"access_token", token},
                             {"expires_in", m_tokenLifetime},
                             {"refresh_expires_in", 0},
                             {"token_type", "Bearer"},
                             {"not-before-policy", 0},
                             {"scope", "profile email"}}
                            .dump(),
                        "application/json");
    }

    bool authorised(const httplib::Request& req, httplib::Response& res) {
        const auto header = req.get_header_value("Authorization");
        if (header.rfind("Bearer ", 0) != 0 || !m_validTokens.contains(header.substr(7))) {
            res.status = 401;
            res.set_content(json{{"error", "HTTP 401 Unauthorized"}}.dump(), "application/json");
            return false;
        }
        return true;
    }

    // Checks one CredentialRepresentation; empty when it fits.
    static std::string credentialProblem(const json& c) {
        static const std::set<std::string> known{"id",          "type",       "userLabel",
                                                 "createdDate", "secretData", "credentialData",
                                                 "priority",    "value",      "temporary"};
        for (const auto& [k, v] : c.items()) {
            if (!known.contains(k)) {
                return "credential: unknown field " + k;
            }
        }
        const auto type = c.value("type", "");
        if (type != "password" && type != "otp" && type != "webauthn") {
            return "credential: type " + type;
        }
        if (!c["credentialData"].is_string() || !c["secretData"].is_string()) {
            return "credential: credentialData/secretData must be JSON strings";
        }
        auto data = json::parse(c["credentialData"].get<std::string>(), nullptr, false);
        auto secret = json::parse(c["secretData"].get<std::string>(), nullptr, false);
        if (!data.is_object() || !secret.is_object()) {
            return "credential: credentialData/secretData do not hold JSON objects";
        }
        if (type == "password" &&
            (!data["hashIterations"].is_number_integer() || !data["algorithm"].is_string() ||
             !secret["value"].is_string() || !secret["salt"].is_string())) {
            return "password credential: hashIterations, algorithm, value, salt";
        }
        if (type == "otp" &&
            (data.value("subType", "") != "totp" || !data["digits"].is_number_integer() ||
             !data["period"].is_number_integer() || !data["algorithm"].is_string() ||
             data.value("secretEncoding", "") != "BASE32" || !secret["value"].is_string())) {
            return "otp credential: subType, digits, period, algorithm, secretEncoding, value";
        }
        return {};
    }

    // Checks one UserRepresentation; empty when it fits.
    static std::string userProblem(const json& u) {
        static const std::set<std::string> known{"id",
                                                 "username",
                                                 "enabled",
                                                 "email",
                                                 "emailVerified",
                                                 "firstName",
                                                 "lastName",
                                                 "attributes",
                                                 "credentials",
                                                 "requiredActions",
                                                 "createdTimestamp",
                                                 "totp",
                                                 "groups",
                                                 "realmRoles",
                                                 "federationLink"};
        if (!u.is_object()) {
            return "user: not an object";
        }
        for (const auto& [k, v] : u.items()) {
            if (!known.contains(k)) {
                return "user: unknown field " + k;
            }
        }
        if (!u["username"].is_string() || u["username"].get<std::string>().empty() ||
            !u["enabled"].is_boolean() || !u["email"].is_string() ||
            !u["emailVerified"].is_boolean() || !u["credentials"].is_array()) {
            return "user: username, enabled, email, emailVerified, credentials";
        }
        if (u.contains("attributes")) {
            for (const auto& [k, v] : u["attributes"].items()) {
                if (!v.is_array()) {
                    return "user: attribute " + k + " is not a list";
                }
            }
        }
        if (u.contains("requiredActions") && !u["requiredActions"].is_array()) {
            return "user: requiredActions is not a list";
        }
        for (const auto& c : u["credentials"]) {
            if (auto p = credentialProblem(c); !p.empty()) {
                return p;
            }
        }
        return {};
    }

    void partialImport(const httplib::Request& req, httplib::Response& res) {
        std::chrono::milliseconds hold{0};
        {
            std::lock_guard lock(m_mutex);
            ++m_importRequests;
            if (!authorised(req, res)) {
                return;
            }
            if (req.get_header_value("Content-Type").rfind("application/json", 0) != 0) {
                return refuse(res, "partialImport: not JSON");
            }
            auto doc = json::parse(req.body, nullptr, false);
            if (!doc.is_object() || !doc["users"].is_array()) {
                return refuse(res, "partialImport: no users list");
            }
            for (const auto& [k, v] : doc.items()) {
                if (k != "ifResourceExists" && k != "users" && k != "policy") {
                    return refuse(res, "partialImport: unexpected " + k);
                }
            }
            const auto policy = doc.value("ifResourceExists", "");
            if (policy != "FAIL" && policy != "SKIP" && policy != "OVERWRITE") {
                return refuse(res, "partialImport: ifResourceExists " + policy);
            }
            m_policies.push_back(policy);
            for (const auto& u : doc["users"]) {
                if (auto p = userProblem(u); !p.empty()) {
                    return refuse(res, p);
                }
            }
            if (m_failImports > 0) {
                --m_failImports;
                res.status = m_failStatus;
                return;
            }
            json results = json::array();
            int added = 0;
            int skipped = 0;
            for (const auto& u : doc["users"]) {
                const auto name = u["username"].get<std::string>();
                bool exists = m_users.contains(name);
                for (const auto& [other, rep] : m_users) {
                    exists = exists || rep.value("email", "") == u.value("email", "");
                }
                if (exists && policy == "FAIL") {
                    res.status = 409;
                    res.set_content(json{{"errorMessage", "User exists with same username"}}.dump(),
                                    "application/json");
                    return;
                }
                if (exists && policy == "SKIP") {
                    ++skipped;
                    results.push_back({{"action", "SKIPPED"},
                                       {"resourceType", "USER"},
                                       {"resourceName", name},
                                       {"id", m_users.contains(name) ? m_users[name]["id"] : ""}});
                    continue;
                }
                json stored = u;
                stored["id"] = u.value("id", "kc-" + std::to_string(m_users.size() + 1));
                m_users[name] = stored;
                ++added;
                results.push_back({{"action", "ADDED"},
                                   {"resourceType", "USER"},
                                   {"resourceName", name},
                                   {"id", stored["id"]}});
            }
            res.set_content(json{{"overwritten", 0},
                                 {"added", added},
                                 {"skipped", skipped},
                                 {"results", results}}
                                .dump(),
                            "application/json");
            if (m_loseAnswers > 0) {
                --m_loseAnswers;
                hold = m_loseDelay;
            }
        }
        if (hold.count() > 0) {
            // The import is done; the client gives up before the answer leaves.
            std::this_thread::sleep_for(hold);
        }
    }

    void users(const httplib::Request& req, httplib::Response& res) {
        std::lock_guard lock(m_mutex);
        ++m_userLookups;
        if (!authorised(req, res)) {
            return;
        }
        if (req.get_param_value("exact") != "true" || !req.has_param("username")) {
            return refuse(res, "users: expected username and exact=true");
        }
        json out = json::array();
        if (auto it = m_users.find(req.get_param_value("username")); it != m_users.end()) {
            json brief = it->second;
            brief.erase("credentials"); // the admin API never returns credentials here
            out.push_back(brief);
        }
        res.set_content(out.dump(), "application/json");
    }

    httplib::SSLServer m_server;
    std::string m_secret;
    int m_port = 0;
    std::thread m_thread;

    mutable std::mutex m_mutex;
    std::map<std::string, json> m_users;
    std::set<std::string> m_validTokens;
    std::vector<std::string> m_violations;
    std::vector<std::string> m_policies;
    int m_tokenSerial = 0;
    int m_tokenLifetime = 300;
    int m_tokenRequests = 0;
    int m_importRequests = 0;
    int m_userLookups = 0;
    int m_failImports = 0;
    int m_failStatus = 503;
    int m_failTokens = 0;
    int m_loseAnswers = 0;
    std::chrono::milliseconds m_loseDelay{0};
};

} // namespace madoguchi::centraltest
