// SPDX-License-Identifier: Apache-2.0
#include "crypto/SealKdf.h"

#include "crypto/OpenSslHandles.h"

#include <openssl/core_names.h>
#include <openssl/params.h>

#include <climits>
#include <string_view>

namespace madoguchi::crypto {

namespace {

constexpr std::string_view kSalt = "madoguchi-seal-v1";
constexpr std::size_t kKeySize = 32;
constexpr std::size_t kNonceSize = 12;
constexpr std::size_t kTagSize = 16;

Error cryptoError(std::string detail) {
    return Error{ErrorCode::CryptoFailure, std::move(detail)};
}

bool fitsInt(std::size_t n) {
    return n <= static_cast<std::size_t>(INT_MAX);
}

Result<EvpCipherCtx> gcmContext(const SecureBuffer& key, std::span<const std::uint8_t> nonce,
                                bool encrypting) {
    if (key.size() != kKeySize || nonce.size() != kNonceSize) {
        return cryptoError("gcm: bad key or nonce size");
    }
    EvpCipher cipher(EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr));
    EvpCipherCtx ctx(EVP_CIPHER_CTX_new());
    if (!cipher || !ctx) {
        return cryptoError("gcm: cannot fetch AES-256-GCM");
    }
    std::size_t ivLength = kNonceSize;
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_size_t(OSSL_CIPHER_PARAM_AEAD_IVLEN, &ivLength),
        OSSL_PARAM_construct_end()};
    const int enc = encrypting ? 1 : 0;
    if (EVP_CipherInit_ex2(ctx.get(), cipher.get(), nullptr, nullptr, enc, params) != 1 ||
        EVP_CipherInit_ex2(ctx.get(), nullptr, key.data(), nonce.data(), enc, nullptr) != 1) {
        return cryptoError("gcm: init failed");
    }
    return ctx;
}

} // namespace

Result<SecureBuffer> SealKdf::deriveKey(EVP_PKEY* own, EVP_PKEY* peer,
                                        std::span<const std::uint8_t> ephemeralPublic,
                                        std::span<const std::uint8_t> recipientPublic) {
    EvpPkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, own, nullptr));
    if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1 ||
        EVP_PKEY_derive_set_peer(ctx.get(), peer) != 1) {
        return cryptoError("x25519: derive init failed");
    }
    std::size_t sharedLength = 0;
    if (EVP_PKEY_derive(ctx.get(), nullptr, &sharedLength) != 1 || sharedLength == 0) {
        return cryptoError("x25519: derive size failed");
    }
    SecureBuffer shared(sharedLength);
    // OpenSSL refuses an all-zero X25519 output (a small-order peer key) here.
    if (EVP_PKEY_derive(ctx.get(), shared.data(), &sharedLength) != 1 ||
        sharedLength != shared.size()) {
        return cryptoError("x25519: derive failed");
    }

    std::vector<std::uint8_t> info(ephemeralPublic.begin(), ephemeralPublic.end());
    info.insert(info.end(), recipientPublic.begin(), recipientPublic.end());

    EvpKdf kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr));
    if (!kdf) {
        return cryptoError("hkdf: fetch failed");
    }
    EvpKdfCtx kctx(EVP_KDF_CTX_new(kdf.get()));
    if (!kctx) {
        return cryptoError("hkdf: context failed");
    }
    char digest[] = "SHA256";
    int mode = EVP_KDF_HKDF_MODE_EXTRACT_AND_EXPAND;
    std::string salt(kSalt);
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
        OSSL_PARAM_construct_int(OSSL_KDF_PARAM_MODE, &mode),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, shared.data(), shared.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, salt.data(), salt.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, info.data(), info.size()),
        OSSL_PARAM_construct_end()};
    SecureBuffer key(kKeySize);
    if (EVP_KDF_derive(kctx.get(), key.data(), key.size(), params) != 1) {
        return cryptoError("hkdf: derive failed");
    }
    return key;
}

