// SPDX-License-Identifier: Apache-2.0
#include "qr/QrEncoder.h"

#include "QrTestSupport.h"

#include <gtest/gtest.h>

#include <string>

using madoguchi::ErrorCode;
using madoguchi::QrEncoder;
using madoguchi::QrErrorCorrection;
using madoguchi::QrMatrix;
using madoguchi::QrOptions;
using madoguchi::SecureBuffer;
using madoguchi::testing::japaneseIssuerUri;
using madoguchi::testing::readWithZxing;

namespace {

constexpr std::string_view kAsciiUri =
    "https://apps.apple.com/jp/app/google-authenticator/id388497605";

std::string bytesOf(const ZXing::Result& result) {
    const auto& bytes = result.bytes();
    return {bytes.begin(), bytes.end()};
}

} // namespace

TEST(QrEncoder, AsciiUriRoundTripsThroughZxingsReader) {
    auto matrix = QrEncoder::encode(kAsciiUri);
    ASSERT_TRUE(matrix.ok()) << matrix.error().detail;
    auto read = readWithZxing(*matrix);
    ASSERT_TRUE(read.isValid());
    EXPECT_EQ(read.text(), kAsciiUri);
    EXPECT_EQ(bytesOf(read), kAsciiUri);
}

TEST(QrEncoder, JapaneseIssuerOtpauthUriRoundTripsThroughZxingsReader) {
    SecureBuffer uri = japaneseIssuerUri();
    auto matrix = QrEncoder::encode(uri);
    ASSERT_TRUE(matrix.ok());
    auto read = readWithZxing(*matrix);
    ASSERT_TRUE(read.isValid());
    EXPECT_TRUE(uri.equals(read.bytes())) << read.text();
}

TEST(QrEncoder, RawUtf8TextRoundTripsWithItsBytes) {
    const std::string text = "ITC健保 窓口 ｱｲｳ 🙂";
    auto matrix = QrEncoder::encode(text);
    ASSERT_TRUE(matrix.ok());
    auto read = readWithZxing(*matrix);
    ASSERT_TRUE(read.isValid());
    EXPECT_EQ(read.text(), text);
}

TEST(QrEncoder, UsesMediumErrorCorrectionByDefaultAndHonoursTheOption) {
    SecureBuffer uri = japaneseIssuerUri();
    auto medium = QrEncoder::encode(uri);
    QrOptions quartileOptions;
    quartileOptions.ecc = QrErrorCorrection::Quartile;
    auto quartile = QrEncoder::encode(uri, quartileOptions);
    ASSERT_TRUE(medium.ok() && quartile.ok());
    EXPECT_EQ(readWithZxing(*medium).ecLevel(), "M");
    EXPECT_EQ(readWithZxing(*quartile).ecLevel(), "Q");
    EXPECT_GT(quartile->width(), medium->width()); // more redundancy, more modules

    QrOptions lowOptions;
    lowOptions.ecc = QrErrorCorrection::Low;
    QrOptions highOptions;
    highOptions.ecc = QrErrorCorrection::High;
    EXPECT_EQ(readWithZxing(*QrEncoder::encode(uri, lowOptions)).ecLevel(), "L");
    EXPECT_EQ(readWithZxing(*QrEncoder::encode(uri, highOptions)).ecLevel(), "H");
}

TEST(QrEncoder, QuietZoneIsAllLightAndTheSymbolStartsInsideIt) {
    auto matrix = QrEncoder::encode(japaneseIssuerUri());
    ASSERT_TRUE(matrix.ok());
    const int q = matrix->quietZone();
    ASSERT_EQ(q, 4);
    for (int y = 0; y < matrix->height(); ++y) {
        for (int x = 0; x < matrix->width(); ++x) {
            bool inQuietZone =
                x < q || y < q || x >= matrix->width() - q || y >= matrix->height() - q;
            if (inQuietZone) {
                ASSERT_FALSE(matrix->isDark(x, y)) << x << "," << y;
            }
        }
    }
    // The three finder patterns' outer corners sit right inside the quiet zone.
    EXPECT_TRUE(matrix->isDark(q, q));
    EXPECT_TRUE(matrix->isDark(matrix->width() - q - 1, q));
    EXPECT_TRUE(matrix->isDark(q, matrix->height() - q - 1));
    EXPECT_FALSE(matrix->isDark(-1, 0));
    EXPECT_FALSE(matrix->isDark(matrix->width(), 0));
}

TEST(QrEncoder, IsSquareWithAValidQrSideLength) {
    auto matrix = QrEncoder::encode(kAsciiUri);
    ASSERT_TRUE(matrix.ok());
    EXPECT_EQ(matrix->width(), matrix->height());
    int symbol = matrix->width() - 2 * matrix->quietZone();
    EXPECT_EQ((symbol - 21) % 4, 0) << symbol; // versions 1-40: 21 + 4(v-1) modules
}

TEST(QrEncoder, QuietZoneIsConfigurable) {
    QrOptions none;
    none.quietZone = 0;
    auto bare = QrEncoder::encode(kAsciiUri, none);
    auto standard = QrEncoder::encode(kAsciiUri);
    ASSERT_TRUE(bare.ok() && standard.ok());
    EXPECT_EQ(standard->width(), bare->width() + 8);
    EXPECT_TRUE(bare->isDark(0, 0));
    QrOptions negative;
    negative.quietZone = -1;
    EXPECT_EQ(QrEncoder::encode(kAsciiUri, negative).code(), ErrorCode::InvalidArgument);
}

TEST(QrEncoder, RefusesTextTooLongForAQrCode) {
    auto tooLong = QrEncoder::encode(std::string(3000, 'a'));
    ASSERT_FALSE(tooLong.ok());
    EXPECT_EQ(tooLong.code(), ErrorCode::QrTextTooLong);
    // Still fits at M but not at Q: the limit follows the chosen level.
    std::string nearLimit(2000, 'a');
    EXPECT_TRUE(QrEncoder::encode(nearLimit).ok());
    QrOptions quartile;
    quartile.ecc = QrErrorCorrection::Quartile;
    EXPECT_EQ(QrEncoder::encode(nearLimit, quartile).code(), ErrorCode::QrTextTooLong);
}

TEST(QrEncoder, RefusesEmptyText) {
    EXPECT_EQ(QrEncoder::encode(std::string_view{}).code(), ErrorCode::InvalidArgument);
}

TEST(QrMatrix, MovedFromMatrixIsEmpty) {
    auto matrix = QrEncoder::encode(kAsciiUri);
    ASSERT_TRUE(matrix.ok());
    QrMatrix moved = std::move(matrix).value();
    EXPECT_FALSE(moved.empty());
    EXPECT_TRUE(matrix->empty()); // NOLINT(bugprone-use-after-move)
    EXPECT_EQ(matrix->width(), 0);
}
