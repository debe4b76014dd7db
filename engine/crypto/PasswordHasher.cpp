// SPDX-License-Identifier: Apache-2.0
#include "crypto/PasswordHasher.h"

#include "crypto/OpenSslHandles.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <vector>

namespace madoguchi::crypto {

std::uint32_t PasswordHasher::minimumIterations(PasswordDigest digest) {
    return digest == PasswordDigest::Sha512 ? kMinIterationsSha512 : kMinIterationsSha256;
}

std::size_t PasswordHasher::hashSize(PasswordDigest digest) {
    return digest == PasswordDigest::Sha512 ? 64 : 32;
}

Result<PasswordHasher> PasswordHasher::create(Params params) {
    if (params.iterations < minimumIterations(params.digest)) {
        return Error{ErrorCode::InvalidArgument,
                     std::string(algorithmName(params.digest)) + ": iterations below " +
                         std::to_string(minimumIterations(params.digest))};
    }
    return PasswordHasher(params);
}

Result<SecureBuffer> PasswordHasher::pbkdf2(PasswordDigest digest,
                                            std::span<const std::uint8_t> password,
                                            std::span<const std::uint8_t> salt,
                                            std::uint32_t iterations, std::size_t length) {
    if (iterations == 0 || length == 0) {
        return Error{ErrorCode::InvalidArgument, "pbkdf2: zero iterations or length"};
    }
    EvpKdf kdf(EVP_KDF_fetch(nullptr, "PBKDF2", nullptr));
    if (!kdf) {
        return Error{ErrorCode::CryptoFailure, "pbkdf2: fetch failed"};
    }
    EvpKdfCtx ctx(EVP_KDF_CTX_new(kdf.get()));
    if (!ctx) {
        return Error{ErrorCode::CryptoFailure, "pbkdf2: context failed"};
    }
    char sha256[] = "SHA256";
    char sha512[] = "SHA512";
    char* digestName = digest == PasswordDigest::Sha512 ? sha512 : sha256;
    std::uint64_t iter = iterations;
    // pkcs5=1 turns off OpenSSL's SP 800-132 lower bounds (1000 iterations, 128-bit salt),
    // which RFC 6070's vectors fail; our own, higher floor is enforced in create()/verify().
    int pkcs5 = 1;
    std::vector<std::uint8_t> saltCopy(salt.begin(), salt.end());
    // OSSL_PARAM wants a non-const pointer; the password is only read.
    auto* passwordPtr = const_cast<std::uint8_t*>(password.data());
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digestName, 0),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD, passwordPtr, password.size()),
        OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, saltCopy.data(), saltCopy.size()),
        OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_ITER, &iter),
        OSSL_PARAM_construct_int(OSSL_KDF_PARAM_PKCS5, &pkcs5),
        OSSL_PARAM_construct_end()};
    SecureBuffer out(length);
    if (EVP_KDF_derive(ctx.get(), out.data(), out.size(), params) != 1) {
        return Error{ErrorCode::CryptoFailure, "pbkdf2: derive failed"};
    }
    return out;
}

Result<std::string> PasswordHasher::hashWithSalt(const SecureBuffer& password,
                                                 std::span<const std::uint8_t> salt) const {
    auto derived = pbkdf2(m_params.digest, password.bytes(), salt, m_params.iterations,
                          hashSize(m_params.digest));
    if (!derived) {
        return derived.error();
    }
    PasswordHashRecord record;
    record.digest = m_params.digest;
    record.iterations = m_params.iterations;
    record.salt.assign(salt.begin(), salt.end());
    record.hash.assign(derived->bytes().begin(), derived->bytes().end());
    return record.toString();
}

Result<std::string> PasswordHasher::hash(const SecureBuffer& password) const {
    std::uint8_t salt[kSaltSize];
    if (RAND_bytes(salt, static_cast<int>(kSaltSize)) != 1) {
        return Error{ErrorCode::RandomFailure, "RAND_bytes failed for a salt"};
    }
    return hashWithSalt(password, salt);
}

Result<bool> PasswordHasher::verify(std::string_view record, const SecureBuffer& password) {
    auto parsed = PasswordHashRecord::parse(record);
    if (!parsed) {
        return parsed.error();
    }
    if (parsed->iterations < minimumIterations(parsed->digest)) {
        return Error{ErrorCode::InvalidArgument, "stored password hash below the iteration floor"};
    }
    if (parsed->hash.size() != hashSize(parsed->digest) || parsed->salt.size() < 8) {
        return Error{ErrorCode::InvalidArgument, "stored password hash has a bad size"};
    }
    auto derived = pbkdf2(parsed->digest, password.bytes(), parsed->salt, parsed->iterations,
                          parsed->hash.size());
    if (!derived) {
        return derived.error();
    }
    return CRYPTO_memcmp(derived->data(), parsed->hash.data(), parsed->hash.size()) == 0;
}

} // namespace madoguchi::crypto
