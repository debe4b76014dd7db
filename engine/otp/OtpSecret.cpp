// SPDX-License-Identifier: Apache-2.0
#include "otp/OtpSecret.h"

#include "otp/Base32.h"

#include <openssl/rand.h>

#include <string>

namespace madoguchi {

Result<OtpSecret> OtpSecret::generate() {
    SecureBuffer key(kDefaultBytes);
    if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1) {
        return Error{ErrorCode::RandomFailure, "RAND_bytes failed for an OTP secret"};
    }
    return OtpSecret(std::move(key));
}

Result<OtpSecret> OtpSecret::fromBytes(std::span<const std::uint8_t> key) {
    if (key.size() < kMinBytes || key.size() > kMaxBytes) {
        return Error{ErrorCode::OtpSecretInvalid,
                     "OTP secret of " + std::to_string(key.size()) + " bytes"};
    }
    return OtpSecret(SecureBuffer(key));
}

Result<OtpSecret> OtpSecret::fromBase32(std::string_view base32) {
    auto key = Base32::decode(base32);
    if (!key) {
        return key.error();
    }
    if (key->size() < kMinBytes || key->size() > kMaxBytes) {
        return Error{ErrorCode::OtpSecretInvalid,
                     "OTP secret of " + std::to_string(key->size()) + " bytes"};
    }
    return OtpSecret(std::move(key).value());
}

SecureBuffer OtpSecret::toBase32() const {
    return Base32::encode(m_key.bytes());
}

} // namespace madoguchi
