// SPDX-License-Identifier: Apache-2.0
#include "central/CentralServer.h"

#include "central/ConnectionGuard.h"
#include "central/Revocation.h"
#include "core/Log.h"
#include "protocol/ErrorBody.h"
#include "protocol/JsonReader.h"
#include "protocol/Paths.h"
#include "protocol/SubmitEnrollmentBatch.h"

#include <httplib.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>

namespace madoguchi::central {

namespace {

using protocol::ErrorBody;
using protocol::Paths;

constexpr const char* kJson = "application/json";

void writeError(httplib::Response& res, const ErrorBody& body, ErrorCode code) {
    res.status = ErrorBody::httpStatus(code);
    if (body.retryAfterSeconds) {
        res.set_header("Retry-After", std::to_string(*body.retryAfterSeconds));
    }
    res.set_content(protocol::dumpJson(body.toJson()), kJson);
}

void writeError(httplib::Response& res, ErrorCode code, std::string detail) {
    writeError(res, ErrorBody::fromError(Error{code, std::move(detail)}), code);
}

template <class T>
void writeReply(httplib::Response& res, const ServiceReply<T>& reply, int okStatus = 200) {
    if (reply.ok()) {
        res.status = okStatus;
        res.set_content(protocol::dumpJson(reply.value().toJson()), kJson);
        return;
    }
    writeError(res, reply.errorBody(), reply.code());
}

// The CN of the verified client certificate: the kiosk ID.
std::optional<std::string> kioskIdOf(const httplib::Request& req) {
    if (req.ssl == nullptr) {
        return std::nullopt;
    }
    X509* cert = SSL_get0_peer_certificate(req.ssl);
    if (cert == nullptr) {
        return std::nullopt;
    }
    X509_NAME* subject = X509_get_subject_name(cert);
    const int index = X509_NAME_get_index_by_NID(subject, NID_commonName, -1);
    if (index < 0) {
        return std::nullopt;
    }
    ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(subject, index));
    unsigned char* utf8 = nullptr;
    const int length = ASN1_STRING_to_UTF8(&utf8, data);
    if (length <= 0 || utf8 == nullptr) {
        return std::nullopt;
    }
    std::string cn(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(length));
    OPENSSL_free(utf8);
    return cn;
}

std::string lowercase(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// The media type of a Content-Type value, lowercase, without parameters or spaces.
std::string mediaType(std::string_view contentType) {
    std::string_view type = contentType.substr(0, contentType.find(';'));
    while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) {
        type.remove_prefix(1);
    }
    while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) {
        type.remove_suffix(1);
    }
    return lowercase(type);
}

// An answer given before the body was read (every answer of the pre-routing handler, and
// cpp-httplib's own to a request head it could not parse) carries Connection: close and
// ends the connection: the server sends close_notify and FIN after it and drops at most
// 64 KiB more of what is still on the wire (ConnectionGuard), so a client still sending
// gets the answer rather than a reset, and nothing left of that body is ever taken for the
// next request.
constexpr const char* kCloseAfterAnswer = "close";

// The request head: at most this many header fields and bytes (431 otherwise). cpp-httplib
// adds four fields of its own (REMOTE_ADDR, REMOTE_PORT, LOCAL_ADDR, LOCAL_PORT).
constexpr std::size_t kMaxHeaderFields = 64;
constexpr std::size_t kHttplibHeaderFields = 4;
constexpr std::size_t kMaxHeaderBytes = 16 * 1024;

// Up to this size an oversized body is read and dropped rather than left on the wire.
constexpr std::uint64_t kDrainedOversizeBytes = 1024 * 1024;

