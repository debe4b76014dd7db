// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/SecureBuffer.h"
#include "otp/OtpSecret.h"
#include "otp/OtpauthUri.h"
#include "qr/QrMatrix.h"

#include <ZXing/ReadBarcode.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <optional>
#include <png.h>
#include <string>
#include <vector>

namespace madoguchi::testing {

// An 8-bit luminance image of a matrix, each module scale x scale pixels.
struct LumImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;
};

inline LumImage renderForReader(const QrMatrix& matrix, int scale) {
    LumImage image{matrix.width() * scale, matrix.height() * scale, {}};
    image.pixels.resize(static_cast<std::size_t>(image.width) *
                        static_cast<std::size_t>(image.height));
    for (int y = 0; y < image.height; ++y) {
        for (int x = 0; x < image.width; ++x) {
            image.pixels[static_cast<std::size_t>(y) * static_cast<std::size_t>(image.width) +
                         static_cast<std::size_t>(x)] =
                matrix.isDark(x / scale, y / scale) ? 0 : 255;
        }
    }
    return image;
}

// Decodes the matrix with ZXing's own reader, independent of how we drew it.
inline ZXing::Result readWithZxing(const QrMatrix& matrix, int scale = 4) {
    LumImage image = renderForReader(matrix, scale);
    ZXing::DecodeHints hints;
    hints.setFormats(ZXing::BarcodeFormat::QRCode);
    return ZXing::ReadBarcode(
        ZXing::ImageView(image.pixels.data(), image.width, image.height, ZXing::ImageFormat::Lum),
        hints);
}

// Decodes a PNG with libpng into 8-bit grey pixels.
inline std::optional<LumImage> decodePng(const SecureBuffer& png) {
    png_image image;
    std::memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (png_image_begin_read_from_memory(&image, png.data(), png.size()) == 0) {
        return std::nullopt;
    }
    image.format = PNG_FORMAT_GRAY;
    LumImage out{static_cast<int>(image.width), static_cast<int>(image.height), {}};
    out.pixels.resize(PNG_IMAGE_SIZE(image));
    if (png_image_finish_read(&image, nullptr, out.pixels.data(), 0, nullptr) == 0) {
        png_image_free(&image);
        return std::nullopt;
    }
    return out;
}

// Runs a command and returns its standard output (trailing newlines kept), or nullopt.
inline std::optional<std::string> commandOutput(const std::string& command) {
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) {
        return std::nullopt;
    }
    std::string output;
    std::array<char, 512> chunk{};
    std::size_t n = 0;
    while ((n = std::fread(chunk.data(), 1, chunk.size(), pipe)) > 0) {
        output.append(chunk.data(), n);
    }
    if (::pclose(pipe) != 0) {
        return std::nullopt;
    }
    return output;
}

// A realistic otpauth:// URI with a Japanese issuer and a fresh secret.
inline SecureBuffer japaneseIssuerUri() {
    auto secret = OtpSecret::generate();
    auto uri = OtpauthUri::build(*secret, "ITC健保", "taro.yamada");
    return std::move(uri).value();
}

} // namespace madoguchi::testing
