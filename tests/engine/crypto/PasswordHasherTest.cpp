// SPDX-License-Identifier: Apache-2.0
#include "crypto/PasswordHasher.h"

#include "ExternalTool.h"
#include "crypto/Base64.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using madoguchi::ErrorCode;
using madoguchi::SecureBuffer;
using madoguchi::crypto::Base64;
using madoguchi::crypto::PasswordDigest;
using madoguchi::crypto::PasswordHasher;
using madoguchi::crypto::PasswordHashRecord;

namespace {

std::span<const std::uint8_t> bytesOf(std::string_view s) {
    return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

std::string hex(std::span<const std::uint8_t> bytes) {
    static const char* digits = "0123456789abcdef";
    std::string out;
    for (auto b : bytes) {
        out.push_back(digits[b >> 4]);
        out.push_back(digits[b & 0xf]);
    }
    return out;
}

std::string pythonPbkdf2(const std::string& digest, const std::string& password,
                         const std::string& saltHex, std::uint32_t iterations, std::size_t length) {
    const std::string cmd =
        madoguchi::testing::python3() + " -c \"import hashlib,sys; print(hashlib.pbkdf2_hmac('" +
        digest + "', b'" + password + "', bytes.fromhex('" + saltHex + "'), " +
        std::to_string(iterations) + ", " + std::to_string(length) + ").hex())\"";
    auto out = madoguchi::testing::runCommand(cmd);
    return out ? out->substr(0, out->find('\n')) : std::string("python3 failed");
}

PasswordHasher sha256Hasher() {
    return PasswordHasher::create({PasswordDigest::Sha256, 600'000}).value();
}

} // namespace

// RFC 7914 §11 gives PBKDF2-HMAC-SHA256 vectors (RFC 6070's are for SHA-1).
TEST(PasswordHasher, Pbkdf2MatchesRfc7914Vectors) {
    auto a =
        PasswordHasher::pbkdf2(PasswordDigest::Sha256, bytesOf("passwd"), bytesOf("salt"), 1, 64);
    ASSERT_TRUE(a.ok());
    EXPECT_EQ(hex(a->bytes()), "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                               "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783");
    auto b = PasswordHasher::pbkdf2(PasswordDigest::Sha256, bytesOf("Password"), bytesOf("NaCl"),
                                    80000, 64);
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(hex(b->bytes()), "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56"
                               "a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d");
}

TEST(PasswordHasher, Sha512MatchesPythonHashlib) {
    auto ours =
        PasswordHasher::pbkdf2(PasswordDigest::Sha512, bytesOf("password"), bytesOf("salt"), 2, 64);
    ASSERT_TRUE(ours.ok());
    EXPECT_EQ(hex(ours->bytes()), pythonPbkdf2("sha512", "password", "73616c74", 2, 64));
}

TEST(PasswordHasher, RecordMatchesPythonHashlibAtTheFloor) {
    const std::vector<std::uint8_t> salt{0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77,
                                         0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};
    auto record = sha256Hasher().hashWithSalt(SecureBuffer::fromText("Kenpo-2024!"), salt);
    ASSERT_TRUE(record.ok());
    auto parsed = PasswordHashRecord::parse(*record).value();
    EXPECT_EQ(record->rfind("pbkdf2-sha256$600000$", 0), 0u);
    EXPECT_EQ(parsed.salt, salt);
    EXPECT_EQ(hex(parsed.hash), pythonPbkdf2("sha256", "Kenpo-2024!", hex(salt), 600'000, 32));
}

TEST(PasswordHasher, VerifiesTheRightPasswordAndRefusesAWrongOne) {
    const auto hasher = sha256Hasher();
    auto record = hasher.hash(SecureBuffer::fromText("correct horse")).value();
    EXPECT_TRUE(PasswordHasher::verify(record, SecureBuffer::fromText("correct horse")).value());
    EXPECT_FALSE(PasswordHasher::verify(record, SecureBuffer::fromText("correct hors")).value());
    EXPECT_FALSE(PasswordHasher::verify(record, SecureBuffer::fromText("")).value());
}

TEST(PasswordHasher, DrawsAFreshSaltForEveryHash) {
    const auto hasher = PasswordHasher::create({PasswordDigest::Sha512, 210'000}).value();
    auto a = PasswordHashRecord::parse(hasher.hash(SecureBuffer::fromText("same")).value()).value();
    auto b = PasswordHashRecord::parse(hasher.hash(SecureBuffer::fromText("same")).value()).value();
    EXPECT_EQ(a.salt.size(), 16u);
    EXPECT_NE(a.salt, b.salt);
    EXPECT_NE(a.hash, b.hash);
    EXPECT_EQ(a.hash.size(), 64u);
}

TEST(PasswordHasher, RefusesIterationsBelowTheFloor) {
    EXPECT_EQ(PasswordHasher::create({PasswordDigest::Sha256, 599'999}).code(),
              ErrorCode::InvalidArgument);
    EXPECT_EQ(PasswordHasher::create({PasswordDigest::Sha512, 209'999}).code(),
              ErrorCode::InvalidArgument);
    EXPECT_TRUE(PasswordHasher::create({PasswordDigest::Sha512, 210'000}).ok());
    EXPECT_TRUE(PasswordHasher::create({PasswordDigest::Sha256, 600'000}).ok());
}

TEST(PasswordHasher, RefusesToVerifyAStoredRecordBelowTheFloor) {
    // A record that would match, made at 1000 iterations, is still refused.
    const std::vector<std::uint8_t> salt(16, 0x42);
    auto derived =
        PasswordHasher::pbkdf2(PasswordDigest::Sha256, bytesOf("pin"), salt, 1000, 32).value();
    PasswordHashRecord weak{
        PasswordDigest::Sha256, 1000, salt, {derived.bytes().begin(), derived.bytes().end()}};
    EXPECT_EQ(PasswordHasher::verify(weak.toString(), SecureBuffer::fromText("pin")).code(),
              ErrorCode::InvalidArgument);
}

TEST(PasswordHashRecord, ParsesAndPrintsTheStringForm) {
    const std::string text = "pbkdf2-sha256$600000$" +
                             Base64::encode(std::string_view("0123456789abcdef")) + "$" +
                             Base64::encode(std::vector<std::uint8_t>(32, 7));
    auto record = PasswordHashRecord::parse(text);
    ASSERT_TRUE(record.ok());
    EXPECT_EQ(record->iterations, 600'000u);
    EXPECT_EQ(record->salt.size(), 16u);
    EXPECT_EQ(record->toString(), text);
}

TEST(PasswordHashRecord, RefusesMalformedStrings) {
    const std::string salt = Base64::encode(std::string_view("0123456789abcdef"));
    const std::string hash = Base64::encode(std::vector<std::uint8_t>(32, 7));
    EXPECT_FALSE(PasswordHashRecord::parse("").ok());
    EXPECT_FALSE(PasswordHashRecord::parse("pbkdf2-sha256$600000$" + salt).ok());
    EXPECT_FALSE(PasswordHashRecord::parse("pbkdf2-md5$600000$" + salt + "$" + hash).ok());
    EXPECT_FALSE(PasswordHashRecord::parse("pbkdf2-sha256$6e5$" + salt + "$" + hash).ok());
    EXPECT_FALSE(PasswordHashRecord::parse("pbkdf2-sha256$0600000$" + salt + "$" + hash).ok());
    EXPECT_FALSE(PasswordHashRecord::parse("pbkdf2-sha256$99999999999$" + salt + "$" + hash).ok());
    EXPECT_FALSE(PasswordHashRecord::parse("pbkdf2-sha256$600000$" + salt + "$" + hash + "$").ok());
    EXPECT_FALSE(PasswordHashRecord::parse("pbkdf2-sha256$600000$!!$" + hash).ok());
}
