// SPDX-License-Identifier: Apache-2.0
#include "CtlFixture.h"

#include <array>
#include <cstdio>

namespace madoguchi::test {
namespace {

using Qr = CtlFixture;

// zbarimg's reading of the PNG, an independent decoder.
std::string decode(const std::filesystem::path& png) {
    const std::string command =
        "zbarimg -q --raw " + CtlFixture::quote(png.string()) + " 2>/dev/null";
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) {
        return {};
    }
    std::string text;
    std::array<char, 1024> buffer{};
    std::size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
        text.append(buffer.data(), n);
    }
    pclose(pipe);
    while (!text.empty() && text.back() == '\n') {
        text.pop_back();
    }
    return text;
}

TEST_F(Qr, WritesAPngThatZbarimgDecodesToTheText) {
    const std::string text = "https://portal.example.jp/kenpo/登録?from=kiosk";
    const auto png = m_dir / "portal.png";
    const CtlRun r = run("qr " + quote(text) + " --out " + quote(png.string()) + " --scale 4");
    ASSERT_EQ(r.exitCode, 0) << r.output;
    EXPECT_EQ(decode(png), text);
}

TEST_F(Qr, ScalesEachModuleByTheGivenFactor) {
    const auto small = m_dir / "small.png";
    const auto large = m_dir / "large.png";
    ASSERT_EQ(run("qr HELLO --out " + quote(small.string()) + " --scale 2").exitCode, 0);
    ASSERT_EQ(run("qr HELLO --out " + quote(large.string()) + " --scale 6").exitCode, 0);
    // PNG IHDR: width is the big-endian 32-bit number at byte 16.
    const auto width = [](const std::string& png) {
        return (static_cast<unsigned char>(png.at(18)) << 8) |
               static_cast<unsigned char>(png.at(19));
    };
    const int w2 = width(readFile(small));
    const int w6 = width(readFile(large));
    EXPECT_GT(w2, 0);
    EXPECT_EQ(w6, 3 * w2);
    EXPECT_EQ(decode(large), "HELLO");
}

TEST_F(Qr, RefusesAnOtpauthUriAndWritesNothing) {
    const auto png = m_dir / "secret.png";
    for (const char* uri : {"otpauth://totp/ITC:member?secret=JBSWY3DPEHPK3PXP&issuer=ITC",
                            "  OTPAUTH://totp/x?secret=JBSWY3DPEHPK3PXP",
                            "otpauth-migration://offline?data=CjEKCkhlbGxvId"}) {
        const CtlRun r = run("qr " + quote(uri) + " --out " + quote(png.string()));
        EXPECT_NE(r.exitCode, 0) << uri;
        EXPECT_NE(r.output.find("secret"), std::string::npos) << r.output;
        EXPECT_FALSE(std::filesystem::exists(png)) << uri;
    }
}

TEST_F(Qr, RefusesAScaleOutOfRange) {
    const auto png = m_dir / "x.png";
    EXPECT_EQ(run("qr HELLO --out " + quote(png.string()) + " --scale 0").exitCode, 2);
    EXPECT_EQ(run("qr HELLO --out " + quote(png.string()) + " --scale 9x").exitCode, 2);
    EXPECT_EQ(run("qr HELLO").exitCode, 2);
    EXPECT_FALSE(std::filesystem::exists(png));
}

} // namespace
} // namespace madoguchi::test