Result<std::vector<std::uint8_t>> SealKdf::rawPublicKey(EVP_PKEY* key) {
    std::size_t length = 0;
    if (EVP_PKEY_get_raw_public_key(key, nullptr, &length) != 1 || length != 32) {
        return cryptoError("x25519: raw public key size");
    }
    std::vector<std::uint8_t> raw(length);
    if (EVP_PKEY_get_raw_public_key(key, raw.data(), &length) != 1) {
        return cryptoError("x25519: raw public key");
    }
    return raw;
}

Status SealKdf::encrypt(const SecureBuffer& key, std::span<const std::uint8_t> nonce,
                        std::span<const std::uint8_t> aad, std::span<const std::uint8_t> plaintext,
                        std::span<std::uint8_t> out, std::span<std::uint8_t> tag) {
    if (out.size() != plaintext.size() || tag.size() != kTagSize || !fitsInt(aad.size()) ||
        !fitsInt(plaintext.size())) {
        return cryptoError("gcm: bad sizes");
    }
    auto ctx = gcmContext(key, nonce, true);
    if (!ctx) {
        return ctx.error();
    }
    int outLength = 0;
    if (EVP_EncryptUpdate(ctx->get(), nullptr, &outLength, aad.data(),
                          static_cast<int>(aad.size())) != 1) {
        return cryptoError("gcm: aad failed");
    }
    outLength = 0; // the AAD update reported the AAD's length here
    if (!plaintext.empty() &&
        EVP_EncryptUpdate(ctx->get(), out.data(), &outLength, plaintext.data(),
                          static_cast<int>(plaintext.size())) != 1) {
        return cryptoError("gcm: encrypt failed");
    }
    int finalLength = 0;
    if (EVP_EncryptFinal_ex(ctx->get(), out.data() + outLength, &finalLength) != 1 ||
        static_cast<std::size_t>(outLength + finalLength) != plaintext.size()) {
        return cryptoError("gcm: final failed");
    }
    if (EVP_CIPHER_CTX_ctrl(ctx->get(), EVP_CTRL_AEAD_GET_TAG, static_cast<int>(kTagSize),
                            tag.data()) != 1) {
        return cryptoError("gcm: get tag failed");
    }
    return {};
}

Result<SecureBuffer> SealKdf::decrypt(const SecureBuffer& key, std::span<const std::uint8_t> nonce,
                                      std::span<const std::uint8_t> aad,
                                      std::span<const std::uint8_t> ciphertext,
                                      std::span<const std::uint8_t> tag) {
    if (tag.size() != kTagSize || !fitsInt(aad.size()) || !fitsInt(ciphertext.size())) {
        return cryptoError("gcm: bad sizes");
    }
    auto ctx = gcmContext(key, nonce, false);
    if (!ctx) {
        return ctx.error();
    }
    int outLength = 0;
    if (EVP_DecryptUpdate(ctx->get(), nullptr, &outLength, aad.data(),
                          static_cast<int>(aad.size())) != 1) {
        return cryptoError("gcm: aad failed");
    }
    SecureBuffer plain(ciphertext.size());
    outLength = 0;
    if (!ciphertext.empty() &&
        EVP_DecryptUpdate(ctx->get(), plain.data(), &outLength, ciphertext.data(),
                          static_cast<int>(ciphertext.size())) != 1) {
        return cryptoError("gcm: decrypt failed");
    }
    std::uint8_t tagCopy[kTagSize];
    std::copy(tag.begin(), tag.end(), tagCopy);
    if (EVP_CIPHER_CTX_ctrl(ctx->get(), EVP_CTRL_AEAD_SET_TAG, static_cast<int>(kTagSize),
                            tagCopy) != 1) {
        return cryptoError("gcm: set tag failed");
    }
    int finalLength = 0;
    if (EVP_DecryptFinal_ex(ctx->get(), plain.data() + outLength, &finalLength) != 1) {
        return cryptoError("gcm: authentication failed");
    }
    if (static_cast<std::size_t>(outLength + finalLength) != ciphertext.size()) {
        return cryptoError("gcm: length mismatch");
    }
    return plain;
}

} // namespace madoguchi::crypto
