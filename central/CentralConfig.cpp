// SPDX-License-Identifier: Apache-2.0
#include "central/CentralConfig.h"

#include "core/Try.h"

#include <toml++/toml.h>

#include <initializer_list>
#include <set>
#include <string>
#include <string_view>

namespace madoguchi::central {

namespace {

Error invalid(std::string detail) {
    return Error{ErrorCode::ConfigInvalid, std::move(detail)};
}

Status onlyKnownKeys(const toml::table& table, std::string_view name,
                     std::initializer_list<std::string_view> known) {
    const std::set<std::string_view> allowed(known);
    for (const auto& [key, value] : table) {
        if (!allowed.contains(key.str())) {
            return invalid(std::string(name) + "." + std::string(key.str()) + ": unknown key");
        }
    }
    return {};
}

class Reader {
public:
    Reader(const toml::table* table, std::string name, std::filesystem::path base)
        : m_table(table), m_name(std::move(name)), m_base(std::move(base)) {}

    template <class T>
    Status get(std::string_view key, T& out) {
        if (m_table == nullptr) {
            return {};
        }
        const auto* node = m_table->get(key);
        if (node == nullptr) {
            return {};
        }
        if constexpr (std::is_same_v<T, double>) {
            if (auto v = node->value<double>()) {
                out = *v;
                return {};
            }
        } else if constexpr (std::is_same_v<T, bool>) {
            if (auto v = node->value_exact<bool>()) {
                out = *v;
                return {};
            }
        } else if constexpr (std::is_integral_v<T>) {
            if (auto v = node->value_exact<std::int64_t>()) {
                out = static_cast<T>(*v);
                if (*v < 0 || static_cast<std::int64_t>(out) != *v) {
                    return invalid(path(key) + ": out of range");
                }
                return {};
            }
        } else if constexpr (std::is_same_v<T, std::string>) {
            if (auto v = node->value_exact<std::string>()) {
                out = *v;
                return {};
            }
        } else if constexpr (std::is_same_v<T, std::filesystem::path>) {
            if (auto v = node->value_exact<std::string>()) {
                std::filesystem::path p(*v);
                out = p.is_absolute() ? p : m_base / p;
                return {};
            }
        }
        return invalid(path(key) + ": wrong type");
    }

private:
    std::string path(std::string_view key) const { return m_name + "." + std::string(key); }
    const toml::table* m_table;
    std::string m_name;
    std::filesystem::path m_base;
};

bool plainName(std::string_view text) {
    if (text.empty() || text.size() > 255) {
        return false;
    }
    for (const char c : text) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
        if (!ok) {
            return false;
        }
    }
    return true;
}

Status readKeycloakPush(const toml::table* table, const std::filesystem::path& base,
                        CentralConfig& config) {
    if (table == nullptr) {
        return {};
    }
    MADOGUCHI_TRY(
        onlyKnownKeys(*table, "keycloak_push",
                      {"enabled", "base_url", "realm", "client_id", "client_secret_file",
                       "ca_bundle", "timeout_ms", "retry_initial_seconds", "retry_max_seconds"}));
    auto& k = config.keycloakPush;
    Reader r(table, "keycloak_push", base);
    std::int64_t timeoutMs = k.timeout.count();
    std::int64_t retryInitial = k.retryInitial.count();
    std::int64_t retryMax = k.retryMax.count();
    MADOGUCHI_TRY(r.get("enabled", k.enabled));
    MADOGUCHI_TRY(r.get("base_url", k.baseUrl));
    MADOGUCHI_TRY(r.get("realm", k.realm));
    MADOGUCHI_TRY(r.get("client_id", k.clientId));
    MADOGUCHI_TRY(r.get("client_secret_file", k.clientSecretFile));
    MADOGUCHI_TRY(r.get("ca_bundle", k.caBundle));
    MADOGUCHI_TRY(r.get("timeout_ms", timeoutMs));
    MADOGUCHI_TRY(r.get("retry_initial_seconds", retryInitial));
    MADOGUCHI_TRY(r.get("retry_max_seconds", retryMax));
    k.timeout = std::chrono::milliseconds(timeoutMs);
    k.retryInitial = std::chrono::seconds(retryInitial);
    k.retryMax = std::chrono::seconds(retryMax);
    if (!k.enabled) {
        return {};
    }
    // Credentials and pushed users travel here: TLS only.
    if (!k.baseUrl.starts_with("https://") || k.baseUrl.size() <= 8) {
        return invalid("keycloak_push.base_url must be an https:// URL");
    }
    if (!plainName(k.realm) || !plainName(k.clientId)) {
        return invalid("keycloak_push.realm and client_id are required (letters, digits, - _ .)");
    }
    if (k.clientSecretFile.empty()) {
        return invalid("keycloak_push.client_secret_file is required (the secret is never put "
                       "in central.toml)");
    }
    if (timeoutMs < 100 || timeoutMs > 120000) {
        return invalid("keycloak_push.timeout_ms must be between 100 and 120000");
    }
    if (retryInitial < 1 || retryMax < retryInitial || retryMax > 86400) {
        return invalid("keycloak_push.retry_initial_seconds must be at least 1 and at most "
                       "retry_max_seconds (at most 86400)");
    }
    return {};
}

} // namespace

