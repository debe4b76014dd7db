// SPDX-License-Identifier: Apache-2.0
#include "BrowserRegistration.h"

#include "TestCose.h"
#include "TestPki.h"
#include "crypto/Base64.h"

#include <nlohmann/json.hpp>

namespace madoguchi::devices::test {

namespace {

void appendBe32(Bytes& out, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) {
        out.push_back(static_cast<std::uint8_t>(v >> shift));
    }
}

std::shared_ptr<EVP_PKEY> shared(EvpPkey key) {
    return {key.release(), EVP_PKEY_free};
}

} // namespace

WebAuthnRegistration BrowserRegistration::make() {
    nlohmann::json client = {
        {"type", type}, {"challenge", crypto::Base64::encodeUrl(challenge)}, {"origin", origin}};
    if (crossOrigin) {
        client["crossOrigin"] = true;
    }
    const std::string clientText = client.dump();
    const Bytes clientData(clientText.begin(), clientText.end());

    Bytes cose;
    if (algorithm == -257) {
        credentialKey = shared(TestPki::newRsaKey());
        cose = coseRs256(credentialKey.get());
    } else if (algorithm == -8) {
        credentialKey = shared(newEd25519Key());
        cose = coseEd25519(credentialKey.get());
    } else {
        credentialKey = shared(newP256Key());
        cose = coseEs256(credentialKey.get(), algorithm);
    }
    if (credentialId.empty()) {
        credentialId = randomBytes(32);
    }
    authData = sha256(Bytes(rpId.begin(), rpId.end()));
    authData.push_back(flags);
    appendBe32(authData, signCount);
    authData.insert(authData.end(), aaguid.begin(), aaguid.end());
    authData.push_back(static_cast<std::uint8_t>(credentialId.size() >> 8));
    authData.push_back(static_cast<std::uint8_t>(credentialId.size()));
    authData.insert(authData.end(), credentialId.begin(), credentialId.end());
    authData.insert(authData.end(), cose.begin(), cose.end());

    Bytes signedData = authData;
    const Bytes clientHash = sha256(clientData);
    signedData.insert(signedData.end(), clientHash.begin(), clientHash.end());

    CborWriter w;
    w.map(3).text("fmt").text(fmt).text("attStmt");
    switch (statement) {
    case Statement::None:
        w.map(0);
        break;
    case Statement::Self:
        w.map(2).text("alg").integer(algorithm).text("sig").bytes(
            signData(credentialKey.get(), signedData));
        break;
    case Statement::Certificate:
        w.map(3).text("alg").integer(-7).text("sig").bytes(
            signData(attestationKey.get(), signedData));
        w.text("x5c").array(1).bytes(attestationCertificateDer);
        break;
    }
    w.text("authData").bytes(authData);
    return WebAuthnRegistration{clientData, w.take()};
}

} // namespace madoguchi::devices::test
