// SPDX-License-Identifier: Apache-2.0
#include "crypto/Sealer.h"

#include "crypto/OpenSslHandles.h"
#include "crypto/SealKdf.h"

#include <openssl/pem.h>
#include <openssl/rand.h>

#include <climits>

namespace madoguchi::crypto {

namespace {

Result<EvpPkey> loadPublicKey(std::string_view pem) {
    if (pem.size() > static_cast<std::size_t>(INT_MAX)) {
        return Error{ErrorCode::InvalidArgument, "public key PEM too large"};
    }
    Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    if (!bio) {
        return Error{ErrorCode::CryptoFailure, "BIO_new_mem_buf failed"};
    }
    EvpPkey key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    if (!key) {
        return Error{ErrorCode::InvalidArgument, "recipient public key is not a PEM public key"};
    }
    if (EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_X25519) {
        return Error{ErrorCode::InvalidArgument, "recipient public key is not X25519"};
    }
    return key;
}

} // namespace

Result<std::vector<std::uint8_t>> Sealer::seal(std::string_view recipientPublicKeyPem,
                                               const SecureBuffer& plaintext,
                                               std::span<const std::uint8_t> aad) {
    auto recipient = loadPublicKey(recipientPublicKeyPem);
    if (!recipient) {
        return recipient.error();
    }
    EvpPkey ephemeral(EVP_PKEY_Q_keygen(nullptr, nullptr, "X25519"));
    if (!ephemeral) {
        return Error{ErrorCode::CryptoFailure, "x25519: ephemeral keygen failed"};
    }
    auto ephemeralPublic = SealKdf::rawPublicKey(ephemeral.get());
    if (!ephemeralPublic) {
        return ephemeralPublic.error();
    }
    auto recipientPublic = SealKdf::rawPublicKey(recipient->get());
    if (!recipientPublic) {
        return recipientPublic.error();
    }
    auto key =
        SealKdf::deriveKey(ephemeral.get(), recipient->get(), *ephemeralPublic, *recipientPublic);
    if (!key) {
        return key.error();
    }

    std::vector<std::uint8_t> envelope(kOverhead + plaintext.size());
    envelope[0] = kVersion;
    std::copy(ephemeralPublic->begin(), ephemeralPublic->end(), envelope.begin() + 1);
    std::uint8_t* nonce = envelope.data() + 1 + kPublicKeySize;
    if (RAND_bytes(nonce, static_cast<int>(kNonceSize)) != 1) {
        return Error{ErrorCode::RandomFailure, "RAND_bytes failed for the nonce"};
    }
    std::vector<std::uint8_t> fullAad;
    fullAad.reserve(1 + aad.size());
    fullAad.push_back(kVersion);
    fullAad.insert(fullAad.end(), aad.begin(), aad.end());

    std::span<std::uint8_t> out(envelope.data() + 1 + kPublicKeySize + kNonceSize,
                                plaintext.size());
    std::span<std::uint8_t> tag(envelope.data() + envelope.size() - kTagSize, kTagSize);
    auto encrypted = SealKdf::encrypt(*key, std::span<const std::uint8_t>(nonce, kNonceSize),
                                      fullAad, plaintext.bytes(), out, tag);
    if (!encrypted) {
        return encrypted.error();
    }
    return envelope;
}

std::vector<std::uint8_t> Sealer::enrollmentAad(std::string_view kioskId,
                                                std::string_view enrollmentId) {
    std::vector<std::uint8_t> aad;
    const auto appendField = [&aad](std::string_view field) {
        const auto n = static_cast<std::uint32_t>(field.size());
        aad.push_back(static_cast<std::uint8_t>(n >> 24));
        aad.push_back(static_cast<std::uint8_t>(n >> 16));
        aad.push_back(static_cast<std::uint8_t>(n >> 8));
        aad.push_back(static_cast<std::uint8_t>(n));
        aad.insert(aad.end(), field.begin(), field.end());
    };
    appendField("madoguchi-enrollment-v1");
    appendField(kioskId);
    appendField(enrollmentId);
    return aad;
}

} // namespace madoguchi::crypto
