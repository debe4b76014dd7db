// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Error.h"
#include "protocol/ErrorBody.h"

#include <chrono>
#include <optional>
#include <string_view>

namespace madoguchi::sync {

// Maps what went wrong on the wire to an ErrorCode, in one place.
class TransportErrors {
public:
    // A libcurl result (CURLcode as int, so callers need no curl header) with libcurl's
    // error-buffer text. Connection failures → NetworkUnavailable, timeouts → NetworkTimeout,
    // certificate and handshake failures (including a TLS alert received while reading, which
    // is how TLS 1.3 reports a refused client certificate) → TlsFailure.
    // `closedAfterHandshake`: the transfer opened a new connection and not one byte of an
    // answer came back before the peer dropped it. Under TLS 1.3 that is how a server that
    // refuses our client certificate usually looks (its alert races our request), so a
    // send/receive failure then counts as TlsFailure.
    static Error fromCurl(int curlCode, std::string_view message,
                          bool closedAfterHandshake = false);

    // A non-2xx answer. The error body ({"code": ...}) names the code; without a readable
    // body the status decides: 5xx → ServerError, 409 → IdempotencyInFlight,
    // 422 → IdempotencyMismatch, 429 → RateLimited, ... A 400 "invalid_request" (or a 4xx
    // without a known code) is RequestRefused: our request was malformed, which is final;
    // ProtocolError stays for answers the kiosk cannot read (those may be transient).
    // The service's `retry_after` travels in the detail, as "retry_after=N" (seconds).
    static Error fromHttp(long status, std::string_view body);

    // One result's error in a batch answer, read as fromHttp reads a 4xx body.
    static Error fromErrorBody(protocol::ErrorBody body);

    // The wait the service asked for with an error made by fromHttp (429, 409 in flight).
    static std::optional<std::chrono::seconds> retryAfter(const Error& error);
};

} // namespace madoguchi::sync
