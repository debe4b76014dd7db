// SPDX-License-Identifier: Apache-2.0
#include "devices/MetadataService.h"

#include "SoftKeyFixture.h"
#include "TestPki.h"
#include "crypto/Base64.h"
#include "devices/DeviceReport.h"
#include "devices/EnrolledCredential.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/pem.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace madoguchi::devices::test {
namespace {

const Aaguid kYubiKeyAaguid = {0x2f, 0xc0, 0x57, 0x9f, 0x81, 0x13, 0x47, 0xea,
                               0xb1, 0x16, 0xbb, 0x5a, 0x8d, 0xb9, 0x20, 0x2a};

std::string base64Std(const Bytes& der) {
    std::string out(4 * ((der.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), der.data(),
                                  static_cast<int>(der.size()));
    out.resize(static_cast<std::size_t>(n));
    return out;
}

std::string b64url(const std::string& text) {
    return crypto::Base64::encodeUrl(Bytes(text.begin(), text.end()));
}

nlohmann::json payload() {
    return {
        {"legalHeader", "test"},
        {"no", 42},
        {"nextUpdate", "2099-01-01"},
        {"entries",
         {{{"aaguid", aaguidToString(kYubiKeyAaguid)},
           {"metadataStatement", {{"description", "YubiKey 5 NFC"}}}},
          {{"attestationCertificateKeyIdentifiers", {"bf7bcaa0d0c6187a8c6abbdd16a15640e7c7bde2"}},
           {"metadataStatement", {{"description", "Some U2F key"}}}},
          {{"aaguid", "6d61646f-6775-6368-692d-736f66740001"},
           {"metadataStatement", {{"description", "Madoguchi Soft Key"}}}}}}};
}

Bytes signDer(EVP_PKEY* key, const std::string& input) {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    std::size_t len = 0;
    EXPECT_EQ(EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key), 1);
    EXPECT_EQ(EVP_DigestSign(ctx, nullptr, &len,
                             reinterpret_cast<const unsigned char*>(input.data()), input.size()),
              1);
    Bytes sig(len);
    EXPECT_EQ(EVP_DigestSign(ctx, sig.data(), &len,
                             reinterpret_cast<const unsigned char*>(input.data()), input.size()),
              1);
    sig.resize(len);
    EVP_MD_CTX_free(ctx);
    return sig;
}

Bytes derToRaw(const Bytes& der) {
    const unsigned char* p = der.data();
    ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(der.size()));
    Bytes raw(64);
    BN_bn2binpad(ECDSA_SIG_get0_r(sig), raw.data(), 32);
    BN_bn2binpad(ECDSA_SIG_get0_s(sig), raw.data() + 32, 32);
    ECDSA_SIG_free(sig);
    return raw;
}

std::string signingInput(const std::string& alg, const std::vector<X509*>& chain,
                         const nlohmann::json& body) {
    nlohmann::json header = {{"alg", alg}, {"typ", "JWT"}, {"x5c", nlohmann::json::array()}};
    for (X509* cert : chain) {
        header["x5c"].push_back(base64Std(TestPki::der(cert)));
    }
    return b64url(header.dump()) + "." + b64url(body.dump());
}

// A root, an intermediate and a blob signer, like the FIDO Alliance's MDS chain.
class Metadata : public SoftKeyFixture {
protected:
    EvpPkey m_rootKey = TestPki::newEcKey();
    X509Ptr m_root =
        TestPki::certificate("Test MDS Root", m_rootKey.get(), nullptr, m_rootKey.get(), true);
    EvpPkey m_caKey = TestPki::newEcKey();
    X509Ptr m_ca =
        TestPki::certificate("Test MDS CA", m_caKey.get(), m_root.get(), m_rootKey.get(), true);
    EvpPkey m_signerKey = TestPki::newEcKey();
    X509Ptr m_signer = TestPki::certificate("Test MDS Signer", m_signerKey.get(), m_ca.get(),
                                            m_caKey.get(), false);

    std::string es256Blob(const nlohmann::json& body) {
        const std::string input = signingInput("ES256", {m_signer.get(), m_ca.get()}, body);
        return input + "." + crypto::Base64::encodeUrl(derToRaw(signDer(m_signerKey.get(), input)));
    }
};

TEST_F(Metadata, Es256BlobChainedToTheRootNamesKeys) {
    auto mds = MetadataService::fromBlob(es256Blob(payload()), TestPki::pem(m_root.get()));
    ASSERT_TRUE(mds.ok()) << mds.error().detail;
    EXPECT_EQ(mds->describe(kYubiKeyAaguid), "YubiKey 5 NFC");
    EXPECT_EQ(mds->describe(Aaguid{}), std::nullopt);
    EXPECT_EQ(mds->size(), 2U); // the U2F entry has no AAGUID
    EXPECT_EQ(mds->blobNumber(), 42U);
}

