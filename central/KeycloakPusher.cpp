// SPDX-License-Identifier: Apache-2.0
#include "central/KeycloakPusher.h"

#include "central/CentralService.h"
#include "central/KeycloakExporter.h"
#include "core/Log.h"
#include "protocol/JsonReader.h"

#include <httplib.h>
#include <openssl/crypto.h>

#include <algorithm>
#include <fstream>
#include <sys/stat.h>

namespace madoguchi::central {

namespace {

using nlohmann::json;

constexpr std::int64_t kBatch = 16;
// A token is renewed this long before Keycloak's expiry, so a request never carries one
// that expires in flight.
constexpr std::chrono::seconds kTokenMargin{30};

std::string formEncode(std::string_view text) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size() * 3);
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
            u == '-' || u == '_' || u == '.' || u == '~') {
            out.push_back(c);
        } else {
            out.push_back('%');
            out.push_back(hex[u >> 4]);
            out.push_back(hex[u & 0xf]);
        }
    }
    return out;
}

// Keycloak's own words about a refusal (errorMessage / error_description / error), bounded.
std::string keycloakError(int status, const std::string& body) {
    std::string text = "HTTP " + std::to_string(status);
    auto parsed = json::parse(body, nullptr, false);
    if (parsed.is_object()) {
        for (const char* key : {"errorMessage", "error_description", "error"}) {
            if (parsed.contains(key) && parsed[key].is_string()) {
                text += ": " + parsed[key].get<std::string>().substr(0, 200);
                break;
            }
        }
    }
    return text;
}

void wipe(std::string& text) {
    OPENSSL_cleanse(text.data(), text.size());
    text.clear();
}

std::unique_ptr<httplib::Client> makeClient(const std::string& hostPort,
                                            const KeycloakPushSettings& settings) {
    auto client = std::make_unique<httplib::Client>(hostPort);
    client->enable_server_certificate_verification(true);
    if (!settings.caBundle.empty()) {
        client->set_ca_cert_path(settings.caBundle.string());
    }
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(settings.timeout);
    const auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(settings.timeout - seconds);
    client->set_connection_timeout(seconds.count(), micros.count());
    client->set_read_timeout(seconds.count(), micros.count());
    client->set_write_timeout(seconds.count(), micros.count());
    client->set_keep_alive(false);
    client->set_follow_location(false);
    return client;
}

} // namespace

KeycloakPusher::KeycloakPusher(KeycloakPushSettings settings, std::unique_ptr<ICentralStore> store,
                               const CentralService& opener, std::shared_ptr<const Clock> clock)
    : m_settings(std::move(settings)), m_store(std::move(store)), m_opener(opener),
      m_clock(std::move(clock)), m_jitter(std::random_device{}()) {
    // https://host[:port][/prefix]: httplib takes the first part, paths carry the prefix.
    const auto& url = m_settings.baseUrl;
    const auto slash = url.find('/', std::string_view("https://").size());
    m_hostPort = url.substr(0, slash);
    if (slash != std::string::npos) {
        m_pathPrefix = url.substr(slash);
        while (!m_pathPrefix.empty() && m_pathPrefix.back() == '/') {
            m_pathPrefix.pop_back();
        }
    }
}

KeycloakPusher::~KeycloakPusher() {
    stop();
}

void KeycloakPusher::start(std::chrono::milliseconds pollInterval) {
    std::lock_guard lock(m_mutex);
    if (m_thread.joinable()) {
        return;
    }
    m_stopping = false;
    m_thread = std::thread([this, pollInterval] { threadMain(pollInterval); });
}

void KeycloakPusher::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_cv.notify_all();
    if (m_thread.joinable()) {
        m_thread.join();
    }
}

void KeycloakPusher::wake() {
    {
        std::lock_guard lock(m_mutex);
        m_woken = true;
    }
    m_cv.notify_all();
}

void KeycloakPusher::threadMain(std::chrono::milliseconds pollInterval) {
    logger()->info("keycloak push: started for realm {} at {}", m_settings.realm,
                   m_settings.baseUrl);
    while (true) {
        {
            std::unique_lock lock(m_mutex);
            if (m_stopping) {
                break;
            }
        }
        if (auto ran = runOnce(); !ran) {
            logger()->warn("keycloak push: the queue could not be read: {}", ran.error().detail);
        }
        std::unique_lock lock(m_mutex);
        m_cv.wait_for(lock, pollInterval, [this] { return m_stopping || m_woken; });
        m_woken = false;
    }
    m_token.clear();
    logger()->info("keycloak push: stopped");
}

