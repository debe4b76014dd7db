// SPDX-License-Identifier: Apache-2.0
// Attestation beyond fido_cred_verify: the x509 chain to configured roots, the AAGUID
// extension, fido-u2f statements, and which algorithm a new credential gets.
#include "SoftKeyFixture.h"
#include "TestPki.h"
#include "devices/AttestationChain.h"
#include "devices/EnrolledCredential.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace madoguchi::devices::test {
namespace {

// A vendor root, its batch CA and one batch certificate, like a real key's x5c chain.
class Attestation : public SoftKeyFixture {
protected:
    EvpPkey m_rootKey = TestPki::newEcKey();
    X509Ptr m_root =
        TestPki::certificate("Test Vendor Root", m_rootKey.get(), nullptr, m_rootKey.get(), true);
    EvpPkey m_caKey = TestPki::newEcKey();
    X509Ptr m_ca =
        TestPki::certificate("Test Vendor CA", m_caKey.get(), m_root.get(), m_rootKey.get(), true);
    std::shared_ptr<EVP_PKEY> m_leafKey{TestPki::newEcKey().release(), EVP_PKEY_free};
    Aaguid m_aaguid = SoftAuthenticator::Options{}.aaguid;

    X509Ptr leaf(const std::optional<Aaguid>& extension) {
        return TestPki::certificate("Test Key Batch 7", m_leafKey.get(), m_ca.get(), m_caKey.get(),
                                    false, extension);
    }

    // A key whose statement is `format` with x5c = [leaf, intermediates...].
    void plugAttested(SoftAuthenticator::Attestation format, X509* leafCert,
                      std::vector<X509*> intermediates) {
        SoftAuthenticator::Options options;
        options.attestation = format;
        options.attestationKey = m_leafKey;
        options.attestationCertificateDer = TestPki::der(leafCert);
        for (X509* cert : intermediates) {
            options.attestationIntermediatesDer.push_back(TestPki::der(cert));
        }
        plug(options);
    }

    Result<EnrolledCredential> registerWith(const AttestationPolicy& policy) {
        auto key = openKey();
        if (!key) {
            return Error{ErrorCode::Internal, "no key"};
        }
        SecurityKeyEnrollment enrollment(*key, policy);
        if (auto pin = enrollment.chooseNewPin(SecureBuffer::fromText("2468")); !pin) {
            return pin.error();
        }
        return enrollment.registerCredential(request());
    }

