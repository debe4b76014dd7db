// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "core/SecureBuffer.h"
#include "otp/OtpSecret.h"
#include "otp/Totp.h"

#include <string>
#include <string_view>

namespace madoguchi {

// The otpauth://totp/ISSUER:ACCOUNT?secret=...&issuer=...&algorithm=...&digits=...&period=...
// URI that authenticator apps read from a QR code (Google's "Key Uri Format").
class OtpauthUri {
public:
    struct Parsed {
        std::string issuer;  // UTF-8, percent-decoded
        std::string account; // UTF-8, percent-decoded
        OtpSecret secret;
        TotpParams params;
    };

    // Issuer and account are UTF-8 (e.g. "ITC健保") and are percent-encoded byte by byte,
    // leaving only RFC 3986 unreserved characters alone. InvalidArgument for an empty value,
    // a colon in either (the label's separator), invalid UTF-8 or bad params. The result
    // holds the secret, hence a SecureBuffer.
    static Result<SecureBuffer> build(const OtpSecret& secret, std::string_view issuer,
                                      std::string_view account, const TotpParams& params = {});

    // Parses a totp URI (for tests and madoguchictl). Missing algorithm/digits/period take
    // the Key Uri Format defaults (SHA1, 6, 30). InvalidArgument for a malformed URI or an
    // issuer parameter that disagrees with the label, Unsupported for hotp, Base32Invalid
    // or OtpSecretInvalid for a bad secret.
    static Result<Parsed> parse(std::string_view uri);

    // RFC 3986 percent-encoding of every byte outside ALPHA / DIGIT / "-" / "." / "_" / "~",
    // with upper-case hex digits.
    static std::string percentEncode(std::string_view text);
};

} // namespace madoguchi
