// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "core/SecureBuffer.h"

#include <openssl/evp.h>

#include <cstdint>
#include <span>
#include <vector>

namespace madoguchi::crypto {

// The key agreement and AEAD steps shared by Sealer and Opener (private to engine/crypto).
class SealKdf {
public:
    // X25519(own, peer) → HKDF-SHA256 → 32-byte AES key (see Sealer.h for the labels).
    static Result<SecureBuffer> deriveKey(EVP_PKEY* own, EVP_PKEY* peer,
                                          std::span<const std::uint8_t> ephemeralPublic,
                                          std::span<const std::uint8_t> recipientPublic);
    static Result<std::vector<std::uint8_t>> rawPublicKey(EVP_PKEY* key);
    // AES-256-GCM with a 12-byte nonce and a 16-byte tag, every parameter set explicitly.
    static Status encrypt(const SecureBuffer& key, std::span<const std::uint8_t> nonce,
                          std::span<const std::uint8_t> aad,
                          std::span<const std::uint8_t> plaintext, std::span<std::uint8_t> out,
                          std::span<std::uint8_t> tag);
    static Result<SecureBuffer> decrypt(const SecureBuffer& key,
                                        std::span<const std::uint8_t> nonce,
                                        std::span<const std::uint8_t> aad,
                                        std::span<const std::uint8_t> ciphertext,
                                        std::span<const std::uint8_t> tag);
};

} // namespace madoguchi::crypto
