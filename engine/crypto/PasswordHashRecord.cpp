// SPDX-License-Identifier: Apache-2.0
#include "crypto/PasswordHashRecord.h"

#include "crypto/Base64.h"

#include <charconv>

namespace madoguchi::crypto {

std::string_view algorithmName(PasswordDigest digest) {
    switch (digest) {
    case PasswordDigest::Sha256:
        return "pbkdf2-sha256";
    case PasswordDigest::Sha512:
        return "pbkdf2-sha512";
    }
    return "pbkdf2-unknown";
}

std::string PasswordHashRecord::toString() const {
    std::string out(algorithmName(digest));
    out += '$';
    out += std::to_string(iterations);
    out += '$';
    out += Base64::encode(salt);
    out += '$';
    out += Base64::encode(hash);
    return out;
}

Result<PasswordHashRecord> PasswordHashRecord::parse(std::string_view text) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t pos = text.find('$', start);
        parts.push_back(text.substr(start, pos == std::string_view::npos ? pos : pos - start));
        if (pos == std::string_view::npos) {
            break;
        }
        start = pos + 1;
    }
    if (parts.size() != 4) {
        return Error{ErrorCode::InvalidArgument, "password hash: expected 4 '$'-separated parts"};
    }
    PasswordHashRecord record;
    if (parts[0] == algorithmName(PasswordDigest::Sha256)) {
        record.digest = PasswordDigest::Sha256;
    } else if (parts[0] == algorithmName(PasswordDigest::Sha512)) {
        record.digest = PasswordDigest::Sha512;
    } else {
        return Error{ErrorCode::Unsupported, "password hash: unknown algorithm"};
    }
    const auto& it = parts[1];
    if (it.empty() || it.size() > 10 || it.front() == '0') {
        return Error{ErrorCode::InvalidArgument, "password hash: bad iteration count"};
    }
    const auto [ptr, ec] = std::from_chars(it.data(), it.data() + it.size(), record.iterations);
    if (ec != std::errc{} || ptr != it.data() + it.size()) {
        return Error{ErrorCode::InvalidArgument, "password hash: bad iteration count"};
    }
    auto salt = Base64::decode(parts[2]);
    auto hash = Base64::decode(parts[3]);
    if (!salt || !hash || salt->empty() || hash->empty()) {
        return Error{ErrorCode::InvalidArgument, "password hash: bad base64 salt or hash"};
    }
    record.salt = std::move(*salt);
    record.hash = std::move(*hash);
    return record;
}

} // namespace madoguchi::crypto