std::int64_t KeycloakPusher::nowSeconds() const {
    return std::chrono::duration_cast<std::chrono::seconds>(m_clock->now().time_since_epoch())
        .count();
}

std::int64_t KeycloakPusher::retryDelaySeconds(std::int64_t attempts) {
    // Exponential from retryInitial, capped at retryMax; "equal jitter" (half fixed, half
    // random) so that items that failed together do not come back together.
    std::int64_t delay = m_settings.retryInitial.count();
    for (std::int64_t i = 1; i < attempts && delay < m_settings.retryMax.count(); ++i) {
        delay *= 2;
    }
    delay = std::min(delay, m_settings.retryMax.count());
    const std::int64_t half = delay / 2;
    std::uniform_int_distribution<std::int64_t> spread(0, delay - half);
    return half + spread(m_jitter);
}

Result<int> KeycloakPusher::runOnce() {
    auto due = m_store->duePushes(nowSeconds(), kBatch);
    if (!due) {
        return due.error();
    }
    int handled = 0;
    for (const auto& item : *due) {
        {
            std::lock_guard lock(m_mutex);
            if (m_stopping) {
                break;
            }
        }
        const auto attempt = pushOne(item);
        if (auto written = record(item, attempt); !written) {
            return written.error();
        }
        ++handled;
    }
    return handled;
}

Status KeycloakPusher::record(const PushItem& item, const Attempt& attempt) {
    PushItem next = item;
    next.attempts = item.attempts + 1;
    next.lastError = attempt.detail;
    next.updatedAt = nowSeconds();
    std::optional<StaffItem> staff;
    auto staffItem = [&](const char* kind, std::string detail) {
        StaffItem s;
        s.createdAt = next.updatedAt;
        s.kind = kind;
        s.enrollmentId = item.enrollmentId;
        s.detail = std::move(detail);
        return s;
    };
    switch (attempt.outcome) {
    case Outcome::Done:
        next.state = "done";
        next.lastError.clear();
        m_credentialsReported = false;
        logger()->info("keycloak push: enrollment {} is in Keycloak ({})", item.enrollmentId,
                       attempt.detail);
        break;
    case Outcome::Retry:
        next.nextAttemptAt = next.updatedAt + retryDelaySeconds(next.attempts);
        logger()->warn("keycloak push: enrollment {} not pushed ({}); try {} in {} s",
                       item.enrollmentId, attempt.detail, next.attempts + 1,
                       next.nextAttemptAt - next.updatedAt);
        break;
    case Outcome::CredentialsRefused:
        // Configuration, the same for every item: keep it pending, tell staff once.
        next.nextAttemptAt = next.updatedAt + retryDelaySeconds(next.attempts);
        if (!m_credentialsReported) {
            staff = staffItem("keycloak_push_credentials",
                              "Keycloak refused the push's service account (" + attempt.detail +
                                  "): check client_id, the secret file and the account's "
                                  "manage-users role; pushes wait meanwhile");
            m_credentialsReported = true;
        }
        logger()->error("keycloak push: credentials refused ({}); enrollment {} waits",
                        attempt.detail, item.enrollmentId);
        break;
    case Outcome::Refused:
        next.state = "failed";
        staff = staffItem("keycloak_push_refused",
                          "Keycloak refused the user (" + attempt.detail +
                              "); not pushed: import it by hand from the export");
        logger()->error("keycloak push: enrollment {} refused for good ({})", item.enrollmentId,
                        attempt.detail);
        break;
    case Outcome::UserExists:
        next.state = "failed";
        staff = staffItem("keycloak_user_exists",
                          "Keycloak already has another user of this name or email (" +
                              attempt.detail + "); it was left untouched and this one not pushed");
        logger()->error("keycloak push: enrollment {}: another user exists ({})", item.enrollmentId,
                        attempt.detail);
        break;
    }
    if (staff) {
        auto found = m_store->findEnrollment(item.enrollmentId);
        if (found && *found) {
            staff->kioskId = (*found)->kioskId;
            staff->tempId = (*found)->tempId;
            staff->userId = (*found)->userId;
        }
    }
    return m_store->updatePush(next, staff);
}

