// SPDX-License-Identifier: Apache-2.0
#pragma once

// What a browser's navigator.credentials.create() hands a page, made in software with every
// field a knob, so that the relying party's checks can be tested one by one. The default is a
// phone's platform authenticator: ES256, UP and UV, packed self attestation.

#include "SoftAuthenticator.h"
#include "devices/RegistrationVerifier.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace madoguchi::devices::test {

struct BrowserRegistration {
    enum class Statement { Self, Certificate, None };

    // clientDataJSON
    std::string type = "webauthn.create";
    Bytes challenge;
    std::string origin = "https://enroll.portal.example.jp";
    bool crossOrigin = false;
    // authenticator data
    std::string rpId = "portal.example.jp";
    std::uint8_t flags = 0x01 | 0x04 | 0x40; // UP, UV, AT
    std::uint32_t signCount = 0;
    Aaguid aaguid{0xad, 0xce, 0x00, 0x02, 0x35, 0xbc, 0xc6, 0x0a,
                  0x64, 0x8b, 0x0b, 0x25, 0xf1, 0xf0, 0x55, 0x03};
    Bytes credentialId; // 32 random bytes when empty
    int algorithm = -7; // -7 ES256, -257 RS256, -8 EdDSA
    // attestation
    std::string fmt = "packed";
    Statement statement = Statement::Self;
    std::shared_ptr<EVP_PKEY> attestationKey; // Certificate: signs with this
    Bytes attestationCertificateDer;          // Certificate: x5c[0]

    // The browser's answer; the credential's private key is kept in `credentialKey`.
    WebAuthnRegistration make();
    std::shared_ptr<EVP_PKEY> credentialKey;
    Bytes authData; // what make() put in the attestation object
};

} // namespace madoguchi::devices::test
