// SPDX-License-Identifier: Apache-2.0
#include "crypto/Opener.h"

#include "crypto/OpenSslHandles.h"
#include "crypto/SealKdf.h"
#include "crypto/Sealer.h"

#include <openssl/pem.h>

#include <climits>
#include <vector>

namespace madoguchi::crypto {

struct Opener::Key {
    EvpPkey privateKey;
    std::vector<std::uint8_t> publicRaw;
};

Opener::Opener(std::unique_ptr<Key> key) : m_key(std::move(key)) {}
Opener::Opener(Opener&&) noexcept = default;
Opener& Opener::operator=(Opener&&) noexcept = default;
Opener::~Opener() = default;

Result<Opener> Opener::fromPrivateKeyPem(const SecureBuffer& privateKeyPem) {
    if (privateKeyPem.size() > static_cast<std::size_t>(INT_MAX)) {
        return Error{ErrorCode::InvalidArgument, "private key PEM too large"};
    }
    Bio bio(BIO_new_mem_buf(privateKeyPem.data(), static_cast<int>(privateKeyPem.size())));
    if (!bio) {
        return Error{ErrorCode::CryptoFailure, "BIO_new_mem_buf failed"};
    }
    EvpPkey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!key) {
        return Error{ErrorCode::InvalidArgument, "not a PEM private key"};
    }
    if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_X25519) {
        return Error{ErrorCode::InvalidArgument, "private key is not X25519"};
    }
    auto raw = SealKdf::rawPublicKey(key.get());
    if (!raw) {
        return raw.error();
    }
    auto holder = std::make_unique<Key>();
    holder->privateKey = std::move(key);
    holder->publicRaw = std::move(*raw);
    return Opener(std::move(holder));
}

Result<SecureBuffer> Opener::open(std::span<const std::uint8_t> envelope,
                                  std::span<const std::uint8_t> aad) const {
    if (envelope.size() < Sealer::kOverhead) {
        return Error{ErrorCode::CryptoFailure, "envelope too short"};
    }
    if (envelope[0] != Sealer::kVersion) {
        return Error{ErrorCode::Unsupported,
                     "envelope version " + std::to_string(envelope[0]) + " unknown"};
    }
    const auto ephemeralRaw = envelope.subspan(1, Sealer::kPublicKeySize);
    const auto nonce = envelope.subspan(1 + Sealer::kPublicKeySize, Sealer::kNonceSize);
    const std::size_t cipherLength = envelope.size() - Sealer::kOverhead;
    const auto ciphertext =
        envelope.subspan(1 + Sealer::kPublicKeySize + Sealer::kNonceSize, cipherLength);
    const auto tag = envelope.subspan(envelope.size() - Sealer::kTagSize, Sealer::kTagSize);

    EvpPkey ephemeral(EVP_PKEY_new_raw_public_key_ex(nullptr, "X25519", nullptr,
                                                     ephemeralRaw.data(), ephemeralRaw.size()));
    if (!ephemeral) {
        return Error{ErrorCode::CryptoFailure, "envelope: bad ephemeral key"};
    }
    auto key = SealKdf::deriveKey(m_key->privateKey.get(), ephemeral.get(), ephemeralRaw,
                                  m_key->publicRaw);
    if (!key) {
        return key.error();
    }
    std::vector<std::uint8_t> fullAad;
    fullAad.reserve(1 + aad.size());
    fullAad.push_back(Sealer::kVersion);
    fullAad.insert(fullAad.end(), aad.begin(), aad.end());
    return SealKdf::decrypt(*key, nonce, fullAad, ciphertext, tag);
}

Result<SecureBuffer> Opener::open(const SecureBuffer& privateKeyPem,
                                  std::span<const std::uint8_t> envelope,
                                  std::span<const std::uint8_t> aad) {
    auto opener = fromPrivateKeyPem(privateKeyPem);
    if (!opener) {
        return opener.error();
    }
    return opener->open(envelope, aad);
}

} // namespace madoguchi::crypto
