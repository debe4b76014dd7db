// SPDX-License-Identifier: Apache-2.0
#include "otp/Hotp.h"

#include "crypto/OpenSslHandles.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <array>
#include <memory>
#include <string>

namespace madoguchi {

namespace {

// OpenSSL 3 digest names, set explicitly rather than relying on HMAC's default digest.
const char* digestName(OtpAlgorithm algorithm) {
    switch (algorithm) {
    case OtpAlgorithm::Sha1:
        return "SHA1";
    case OtpAlgorithm::Sha256:
        return "SHA2-256";
    case OtpAlgorithm::Sha512:
        return "SHA2-512";
    }
    return "SHA1";
}

std::size_t digestSize(OtpAlgorithm algorithm) {
    switch (algorithm) {
    case OtpAlgorithm::Sha1:
        return 20;
    case OtpAlgorithm::Sha256:
        return 32;
    case OtpAlgorithm::Sha512:
        return 64;
    }
    return 20;
}

} // namespace

Result<SecureBuffer> Hotp::hmac(std::span<const std::uint8_t> key, std::uint64_t counter,
                                OtpAlgorithm algorithm) {
    if (key.empty()) {
        return Error{ErrorCode::InvalidArgument, "HOTP key is empty"};
    }
    crypto::EvpMac mac(EVP_MAC_fetch(nullptr, OSSL_MAC_NAME_HMAC, nullptr));
    if (!mac) {
        return Error{ErrorCode::CryptoFailure, "EVP_MAC_fetch(HMAC) failed"};
    }
    crypto::EvpMacCtx ctx(EVP_MAC_CTX_new(mac.get()));
    if (!ctx) {
        return Error{ErrorCode::CryptoFailure, "EVP_MAC_CTX_new failed"};
    }
    std::array<OSSL_PARAM, 2> params = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
                                         const_cast<char*>(digestName(algorithm)), 0),
        OSSL_PARAM_construct_end()};
    if (EVP_MAC_init(ctx.get(), key.data(), key.size(), params.data()) != 1) {
        return Error{ErrorCode::CryptoFailure, "EVP_MAC_init failed"};
    }

    std::array<unsigned char, 8> message{};
    for (std::size_t i = 0; i < message.size(); ++i) {
        message[message.size() - 1 - i] = static_cast<unsigned char>((counter >> (8 * i)) & 0xFFU);
    }
    if (EVP_MAC_update(ctx.get(), message.data(), message.size()) != 1) {
        return Error{ErrorCode::CryptoFailure, "EVP_MAC_update failed"};
    }
    SecureBuffer out(EVP_MAX_MD_SIZE);
    std::size_t macLength = 0;
    if (EVP_MAC_final(ctx.get(), out.data(), &macLength, out.size()) != 1) {
        return Error{ErrorCode::CryptoFailure, "EVP_MAC_final failed"};
    }
    if (macLength != digestSize(algorithm)) {
        return Error{ErrorCode::CryptoFailure,
                     "unexpected HMAC length " + std::to_string(macLength)};
    }
    return SecureBuffer(out.bytes().first(macLength));
}

Result<std::uint32_t> Hotp::truncate(std::span<const std::uint8_t> mac) {
    // SHA-1's 20 bytes is the shortest: the offset is at most 15 and four bytes are read.
    if (mac.size() < 20) {
        return Error{ErrorCode::InvalidArgument,
                     "HMAC too short to truncate: " + std::to_string(mac.size())};
    }
    std::size_t offset = mac[mac.size() - 1] & 0x0FU;
    return ((static_cast<std::uint32_t>(mac[offset]) & 0x7FU) << 24U) |
           (static_cast<std::uint32_t>(mac[offset + 1]) << 16U) |
           (static_cast<std::uint32_t>(mac[offset + 2]) << 8U) |
           static_cast<std::uint32_t>(mac[offset + 3]);
}

Result<SecureBuffer> Hotp::generate(std::span<const std::uint8_t> key, std::uint64_t counter,
                                    int digits, OtpAlgorithm algorithm) {
    if (key.empty()) {
        return Error{ErrorCode::InvalidArgument, "HOTP key is empty"};
    }
    if (digits < kMinDigits || digits > kMaxDigits) {
        return Error{ErrorCode::InvalidArgument,
                     "HOTP digits out of range: " + std::to_string(digits)};
    }
    auto mac = hmac(key, counter, algorithm);
    if (!mac) {
        return mac.error();
    }
    auto truncated = truncate(mac->bytes());
    if (!truncated) {
        return truncated.error();
    }
    std::uint32_t binary = *truncated;
    SecureBuffer code(static_cast<std::size_t>(digits));
    for (int i = digits - 1; i >= 0; --i) {
        code.data()[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>('0' + binary % 10U);
        binary /= 10U;
    }
    OPENSSL_cleanse(&binary, sizeof binary);
    return code;
}

} // namespace madoguchi
