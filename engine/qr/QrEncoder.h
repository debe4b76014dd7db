// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "core/SecureBuffer.h"
#include "qr/QrMatrix.h"
#include "qr/QrOptions.h"

#include <string_view>

namespace madoguchi {

// Encodes text as a QR code (ZXing-C++ behind this boundary). Pure ASCII is encoded as
// is; other UTF-8 text is encoded with a UTF-8 ECI so readers need not guess the charset.
class QrEncoder {
public:
    // InvalidArgument for empty text or a quiet zone outside 0..64; QrTextTooLong when the
    // text does not fit a version-40 symbol at the chosen level; QrEncodeFailed otherwise.
    static Result<QrMatrix> encode(std::string_view text, const QrOptions& options = {});
    // For secret-bearing text such as an otpauth:// URI.
    static Result<QrMatrix> encode(const SecureBuffer& text, const QrOptions& options = {});
};

} // namespace madoguchi