// Why a request's body is refused before it is read, or nullopt when it may be read.
// cpp-httplib 0.11 checks the size limit only against Content-Length: it reads a chunked
// body and inflates a gzip body without bound, so neither gets that far.
std::optional<Error> bodyRefusal(const httplib::Request& req, std::size_t maxBodyBytes) {
    if (req.has_header("Transfer-Encoding")) {
        return Error{ErrorCode::LengthRequired,
                     "Transfer-Encoding refused: send the body with a Content-Length"};
    }
    // cpp-httplib reads the body of these methods; without a length, up to the end of the
    // connection and past any limit.
    const bool readsBody = req.method == "POST" || req.method == "PUT" || req.method == "PATCH" ||
                           req.method == "DELETE" || req.method == "PRI";
    if (readsBody && !req.has_header("Content-Length")) {
        return Error{ErrorCode::LengthRequired, "a body needs a Content-Length"};
    }
    // ... and leaves the body of the others on the wire, where it would be the next request.
    if (!readsBody && req.get_header_value<std::uint64_t>("Content-Length") > 0) {
        return Error{ErrorCode::ProtocolError, req.method + " with a body"};
    }
    if (req.has_header("Content-Encoding") &&
        mediaType(req.get_header_value("Content-Encoding")) != "identity") {
        return Error{ErrorCode::UnsupportedMediaType,
                     "Content-Encoding refused: send the body uncompressed"};
    }
    const auto length = req.get_header_value<std::uint64_t>("Content-Length");
    // A body somewhat over the limit is left to cpp-httplib, which reads and discards it
    // before answering 413: a client still writing it then reads the answer instead of
    // failing its write on a closed connection. Only a body far over is refused unread.
    if (length > maxBodyBytes && length > kDrainedOversizeBytes) {
        return Error{ErrorCode::PayloadTooLarge, "body over the size limit"};
    }
    if (length > maxBodyBytes) {
        return std::nullopt;
    }
    if (length > 0 && mediaType(req.get_header_value("Content-Type")) != kJson) {
        return Error{ErrorCode::UnsupportedMediaType, "Content-Type must be application/json"};
    }
    return std::nullopt;
}

// Why the request head is refused (431, "headers_too_large"), or nullopt.
std::optional<std::string> headRefusal(const httplib::Request& req) {
    if (req.headers.size() > kMaxHeaderFields + kHttplibHeaderFields) {
        return "too many header fields";
    }
    std::size_t bytes = 0;
    for (const auto& [name, value] : req.headers) {
        bytes += name.size() + value.size() + 4;
    }
    if (bytes > kMaxHeaderBytes) {
        return "header fields too large";
    }
    return std::nullopt;
}

// Wipes the string values of parsed JSON (temp passwords, birth dates, session tokens).
void wipeStrings(nlohmann::json& json) {
    for (auto& item : json.items()) {
        auto& v = item.value();
        if (v.is_string()) {
            auto& text = v.get_ref<std::string&>();
            OPENSSL_cleanse(text.data(), text.size());
        } else if (v.is_object() || v.is_array()) {
            wipeStrings(v);
        }
    }
}

// The body cpp-httplib read into the request: wiped once it was parsed. The Request object
// is cpp-httplib's own non-const one, handed to handlers as const.
void wipeBody(const httplib::Request& req) {
    auto& body = const_cast<std::string&>(req.body);
    OPENSSL_cleanse(body.data(), body.size());
    body.clear();
}

// The path for the access log: hand-off tokens (bearer secrets in the path) replaced by the
// first bytes of their SHA-256 (what the database keeps is the digest), control characters
// escaped, length capped.
std::string loggedPath(const std::string& path) {
    std::string shown = path;
    const std::string prefix = std::string(Paths::kHandoffs) + "/";
    if (shown.starts_with(prefix)) {
        const auto start = prefix.size();
        const auto end = std::min(shown.find('/', start), shown.size());
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        std::string tag = "{token}";
        if (EVP_Digest(shown.data() + start, end - start, digest, &length, EVP_sha256(), nullptr) ==
                1 &&
            length >= 4) {
            char hex[9];
            std::snprintf(hex, sizeof hex, "%02x%02x%02x%02x", digest[0], digest[1], digest[2],
                          digest[3]);
            tag = std::string("{token sha256:") + hex + "}";
        }
        shown = prefix + tag + shown.substr(end);
    }
    constexpr std::size_t kMaxShown = 160;
    std::string out;
    for (const char c : shown) {
        if (out.size() >= kMaxShown) {
            out += "...";
            break;
        }
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f || c == '\\') {
            char escaped[5];
            std::snprintf(escaped, sizeof escaped, "\\x%02x", u);
            out += escaped;
        } else {
            out.push_back(c);
        }
    }
    return out;
}

