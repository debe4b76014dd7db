// SPDX-License-Identifier: Apache-2.0
#include "sync/HttpsCentralClient.h"

#include "core/Log.h"
#include "core/Uuid.h"
#include "protocol/JsonReader.h"
#include "protocol/Paths.h"
#include "protocol/SubmitEnrollmentBatch.h"
#include "sync/CurlHandles.h"
#include "sync/TransportErrors.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <array>
#include <mutex>
#include <utility>

namespace madoguchi::sync {

CURLcode ensureCurlGlobalInit() {
    static std::once_flag once;
    static CURLcode result = CURLE_OK;
    std::call_once(once, [] { result = curl_global_init(CURL_GLOBAL_DEFAULT); });
    return result;
}

struct HttpsCentralClient::Handle {
    CurlEasy easy;
};

namespace {

// Per-request state the callbacks see.
struct Exchange {
    std::string body;
    std::size_t maxBytes = 0;
    bool overflow = false;
    const std::atomic<bool>* cancel = nullptr;
};

std::size_t onWrite(char* data, std::size_t size, std::size_t count, void* user) {
    auto* ex = static_cast<Exchange*>(user);
    const std::size_t n = size * count;
    if (ex->body.size() + n > ex->maxBytes) {
        ex->overflow = true;
        return 0; // makes libcurl stop with CURLE_WRITE_ERROR
    }
    ex->body.append(data, n);
    return n;
}

int onProgress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    auto* ex = static_cast<Exchange*>(user);
    return (ex->cancel != nullptr && ex->cancel->load()) ? 1 : 0;
}

// Wipes the string values of a JSON object (request bodies carrying secrets).
void wipeStrings(nlohmann::json& json) {
    for (auto& item : json.items()) {
        auto& v = item.value();
        if (v.is_string()) {
            auto& s = v.get_ref<std::string&>();
            OPENSSL_cleanse(s.data(), s.size());
        } else if (v.is_object() || v.is_array()) {
            wipeStrings(v);
        }
    }
}

bool isBase64UrlToken(std::string_view token) {
    return !token.empty() && token.size() <= 128 &&
           std::all_of(token.begin(), token.end(), [](char c) {
               return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_';
           });
}

template <class T>
Result<T> decode(Result<nlohmann::json> json) {
    if (!json) {
        return json.error();
    }
    return T::fromJson(*json);
}

// curl_easy_setopt returns CURLcode; a failure here is a programming or build problem.
#define MADOGUCHI_SETOPT(easy, opt, value)                                                         \
    do {                                                                                           \
        if (CURLcode rc_ = curl_easy_setopt((easy), (opt), (value)); rc_ != CURLE_OK) {            \
            return Error{ErrorCode::Internal,                                                      \
                         std::string("curl_easy_setopt " #opt ": ") + curl_easy_strerror(rc_)};    \
        }                                                                                          \
    } while (false)

} // namespace

Result<std::unique_ptr<HttpsCentralClient>> HttpsCentralClient::create(HttpsClientConfig config) {
    if (!config.baseUrl.starts_with("https://")) {
        return Error{ErrorCode::InvalidArgument, "central URL must be https://"};
    }
    while (config.baseUrl.ends_with('/')) {
        config.baseUrl.pop_back();
    }
    if (config.caBundle.empty() || config.clientCert.empty() || config.clientKey.empty()) {
        return Error{ErrorCode::InvalidArgument, "CA bundle, client certificate and key needed"};
    }
    if (config.connectTimeout.count() <= 0 || config.requestTimeout.count() <= 0) {
        return Error{ErrorCode::InvalidArgument, "timeouts must be positive"};
    }
    if (CURLcode rc = ensureCurlGlobalInit(); rc != CURLE_OK) {
        return Error{ErrorCode::Internal,
                     std::string("curl_global_init: ") + curl_easy_strerror(rc)};
    }
    return std::unique_ptr<HttpsCentralClient>(new HttpsCentralClient(std::move(config)));
}

HttpsCentralClient::HttpsCentralClient(HttpsClientConfig config) : m_config(std::move(config)) {}

HttpsCentralClient::~HttpsCentralClient() = default;

void HttpsCentralClient::setCancelFlag(std::shared_ptr<const std::atomic<bool>> flag) {
    std::lock_guard lock(m_cancelMutex);
    m_cancel = std::move(flag);
}

std::unique_ptr<HttpsCentralClient::Handle> HttpsCentralClient::takeHandle() {
    {
        std::lock_guard lock(m_poolMutex);
        if (!m_idle.empty()) {
            auto handle = std::move(m_idle.back());
            m_idle.pop_back();
            return handle;
        }
    }
    auto handle = std::make_unique<Handle>();
    handle->easy.reset(curl_easy_init());
    if (!handle->easy) {
        return nullptr;
    }
    return handle;
}

void HttpsCentralClient::returnHandle(std::unique_ptr<Handle> handle) {
    std::lock_guard lock(m_poolMutex);
    if (m_idle.size() < m_config.maxIdleConnections) {
        m_idle.push_back(std::move(handle));
    }
}

Result<nlohmann::json> HttpsCentralClient::exchange(std::string_view path, bool post,
                                                    std::string_view body) {
    if (body.size() > m_config.maxRequestBytes) {
        return Error{ErrorCode::PayloadTooLarge,
                     "request of " + std::to_string(body.size()) + " bytes"};
    }
    std::shared_ptr<const std::atomic<bool>> cancel;
    {
        std::lock_guard lock(m_cancelMutex);
        cancel = m_cancel;
    }
    if (cancel && cancel->load()) {
        return Error{ErrorCode::Cancelled, "client cancelled"};
    }
    std::unique_ptr<Handle> handle = takeHandle();
    if (!handle) {
        return Error{ErrorCode::Internal, "curl_easy_init failed"};
    }
    CURL* easy = handle->easy.get();
    // Reset keeps live connections and the TLS session cache; every option is set again.
    curl_easy_reset(easy);

    Exchange ex;
    ex.maxBytes = m_config.maxResponseBytes;
    ex.cancel = cancel.get();
    std::array<char, CURL_ERROR_SIZE> errorBuffer{};
    const std::string url = m_config.baseUrl + std::string(path);
    const std::string caBundle = m_config.caBundle.string();
    const std::string clientCert = m_config.clientCert.string();
    const std::string clientKey = m_config.clientKey.string();

    CurlSlist headers;
    for (const char* h :
         {"Accept: application/json", "Content-Type: application/json", "Expect:"}) {
        curl_slist* next = curl_slist_append(headers.get(), h);
        if (next == nullptr) {
            return Error{ErrorCode::Internal, "curl_slist_append failed"};
        }
        (void)headers.release();
        headers.reset(next);
    }

    MADOGUCHI_SETOPT(easy, CURLOPT_URL, url.c_str());
    MADOGUCHI_SETOPT(easy, CURLOPT_PROTOCOLS_STR, "https");
    MADOGUCHI_SETOPT(easy, CURLOPT_FOLLOWLOCATION, 0L);
    MADOGUCHI_SETOPT(easy, CURLOPT_NOSIGNAL, 1L);
    MADOGUCHI_SETOPT(easy, CURLOPT_ERRORBUFFER, errorBuffer.data());
    MADOGUCHI_SETOPT(easy, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(m_config.connectTimeout.count()));
    MADOGUCHI_SETOPT(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(m_config.requestTimeout.count()));
    MADOGUCHI_SETOPT(easy, CURLOPT_CAINFO, caBundle.c_str());
    MADOGUCHI_SETOPT(easy, CURLOPT_CAPATH, static_cast<const char*>(nullptr));
    MADOGUCHI_SETOPT(easy, CURLOPT_SSL_VERIFYPEER, 1L);
    MADOGUCHI_SETOPT(easy, CURLOPT_SSL_VERIFYHOST, 2L);
    MADOGUCHI_SETOPT(easy, CURLOPT_SSLVERSION, static_cast<long>(CURL_SSLVERSION_TLSv1_2));
    MADOGUCHI_SETOPT(easy, CURLOPT_SSLCERT, clientCert.c_str());
    MADOGUCHI_SETOPT(easy, CURLOPT_SSLCERTTYPE, "PEM");
    MADOGUCHI_SETOPT(easy, CURLOPT_SSLKEY, clientKey.c_str());
    MADOGUCHI_SETOPT(easy, CURLOPT_SSLKEYTYPE, "PEM");
    // No TLS session resumption: a new connection (rare, they are kept alive) does a full
    // handshake with the client certificate. Servers that verify client certificates but set
    // no session ID context fail resumption with an "internal error" alert.
    MADOGUCHI_SETOPT(easy, CURLOPT_SSL_SESSIONID_CACHE, 0L);
    if (m_config.proxy) {
        MADOGUCHI_SETOPT(easy, CURLOPT_PROXY, m_config.proxy->c_str());
    }
    MADOGUCHI_SETOPT(easy, CURLOPT_USERAGENT, "madoguchi-kiosk/1");
    MADOGUCHI_SETOPT(easy, CURLOPT_HTTPHEADER, headers.get());
    MADOGUCHI_SETOPT(easy, CURLOPT_MAXFILESIZE_LARGE,
                     static_cast<curl_off_t>(m_config.maxResponseBytes));
    MADOGUCHI_SETOPT(easy, CURLOPT_WRITEFUNCTION, &onWrite);
    MADOGUCHI_SETOPT(easy, CURLOPT_WRITEDATA, &ex);
    MADOGUCHI_SETOPT(easy, CURLOPT_NOPROGRESS, 0L);
    MADOGUCHI_SETOPT(easy, CURLOPT_XFERINFOFUNCTION, &onProgress);
    MADOGUCHI_SETOPT(easy, CURLOPT_XFERINFODATA, &ex);
    if (post) {
        MADOGUCHI_SETOPT(easy, CURLOPT_POST, 1L);
        MADOGUCHI_SETOPT(easy, CURLOPT_POSTFIELDS, body.data());
        MADOGUCHI_SETOPT(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    } else {
        MADOGUCHI_SETOPT(easy, CURLOPT_HTTPGET, 1L);
    }

    const CURLcode rc = curl_easy_perform(easy);
    // The options point into this frame; clear the ones libcurl could look at later.
    (void)curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, static_cast<char*>(nullptr));
    (void)curl_easy_setopt(easy, CURLOPT_HTTPHEADER, static_cast<curl_slist*>(nullptr));

    if (rc != CURLE_OK) {
        // A handle whose transfer failed may hold a half-used connection: drop it.
        if (ex.overflow) {
            return Error{ErrorCode::ProtocolError,
                         "answer larger than " + std::to_string(ex.maxBytes) + " bytes"};
        }
        const std::string message =
            errorBuffer[0] != '\0' ? std::string(errorBuffer.data()) : curl_easy_strerror(rc);
        long connects = 0;
        curl_off_t received = 0;
        long headerBytes = 0;
        (void)curl_easy_getinfo(easy, CURLINFO_NUM_CONNECTS, &connects);
        (void)curl_easy_getinfo(easy, CURLINFO_SIZE_DOWNLOAD_T, &received);
        (void)curl_easy_getinfo(easy, CURLINFO_HEADER_SIZE, &headerBytes);
        const bool closedAfterHandshake = connects > 0 && received == 0 && headerBytes == 0;
        return TransportErrors::fromCurl(static_cast<int>(rc), message, closedAfterHandshake);
    }
    long status = 0;
    (void)curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
    const char* contentType = nullptr;
    (void)curl_easy_getinfo(easy, CURLINFO_CONTENT_TYPE, &contentType);
    const std::string type = contentType != nullptr ? contentType : "";

    if (status < 200 || status > 299) {
        // The service may have answered before it read our body (429, 411, 413, ...): what
        // is left of it on the wire would be read as our next request on this connection.
        // Whatever the answer says about the connection, it is not used again: the handle,
        // and with it the connection, is dropped here.
        return TransportErrors::fromHttp(status, ex.body);
    }
    returnHandle(std::move(handle));
    if (!type.starts_with("application/json")) {
        return Error{ErrorCode::ProtocolError, "answer is not JSON: '" + type + "'"};
    }
    Result<nlohmann::json> json = protocol::parseJson(ex.body);
    if (!json) {
        return json.error();
    }
    if (!json->is_object()) {
        return Error{ErrorCode::ProtocolError, "answer is not a JSON object"};
    }
    return json;
}

#undef MADOGUCHI_SETOPT

Result<nlohmann::json> HttpsCentralClient::postJson(std::string_view path,
                                                    const nlohmann::json& body) {
    const std::string text = protocol::dumpJson(body);
    return exchange(path, true, text);
}

Result<protocol::VerifyTempCredentialsResponse>
HttpsCentralClient::verifyTempCredentials(const protocol::VerifyTempCredentialsRequest& request) {
    // The body carries the temporary password and birth date: wipe every copy we make.
    nlohmann::json json = request.toJson();
    std::string text = protocol::dumpJson(json);
    wipeStrings(json);
    Result<nlohmann::json> answer = exchange(protocol::Paths::kVerifyTemp, true, text);
    OPENSSL_cleanse(text.data(), text.size());
    return decode<protocol::VerifyTempCredentialsResponse>(std::move(answer));
}

Result<protocol::CheckUserIdResponse>
HttpsCentralClient::checkUserId(const protocol::CheckUserIdRequest& request) {
    return decode<protocol::CheckUserIdResponse>(
        postJson(protocol::Paths::kCheckUserId, request.toJson()));
}

Result<protocol::TermsVersionResponse> HttpsCentralClient::termsVersion() {
    return decode<protocol::TermsVersionResponse>(exchange(protocol::Paths::kTerms, false, {}));
}

Result<protocol::SubmitEnrollmentResponse>
HttpsCentralClient::submitEnrollment(const protocol::SubmitEnrollmentRequest& request) {
    Result<protocol::SubmitEnrollmentResponse> answer = decode<protocol::SubmitEnrollmentResponse>(
        postJson(protocol::Paths::kEnrollments, request.toJson()));
    if (answer && answer->enrollmentId != request.enrollmentId) {
        return Error{ErrorCode::ProtocolError, "answer names another enrollment"};
    }
    return answer;
}

Result<CentralApi::BatchAnswers> HttpsCentralClient::submitEnrollmentBatch(
    const std::vector<protocol::SubmitEnrollmentRequest>& requests) {
    Result<nlohmann::json> json =
        postJson(protocol::Paths::kEnrollmentBatch,
                 protocol::SubmitEnrollmentBatchRequest{requests}.toJson());
    if (!json) {
        // A central without the batch path: the caller sends the results one by one.
        if (json.code() == ErrorCode::NotFound) {
            return Error{ErrorCode::Unsupported, json.error().detail};
        }
        return json.error();
    }
    Result<protocol::SubmitEnrollmentBatchResponse> answer =
        protocol::SubmitEnrollmentBatchResponse::fromJson(*json);
    if (!answer) {
        return answer.error();
    }
    if (answer->answers.size() != requests.size()) {
        return Error{ErrorCode::ProtocolError,
                     "batch answer has " + std::to_string(answer->answers.size()) +
                         " answers for " + std::to_string(requests.size()) + " results"};
    }
    BatchAnswers out;
    out.reserve(requests.size());
    for (std::size_t i = 0; i < requests.size(); ++i) {
        auto& a = answer->answers[i];
        if (a.enrollmentId != requests[i].enrollmentId) {
            return Error{ErrorCode::ProtocolError, "batch answer names another enrollment"};
        }
        if (a.response) {
            out.emplace_back(std::move(*a.response));
        } else {
            out.emplace_back(TransportErrors::fromErrorBody(*a.error));
        }
    }
    return out;
}

Result<protocol::HandoffCreateResponse>
HttpsCentralClient::createHandoff(const protocol::HandoffCreateRequest& request) {
    return decode<protocol::HandoffCreateResponse>(
        postJson(protocol::Paths::kHandoffs, request.toJson()));
}

Result<protocol::HandoffPollResponse> HttpsCentralClient::pollHandoff(std::string_view token) {
    if (!isBase64UrlToken(token)) {
        return Error{ErrorCode::InvalidArgument, "hand-off token is not base64url"};
    }
    const std::string path = std::string(protocol::Paths::kHandoffs) + "/" + std::string(token);
    return decode<protocol::HandoffPollResponse>(exchange(path, false, {}));
}

Result<protocol::StaffUnlockResponse>
HttpsCentralClient::staffUnlock(const protocol::StaffUnlockRequest& request) {
    return decode<protocol::StaffUnlockResponse>(
        postJson(protocol::Paths::kStaffUnlock, request.toJson()));
}

Result<protocol::PortalStatusResponse>
HttpsCentralClient::portalStatus(std::string_view enrollmentId) {
    if (!isUuid(enrollmentId)) {
        return Error{ErrorCode::InvalidArgument, "enrollment id is not a UUID"};
    }
    const std::string path = std::string(protocol::Paths::kEnrollments) + "/" +
                             std::string(enrollmentId) +
                             std::string(protocol::Paths::kPortalSuffix);
    auto answer = decode<protocol::PortalStatusResponse>(exchange(path, false, {}));
    if (answer && answer->enrollmentId != enrollmentId) {
        return Error{ErrorCode::ProtocolError, "answer names another enrollment"};
    }
    return answer;
}

Result<protocol::HealthResponse> HttpsCentralClient::health() {
    return decode<protocol::HealthResponse>(exchange(protocol::Paths::kHealth, false, {}));
}

} // namespace madoguchi::sync