Result<nlohmann::json> KeycloakPusher::userDocument(const PushItem& item) {
    auto found = m_store->findEnrollment(item.enrollmentId);
    if (!found) {
        return found.error();
    }
    if (!*found) {
        return Error{ErrorCode::NotFound, "no stored enrollment " + item.enrollmentId};
    }
    EnrollmentRecord enrollment = std::move(**found);
    auto opened =
        m_opener.openStored(enrollment.kioskId, enrollment.enrollmentId, enrollment.envelope);
    if (!opened) {
        return opened.error();
    }
    enrollment.resultJson.assign(opened->view());
    std::vector<SecondFactorRecord> factors;
    if (enrollment.stage == "registration") {
        auto all = m_store->listSecondFactors();
        if (!all) {
            OPENSSL_cleanse(enrollment.resultJson.data(), enrollment.resultJson.size());
            return all.error();
        }
        for (auto& f : *all) {
            if (f.registrationId != enrollment.enrollmentId || !f.supersededBy.empty()) {
                continue;
            }
            auto factor = m_opener.openStored(f.kioskId, f.enrollmentId, f.envelope);
            if (factor) {
                f.resultJson.assign(factor->view());
            }
            factors.push_back(std::move(f));
        }
    }
    auto doc = KeycloakExporter::build({enrollment}, factors);
    OPENSSL_cleanse(enrollment.resultJson.data(), enrollment.resultJson.size());
    for (auto& f : factors) {
        OPENSSL_cleanse(f.resultJson.data(), f.resultJson.size());
    }
    return doc;
}

KeycloakPusher::Attempt KeycloakPusher::pushOne(const PushItem& item) {
    auto doc = userDocument(item);
    if (!doc) {
        // A storage hiccup is retried; a result that does not open will never push.
        if (doc.error().code == ErrorCode::StorageBusy ||
            doc.error().code == ErrorCode::StorageIo) {
            return {Outcome::Retry, "store: " + doc.error().detail};
        }
        return {Outcome::Refused, "not pushable: " + doc.error().detail};
    }
    if (!(*doc)["users"].is_array() || (*doc)["users"].size() != 1) {
        return {Outcome::Refused, "not pushable: the export leaves this enrollment out"};
    }
    const std::string username = (*doc)["users"][0].value("username", "");
    auto attempt = importUser(*doc, username, item.enrollmentId);
    // The document holds the TOTP secret and the password hash.
    for (auto& credential : (*doc)["users"][0]["credentials"]) {
        if (credential.contains("secretData") && credential["secretData"].is_string()) {
            auto& secret = credential["secretData"].get_ref<std::string&>();
            OPENSSL_cleanse(secret.data(), secret.size());
        }
    }
    return attempt;
}

std::optional<KeycloakPusher::Attempt> KeycloakPusher::ensureToken() {
    if (!m_token.empty() && m_clock->now() < m_tokenUsableUntil) {
        return std::nullopt;
    }
    m_token.clear();
    // Read at each request, so IT can replace the secret without a restart.
    std::ifstream in(m_settings.clientSecretFile, std::ios::binary);
    if (!in) {
        return Attempt{Outcome::CredentialsRefused, "client secret file unreadable"};
    }
    std::string secret((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r' ||
                               secret.back() == ' ' || secret.back() == '\t')) {
        secret.pop_back();
    }
    std::string form =
        "grant_type=client_credentials&client_id=" + formEncode(m_settings.clientId) +
        "&client_secret=" + formEncode(secret);
    wipe(secret);
    auto client = makeClient(m_hostPort, m_settings);
    auto res = client->Post(m_pathPrefix + "/realms/" + m_settings.realm +
                                "/protocol/openid-connect/token",
                            form, "application/x-www-form-urlencoded");
    wipe(form);
    if (!res) {
        return Attempt{Outcome::Retry, "token: " + httplib::to_string(res.error())};
    }
    auto body = res->body;
    OPENSSL_cleanse(res->body.data(), res->body.size());
    if (res->status == 400 || res->status == 401 || res->status == 403) {
        auto detail = "token: " + keycloakError(res->status, body);
        wipe(body);
        return Attempt{Outcome::CredentialsRefused, detail};
    }
    if (res->status != 200) {
        wipe(body);
        return Attempt{Outcome::Retry, "token: HTTP " + std::to_string(res->status)};
    }
    auto parsed = json::parse(body, nullptr, false);
    wipe(body);
    if (!parsed.is_object() || !parsed["access_token"].is_string() ||
        !parsed["expires_in"].is_number_integer() ||
        !parsed.value("token_type", std::string()).starts_with("Bearer") ||
        parsed["access_token"].get_ref<const std::string&>().empty()) {
        return Attempt{Outcome::Retry, "token: unreadable answer"};
    }
    auto& token = parsed["access_token"].get_ref<std::string&>();
    m_token = SecureBuffer::fromText(token);
    OPENSSL_cleanse(token.data(), token.size());
    const auto lifetime = std::chrono::seconds(parsed["expires_in"].get<std::int64_t>());
    m_tokenUsableUntil = m_clock->now() + lifetime - kTokenMargin;
    return std::nullopt;
}

