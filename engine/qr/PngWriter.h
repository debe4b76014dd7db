// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "core/SecureBuffer.h"
#include "qr/QrMatrix.h"

#include <filesystem>

namespace madoguchi {

// Renders a QrMatrix as an 8-bit greyscale PNG, black modules on white, each module
// scale x scale pixels (a whole number keeps modules square and edges sharp).
//
// A QR code of an otpauth:// URI is the TOTP secret: never write one to disk (the security
// invariants forbid secrets on disk); use encode() and keep the bytes in memory.
class PngWriter {
public:
    static constexpr int kMaxScale = 64;
    static constexpr int kMaxSidePixels = 16384;

    // InvalidArgument for an empty matrix, a scale outside 1..kMaxScale or an image wider
    // than kMaxSidePixels; Internal if libpng fails.
    static Result<SecureBuffer> encode(const QrMatrix& matrix, int scale);
    // As encode(), written to `path`; StorageIo when the file cannot be written.
    static Status writeFile(const QrMatrix& matrix, int scale, const std::filesystem::path& path);
};

} // namespace madoguchi
