// SPDX-License-Identifier: Apache-2.0
#include "crypto/SealingKeyPair.h"

#include "crypto/OpenSslHandles.h"

#include <openssl/pem.h>

#include <climits>

namespace madoguchi::crypto {

namespace {

// BIO_s_secmem wipes its buffer when freed, so the private PEM leaves no copy behind.
Result<SecureBuffer> readAll(BIO* bio) {
    const char* data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    if (length <= 0 || data == nullptr) {
        return Error{ErrorCode::CryptoFailure, "empty PEM output"};
    }
    return SecureBuffer(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(data),
                                                      static_cast<std::size_t>(length)));
}

Result<std::string> publicPem(EVP_PKEY* key) {
    Bio bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), key) != 1) {
        return Error{ErrorCode::CryptoFailure, "PEM_write_bio_PUBKEY failed"};
    }
    auto bytes = readAll(bio.get());
    if (!bytes) {
        return bytes.error();
    }
    return std::string(bytes->view());
}

} // namespace

Result<SealingKeyPair> SealingKeyPair::generate() {
    EvpPkey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "X25519"));
    if (!key) {
        return Error{ErrorCode::CryptoFailure, "x25519 keygen failed"};
    }
    Bio bio(BIO_new(BIO_s_secmem()));
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr,
                                         nullptr) != 1) {
        return Error{ErrorCode::CryptoFailure, "PEM_write_bio_PrivateKey failed"};
    }
    auto privatePem = readAll(bio.get());
    if (!privatePem) {
        return privatePem.error();
    }
    auto pub = publicPem(key.get());
    if (!pub) {
        return pub.error();
    }
    return SealingKeyPair{std::move(*privatePem), std::move(*pub)};
}

Result<std::string> SealingKeyPair::publicKeyOf(const SecureBuffer& privateKeyPem) {
    if (privateKeyPem.size() > static_cast<std::size_t>(INT_MAX)) {
        return Error{ErrorCode::InvalidArgument, "private key PEM too large"};
    }
    Bio bio(BIO_new_mem_buf(privateKeyPem.data(), static_cast<int>(privateKeyPem.size())));
    if (!bio) {
        return Error{ErrorCode::CryptoFailure, "BIO_new_mem_buf failed"};
    }
    EvpPkey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!key || EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_X25519) {
        return Error{ErrorCode::InvalidArgument, "not an X25519 PEM private key"};
    }
    return publicPem(key.get());
}

} // namespace madoguchi::crypto
