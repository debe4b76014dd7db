// SPDX-License-Identifier: Apache-2.0
#include "qr/PngWriter.h"

#include <cstring>
#include <fstream>
#include <png.h>
#include <string>

namespace madoguchi {

namespace {

constexpr std::uint8_t kBlack = 0x00;
constexpr std::uint8_t kWhite = 0xFF;

// Releases libpng's state for a png_image on every path out (a no-op after success).
struct PngImageGuard {
    png_image& image;
    ~PngImageGuard() { png_image_free(&image); }
};

} // namespace

Result<SecureBuffer> PngWriter::encode(const QrMatrix& matrix, int scale) {
    if (matrix.empty() || matrix.width() <= 0 || matrix.height() <= 0) {
        return Error{ErrorCode::InvalidArgument, "empty QR matrix"};
    }
    if (scale < 1 || scale > kMaxScale) {
        return Error{ErrorCode::InvalidArgument,
                     "PNG scale out of range: " + std::to_string(scale)};
    }
    if (matrix.width() > kMaxSidePixels / scale || matrix.height() > kMaxSidePixels / scale) {
        return Error{ErrorCode::InvalidArgument, "PNG would exceed the size limit"};
    }
    const auto width = static_cast<std::size_t>(matrix.width()) * static_cast<std::size_t>(scale);
    const auto height = static_cast<std::size_t>(matrix.height()) * static_cast<std::size_t>(scale);
    const auto s = static_cast<std::size_t>(scale);

    // The pixels show the same secret the modules do, so they live in a SecureBuffer too.
    SecureBuffer pixels(width * height);
    for (std::size_t y = 0; y < height; ++y) {
        std::uint8_t* row = pixels.data() + y * width;
        for (std::size_t x = 0; x < width; ++x) {
            row[x] =
                matrix.isDark(static_cast<int>(x / s), static_cast<int>(y / s)) ? kBlack : kWhite;
        }
    }

    png_image image;
    std::memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    image.width = static_cast<png_uint_32>(width);
    image.height = static_cast<png_uint_32>(height);
    image.format = PNG_FORMAT_GRAY;
    PngImageGuard guard{image};

    // First call measures, second call writes (libpng's documented two-pass use).
    png_alloc_size_t size = 0;
    if (png_image_write_to_memory(&image, nullptr, &size, 0, pixels.data(), 0, nullptr) == 0 ||
        size == 0) {
        return Error{ErrorCode::Internal, std::string("libpng: ") + image.message};
    }
    SecureBuffer png(size);
    png_alloc_size_t written = size;
    if (png_image_write_to_memory(&image, png.data(), &written, 0, pixels.data(), 0, nullptr) ==
            0 ||
        written != size) {
        return Error{ErrorCode::Internal, std::string("libpng: ") + image.message};
    }
    return png;
}

Status PngWriter::writeFile(const QrMatrix& matrix, int scale, const std::filesystem::path& path) {
    auto png = encode(matrix, scale);
    if (!png) {
        return png.error();
    }
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) {
        return Error{ErrorCode::StorageIo, "cannot open " + path.string() + " for writing"};
    }
    out.write(reinterpret_cast<const char*>(png->data()),
              static_cast<std::streamsize>(png->size()));
    out.close();
    if (!out) {
        return Error{ErrorCode::StorageIo, "cannot write " + path.string()};
    }
    return {};
}

} // namespace madoguchi
