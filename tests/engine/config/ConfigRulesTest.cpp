// SPDX-License-Identifier: Apache-2.0
#include "config/ConfigRules.h"

#include <gtest/gtest.h>

using madoguchi::config::ConfigRules;

TEST(ConfigRules, HttpsHostIsTakenOnlyFromPlainHttpsUrls) {
    EXPECT_EQ(ConfigRules::httpsHost("https://www.itochukenpo.portal.kosmo-web.jp"),
              "www.itochukenpo.portal.kosmo-web.jp");
    EXPECT_EQ(ConfigRules::httpsHost("https://central.example:8443/api?x=1"), "central.example");
    EXPECT_FALSE(ConfigRules::httpsHost("http://example.jp"));
    EXPECT_FALSE(ConfigRules::httpsHost("https://"));
    EXPECT_FALSE(ConfigRules::httpsHost("https://bank.example@evil.example/"));
    EXPECT_FALSE(ConfigRules::httpsHost("https://Example.jp"));
    EXPECT_FALSE(ConfigRules::httpsHost("https://example.jp:0"));
    EXPECT_FALSE(ConfigRules::httpsHost("https://example.jp:70000"));
    EXPECT_FALSE(ConfigRules::httpsHost("https://exa mple.jp"));
    EXPECT_FALSE(ConfigRules::httpsHost("https://-bad-.jp"));
}

TEST(ConfigRules, EmailNeedsOneAtAndADottedDomain) {
    EXPECT_TRUE(ConfigRules::isEmail("itckh@itochu.co.jp"));
    EXPECT_FALSE(ConfigRules::isEmail("itckh@localhost"));
    EXPECT_FALSE(ConfigRules::isEmail("a@b@c.jp"));
    EXPECT_FALSE(ConfigRules::isEmail("@itochu.co.jp"));
    EXPECT_FALSE(ConfigRules::isEmail("it ckh@itochu.co.jp"));
}

TEST(ConfigRules, AaguidIsCanonicalisedOrRefused) {
    EXPECT_EQ(ConfigRules::canonicalAaguid("CB69481E8FF7403993EC0A2729A154A8"),
              "cb69481e-8ff7-4039-93ec-0a2729a154a8");
    EXPECT_EQ(ConfigRules::canonicalAaguid("cb69481e-8ff7-4039-93ec-0a2729a154a8"),
              "cb69481e-8ff7-4039-93ec-0a2729a154a8");
    EXPECT_FALSE(ConfigRules::canonicalAaguid("cb69481e-8ff74039-93ec-0a2729a154a8-"));
    EXPECT_FALSE(ConfigRules::canonicalAaguid("zb69481e8ff7403993ec0a2729a154a8"));
    EXPECT_FALSE(ConfigRules::canonicalAaguid(""));
}

TEST(ConfigRules, Pbkdf2RecordFloorsFollowTheDigest) {
    const std::string salt = "bWFkb2d1Y2hpLWRlbW8hIQ=="; // 16 bytes
    const std::string hash32 = "0HgLs7SyuJe3m4HYqov3gpN4A6lFaj+wK0T7VNAAAb0=";
    const std::string hash64 = hash32.substr(0, 43) + hash32.substr(0, 43) + "==";
    EXPECT_FALSE(ConfigRules::pbkdf2RecordProblem("pbkdf2-sha256$600000$" + salt + "$" + hash32));
    EXPECT_TRUE(ConfigRules::pbkdf2RecordProblem("pbkdf2-sha256$599999$" + salt + "$" + hash32));
    EXPECT_FALSE(ConfigRules::pbkdf2RecordProblem("pbkdf2-sha512$210000$" + salt + "$" + hash64));
    EXPECT_TRUE(ConfigRules::pbkdf2RecordProblem("pbkdf2-sha512$209999$" + salt + "$" + hash64));
    EXPECT_TRUE(ConfigRules::pbkdf2RecordProblem("pbkdf2-sha512$210000$" + salt + "$" + hash32));
    EXPECT_TRUE(
        ConfigRules::pbkdf2RecordProblem("pbkdf2-sha256$600000$" + salt + "$" + hash32 + "$x"));
    EXPECT_TRUE(ConfigRules::pbkdf2RecordProblem("pbkdf2-sha256$600000$" + salt + "=$" + hash32));
}

TEST(ConfigRules, CodePointsCountCharactersNotBytes) {
    EXPECT_EQ(ConfigRules::codePoints("ITC健保"), 5U);
    EXPECT_TRUE(ConfigRules::hasControlCharacter("a\tb"));
    EXPECT_FALSE(ConfigRules::hasControlCharacter("伊藤忠"));
}