// Per request, on the worker thread that serves it: set by the pre-routing handler (which
// cpp-httplib skips for a head it cannot parse), read by the logger.
struct RequestTrace {
    bool routed = false;
    std::chrono::steady_clock::time_point start;
};
thread_local RequestTrace t_trace;

template <class T>
concept HasKioskId = requires(T t) {
    t.kioskId;
};

// Parses the body strictly into Request, checks the kiosk, and hands it and the kiosk ID
// (the certificate's CN) to `call`.
template <class Request, class Call>
void handleJson(const httplib::Request& req, httplib::Response& res, std::size_t maxBodyBytes,
                Call call) {
    const auto kiosk = kioskIdOf(req);
    if (!kiosk) {
        writeError(res, ErrorCode::KioskNotAuthorized, "no client certificate CN");
        return;
    }
    // cpp-httplib reads bodies up to the largest limit (a batch's); this path's is smaller.
    if (req.body.size() > maxBodyBytes) {
        wipeBody(req);
        writeError(res, ErrorCode::PayloadTooLarge, "body over the size limit");
        return;
    }
    auto json = protocol::parseJson(req.body);
    wipeBody(req);
    if (!json) {
        writeError(res, json.code(), json.error().detail);
        return;
    }
    auto parsed = Request::fromJson(*json);
    wipeStrings(*json);
    if (!parsed) {
        writeError(res, parsed.code(), parsed.error().detail);
        return;
    }
    if constexpr (HasKioskId<Request>) {
        if (parsed->kioskId != *kiosk) {
            writeError(res, ErrorCode::KioskNotAuthorized,
                       "kiosk_id does not match the client certificate");
            return;
        }
    }
    call(*parsed, *kiosk);
}

} // namespace

CentralServer::CentralServer(CentralService& service, const ServerSettings& settings,
                             std::unique_ptr<httplib::SSLServer> server)
    : m_service(service), m_settings(settings), m_server(std::move(server)) {}

CentralServer::~CentralServer() {
    stop();
}