Result<CentralConfig> CentralConfig::load(const std::filesystem::path& file) {
    if (!std::filesystem::exists(file)) {
        return Error{ErrorCode::ConfigFileNotFound, file.string()};
    }
    toml::table root;
    try {
        root = toml::parse_file(file.string());
    } catch (const toml::parse_error& e) {
        return Error{ErrorCode::ConfigParse, file.string() + ":" +
                                                 std::to_string(e.source().begin.line) + ": " +
                                                 std::string(e.description())};
    }
    const auto base = std::filesystem::absolute(file).parent_path();
    MADOGUCHI_TRY(
        onlyKnownKeys(root, "central.toml",
                      {"server", "storage", "sealing", "policy", "logging", "keycloak_push"}));
    CentralConfig config;
    const auto* server = root["server"].as_table();
    const auto* storage = root["storage"].as_table();
    const auto* sealing = root["sealing"].as_table();
    const auto* policy = root["policy"].as_table();
    const auto* logging = root["logging"].as_table();
    if (server != nullptr) {
        MADOGUCHI_TRY(onlyKnownKeys(*server, "server",
                                    {"listen", "port", "certificate", "private_key", "client_ca",
                                     "crl", "max_body_bytes", "max_batch_items", "max_batch_bytes",
                                     "workers", "handshake_timeout_ms", "allow_test_confirm"}));
    }
    if (logging != nullptr) {
        MADOGUCHI_TRY(onlyKnownKeys(*logging, "logging", {"level", "file"}));
    }
    if (storage != nullptr) {
        MADOGUCHI_TRY(onlyKnownKeys(*storage, "storage", {"kind", "database", "connection"}));
    }
    if (sealing != nullptr) {
        MADOGUCHI_TRY(onlyKnownKeys(*sealing, "sealing", {"private_key"}));
    }
    if (policy != nullptr) {
        MADOGUCHI_TRY(
            onlyKnownKeys(*policy, "policy",
                          {"lockout_attempts", "rate_limit_per_second", "rate_limit_burst",
                           "session_minutes", "handoff_minutes", "result_window_days",
                           "delivery_stale_after_seconds", "handoff_url_base", "terms_version"}));
    }
    Reader s(server, "server", base);
    MADOGUCHI_TRY(s.get("listen", config.server.listenAddress));
    MADOGUCHI_TRY(s.get("port", config.server.port));
    MADOGUCHI_TRY(s.get("certificate", config.server.certificateFile));
    MADOGUCHI_TRY(s.get("private_key", config.server.privateKeyFile));
    MADOGUCHI_TRY(s.get("client_ca", config.server.clientCaFile));
    MADOGUCHI_TRY(s.get("crl", config.server.crlFile));
    MADOGUCHI_TRY(s.get("max_body_bytes", config.server.maxBodyBytes));
    MADOGUCHI_TRY(s.get("max_batch_items", config.server.maxBatchItems));
    MADOGUCHI_TRY(s.get("max_batch_bytes", config.server.maxBatchBodyBytes));
    MADOGUCHI_TRY(s.get("workers", config.server.workers));
    std::int64_t handshakeMs = config.server.handshakeTimeout.count();
    MADOGUCHI_TRY(s.get("handshake_timeout_ms", handshakeMs));
    config.server.handshakeTimeout = std::chrono::milliseconds(handshakeMs);
    Reader lg(logging, "logging", base);
    MADOGUCHI_TRY(lg.get("level", config.logLevel));
    MADOGUCHI_TRY(lg.get("file", config.logFile));
    MADOGUCHI_TRY(s.get("allow_test_confirm", config.server.allowTestConfirm));
    Reader st(storage, "storage", base);
    std::string storeKind = "sqlite";
    MADOGUCHI_TRY(st.get("kind", storeKind));
    MADOGUCHI_TRY(st.get("database", config.storage.databaseFile));
    MADOGUCHI_TRY(st.get("connection", config.storage.connection));
    Reader se(sealing, "sealing", base);
    MADOGUCHI_TRY(se.get("private_key", config.sealingPrivateKeyFile));
    Reader p(policy, "policy", base);
    std::int64_t sessionMinutes = 30;
    std::int64_t handoffMinutes = 10;
    std::int64_t resultWindowDays = 7;
    std::int64_t staleAfterSeconds = config.options.deliveryStaleAfter.count();
    MADOGUCHI_TRY(p.get("lockout_attempts", config.options.lockoutAttempts));
    MADOGUCHI_TRY(p.get("rate_limit_per_second", config.options.rateLimitPerSecond));
    MADOGUCHI_TRY(p.get("rate_limit_burst", config.options.rateLimitBurst));
    MADOGUCHI_TRY(p.get("session_minutes", sessionMinutes));
    MADOGUCHI_TRY(p.get("handoff_minutes", handoffMinutes));
    MADOGUCHI_TRY(p.get("result_window_days", resultWindowDays));
    MADOGUCHI_TRY(p.get("delivery_stale_after_seconds", staleAfterSeconds));
    MADOGUCHI_TRY(p.get("handoff_url_base", config.options.handoffUrlBase));
    MADOGUCHI_TRY(p.get("terms_version", config.options.termsVersion));
    config.options.sessionLifetime = std::chrono::minutes(sessionMinutes);
    config.options.handoffLifetime = std::chrono::minutes(handoffMinutes);

    MADOGUCHI_TRY(readKeycloakPush(root["keycloak_push"].as_table(), base, config));

    if (storeKind == "sqlite") {
        if (config.storage.databaseFile.empty()) {
            return invalid("storage.database is required");
        }
        if (!config.storage.connection.empty()) {
            return invalid("storage.connection is for kind = \"postgresql\"");
        }
    } else if (storeKind == "postgresql") {
        config.storage.kind = StoreSettings::Kind::Postgresql;
        if (config.storage.connection.empty()) {
            return invalid("storage.connection is required for kind = \"postgresql\"");
        }
        if (!config.storage.databaseFile.empty()) {
            return invalid("storage.database is for kind = \"sqlite\"");
        }
    } else {
        return invalid("storage.kind must be \"sqlite\" or \"postgresql\"");
    }
    if (config.server.port < 0 || config.server.port > 65535) {
        return invalid("server.port out of range");
    }
    if (config.options.lockoutAttempts < 1) {
        return invalid("policy.lockout_attempts must be at least 1");
    }
    if (config.options.rateLimitPerSecond <= 0 || config.options.rateLimitBurst < 1) {
        return invalid("policy.rate_limit_* must be positive (burst ≥ 1)");
    }
    if (sessionMinutes < 1 || handoffMinutes < 1) {
        return invalid("policy.session_minutes and handoff_minutes must be at least 1");
    }
    if (resultWindowDays < 1 || resultWindowDays > 366) {
        return invalid("policy.result_window_days must be between 1 and 366");
    }
    config.options.resultAcceptanceWindow = std::chrono::days(resultWindowDays);
    if (staleAfterSeconds < 1 || staleAfterSeconds > 3600) {
        return invalid("policy.delivery_stale_after_seconds must be between 1 and 3600");
    }
    config.options.deliveryStaleAfter = std::chrono::seconds(staleAfterSeconds);
    config.options.queueKeycloakPush = config.keycloakPush.enabled;
    if (config.server.workers < 2 || config.server.workers > 1024) {
        return invalid("server.workers must be between 2 and 1024");
    }
    if (handshakeMs < 100 || handshakeMs > 60000) {
        return invalid("server.handshake_timeout_ms must be between 100 and 60000");
    }
    if (!std::set<std::string>{"trace", "debug", "info", "warn", "error", "critical", "off"}
             .contains(config.logLevel)) {
        return invalid("logging.level must be trace, debug, info, warn, error, critical or off");
    }
    if (config.server.maxBodyBytes < 1024) {
        return invalid("server.max_body_bytes must be at least 1024");
    }
    if (config.server.maxBatchItems < 1 || config.server.maxBatchItems > 1000) {
        return invalid("server.max_batch_items must be between 1 and 1000");
    }
    if (config.server.maxBatchBodyBytes < 1024 ||
        config.server.maxBatchBodyBytes > 16 * 1024 * 1024) {
        return invalid("server.max_batch_bytes must be between 1024 and 16777216");
    }
    return config;
}

} // namespace madoguchi::central