    AttestationPolicy rootedAt(std::vector<X509*> roots) {
        AttestationPolicy policy;
        for (X509* root : roots) {
            policy.trustedRootsPem.push_back(TestPki::pem(root));
        }
        return policy;
    }
};

TEST_F(Attestation, PackedCertificateChainingToTheConfiguredRootIsTrusted) {
    const X509Ptr batch = leaf(m_aaguid);
    plugAttested(SoftAuthenticator::Attestation::Certificate, batch.get(), {m_ca.get()});
    auto credential = registerWith(rootedAt({m_root.get()}));
    ASSERT_TRUE(credential.ok()) << credential.error().detail;
    EXPECT_EQ(credential->attestationFormat, "packed");
    EXPECT_EQ(credential->trust, AttestationTrust::Chained);
    EXPECT_EQ(toJson(*credential)["attestationTrust"], "chained");
}

TEST_F(Attestation, WithoutConfiguredRootsTheChainIsNotChecked) {
    const X509Ptr batch = leaf(std::nullopt);
    plugAttested(SoftAuthenticator::Attestation::Certificate, batch.get(), {});
    auto credential = registerWith(AttestationPolicy{});
    ASSERT_TRUE(credential.ok()) << credential.error().detail;
    EXPECT_EQ(credential->trust, AttestationTrust::NotChecked);
}

TEST_F(Attestation, CertificateFromAnotherVendorIsRefusedByDefault) {
    const X509Ptr batch = leaf(m_aaguid);
    plugAttested(SoftAuthenticator::Attestation::Certificate, batch.get(), {m_ca.get()});
    EvpPkey otherKey = TestPki::newEcKey();
    X509Ptr other =
        TestPki::certificate("Other Vendor Root", otherKey.get(), nullptr, otherKey.get(), true);
    auto credential = registerWith(rootedAt({other.get()}));
    ASSERT_FALSE(credential.ok());
    EXPECT_EQ(credential.code(), ErrorCode::DeviceAttestationUntrusted);
}

TEST_F(Attestation, UnchainedCertificateIsRecordedAsUnverifiedWhenThePolicyAccepts) {
    const X509Ptr batch = leaf(m_aaguid);
    plugAttested(SoftAuthenticator::Attestation::Certificate, batch.get(), {m_ca.get()});
    EvpPkey otherKey = TestPki::newEcKey();
    X509Ptr other =
        TestPki::certificate("Other Vendor Root", otherKey.get(), nullptr, otherKey.get(), true);
    AttestationPolicy policy = rootedAt({other.get()});
    policy.acceptUnverified = true;
    auto credential = registerWith(policy);
    ASSERT_TRUE(credential.ok()) << credential.error().detail;
    EXPECT_EQ(credential->trust, AttestationTrust::Unverified);
}

TEST_F(Attestation, MissingIntermediateBreaksTheChain) {
    const X509Ptr batch = leaf(m_aaguid);
    plugAttested(SoftAuthenticator::Attestation::Certificate, batch.get(), {});
    EXPECT_EQ(registerWith(rootedAt({m_root.get()})).code(), ErrorCode::DeviceAttestationUntrusted);
}

TEST_F(Attestation, AConfiguredIntermediateIsATrustAnchorOnItsOwn) {
    const X509Ptr batch = leaf(m_aaguid);
    plugAttested(SoftAuthenticator::Attestation::Certificate, batch.get(), {});
    auto credential = registerWith(rootedAt({m_ca.get()}));
    ASSERT_TRUE(credential.ok()) << credential.error().detail;
    EXPECT_EQ(credential->trust, AttestationTrust::Chained);
}

TEST_F(Attestation, SelfAttestationCannotChainAndIsRefusedWhenRootsAreConfigured) {
    plug(); // packed self attestation
    EXPECT_EQ(registerWith(rootedAt({m_root.get()})).code(), ErrorCode::DeviceAttestationUntrusted);
}

TEST_F(Attestation, CertificateNamingAnotherAaguidIsInvalid) {
    const X509Ptr batch = leaf(Aaguid{0xee, 0x88, 0x28, 0x79});
    plugAttested(SoftAuthenticator::Attestation::Certificate, batch.get(), {m_ca.get()});
    auto credential = registerWith(rootedAt({m_root.get()}));
    ASSERT_FALSE(credential.ok());
    EXPECT_EQ(credential.code(), ErrorCode::DeviceAttestationInvalid);
    EXPECT_NE(credential.error().detail.find("AAGUID"), std::string::npos);
}

TEST_F(Attestation, CaCertificateAsAttestationCertificateIsInvalid) {
    // The batch CA signs the statement itself: it chains, but is not an end-entity certificate.
    SoftAuthenticator::Options options;
    options.attestation = SoftAuthenticator::Attestation::Certificate;
    options.attestationKey = std::shared_ptr<EVP_PKEY>(m_caKey.release(), EVP_PKEY_free);
    options.attestationCertificateDer = TestPki::der(m_ca.get());
    plug(options);
    auto credential = registerWith(rootedAt({m_root.get()}));
    ASSERT_FALSE(credential.ok());
    EXPECT_EQ(credential.code(), ErrorCode::DeviceAttestationInvalid);
}

TEST_F(Attestation, FidoU2fStatementIsVerifiedAndChained) {
    const X509Ptr batch = leaf(std::nullopt);
    plugAttested(SoftAuthenticator::Attestation::U2f, batch.get(), {m_ca.get()});
    auto credential = registerWith(rootedAt({m_root.get()}));
    ASSERT_TRUE(credential.ok()) << credential.error().detail;
    EXPECT_EQ(credential->attestationFormat, "fido-u2f");
    EXPECT_EQ(credential->trust, AttestationTrust::Chained);
    EXPECT_FALSE(credential->selfAttested);
    EXPECT_EQ(credential->aaguid, Aaguid{}) << "U2F attestation has no AAGUID";
    EXPECT_EQ(credential->coseAlgorithm, -7);
}

TEST_F(Attestation, FidoU2fStatementSignedByTheWrongKeyIsRejected) {
    const X509Ptr batch = leaf(std::nullopt);
    SoftAuthenticator::Options options;
    options.attestation = SoftAuthenticator::Attestation::U2f;
    options.attestationKey = std::shared_ptr<EVP_PKEY>(TestPki::newEcKey().release(),
                                                       EVP_PKEY_free); // not the batch key
    options.attestationCertificateDer = TestPki::der(batch.get());
    plug(options);
    auto credential = registerWith(AttestationPolicy{});
    ASSERT_FALSE(credential.ok());
    EXPECT_EQ(credential.code(), ErrorCode::DeviceAttestationInvalid);
}

TEST_F(Attestation, Es256IsChosenFirstEvenWhenTheKeyListsEdDsaFirst) {
    SoftAuthenticator::Options options;
    options.algorithms = {-8, -7};
    plug(options);
    auto credential = registerWith(AttestationPolicy{});
    ASSERT_TRUE(credential.ok()) << credential.error().detail;
    EXPECT_EQ(credential->coseAlgorithm, -7);
    EXPECT_EQ(m_soft->lastMakeCredential().algorithm, -7);
}

TEST_F(Attestation, EdDsaOnlyKeyGetsAnEdDsaCredentialThatPassesTryYourKey) {
    SoftAuthenticator::Options options;
    options.algorithms = {-8};
    plug(options);
    auto key = openKey();
    ASSERT_TRUE(key);
    SecurityKeyEnrollment enrollment(*key, AttestationPolicy{});
    ASSERT_TRUE(enrollment.chooseNewPin(SecureBuffer::fromText("2468")).ok());
    auto credential = enrollment.registerCredential(request());
    ASSERT_TRUE(credential.ok()) << credential.error().detail;
    EXPECT_EQ(credential->coseAlgorithm, -8);
    EXPECT_TRUE(credential->selfAttested);
    EXPECT_EQ(credential->publicKeyRaw.size(), 32U) << "an Ed25519 public key";
    auto tried = enrollment.tryKey(*credential, randomChallenge(9), "https://" + credential->rpId);
    ASSERT_TRUE(tried.ok()) << tried.error().detail;
    EXPECT_TRUE(tried->signatureVerified);
}

TEST_F(Attestation, KeyOfferingNoAcceptedAlgorithmIsUnsupported) {
    SoftAuthenticator::Options options;
    options.algorithms = {-36}; // ES512 only
    plug(options);
    EXPECT_EQ(registerWith(AttestationPolicy{}).code(), ErrorCode::DeviceUnsupported);
    EXPECT_EQ(m_soft->credentialCount(), 0U);
}

TEST(AttestationChain, RefusesAnEmptyChainAndMalformedCertificates) {
    EvpPkey key = TestPki::newEcKey();
    X509Ptr root = TestPki::certificate("Root", key.get(), nullptr, key.get(), true);
    const std::vector<std::string> roots{TestPki::pem(root.get())};
    EXPECT_EQ(verifyAttestationChain({}, roots, Aaguid{}).code(),
              ErrorCode::DeviceAttestationUntrusted);
    EXPECT_EQ(verifyAttestationChain({Bytes{0x30, 0x03, 0x02, 0x01}}, roots, Aaguid{}).code(),
              ErrorCode::DeviceAttestationInvalid);
    Bytes trailing = TestPki::der(root.get());
    trailing.push_back(0);
    EXPECT_EQ(verifyAttestationChain({trailing}, roots, Aaguid{}).code(),
              ErrorCode::DeviceAttestationInvalid);
}

TEST(AttestationSettings, ReadsRootBundlesAndRefusesFilesWithoutCertificates) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("madoguchi-attroots-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    EvpPkey k1 = TestPki::newEcKey();
    EvpPkey k2 = TestPki::newEcKey();
    X509Ptr r1 = TestPki::certificate("Root One", k1.get(), nullptr, k1.get(), true);
    X509Ptr r2 = TestPki::certificate("Root Two", k2.get(), nullptr, k2.get(), true);
    std::ofstream(dir / "bundle.pem") << TestPki::pem(r1.get()) << TestPki::pem(r2.get());
    std::ofstream(dir / "garbage.pem") << "not a certificate\n";

    auto policy = attestationPolicyFromSettings({"6d61646f-6775-6368-692d-736f66740001"}, {},
                                                {dir / "bundle.pem"}, false);
    ASSERT_TRUE(policy.ok()) << policy.error().detail;
    EXPECT_EQ(policy->trustedRootsPem.size(), 2U);
    EXPECT_EQ(policy->allowedAaguids.size(), 1U);
    EXPECT_FALSE(policy->acceptUnverified);

    auto garbage = attestationPolicyFromSettings({}, {}, {dir / "garbage.pem"}, false);
    ASSERT_FALSE(garbage.ok());
    EXPECT_EQ(garbage.code(), ErrorCode::ConfigInvalid);
    EXPECT_NE(garbage.error().detail.find("garbage.pem"), std::string::npos);
    EXPECT_EQ(attestationPolicyFromSettings({}, {}, {dir / "missing.pem"}, false).code(),
              ErrorCode::ConfigInvalid);
    EXPECT_EQ(attestationPolicyFromSettings({}, {"not-an-aaguid"}, {}, false).code(),
              ErrorCode::ConfigInvalid);
    std::filesystem::remove_all(dir);
}

} // namespace
} // namespace madoguchi::devices::test
