// SPDX-License-Identifier: Apache-2.0
#include "otp/OtpAlgorithm.h"

#include <algorithm>
#include <cctype>

namespace madoguchi {

std::string_view otpAlgorithmName(OtpAlgorithm algorithm) {
    switch (algorithm) {
    case OtpAlgorithm::Sha1:
        return "SHA1";
    case OtpAlgorithm::Sha256:
        return "SHA256";
    case OtpAlgorithm::Sha512:
        return "SHA512";
    }
    return "SHA1";
}

std::optional<OtpAlgorithm> otpAlgorithmFromName(std::string_view name) {
    auto equalsIgnoringCase = [name](std::string_view known) {
        return name.size() == known.size() &&
               std::equal(name.begin(), name.end(), known.begin(), [](char a, char b) {
                   return std::toupper(static_cast<unsigned char>(a)) == b;
               });
    };
    for (OtpAlgorithm a : {OtpAlgorithm::Sha1, OtpAlgorithm::Sha256, OtpAlgorithm::Sha512}) {
        if (equalsIgnoringCase(otpAlgorithmName(a))) {
            return a;
        }
    }
    return std::nullopt;
}

} // namespace madoguchi
