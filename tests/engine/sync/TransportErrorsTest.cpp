// SPDX-License-Identifier: Apache-2.0
#include "sync/TransportErrors.h"

#include <curl/curl.h>
#include <gtest/gtest.h>

namespace madoguchi::sync {
namespace {

TEST(TransportErrors, MapsCurlFailuresToNetworkCodes) {
    EXPECT_EQ(TransportErrors::fromCurl(CURLE_COULDNT_CONNECT, "refused").code,
              ErrorCode::NetworkUnavailable);
    EXPECT_EQ(TransportErrors::fromCurl(CURLE_COULDNT_RESOLVE_HOST, "").code,
              ErrorCode::NetworkUnavailable);
    EXPECT_EQ(TransportErrors::fromCurl(CURLE_OPERATION_TIMEDOUT, "").code,
              ErrorCode::NetworkTimeout);
    EXPECT_EQ(TransportErrors::fromCurl(CURLE_PEER_FAILED_VERIFICATION, "").code,
              ErrorCode::TlsFailure);
    EXPECT_EQ(TransportErrors::fromCurl(CURLE_SSL_CONNECT_ERROR, "").code, ErrorCode::TlsFailure);
    EXPECT_EQ(TransportErrors::fromCurl(CURLE_SSL_CERTPROBLEM, "").code, ErrorCode::TlsFailure);
    EXPECT_EQ(TransportErrors::fromCurl(CURLE_ABORTED_BY_CALLBACK, "").code, ErrorCode::Cancelled);
}

TEST(TransportErrors, TellsARefusedRequestFromAnAnswerItCannotRead) {
    const Error refused =
        TransportErrors::fromHttp(400, R"({"code":"invalid_request","detail":"temp_id: missing"})");
    EXPECT_EQ(refused.code, ErrorCode::RequestRefused);
    EXPECT_NE(refused.detail.find("temp_id: missing"), std::string::npos);
    EXPECT_EQ(TransportErrors::fromHttp(405, "").code, ErrorCode::RequestRefused);
    EXPECT_EQ(TransportErrors::fromHttp(400, R"({"code":"invalid_argument","detail":"x"})").code,
              ErrorCode::InvalidArgument);
}

TEST(TransportErrors, TellsATlsAlertOnReadFromAReset) {
    EXPECT_EQ(TransportErrors::fromCurl(
                  CURLE_RECV_ERROR,
                  "OpenSSL SSL_read: error:0A00045C:SSL routines::tlsv13 alert certificate "
                  "required, errno 0")
                  .code,
              ErrorCode::TlsFailure);
    EXPECT_EQ(TransportErrors::fromCurl(CURLE_RECV_ERROR, "Connection reset by peer").code,
              ErrorCode::NetworkUnavailable);
}

TEST(TransportErrors, TakesADropRightAfterTheHandshakeForARefusedCertificate) {
    EXPECT_EQ(TransportErrors::fromCurl(CURLE_SEND_ERROR, "getpeername() failed", true).code,
              ErrorCode::TlsFailure);
    EXPECT_EQ(TransportErrors::fromCurl(CURLE_SEND_ERROR, "getpeername() failed", false).code,
              ErrorCode::NetworkUnavailable);
    // Refused connections and timeouts are what they are, new connection or not.
    EXPECT_EQ(TransportErrors::fromCurl(CURLE_COULDNT_CONNECT, "", true).code,
              ErrorCode::NetworkUnavailable);
    EXPECT_EQ(TransportErrors::fromCurl(CURLE_OPERATION_TIMEDOUT, "", true).code,
              ErrorCode::NetworkTimeout);
}

TEST(TransportErrors, KeepsTheCurlCodeAndMessageInTheDetail) {
    auto e = TransportErrors::fromCurl(CURLE_COULDNT_CONNECT, "Failed to connect to x");
    EXPECT_NE(e.detail.find("Failed to connect to x"), std::string::npos);
    EXPECT_NE(e.detail.find(std::to_string(CURLE_COULDNT_CONNECT)), std::string::npos);
}

TEST(TransportErrors, TreatsEvery5xxAsServerErrorWhateverTheBodySays) {
    EXPECT_EQ(TransportErrors::fromHttp(503, R"({"code":"user_id_taken","detail":""})").code,
              ErrorCode::ServerError);
    EXPECT_EQ(TransportErrors::fromHttp(599, "").code, ErrorCode::ServerError);
}

TEST(TransportErrors, PrefersTheBodyCodeOverTheStatus) {
    EXPECT_EQ(TransportErrors::fromHttp(401, R"({"code":"session_invalid","detail":""})").code,
              ErrorCode::SessionInvalid);
    EXPECT_EQ(
        TransportErrors::fromHttp(401, R"({"code":"temp_credentials_invalid","detail":""})").code,
        ErrorCode::TempCredentialsInvalid);
    // A body with an unknown field is not a readable error body: the status decides.
    EXPECT_EQ(
        TransportErrors::fromHttp(422, R"({"code":"envelope_rejected","detail":"","x":1})").code,
        ErrorCode::IdempotencyMismatch);
}

TEST(TransportErrors, CarriesTheWaitTheServiceAskedFor) {
    const Error limited = TransportErrors::fromHttp(
        429, R"({"code":"rate_limited","detail":"slow down","retry_after":7})");
    EXPECT_EQ(limited.code, ErrorCode::RateLimited);
    EXPECT_EQ(TransportErrors::retryAfter(limited), std::chrono::seconds(7));
    EXPECT_FALSE(TransportErrors::retryAfter(
        TransportErrors::fromHttp(429, R"({"code":"rate_limited","detail":"slow down"})")));
    EXPECT_FALSE(TransportErrors::retryAfter(Error{ErrorCode::RateLimited, "retry_after=x"}));
}

} // namespace
} // namespace madoguchi::sync