Result<std::unique_ptr<CentralServer>> CentralServer::create(CentralService& service,
                                                             const ServerSettings& settings) {
    for (const auto* file :
         {&settings.certificateFile, &settings.privateKeyFile, &settings.clientCaFile}) {
        if (file->empty() || !std::filesystem::exists(*file)) {
            return Error{ErrorCode::ConfigInvalid, "TLS file missing: " + file->string()};
        }
    }
    // With a client CA, cpp-httplib sets SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT:
    // a client without a certificate from that CA fails the handshake.
    auto server = std::make_unique<httplib::SSLServer>(settings.certificateFile.c_str(),
                                                       settings.privateKeyFile.c_str(),
                                                       settings.clientCaFile.c_str());
    if (!server->is_valid()) {
        return Error{ErrorCode::ConfigInvalid, "server certificate, key or client CA unusable"};
    }
    if (SSL_CTX_set_min_proto_version(server->ssl_context(), TLS1_2_VERSION) != 1) {
        return Error{ErrorCode::TlsFailure, "cannot require TLS 1.2"};
    }
    // With client verification on, OpenSSL fails a resumed handshake unless the context names one.
    static constexpr unsigned char kSessionIdContext[] = "madoguchi-central";
    if (SSL_CTX_set_session_id_context(server->ssl_context(), kSessionIdContext,
                                       sizeof kSessionIdContext - 1) != 1) {
        return Error{ErrorCode::TlsFailure, "cannot set the TLS session id context"};
    }
    // OpenSSL keeps no copy of received plaintext (temp passwords, birth dates) after use.
    SSL_CTX_set_options(server->ssl_context(), SSL_OP_CLEANSE_PLAINTEXT);
    std::unique_ptr<CentralServer> self(new CentralServer(service, settings, std::move(server)));
    if (!settings.crlFile.empty()) {
        auto revocation = Revocation::load(settings.clientCaFile, settings.crlFile);
        if (!revocation) {
            return revocation.error();
        }
        self->m_revocation = std::move(*revocation);
    }
    ConnectionGuard::Limits limits;
    limits.handshakeTimeout = settings.handshakeTimeout;
    // A whole request: its head, and a body up to the limit or up to the size that is read
    // and dropped before a 413.
    limits.requestBytes =
        std::max<std::uint64_t>(
            {settings.maxBodyBytes, settings.maxBatchBodyBytes, kDrainedOversizeBytes}) +
        kMaxHeaderBytes + 16 * 1024;
    Revocation* revocation = self->m_revocation.get();
    auto guard =
        ConnectionGuard::install(self->m_server->ssl_context(), limits, revocation, [revocation] {
            if (revocation != nullptr) {
                revocation->poll();
            }
        });
    if (!guard) {
        return guard.error();
    }
    self->m_guard = std::move(*guard);
    const std::size_t workers = std::max<std::size_t>(settings.workers, 2);
    self->m_server->new_task_queue = [workers] {
        return new httplib::ThreadPool(workers);
    };
    self->installRoutes();
    return self;
}

Status CentralServer::reloadRevocation() {
    if (!m_revocation) {
        return Error{ErrorCode::InvalidArgument, "no CRL file configured"};
    }
    return m_revocation->reload();
}

void CentralServer::requestRevocationReload() {
    if (m_revocation) {
        m_revocation->requestReload();
    }
}

std::size_t CentralServer::handshakesInProgress() const {
    return m_guard ? m_guard->handshakesInProgress() : 0;
}