KeycloakPusher::Attempt KeycloakPusher::importUser(const nlohmann::json& doc,
                                                   const std::string& username,
                                                   const std::string& enrollmentId) {
    // At most two rounds: a token Keycloak no longer honours (401) is renewed once.
    for (int round = 0; round < 2; ++round) {
        if (auto refused = ensureToken()) {
            return *refused;
        }
        std::string body = protocol::dumpJson(doc);
        std::string bearer = "Bearer " + std::string(m_token.view());
        httplib::Headers headers{{"Authorization", bearer}, {"Accept", "application/json"}};
        auto client = makeClient(m_hostPort, m_settings);
        auto res =
            client->Post(m_pathPrefix + "/admin/realms/" + m_settings.realm + "/partialImport",
                         headers, body, "application/json");
        wipe(body);
        wipe(bearer);
        for (auto& [name, value] : headers) {
            OPENSSL_cleanse(value.data(), value.size());
        }
        if (!res) {
            // Maybe imported, answer lost: the retry's SKIP and check settle it.
            return {Outcome::Retry, "partialImport: " + httplib::to_string(res.error())};
        }
        if (res->status == 401 && round == 0) {
            m_token.clear();
            continue;
        }
        if (res->status == 401 || res->status == 403) {
            return {Outcome::CredentialsRefused,
                    "partialImport: " + keycloakError(res->status, res->body)};
        }
        if (res->status == 429 || res->status >= 500) {
            return {Outcome::Retry, "partialImport: HTTP " + std::to_string(res->status)};
        }
        if (res->status == 409) {
            return {Outcome::UserExists, "partialImport: " + keycloakError(res->status, res->body)};
        }
        if (res->status < 200 || res->status >= 300) {
            return {Outcome::Refused, "partialImport: " + keycloakError(res->status, res->body)};
        }
        // PartialImportResults: {"added","skipped","overwritten","results":[{"action",
        // "resourceType","resourceName","id"}]}.
        auto answer = json::parse(res->body, nullptr, false);
        if (!answer.is_object() || !answer["results"].is_array()) {
            return {Outcome::Retry, "partialImport: unreadable answer"};
        }
        for (const auto& r : answer["results"]) {
            if (!r.is_object() || r.value("resourceType", "") != "USER") {
                continue;
            }
            const auto action = r.value("action", "");
            if (action == "ADDED") {
                return {Outcome::Done, "added"};
            }
            if (action == "SKIPPED") {
                return checkSkippedUser(username, enrollmentId);
            }
        }
        return {Outcome::Retry, "partialImport: answer names no user"};
    }
    return {Outcome::CredentialsRefused, "partialImport: HTTP 401"};
}

KeycloakPusher::Attempt KeycloakPusher::checkSkippedUser(const std::string& username,
                                                         const std::string& enrollmentId) {
    if (auto refused = ensureToken()) {
        return *refused;
    }
    std::string bearer = "Bearer " + std::string(m_token.view());
    httplib::Headers headers{{"Authorization", bearer}, {"Accept", "application/json"}};
    auto client = makeClient(m_hostPort, m_settings);
    auto res = client->Get(m_pathPrefix + "/admin/realms/" + m_settings.realm +
                               "/users?exact=true&username=" + formEncode(username),
                           headers);
    wipe(bearer);
    for (auto& [name, value] : headers) {
        OPENSSL_cleanse(value.data(), value.size());
    }
    if (!res) {
        return {Outcome::Retry, "users: " + httplib::to_string(res.error())};
    }
    if (res->status == 401 || res->status == 403) {
        m_token.clear();
        return {Outcome::CredentialsRefused, "users: " + keycloakError(res->status, res->body)};
    }
    if (res->status != 200) {
        return {Outcome::Retry, "users: HTTP " + std::to_string(res->status)};
    }
    auto users = json::parse(res->body, nullptr, false);
    if (!users.is_array()) {
        return {Outcome::Retry, "users: unreadable answer"};
    }
    for (const auto& u : users) {
        if (!u.is_object() || u.value("username", "") != username) {
            continue;
        }
        const auto attributes = u.value("attributes", json::object());
        const auto ids = attributes.value("madoguchiEnrollmentId", json::array());
        if (ids.is_array() && std::find(ids.begin(), ids.end(), enrollmentId) != ids.end()) {
            return {Outcome::Done, "already there from an earlier try"};
        }
        return {Outcome::UserExists, "username taken by another user"};
    }
    // Skipped for its email (another user holds it) or a user we cannot see.
    return {Outcome::UserExists, "skipped, and no user of this name carries this enrollment"};
}

} // namespace madoguchi::central
