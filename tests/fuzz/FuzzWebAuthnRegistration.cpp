// SPDX-License-Identifier: Apache-2.0
// The relying party's check of a browser's registration (a member's phone) on any bytes:
// a big-endian u16 length of clientDataJSON, clientDataJSON, then the attestation object.
// Whatever arrives, the check answers without crashing; a registration it accepts must name
// this relying party and carry a credential.
#include "devices/RegistrationVerifier.h"

#include <cstddef>
#include <cstdint>
#include <numeric>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace madoguchi::devices;
    if (size < 2) {
        return 0;
    }
    const std::size_t clientLength = (std::size_t{data[0]} << 8) | data[1];
    if (clientLength > size - 2) {
        return 0;
    }
    WebAuthnRegistration registration;
    registration.clientDataJson.assign(data + 2, data + 2 + clientLength);
    registration.attestationObject.assign(data + 2 + clientLength, data + size);

    static const RegistrationExpectation expected = [] {
        RegistrationExpectation e;
        e.rpId = "portal.example.jp";
        e.origin = "https://enroll.portal.example.jp";
        e.challenge.resize(32);
        std::iota(e.challenge.begin(), e.challenge.end(), std::uint8_t{0}); // the seeds' challenge
        return e;
    }();
    const AttestationPolicy policy;
    auto credential = verifyRegistration(registration, expected, policy);
    if (credential && (credential->rpId != expected.rpId || credential->credentialId.empty() ||
                       credential->publicKeyCose.empty())) {
        __builtin_trap();
    }
    return 0;
}