void CentralServer::installRoutes() {
    auto& s = *m_server;
    s.set_payload_max_length(std::max(m_settings.maxBodyBytes, m_settings.maxBatchBodyBytes));
    // Small request/answer pairs: without TCP_NODELAY, Nagle + delayed ACK adds ~40 ms each.
    s.set_tcp_nodelay(true);
    s.set_read_timeout(10, 0);
    s.set_write_timeout(10, 0);

    // Every request: a kiosk certificate CN that is not revoked, a bounded head, a body that
    // can be read within the limits, and a token from that kiosk's bucket. Every answer given
    // here comes before the body is read: it closes the connection.
    s.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
        t_trace.routed = true;
        t_trace.start = std::chrono::steady_clock::now();
        const auto refuse = [&res](const Error& error) {
            writeError(res, error.code, error.detail);
            ConnectionGuard::markEarlyAnswer();
            return httplib::Server::HandlerResponse::Handled;
        };
        const auto kiosk = kioskIdOf(req);
        if (!kiosk) {
            return refuse(Error{ErrorCode::KioskNotAuthorized, "no client certificate CN"});
        }
        // Connections opened before a revocation, and resumed TLS sessions, which are not
        // verified again, are refused here.
        if (m_revocation && m_revocation->isRevoked(SSL_get0_peer_certificate(req.ssl))) {
            logger()->warn("request from a revoked certificate (CN {}) refused", *kiosk);
            return refuse(Error{ErrorCode::KioskNotAuthorized, "client certificate revoked"});
        }
        if (auto refusal = headRefusal(req)) {
            // No ErrorCode of its own: the kiosk never sends such a head, and reads any 4xx
            // without a known code as a final refusal.
            res.status = 431;
            res.set_content(
                protocol::dumpJson({{"code", "headers_too_large"}, {"detail", *refusal}}), kJson);
            ConnectionGuard::markEarlyAnswer();
            return httplib::Server::HandlerResponse::Handled;
        }
        const std::size_t maxBodyBytes = bodyLimit(req);
        if (auto refusal = bodyRefusal(req, maxBodyBytes)) {
            return refuse(*refusal);
        }
        const auto decision = m_service.admitRequest(*kiosk);
        if (!decision.allowed) {
            ErrorBody body = ErrorBody::fromError(Error{ErrorCode::RateLimited, "slow down"});
            body.retryAfterSeconds = decision.retryAfterSeconds;
            writeError(res, body, ErrorCode::RateLimited);
            ConnectionGuard::markEarlyAnswer();
            return httplib::Server::HandlerResponse::Handled;
        }
        // The body is read in one piece: no reallocation leaves copies of it behind.
        if (const auto length = req.get_header_value<std::uint64_t>("Content-Length");
            length > 0 && length <= maxBodyBytes) {
            const_cast<std::string&>(req.body).reserve(static_cast<std::size_t>(length));
        }
        return httplib::Server::HandlerResponse::Unhandled;
    });

    // Runs before every answer is written, cpp-httplib's own included (a head it could not
    // parse skips the pre-routing handler: where the next request starts is unknown).
    s.set_post_routing_handler([](const httplib::Request&, httplib::Response& res) {
        if (!t_trace.routed) {
            ConnectionGuard::markEarlyAnswer();
        }
        if (ConnectionGuard::earlyAnswerMarked()) {
            res.set_header("Connection", kCloseAfterAnswer);
        }
    });

    // Statuses cpp-httplib sets by itself (404, 413, 400 for unreadable bodies) get our
    // JSON error body too; answers of our own handlers already have one.
    s.set_error_handler(
        httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
            if (!res.body.empty()) {
                return httplib::Server::HandlerResponse::Unhandled;
            }
            ErrorCode code = ErrorCode::ProtocolError;
            std::string detail = "bad request";
            if (res.status == 404) {
                code = ErrorCode::NotFound;
                detail = "no such path";
            } else if (res.status == 413) {
                code = ErrorCode::PayloadTooLarge;
                detail = "body over the size limit";
            } else if (res.status >= 500) {
                code = ErrorCode::ServerError;
                detail = "internal error";
            }
            const int status = res.status;
            writeError(res, code, detail);
            res.status = status;
            return httplib::Server::HandlerResponse::Handled;
        }));

    s.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
            writeError(res, ErrorCode::ServerError, "internal error");
        });

    // The access log: never a body, a header or a query, and no bearer token (hand-off
    // tokens are replaced in the path). Runs after the answer was written.
    s.set_logger([](const httplib::Request& req, const httplib::Response& res) {
        std::string took = "-";
        if (t_trace.routed) {
            const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::steady_clock::now() - t_trace.start);
            took = std::to_string(elapsed.count()) + " ms";
        }
        const bool closing = ConnectionGuard::earlyAnswerMarked();
        logger()->info("access: {} {} {} kiosk={} {}{}", loggedPath(req.method),
                       loggedPath(req.path), res.status, loggedPath(kioskIdOf(req).value_or("-")),
                       took, closing ? " (connection closed)" : "");
        t_trace = RequestTrace{};
        ConnectionGuard::afterAnswer();
    });

    s.Get(std::string(Paths::kHealth), [this](const httplib::Request&, httplib::Response& res) {
        res.set_content(protocol::dumpJson(m_service.health().toJson()), kJson);
    });
    s.Get(std::string(Paths::kTerms), [this](const httplib::Request&, httplib::Response& res) {
        res.set_content(protocol::dumpJson(m_service.termsVersion().toJson()), kJson);
    });
    s.Post(std::string(Paths::kVerifyTemp),
           [this](const httplib::Request& req, httplib::Response& res) {
               handleJson<protocol::VerifyTempCredentialsRequest>(
                   req, res, m_settings.maxBodyBytes, [&](const auto& request, const std::string&) {
                       writeReply(res, m_service.verifyTempCredentials(request));
                   });
           });
    s.Post(std::string(Paths::kCheckUserId), [this](const httplib::Request& req,
                                                    httplib::Response& res) {
        handleJson<protocol::CheckUserIdRequest>(
            req, res, m_settings.maxBodyBytes, [&](const auto& request, const std::string& kiosk) {
                writeReply(res, m_service.checkUserId(request, kiosk));
            });
    });
    s.Post(std::string(Paths::kEnrollments),
           [this](const httplib::Request& req, httplib::Response& res) {
               handleJson<protocol::SubmitEnrollmentRequest>(
                   req, res, m_settings.maxBodyBytes, [&](const auto& request, const std::string&) {
                       writeReply(res, m_service.submitEnrollment(request));
                   });
           });
    s.Post(std::string(Paths::kHandoffs),
           [this](const httplib::Request& req, httplib::Response& res) {
               handleJson<protocol::HandoffCreateRequest>(
                   req, res, m_settings.maxBodyBytes, [&](const auto& request, const std::string&) {
                       writeReply(res, m_service.createHandoff(request), 201);
                   });
           });
    s.Post(std::string(Paths::kEnrollmentBatch),
           [this](const httplib::Request& req, httplib::Response& res) { handleBatch(req, res); });
    s.Post(std::string(Paths::kStaffUnlock),
           [this](const httplib::Request& req, httplib::Response& res) {
               handleJson<protocol::StaffUnlockRequest>(
                   req, res, m_settings.maxBodyBytes, [&](const auto& request, const std::string&) {
                       writeReply(res, m_service.staffUnlock(request));
                   });
           });
    s.Get(std::string(Paths::kEnrollments) + "/([0-9a-f-]{36})" + std::string(Paths::kPortalSuffix),
          [this](const httplib::Request& req, httplib::Response& res) {
              const auto kiosk = kioskIdOf(req);
              if (!kiosk) {
                  writeError(res, ErrorCode::KioskNotAuthorized, "no client certificate CN");
                  return;
              }
              writeReply(res, m_service.portalStatus(req.matches[1].str(), *kiosk));
          });
    const std::string handoffPattern = std::string(Paths::kHandoffs) + "/([A-Za-z0-9_-]{1,128})";
    s.Get(handoffPattern, [this](const httplib::Request& req, httplib::Response& res) {
        const auto kiosk = kioskIdOf(req);
        if (!kiosk) {
            writeError(res, ErrorCode::KioskNotAuthorized, "no client certificate CN");
            return;
        }
        writeReply(res, m_service.pollHandoff(req.matches[1].str(), *kiosk));
    });
    if (m_settings.allowTestConfirm) {
        s.Post(handoffPattern + std::string(Paths::kConfirmSuffix),
               [this](const httplib::Request& req, httplib::Response& res) {
                   writeReply(res, m_service.confirmHandoff(req.matches[1].str()));
               });
    }
}

