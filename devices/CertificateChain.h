// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "crypto/OpenSslHandles.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace madoguchi::devices {

// The X509 steps that attestation chains (AttestationChain) and the FIDO metadata blob's x5c
// (MetadataService) share: reading certificates and verifying a chain with OpenSSL.

// The certificate in `der`, which must hold one DER certificate and nothing after it; null
// otherwise.
crypto::X509Certificate certificateFromDer(const std::vector<std::uint8_t>& der);

// The first certificate of a PEM text. CryptoFailure when OpenSSL cannot read the text at
// all, InvalidArgument when it holds no PEM certificate.
Result<crypto::X509Certificate> certificateFromPem(std::string_view pem);

// Which configured certificates may end a chain.
enum class TrustAnchors {
    SelfSignedRoots, // OpenSSL's default: the chain ends in a configured self-signed root
    AnyConfigured,   // X509_V_FLAG_PARTIAL_CHAIN: a configured intermediate is trusted as it is
};

// Whether a chain holds, and why not when it does not.
struct ChainVerdict {
    bool holds = false;
    int reason = X509_V_OK; // X509_STORE_CTX_get_error, for X509_verify_cert_error_string
};

// X509_verify_cert of `leaf` with `intermediates` (may be null) against `roots`, validity
// dates included. CryptoFailure when the store cannot be set up.
Result<ChainVerdict> verifyCertificateChain(X509* leaf, STACK_OF(X509) * intermediates,
                                            const std::vector<crypto::X509Certificate>& roots,
                                            TrustAnchors anchors);

} // namespace madoguchi::devices
