// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "SoftAuthenticator.h"

#include <openssl/x509.h>

#include <memory>
#include <string>

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
    // Signed by `issuer`/`issuerKey`, or self-signed when issuer is null.
    static X509Ptr certificate(const std::string& commonName, EVP_PKEY* subjectKey, X509* issuer,
                               EVP_PKEY* issuerKey, bool ca);
    static Bytes der(X509* cert);
    static std::string pem(X509* cert);
};

} // namespace madoguchi::devices::test
