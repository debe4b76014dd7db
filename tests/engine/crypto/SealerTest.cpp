// SPDX-License-Identifier: Apache-2.0
#include "crypto/Sealer.h"

#include "ExternalTool.h"
#include "crypto/Opener.h"
#include "crypto/SealingKeyPair.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using madoguchi::ErrorCode;
using madoguchi::SecureBuffer;
using madoguchi::crypto::Opener;
using madoguchi::crypto::Sealer;
using madoguchi::crypto::SealingKeyPair;

namespace {

const SecureBuffer& plaintext() {
    static const SecureBuffer p = SecureBuffer::fromText(R"({"user_id":"yamada.taro"})");
    return p;
}

struct Sealed {
    SealingKeyPair keys;
    std::vector<std::uint8_t> aad;
    std::vector<std::uint8_t> envelope;
};

Sealed sealOne() {
    Sealed s{SealingKeyPair::generate().value(), Sealer::enrollmentAad("kiosk-01", "e-1"), {}};
    s.envelope = Sealer::seal(s.keys.publicKeyPem, plaintext(), s.aad).value();
    return s;
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

} // namespace

TEST(Sealer, RoundTripsThroughTheOpener) {
    const auto s = sealOne();
    EXPECT_EQ(s.envelope.size(), Sealer::kOverhead + plaintext().size());
    EXPECT_EQ(s.envelope[0], Sealer::kVersion);
    auto opened = Opener::open(s.keys.privateKeyPem, s.envelope, s.aad);
    ASSERT_TRUE(opened.ok()) << opened.error().detail;
    EXPECT_EQ(opened->view(), plaintext().view());
}

TEST(Sealer, SealsAnEmptyPlaintext) {
    auto keys = SealingKeyPair::generate().value();
    auto envelope = Sealer::seal(keys.publicKeyPem, SecureBuffer(), {}).value();
    EXPECT_EQ(envelope.size(), Sealer::kOverhead);
    EXPECT_TRUE(Opener::open(keys.privateKeyPem, envelope, {}).value().empty());
}

TEST(Sealer, UsesAFreshEphemeralKeyAndNonceEachTime) {
    const auto s = sealOne();
    auto again = Sealer::seal(s.keys.publicKeyPem, plaintext(), s.aad).value();
    EXPECT_NE(std::vector<std::uint8_t>(s.envelope.begin() + 1, s.envelope.begin() + 45),
              std::vector<std::uint8_t>(again.begin() + 1, again.begin() + 45));
    EXPECT_NE(s.envelope, again);
}

TEST(Sealer, RefusesEveryTamperedByte) {
    const auto s = sealOne();
    const auto opener = Opener::fromPrivateKeyPem(s.keys.privateKeyPem).value();
    for (std::size_t i = 0; i < s.envelope.size(); ++i) {
        auto tampered = s.envelope;
        tampered[i] ^= 0x01;
        auto opened = opener.open(tampered, s.aad);
        EXPECT_FALSE(opened.ok()) << "byte " << i;
    }
}

TEST(Sealer, RefusesATruncatedEnvelope) {
    const auto s = sealOne();
    auto shorter = s.envelope;
    shorter.pop_back();
    EXPECT_EQ(Opener::open(s.keys.privateKeyPem, shorter, s.aad).code(), ErrorCode::CryptoFailure);
    std::vector<std::uint8_t> tiny(Sealer::kOverhead - 1, 1);
    EXPECT_EQ(Opener::open(s.keys.privateKeyPem, tiny, s.aad).code(), ErrorCode::CryptoFailure);
}

TEST(Sealer, RefusesOtherAssociatedData) {
    const auto s = sealOne();
    EXPECT_FALSE(
        Opener::open(s.keys.privateKeyPem, s.envelope, Sealer::enrollmentAad("kiosk-02", "e-1"))
            .ok());
    EXPECT_FALSE(
        Opener::open(s.keys.privateKeyPem, s.envelope, Sealer::enrollmentAad("kiosk-01", "e-2"))
            .ok());
    EXPECT_FALSE(Opener::open(s.keys.privateKeyPem, s.envelope, {}).ok());
}

TEST(Sealer, AadKeepsFieldBoundaries) {
    EXPECT_NE(Sealer::enrollmentAad("ab", "c"), Sealer::enrollmentAad("a", "bc"));
}

TEST(Sealer, RefusesAnotherPrivateKey) {
    const auto s = sealOne();
    auto other = SealingKeyPair::generate().value();
    EXPECT_EQ(Opener::open(other.privateKeyPem, s.envelope, s.aad).code(),
              ErrorCode::CryptoFailure);
}

TEST(Sealer, ThePublicKeyCannotOpen) {
    const auto s = sealOne();
    auto asSecret = SecureBuffer::fromText(s.keys.publicKeyPem);
    EXPECT_EQ(Opener::fromPrivateKeyPem(asSecret).code(), ErrorCode::InvalidArgument);
}

TEST(Sealer, RefusesANonX25519RecipientKey) {
    auto ecPem = madoguchi::testing::runCommand(
        "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 2>/dev/null | "
        "openssl pkey -pubout 2>/dev/null");
    ASSERT_TRUE(ecPem.has_value());
    EXPECT_EQ(Sealer::seal(*ecPem, plaintext(), {}).code(), ErrorCode::InvalidArgument);
    EXPECT_EQ(Sealer::seal("not a pem", plaintext(), {}).code(), ErrorCode::InvalidArgument);
}

TEST(Sealer, RefusesAnUnknownVersion) {
    const auto s = sealOne();
    auto v2 = s.envelope;
    v2[0] = 2;
    EXPECT_EQ(Opener::open(s.keys.privateKeyPem, v2, s.aad).code(), ErrorCode::Unsupported);
}

TEST(SealingKeyPair, PublicKeyOfMatchesTheGeneratedOneAndOpensslReadsBoth) {
    auto keys = SealingKeyPair::generate().value();
    EXPECT_EQ(SealingKeyPair::publicKeyOf(keys.privateKeyPem).value(), keys.publicKeyPem);
    const auto dir =
        std::filesystem::temp_directory_path() / ("madoguchi-seal-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    { std::ofstream(dir / "key.pem") << keys.privateKeyPem.view(); }
    auto pub = madoguchi::testing::runCommand("openssl pkey -in " + (dir / "key.pem").string() +
                                              " -pubout 2>/dev/null");
    std::filesystem::remove_all(dir);
    ASSERT_TRUE(pub.has_value());
    EXPECT_EQ(*pub, keys.publicKeyPem);
}

// An independent implementation of the envelope format (Python's cryptography package)
// opens what we seal, so the documented format is the real one.
TEST(Sealer, EnvelopeOpensWithPythonCryptography) {
    const auto s = sealOne();
    const auto dir = std::filesystem::temp_directory_path() /
                     ("madoguchi-seal-py-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    { std::ofstream(dir / "key.pem") << s.keys.privateKeyPem.view(); }
    const std::string script = R"PY(
import sys
from cryptography.hazmat.primitives import serialization, hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
key = serialization.load_pem_private_key(open(sys.argv[1], 'rb').read(), None)
env = bytes.fromhex(sys.argv[2]); aad = bytes.fromhex(sys.argv[3])
assert env[0] == 1
eph = env[1:33]; nonce = env[33:45]; body = env[45:]
shared = key.exchange(X25519PublicKey.from_public_bytes(eph))
rpub = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
k = HKDF(algorithm=hashes.SHA256(), length=32, salt=b'madoguchi-seal-v1', info=eph + rpub).derive(shared)
sys.stdout.write(AESGCM(k).decrypt(nonce, body, b'\x01' + aad).decode())
)PY";
    { std::ofstream(dir / "open.py") << script; }
    auto out = madoguchi::testing::runCommand(
        madoguchi::testing::python3() + " " + (dir / "open.py").string() + " " +
        (dir / "key.pem").string() + " " + hex(s.envelope) + " " + hex(s.aad));
    std::filesystem::remove_all(dir);
    ASSERT_TRUE(out.has_value()) << "python3 with python3-cryptography is needed";
    EXPECT_EQ(*out, plaintext().view());
}