std::size_t CentralServer::bodyLimit(const httplib::Request& req) const {
    return req.path == Paths::kEnrollmentBatch ? m_settings.maxBatchBodyBytes
                                               : m_settings.maxBodyBytes;
}

void CentralServer::handleBatch(const httplib::Request& req, httplib::Response& res) {
    // A batch refused whole closes the connection, as an answer before the body does.
    const auto refuseBatch = [&res](ErrorCode code, std::string detail) {
        writeError(res, code, std::move(detail));
        ConnectionGuard::markEarlyAnswer();
    };
    const auto kiosk = kioskIdOf(req);
    if (!kiosk) {
        refuseBatch(ErrorCode::KioskNotAuthorized, "no client certificate CN");
        return;
    }
    if (req.body.size() > m_settings.maxBatchBodyBytes) {
        wipeBody(req);
        refuseBatch(ErrorCode::PayloadTooLarge, "batch over the size limit");
        return;
    }
    auto json = protocol::parseJson(req.body);
    wipeBody(req);
    if (!json) {
        refuseBatch(json.code(), json.error().detail);
        return;
    }
    auto items = protocol::SubmitEnrollmentBatchRequest::itemsOf(*json);
    if (!items) {
        refuseBatch(items.code(), items.error().detail);
        return;
    }
    if (items->empty()) {
        refuseBatch(ErrorCode::ProtocolError, "results: empty batch");
        return;
    }
    if (items->size() > m_settings.maxBatchItems) {
        refuseBatch(ErrorCode::PayloadTooLarge, "batch of " + std::to_string(items->size()) +
                                                    " results, over the limit of " +
                                                    std::to_string(m_settings.maxBatchItems));
        return;
    }
    // Each result is judged as the single path judges a request: a malformed one, one in
    // another kiosk's name, or one beyond this kiosk's rate refuses only that result. The
    // request itself took the first result's token; each further result takes its own.
    std::vector<protocol::EnrollmentBatchAnswer> answers(items->size());
    std::vector<protocol::SubmitEnrollmentRequest> requests;
    std::vector<std::size_t> positions;
    std::optional<std::int64_t> rateLimitedFor;
    for (std::size_t i = 0; i < items->size(); ++i) {
        auto& answer = answers[i];
        const auto& item = (*items)[i];
        if (item.is_object() && item.contains("enrollment_id") &&
            item.at("enrollment_id").is_string()) {
            answer.enrollmentId = item.at("enrollment_id").get<std::string>();
        }
        auto parsed = protocol::SubmitEnrollmentRequest::fromJson(item);
        if (!parsed) {
            answer.error = ErrorBody::fromError(parsed.error());
            continue;
        }
        if (parsed->kioskId != *kiosk) {
            answer.error = ErrorBody::fromError(Error{
                ErrorCode::KioskNotAuthorized, "kiosk_id does not match the client certificate"});
            continue;
        }
        if (!rateLimitedFor && i > 0) {
            const auto decision = m_service.admitRequest(*kiosk);
            if (!decision.allowed) {
                rateLimitedFor = decision.retryAfterSeconds;
            }
        }
        if (rateLimitedFor) {
            answer.error = ErrorBody::fromError(Error{ErrorCode::RateLimited, "slow down"});
            answer.error->retryAfterSeconds = *rateLimitedFor;
            continue;
        }
        requests.push_back(std::move(parsed).value());
        positions.push_back(i);
    }
    wipeStrings(*json);
    if (!requests.empty()) {
        auto replies = m_service.submitEnrollmentBatch(requests);
        if (!replies) {
            writeError(res, replies.code(), replies.error().detail);
            return;
        }
        for (std::size_t k = 0; k < replies->size(); ++k) {
            auto& answer = answers[positions[k]];
            const auto& reply = (*replies)[k];
            if (reply.ok()) {
                answer.response = reply.value();
            } else {
                answer.error = reply.errorBody();
            }
        }
    }
    res.status = 200;
    res.set_content(
        protocol::dumpJson(protocol::SubmitEnrollmentBatchResponse{std::move(answers)}.toJson()),
        kJson);
}

Result<int> CentralServer::bind() {
    int port = 0;
    if (m_settings.port == 0) {
        port = m_server->bind_to_any_port(m_settings.listenAddress);
    } else {
        port = m_server->bind_to_port(m_settings.listenAddress, m_settings.port) ? m_settings.port
                                                                                 : -1;
    }
    if (port <= 0) {
        return Error{ErrorCode::NetworkUnavailable, "cannot bind " + m_settings.listenAddress +
                                                        ":" + std::to_string(m_settings.port)};
    }
    logger()->info("madoguchi-central listening on {}:{}", m_settings.listenAddress, port);
    return port;
}

Status CentralServer::run() {
    if (!m_server->listen_after_bind()) {
        return Error{ErrorCode::NetworkUnavailable, "server stopped with an error"};
    }
    return {};
}

void CentralServer::stop() {
    if (m_server) {
        m_server->stop();
    }
}

bool CentralServer::running() const {
    return m_server && m_server->is_running();
}

} // namespace madoguchi::central