TEST_F(Metadata, Rs256BlobSignedByTheOpensslCliIsAccepted) {
    EvpPkey rsaKey = TestPki::newRsaKey();
    X509Ptr rsaSigner =
        TestPki::certificate("Test MDS RSA Signer", rsaKey.get(), m_ca.get(), m_caKey.get(), false);
    const std::string input = signingInput("RS256", {rsaSigner.get(), m_ca.get()}, payload());
    const auto dir =
        std::filesystem::temp_directory_path() / ("madoguchi-mds-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    {
        FILE* f = std::fopen((dir / "key.pem").c_str(), "w");
        ASSERT_NE(f, nullptr);
        ASSERT_EQ(PEM_write_PrivateKey(f, rsaKey.get(), nullptr, nullptr, 0, nullptr, nullptr), 1);
        std::fclose(f);
        std::ofstream(dir / "input.txt", std::ios::binary) << input;
    }
    const std::string cmd = "openssl dgst -sha256 -sign '" + (dir / "key.pem").string() +
                            "' -out '" + (dir / "sig.bin").string() + "' '" +
                            (dir / "input.txt").string() + "'";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    std::ifstream sigFile(dir / "sig.bin", std::ios::binary);
    const Bytes sig((std::istreambuf_iterator<char>(sigFile)), std::istreambuf_iterator<char>());
    std::filesystem::remove_all(dir);
    ASSERT_EQ(sig.size(), 256U);
    auto mds = MetadataService::fromBlob(input + "." + crypto::Base64::encodeUrl(sig),
                                         TestPki::pem(m_root.get()));
    ASSERT_TRUE(mds.ok()) << mds.error().detail;
    EXPECT_EQ(mds->describe(kYubiKeyAaguid), "YubiKey 5 NFC");
}

TEST_F(Metadata, TamperedPayloadIsRejected) {
    const std::string blob = es256Blob(payload());
    nlohmann::json forged = payload();
    forged["entries"][0]["metadataStatement"]["description"] = "Totally Trusted Key";
    const std::size_t dot1 = blob.find('.');
    const std::size_t dot2 = blob.find('.', dot1 + 1);
    const std::string tampered =
        blob.substr(0, dot1 + 1) + b64url(forged.dump()) + blob.substr(dot2);
    auto mds = MetadataService::fromBlob(tampered, TestPki::pem(m_root.get()));
    ASSERT_FALSE(mds.ok());
    EXPECT_EQ(mds.code(), ErrorCode::DeviceMetadataInvalid);
    EXPECT_NE(mds.error().detail.find("signature"), std::string::npos);
}

TEST_F(Metadata, BlobSignedByAnotherKeyIsRejected) {
    const std::string input = signingInput("ES256", {m_signer.get(), m_ca.get()}, payload());
    EvpPkey stranger = TestPki::newEcKey();
    auto mds = MetadataService::fromBlob(
        input + "." + crypto::Base64::encodeUrl(derToRaw(signDer(stranger.get(), input))),
        TestPki::pem(m_root.get()));
    ASSERT_FALSE(mds.ok());
    EXPECT_EQ(mds.code(), ErrorCode::DeviceMetadataInvalid);
}

TEST_F(Metadata, ChainToAnotherRootIsRejected) {
    EvpPkey otherKey = TestPki::newEcKey();
    X509Ptr otherRoot =
        TestPki::certificate("Test MDS Root", otherKey.get(), nullptr, otherKey.get(), true);
    auto mds = MetadataService::fromBlob(es256Blob(payload()), TestPki::pem(otherRoot.get()));
    ASSERT_FALSE(mds.ok());
    EXPECT_EQ(mds.code(), ErrorCode::DeviceMetadataInvalid);
    EXPECT_NE(mds.error().detail.find("root"), std::string::npos);
}

TEST_F(Metadata, MissingIntermediateBreaksTheChain) {
    const std::string input = signingInput("ES256", {m_signer.get()}, payload());
    auto mds = MetadataService::fromBlob(
        input + "." + crypto::Base64::encodeUrl(derToRaw(signDer(m_signerKey.get(), input))),
        TestPki::pem(m_root.get()));
    EXPECT_EQ(mds.code(), ErrorCode::DeviceMetadataInvalid);
}

TEST_F(Metadata, UnsignedOrMalformedBlobsAreRejected) {
    const std::string root = TestPki::pem(m_root.get());
    const std::string none =
        b64url(R"({"alg":"none","typ":"JWT"})") + "." + b64url(payload().dump()) + ".";
    EXPECT_EQ(MetadataService::fromBlob(none, root).code(), ErrorCode::DeviceMetadataInvalid);
    EXPECT_EQ(MetadataService::fromBlob("not a jwt", root).code(),
              ErrorCode::DeviceMetadataInvalid);
    EXPECT_EQ(MetadataService::fromBlob("a.b.c.d", root).code(), ErrorCode::DeviceMetadataInvalid);
    EXPECT_EQ(MetadataService::fromBlob(es256Blob(payload()), "no pem here").code(),
              ErrorCode::DeviceMetadataInvalid);
}

TEST_F(Metadata, RegistrationAndReportUseTheModelName) {
    auto mds = MetadataService::fromBlob(es256Blob(payload()), TestPki::pem(m_root.get()));
    ASSERT_TRUE(mds.ok());
    plug();
    auto report = collectDeviceReport(m_manager, &*mds);
    ASSERT_TRUE(report.ok());
    ASSERT_EQ(report->size(), 1U);
    EXPECT_EQ((*report)[0].modelName, "Madoguchi Soft Key");

    auto key = openKey();
    ASSERT_TRUE(key);
    SecurityKeyEnrollment enrollment(*key, AttestationPolicy{}, &*mds);
    ASSERT_TRUE(enrollment.chooseNewPin(SecureBuffer::fromText("2468")).ok());
    auto credential = enrollment.registerCredential(request());
    ASSERT_TRUE(credential.ok());
    EXPECT_EQ(credential->deviceName, "Madoguchi Soft Key");
}

} // namespace
} // namespace madoguchi::devices::test
