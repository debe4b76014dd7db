// SPDX-License-Identifier: Apache-2.0
// A passkey registered by a real browser: Debian's headless Chromium with a WebAuthn virtual
// platform authenticator (chromium_register.py, DevTools protocol) answers
// navigator.credentials.create() on a loopback page, and the relying party's check
// (verifyRegistration, the code the central service runs for a member's phone) accepts what
// the browser produced, and refuses the same answer for another origin, RP ID or challenge.
#include "crypto/Base64.h"
#include "devices/RegistrationVerifier.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <memory>
#include <string>

namespace madoguchi::devices {
namespace {

struct PipeCloser {
    void operator()(FILE* f) const { pclose(f); }
};

// chromium_register.py's JSON: rpId, origin, challenge, clientDataJSON, attestationObject, id.
nlohmann::json registerInChromium(const std::string& arguments) {
    const std::string command =
        "python3 " MADOGUCHI_SOURCE_DIR "/tests/browser/chromium_register.py " + arguments;
    std::unique_ptr<FILE, PipeCloser> pipe(popen(command.c_str(), "r"));
    EXPECT_TRUE(pipe) << command;
    std::string out;
    std::array<char, 4096> chunk{};
    while (pipe && fgets(chunk.data(), static_cast<int>(chunk.size()), pipe.get()) != nullptr) {
        out += chunk.data();
    }
    return nlohmann::json::parse(out, nullptr, false);
}

Bytes field(const nlohmann::json& made, const char* name) {
    auto bytes = crypto::Base64::decodeUrl(made.at(name).get<std::string>());
    EXPECT_TRUE(bytes.ok()) << name;
    return bytes.ok() ? std::move(bytes).value() : Bytes{};
}

RegistrationExpectation expectationFor(const nlohmann::json& made) {
    RegistrationExpectation expected;
    expected.rpId = made.at("rpId").get<std::string>();
    expected.origin = made.at("origin").get<std::string>();
    expected.challenge = field(made, "challenge");
    return expected;
}

WebAuthnRegistration answerOf(const nlohmann::json& made) {
    return {field(made, "clientDataJSON"), field(made, "attestationObject")};
}

TEST(ChromiumPasskey, APlatformAuthenticatorsDirectAttestationIsAccepted) {
    const nlohmann::json made = registerInChromium("--attestation direct --alg -7");
    ASSERT_TRUE(made.is_object()) << "chromium_register.py gave no JSON (is chromium installed?)";
    auto credential = verifyRegistration(answerOf(made), expectationFor(made), AttestationPolicy{});
    ASSERT_TRUE(credential.ok()) << credential.error().detail;
    EXPECT_EQ(credential->attestationFormat, "packed");
    EXPECT_FALSE(credential->selfAttested); // Chromium's virtual key signs with a batch certificate
    EXPECT_EQ(credential->coseAlgorithm, -7);
    EXPECT_EQ(crypto::Base64::encodeUrl(credential->credentialId), made.at("id"));
    EXPECT_EQ(credential->rpId, "localhost");
}

TEST(ChromiumPasskey, NoneAttestationAndAnRs256KeyAreAccepted) {
    const nlohmann::json made = registerInChromium("--attestation none --alg -257");
    ASSERT_TRUE(made.is_object()) << "chromium_register.py gave no JSON (is chromium installed?)";
    RegistrationExpectation expected = expectationFor(made);
    expected.algorithms = {-257};
    auto credential = verifyRegistration(answerOf(made), expected, AttestationPolicy{});
    ASSERT_TRUE(credential.ok()) << credential.error().detail;
    EXPECT_EQ(credential->attestationFormat, "none");
    EXPECT_EQ(credential->coseAlgorithm, -257);

    AttestationPolicy noNone;
    noNone.allowNoneAttestation = false;
    EXPECT_EQ(verifyRegistration(answerOf(made), expected, noNone).code(),
              ErrorCode::DeviceAttestationInvalid);
}

TEST(ChromiumPasskey, TheBrowsersAnswerIsRefusedForAnotherOriginRpIdOrChallenge) {
    const nlohmann::json made = registerInChromium("--attestation direct --alg -7");
    ASSERT_TRUE(made.is_object()) << "chromium_register.py gave no JSON (is chromium installed?)";
    const WebAuthnRegistration answer = answerOf(made);

    RegistrationExpectation otherOrigin = expectationFor(made);
    otherOrigin.origin = "http://localhost:1";
    EXPECT_EQ(verifyRegistration(answer, otherOrigin, {}).code(),
              ErrorCode::WebAuthnOriginMismatch);

    RegistrationExpectation otherRp = expectationFor(made);
    otherRp.rpId = "portal.example.jp";
    EXPECT_EQ(verifyRegistration(answer, otherRp, {}).code(), ErrorCode::WebAuthnRpIdMismatch);

    RegistrationExpectation otherChallenge = expectationFor(made);
    otherChallenge.challenge[0] ^= 0x01;
    EXPECT_EQ(verifyRegistration(answer, otherChallenge, {}).code(),
              ErrorCode::WebAuthnChallengeMismatch);

    RegistrationExpectation es256Only = expectationFor(made);
    es256Only.algorithms = {-257};
    EXPECT_EQ(verifyRegistration(answer, es256Only, {}).code(),
              ErrorCode::WebAuthnAlgorithmNotAllowed);
}

} // namespace
} // namespace madoguchi::devices
