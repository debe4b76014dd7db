// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "SoftAuthenticator.h"

#include <nlohmann/json_fwd.hpp>
#include <openssl/x509.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace madoguchi::devices::test {

struct X509Deleter {
    void operator()(X509* x) const { X509_free(x); }
};
using X509Ptr = std::unique_ptr<X509, X509Deleter>;

// Throw-away certificates for attestation and metadata tests.
class TestPki {
public:
    static EvpPkey newEcKey();
    static EvpPkey newRsaKey();
    // Signed by `issuer`/`issuerKey`, or self-signed when issuer is null. `aaguid`: add the
    // FIDO AAGUID extension (1.3.6.1.4.1.45724.1.1.4) naming it.
    static X509Ptr certificate(const std::string& commonName, EVP_PKEY* subjectKey, X509* issuer,
                               EVP_PKEY* issuerKey, bool ca,
                               const std::optional<Aaguid>& aaguid = std::nullopt);
    // A FIDO MDS3 blob: an ES256 JWT over `payload`, signed by `signerKey`, with `chain`
    // (signer first) as its x5c header.
    static std::string mdsBlob(EVP_PKEY* signerKey, const std::vector<X509*>& chain,
                               const nlohmann::json& payload);
    static Bytes der(X509* cert);
    static std::string pem(X509* cert);
};

} // namespace madoguchi::devices::test
