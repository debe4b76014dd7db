// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "core/SecureBuffer.h"

#include <string>

namespace madoguchi::crypto {

// The central service's X25519 key pair for sealed enrollment results. The private key
// (PKCS#8 PEM) stays with the central service; kiosks get only the public key (SPKI PEM).
struct SealingKeyPair {
    SecureBuffer privateKeyPem;
    std::string publicKeyPem;

    static Result<SealingKeyPair> generate();
    // The public key (SPKI PEM) belonging to a private key PEM.
    static Result<std::string> publicKeyOf(const SecureBuffer& privateKeyPem);
};

} // namespace madoguchi::crypto
