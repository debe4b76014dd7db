// SPDX-License-Identifier: Apache-2.0
#include "qr/PngWriter.h"

#include "QrTestSupport.h"
#include "qr/QrEncoder.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <unistd.h>

using madoguchi::ErrorCode;
using madoguchi::PngWriter;
using madoguchi::QrEncoder;
using madoguchi::QrMatrix;
using madoguchi::SecureBuffer;
using madoguchi::testing::commandOutput;
using madoguchi::testing::decodePng;
using madoguchi::testing::japaneseIssuerUri;

namespace {

namespace fs = std::filesystem;

// A scratch directory removed with everything in it when the test ends.
class ScratchDir {
public:
    ScratchDir() {
        m_path = fs::temp_directory_path() /
                 ("madoguchi-png-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
        fs::create_directories(m_path);
    }
    ~ScratchDir() {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    const fs::path& path() const { return m_path; }

private:
    fs::path m_path;
};

// zbarimg is an independent reader; --raw prints the payload's bytes and a newline.
std::string decodeWithZbar(const QrMatrix& matrix, int scale, const ScratchDir& dir) {
    fs::path file = dir.path() / "qr.png";
    auto written = PngWriter::writeFile(matrix, scale, file);
    EXPECT_TRUE(written.ok());
    auto output = commandOutput("zbarimg -q --raw '" + file.string() + "' 2>/dev/null");
    EXPECT_TRUE(output.has_value());
    std::string text = output.value_or("");
    if (!text.empty() && text.back() == '\n') {
        text.pop_back();
    }
    return text;
}

} // namespace

TEST(PngWriter, ZbarimgReadsAnAsciiUriBack) {
    ScratchDir dir;
    const std::string uri = "https://play.google.com/store/apps/details?id=com.azure.authenticator";
    auto matrix = QrEncoder::encode(uri);
    ASSERT_TRUE(matrix.ok());
    EXPECT_EQ(decodeWithZbar(*matrix, 4, dir), uri);
}

TEST(PngWriter, ZbarimgReadsAJapaneseIssuerOtpauthUriBackByteForByte) {
    ScratchDir dir;
    SecureBuffer uri = japaneseIssuerUri();
    auto matrix = QrEncoder::encode(uri);
    ASSERT_TRUE(matrix.ok());
    std::string read = decodeWithZbar(*matrix, 6, dir);
    EXPECT_NE(read.find("ITC%E5%81%A5%E4%BF%9D"), std::string::npos) << read;
    EXPECT_TRUE(uri.equals({reinterpret_cast<const std::uint8_t*>(read.data()), read.size()}))
        << read;
}

TEST(PngWriter, ZbarimgReadsRawUtf8TextBackByteForByte) {
    ScratchDir dir;
    const std::string text = "ITC健保の窓口";
    auto matrix = QrEncoder::encode(text);
    ASSERT_TRUE(matrix.ok());
    EXPECT_EQ(decodeWithZbar(*matrix, 5, dir), text);
}

TEST(PngWriter, EveryModuleIsAScaleByScaleBlackOrWhiteSquare) {
    auto matrix = QrEncoder::encode(japaneseIssuerUri());
    ASSERT_TRUE(matrix.ok());
    for (int scale : {1, 3, 8}) {
        auto png = PngWriter::encode(*matrix, scale);
        ASSERT_TRUE(png.ok());
        auto image = decodePng(*png);
        ASSERT_TRUE(image.has_value());
        ASSERT_EQ(image->width, matrix->width() * scale);
        ASSERT_EQ(image->height, matrix->height() * scale);
        int mismatches = 0;
        for (int y = 0; y < image->height; ++y) {
            for (int x = 0; x < image->width; ++x) {
                std::uint8_t expected = matrix->isDark(x / scale, y / scale) ? 0 : 255;
                if (image->pixels[static_cast<std::size_t>(y * image->width + x)] != expected) {
                    ++mismatches;
                }
            }
        }
        EXPECT_EQ(mismatches, 0) << "scale " << scale;
    }
}

TEST(PngWriter, StartsWithThePngSignature) {
    auto matrix = QrEncoder::encode("madoguchi");
    ASSERT_TRUE(matrix.ok());
    auto png = PngWriter::encode(*matrix, 2);
    ASSERT_TRUE(png.ok());
    ASSERT_GT(png->size(), 8U);
    EXPECT_EQ(png->view().substr(0, 8), std::string_view("\x89PNG\r\n\x1a\n", 8));
}

TEST(PngWriter, RefusesBadScalesAndEmptyMatrices) {
    auto matrix = QrEncoder::encode("madoguchi");
    ASSERT_TRUE(matrix.ok());
    EXPECT_EQ(PngWriter::encode(*matrix, 0).code(), ErrorCode::InvalidArgument);
    EXPECT_EQ(PngWriter::encode(*matrix, -3).code(), ErrorCode::InvalidArgument);
    EXPECT_EQ(PngWriter::encode(*matrix, PngWriter::kMaxScale + 1).code(),
              ErrorCode::InvalidArgument);
    EXPECT_EQ(PngWriter::encode(QrMatrix{}, 4).code(), ErrorCode::InvalidArgument);
}

TEST(PngWriter, ReportsAnUnwritablePath) {
    auto matrix = QrEncoder::encode("madoguchi");
    ASSERT_TRUE(matrix.ok());
    auto status = PngWriter::writeFile(*matrix, 2, "/nonexistent-dir-madoguchi/qr.png");
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(status.code(), ErrorCode::StorageIo);
}
