// SPDX-License-Identifier: Apache-2.0
#include "devices/Base64Url.h"

#include "devices/EnrolledCredential.h"

#include <gtest/gtest.h>

#include <string>

namespace madoguchi::devices {
namespace {

Bytes bytesOf(const std::string& s) {
    return Bytes(s.begin(), s.end());
}

TEST(Base64Url, MatchesRfc4648VectorsWithoutPadding) {
    // RFC 4648 §10, padding stripped as WebAuthn and JWT do.
    const std::pair<const char*, const char*> vectors[] = {
        {"", ""},           {"f", "Zg"},          {"fo", "Zm8"},         {"foo", "Zm9v"},
        {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"}};
    for (const auto& [plain, encoded] : vectors) {
        EXPECT_EQ(base64UrlEncode(bytesOf(plain)), encoded);
        auto decoded = base64UrlDecode(encoded);
        ASSERT_TRUE(decoded.ok()) << encoded;
        EXPECT_EQ(*decoded, bytesOf(plain));
    }
}

TEST(Base64Url, UsesTheUrlAlphabet) {
    EXPECT_EQ(base64UrlEncode(Bytes{0xfb, 0xff}), "-_8");
    EXPECT_EQ(*base64UrlDecode("-_8"), (Bytes{0xfb, 0xff}));
    EXPECT_FALSE(base64UrlDecode("+/8").ok());
}

TEST(Base64Url, RejectsPaddingImpossibleLengthsAndNonCanonicalTails) {
    EXPECT_FALSE(base64UrlDecode("Zg==").ok());
    EXPECT_FALSE(base64UrlDecode("Z").ok());
    EXPECT_FALSE(base64UrlDecode("Zh").ok()); // "Zg" with a stray low bit
}

TEST(Base64Url, StandardAlphabetNeedsPadding) {
    EXPECT_EQ(*base64Decode("Zm9vYg=="), bytesOf("foob"));
    EXPECT_FALSE(base64Decode("Zm9vYg").ok());
}

TEST(Aaguid, RoundTripsThroughItsTextForm) {
    const Aaguid a = {0xcb, 0x69, 0x48, 0x1e, 0x8f, 0xf7, 0x40, 0x39,
                      0x93, 0xec, 0x0a, 0x27, 0x29, 0xa1, 0x54, 0xa8};
    EXPECT_EQ(aaguidToString(a), "cb69481e-8ff7-4039-93ec-0a2729a154a8");
    EXPECT_EQ(*aaguidFromString("CB69481E-8FF7-4039-93EC-0A2729A154A8"), a);
    EXPECT_EQ(*aaguidFromString("cb69481e8ff7403993ec0a2729a154a8"), a);
    EXPECT_FALSE(aaguidFromString("cb69481e-8ff7-4039-93ec-0a2729a154").ok());
    EXPECT_FALSE(aaguidFromString("cb69481e-8ff7-4039-93ec-0a2729a154ag").ok());
}

} // namespace
} // namespace madoguchi::devices
