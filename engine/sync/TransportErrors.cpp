// SPDX-License-Identifier: Apache-2.0
#include "sync/TransportErrors.h"

#include "protocol/ErrorBody.h"
#include "protocol/JsonReader.h"

#include <curl/curl.h>

#include <cstdint>
#include <string>

namespace madoguchi::sync {

namespace {

ErrorCode codeForStatus(long status) {
    if (status >= 500) {
        return ErrorCode::ServerError;
    }
    switch (status) {
    case 400:
        return ErrorCode::RequestRefused;
    case 401:
        return ErrorCode::SessionInvalid;
    case 403:
        return ErrorCode::KioskNotAuthorized;
    case 404:
        return ErrorCode::NotFound;
    case 408:
        return ErrorCode::NetworkTimeout;
    case 409:
        return ErrorCode::IdempotencyInFlight;
    case 410:
        return ErrorCode::HandoffExpired;
    case 411:
        return ErrorCode::LengthRequired;
    case 413:
        return ErrorCode::PayloadTooLarge;
    case 415:
        return ErrorCode::UnsupportedMediaType;
    case 422:
        return ErrorCode::IdempotencyMismatch;
    case 423:
        return ErrorCode::TempCredentialsLocked;
    case 429:
        return ErrorCode::RateLimited;
    default:
        // Another 4xx: the service refused the request itself; sending it again cannot help.
        return ErrorCode::RequestRefused;
    }
}

constexpr std::string_view kRetryAfter = "retry_after=";

bool mentionsTlsAlert(std::string_view message) {
    return message.find("alert") != std::string_view::npos;
}

} // namespace

Error TransportErrors::fromCurl(int curlCode, std::string_view message, bool closedAfterHandshake) {
    std::string detail = "curl " + std::to_string(curlCode) + ": " + std::string(message);
    const auto code = static_cast<CURLcode>(curlCode);
    if (closedAfterHandshake &&
        (code == CURLE_SEND_ERROR || code == CURLE_RECV_ERROR || code == CURLE_GOT_NOTHING)) {
        return Error{ErrorCode::TlsFailure,
                     detail + " (closed right after the TLS handshake: client certificate "
                              "refused?)"};
    }
    switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
        return Error{ErrorCode::NetworkUnavailable, std::move(detail)};
    case CURLE_RECV_ERROR:
        // TLS 1.3 sends the server's verdict on our certificate after the handshake, so a
        // refused client certificate surfaces as a TLS alert on the first read.
        return Error{mentionsTlsAlert(message) ? ErrorCode::TlsFailure
                                               : ErrorCode::NetworkUnavailable,
                     std::move(detail)};
    case CURLE_OPERATION_TIMEDOUT:
        return Error{ErrorCode::NetworkTimeout, std::move(detail)};
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
    case CURLE_SSL_SHUTDOWN_FAILED:
    case CURLE_USE_SSL_FAILED:
        return Error{ErrorCode::TlsFailure, std::move(detail)};
    case CURLE_ABORTED_BY_CALLBACK:
        return Error{ErrorCode::Cancelled, std::move(detail)};
    case CURLE_WRITE_ERROR:
    case CURLE_FILESIZE_EXCEEDED:
        return Error{ErrorCode::ProtocolError, std::move(detail)};
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
        return Error{ErrorCode::InvalidArgument, std::move(detail)};
    default:
        return Error{ErrorCode::NetworkUnavailable, std::move(detail)};
    }
}

Error TransportErrors::fromHttp(long status, std::string_view body) {
    std::string prefix = "HTTP " + std::to_string(status);
    Result<nlohmann::json> json = protocol::parseJson(body);
    std::optional<protocol::ErrorBody> parsed;
    if (json && json->is_object()) {
        if (Result<protocol::ErrorBody> eb = protocol::ErrorBody::fromJson(*json); eb) {
            parsed = std::move(eb.value());
        }
    }
    if (status >= 500) {
        // Whatever the body says, a 5xx is the service's trouble and worth a retry.
        return Error{ErrorCode::ServerError,
                     parsed ? prefix + " " + parsed->code + ": " + parsed->detail : prefix};
    }
    if (parsed && parsed->retryAfterSeconds && *parsed->retryAfterSeconds >= 0) {
        parsed->detail +=
            "; " + std::string(kRetryAfter) + std::to_string(*parsed->retryAfterSeconds);
    }
    if (parsed) {
        Error named = parsed->toError();
        // On the kiosk, ProtocolError means a garbled answer (worth another try); the
        // service's "invalid_request" says that our request was malformed, which is final.
        if (named.code == ErrorCode::ProtocolError) {
            named.code = ErrorCode::RequestRefused;
        }
        // ErrorBody maps a code it does not know to ServerError; for a 4xx the status is the
        // better guide then.
        if (named.code != ErrorCode::ServerError) {
            named.detail = prefix + " " + parsed->code + ": " + named.detail;
            return named;
        }
        return Error{codeForStatus(status), prefix + " " + parsed->code + ": " + parsed->detail};
    }
    return Error{codeForStatus(status), prefix + " (no error body)"};
}

Error TransportErrors::fromErrorBody(protocol::ErrorBody body) {
    if (body.retryAfterSeconds && *body.retryAfterSeconds >= 0) {
        body.detail += "; " + std::string(kRetryAfter) + std::to_string(*body.retryAfterSeconds);
    }
    Error named = body.toError();
    if (named.code == ErrorCode::ProtocolError) {
        named.code = ErrorCode::RequestRefused; // our item was malformed: final
    }
    named.detail = body.code + ": " + named.detail;
    return named;
}

std::optional<std::chrono::seconds> TransportErrors::retryAfter(const Error& error) {
    const auto at = error.detail.rfind(kRetryAfter);
    if (at == std::string::npos) {
        return std::nullopt;
    }
    std::int64_t seconds = 0;
    std::size_t digits = 0;
    for (std::size_t i = at + kRetryAfter.size(); i < error.detail.size() && digits < 7; ++i) {
        const char c = error.detail[i];
        if (c < '0' || c > '9') {
            break;
        }
        seconds = seconds * 10 + (c - '0');
        ++digits;
    }
    if (digits == 0) {
        return std::nullopt;
    }
    return std::chrono::seconds(seconds);
}

} // namespace madoguchi::sync
