// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "core/SecureBuffer.h"

#include <cstdint>
#include <memory>
#include <span>

namespace madoguchi::crypto {

// Opens envelopes made by Sealer with the recipient's private key. Any change to the
// envelope (version, key, nonce, ciphertext, tag) or to the associated data, and any other
// private key, gives CryptoFailure and no plaintext.
class Opener {
public:
    static Result<Opener> fromPrivateKeyPem(const SecureBuffer& privateKeyPem);
    Result<SecureBuffer> open(std::span<const std::uint8_t> envelope,
                              std::span<const std::uint8_t> aad) const;

    // One-shot form.
    static Result<SecureBuffer> open(const SecureBuffer& privateKeyPem,
                                     std::span<const std::uint8_t> envelope,
                                     std::span<const std::uint8_t> aad);

    Opener(Opener&&) noexcept;
    Opener& operator=(Opener&&) noexcept;
    ~Opener();

private:
    struct Key;
    explicit Opener(std::unique_ptr<Key> key);
    std::unique_ptr<Key> m_key;
};

} // namespace madoguchi::crypto
