// SPDX-License-Identifier: Apache-2.0
#include "central/CentralServer.h"

#include "core/Log.h"
#include "protocol/ErrorBody.h"
#include "protocol/JsonReader.h"
#include "protocol/Paths.h"

#include <httplib.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <algorithm>
#include <cctype>
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

// Set on an answer given before the body was read: the body is still on the wire, so the
// client must not send another request on this connection. The server does not end it at
// once (a client still sending its body would get a reset instead of the answer); what it
// reads next is taken as a request, answered 400, until the client closes (lingering
// close, as nginx does for the same reason). It is the same kiosk's own connection.
constexpr const char* kCloseAfterAnswer = "close";

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

template <class T>
concept HasKioskId = requires(T t) {
    t.kioskId;
};

// Parses the body strictly into Request, checks the kiosk, and hands it and the kiosk ID
// (the certificate's CN) to `call`.
template <class Request, class Call>
void handleJson(const httplib::Request& req, httplib::Response& res, Call call) {
    const auto kiosk = kioskIdOf(req);
    if (!kiosk) {
        writeError(res, ErrorCode::KioskNotAuthorized, "no client certificate CN");
        return;
    }
    auto json = protocol::parseJson(req.body);
    if (!json) {
        writeError(res, json.code(), json.error().detail);
        return;
    }
    auto parsed = Request::fromJson(*json);
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
    std::unique_ptr<CentralServer> self(new CentralServer(service, settings, std::move(server)));
    self->installRoutes();
    return self;
}

void CentralServer::installRoutes() {
    auto& s = *m_server;
    s.set_payload_max_length(m_settings.maxBodyBytes);
    // Small request/answer pairs: without TCP_NODELAY, Nagle + delayed ACK adds ~40 ms each.
    s.set_tcp_nodelay(true);
    s.set_read_timeout(10, 0);
    s.set_write_timeout(10, 0);

    // Every request: a kiosk certificate CN and a token from that kiosk's bucket.
    s.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
        const auto kiosk = kioskIdOf(req);
        if (!kiosk) {
            writeError(res, ErrorCode::KioskNotAuthorized, "no client certificate CN");
            return httplib::Server::HandlerResponse::Handled;
        }
        const auto decision = m_service.admitRequest(*kiosk);
        if (!decision.allowed) {
            ErrorBody body = ErrorBody::fromError(Error{ErrorCode::RateLimited, "slow down"});
            body.retryAfterSeconds = decision.retryAfterSeconds;
            writeError(res, body, ErrorCode::RateLimited);
            return httplib::Server::HandlerResponse::Handled;
        }
        if (auto refusal = bodyRefusal(req, m_settings.maxBodyBytes)) {
            writeError(res, refusal->code, refusal->detail);
            res.set_header("Connection", kCloseAfterAnswer);
            return httplib::Server::HandlerResponse::Handled;
        }
        return httplib::Server::HandlerResponse::Unhandled;
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

    s.set_logger([](const httplib::Request& req, const httplib::Response& res) {
        logger()->info("{} {} -> {} ({})", req.method, req.path, res.status,
                       kioskIdOf(req).value_or("-"));
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
                   req, res, [&](const auto& request, const std::string&) {
                       writeReply(res, m_service.verifyTempCredentials(request));
                   });
           });
    s.Post(std::string(Paths::kCheckUserId),
           [this](const httplib::Request& req, httplib::Response& res) {
               handleJson<protocol::CheckUserIdRequest>(
                   req, res, [&](const auto& request, const std::string& kiosk) {
                       writeReply(res, m_service.checkUserId(request, kiosk));
                   });
           });
    s.Post(std::string(Paths::kEnrollments),
           [this](const httplib::Request& req, httplib::Response& res) {
               handleJson<protocol::SubmitEnrollmentRequest>(
                   req, res, [&](const auto& request, const std::string&) {
                       writeReply(res, m_service.submitEnrollment(request));
                   });
           });
    s.Post(std::string(Paths::kHandoffs),
           [this](const httplib::Request& req, httplib::Response& res) {
               handleJson<protocol::HandoffCreateRequest>(
                   req, res, [&](const auto& request, const std::string&) {
                       writeReply(res, m_service.createHandoff(request), 201);
                   });
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
