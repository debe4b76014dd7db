// SPDX-License-Identifier: Apache-2.0
#include "qr/QrEncoder.h"

#include <ZXing/BarcodeFormat.h>
#include <ZXing/BitMatrix.h>
#include <ZXing/CharacterSet.h>
#include <ZXing/MultiFormatWriter.h>
#include <openssl/crypto.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

namespace madoguchi {

namespace {

constexpr int kMaxQuietZone = 64;

// ZXing's setEccLevel takes 0-8: 0-2 -> L, 3-4 -> M, 5-6 -> Q, 7-8 -> H.
int zxingEccLevel(QrErrorCorrection ecc) {
    switch (ecc) {
    case QrErrorCorrection::Low:
        return 2;
    case QrErrorCorrection::Medium:
        return 4;
    case QrErrorCorrection::Quartile:
        return 6;
    case QrErrorCorrection::High:
        return 8;
    }
    return 4;
}

// A std::string copy of text that may be secret, wiped however the scope is left.
class WipedString {
public:
    explicit WipedString(std::string_view text) : m_text(text) {}
    WipedString(const WipedString&) = delete;
    WipedString& operator=(const WipedString&) = delete;
    ~WipedString() { OPENSSL_cleanse(m_text.data(), m_text.size()); }
    const std::string& get() const { return m_text; }

private:
    std::string m_text;
};

// Wipes ZXing's module matrix however the scope is left.
struct BitMatrixWiper {
    ZXing::BitMatrix& bits;
    ~BitMatrixWiper() { bits.clear(); }
};

} // namespace

Result<QrMatrix> QrEncoder::encode(std::string_view text, const QrOptions& options) {
    if (text.empty()) {
        return Error{ErrorCode::InvalidArgument, "empty QR text"};
    }
    if (options.quietZone < 0 || options.quietZone > kMaxQuietZone) {
        return Error{ErrorCode::InvalidArgument,
                     "QR quiet zone out of range: " + std::to_string(options.quietZone)};
    }
    bool ascii = std::all_of(text.begin(), text.end(),
                             [](char c) { return static_cast<unsigned char>(c) < 0x80U; });

    ZXing::MultiFormatWriter writer(ZXing::BarcodeFormat::QRCode);
    writer.setEccLevel(zxingEccLevel(options.ecc)).setMargin(0);
    if (!ascii) {
        writer.setEncoding(ZXing::CharacterSet::UTF8);
    }

    // ZXing takes only std::string/std::wstring, so the (possibly secret) text is copied
    // into a std::string that is OPENSSL_cleanse'd as soon as encoding is over. ZXing's own
    // temporaries (its UTF-16 conversion, bit buffers) are freed unwiped: beyond our reach.
    WipedString copy(text);
    ZXing::BitMatrix bits;
    BitMatrixWiper wiper{bits};
    try {
        bits = writer.encode(copy.get(), 0, 0);
    } catch (const std::invalid_argument& e) {
        // ZXing 1.4's QR encoder reports text beyond version 40's capacity this way.
        return Error{ErrorCode::QrTextTooLong,
                     std::string(e.what()) + " (" + std::to_string(text.size()) + " bytes)"};
    } catch (const std::exception& e) {
        return Error{ErrorCode::QrEncodeFailed, e.what()};
    }
    if (bits.width() <= 0 || bits.height() <= 0) {
        return Error{ErrorCode::QrEncodeFailed, "ZXing returned an empty matrix"};
    }

    const int q = options.quietZone;
    const int width = bits.width() + 2 * q;
    const int height = bits.height() + 2 * q;
    std::vector<std::uint8_t> modules(static_cast<std::size_t>(width) *
                                      static_cast<std::size_t>(height));
    for (int y = 0; y < bits.height(); ++y) {
        for (int x = 0; x < bits.width(); ++x) {
            if (bits.get(x, y)) {
                modules[static_cast<std::size_t>(y + q) * static_cast<std::size_t>(width) +
                        static_cast<std::size_t>(x + q)] = 1;
            }
        }
    }
    return QrMatrix(width, height, q, std::move(modules));
}

Result<QrMatrix> QrEncoder::encode(const SecureBuffer& text, const QrOptions& options) {
    return encode(text.view(), options);
}

} // namespace madoguchi
