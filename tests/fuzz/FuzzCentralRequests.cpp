// SPDX-License-Identifier: Apache-2.0
// Every request body the central's HTTPS front parses (protocol::parseJson, then the
// request's strict fromJson), the replies the kiosk parses, and the opened result's
// plaintext (EnrollmentResult::fromPlaintext), on any bytes.
#include "protocol/CheckUserId.h"
#include "protocol/EnrollmentResult.h"
#include "protocol/ErrorBody.h"
#include "protocol/Handoff.h"
#include "protocol/Health.h"
#include "protocol/JsonReader.h"
#include "protocol/SubmitEnrollment.h"
#include "protocol/TermsVersion.h"
#include "protocol/VerifyTempCredentials.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace {

using namespace madoguchi;

// A request that parses writes back to JSON that parses again to the same request.
template <class Request>
void parseAndRoundTrip(const nlohmann::json& json) {
    auto parsed = Request::fromJson(json);
    if (!parsed) {
        return;
    }
    auto again = Request::fromJson(parsed->toJson());
    if (!again) {
        __builtin_trap();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body(reinterpret_cast<const char*>(data), size);
    if (auto json = protocol::parseJson(body)) {
        // Central: the four request bodies of the kiosk API.
        parseAndRoundTrip<protocol::VerifyTempCredentialsRequest>(*json);
        parseAndRoundTrip<protocol::CheckUserIdRequest>(*json);
        parseAndRoundTrip<protocol::SubmitEnrollmentRequest>(*json);
        parseAndRoundTrip<protocol::HandoffCreateRequest>(*json);
        // Kiosk: the central's replies.
        (void)protocol::VerifyTempCredentialsResponse::fromJson(*json);
        (void)protocol::CheckUserIdResponse::fromJson(*json);
        (void)protocol::SubmitEnrollmentResponse::fromJson(*json);
        (void)protocol::HandoffCreateResponse::fromJson(*json);
        (void)protocol::HandoffPollResponse::fromJson(*json);
        (void)protocol::TermsVersionResponse::fromJson(*json);
        (void)protocol::HealthResponse::fromJson(*json);
        (void)protocol::ErrorBody::fromJson(*json);
    }
    // Central, after opening an envelope: the plaintext result.
    (void)protocol::EnrollmentResult::fromPlaintext(
        SecureBuffer(std::span<const std::uint8_t>(data, size)));
    return 0;
}
