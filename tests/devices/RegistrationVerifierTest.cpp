// SPDX-License-Identifier: Apache-2.0
// The relying party's check of a registration made by a browser (a member's phone): every
// WebAuthn Level 2 §7.1 step that can refuse one, each with its own error, on responses made
// in software (BrowserRegistration) with one field changed at a time.
#include "devices/RegistrationVerifier.h"

#include "BrowserRegistration.h"
#include "TestCose.h"
#include "TestPki.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <numeric>
#include <string>

namespace madoguchi::devices::test {
namespace {

class RegistrationVerifier : public ::testing::Test {
protected:
    RegistrationExpectation m_expected;
    AttestationPolicy m_policy;

    RegistrationVerifier() {
        m_expected.rpId = "portal.example.jp";
        m_expected.origin = "https://enroll.portal.example.jp";
        m_expected.challenge = randomBytes(32);
    }

    BrowserRegistration phone() {
        BrowserRegistration r;
        r.challenge = m_expected.challenge;
        return r;
    }
    Result<EnrolledCredential> verify(BrowserRegistration& r) {
        return verifyRegistration(r.make(), m_expected, m_policy);
    }
    ErrorCode refusal(BrowserRegistration r) {
        auto result = verify(r);
        EXPECT_FALSE(result.ok()) << "accepted";
        return result.ok() ? ErrorCode::Internal : result.code();
    }
};

TEST_F(RegistrationVerifier, APhonesSelfAttestedEs256PasskeyIsAcceptedWithEveryField) {
    BrowserRegistration r = phone();
    r.signCount = 3;
    auto credential = verify(r);
    ASSERT_TRUE(credential.ok()) << credential.error().detail;
    EXPECT_EQ(credential->rpId, "portal.example.jp");
    EXPECT_EQ(credential->credentialId, r.credentialId);
    EXPECT_EQ(credential->coseAlgorithm, -7);
    EXPECT_EQ(credential->aaguid, r.aaguid);
    EXPECT_EQ(credential->signCount, 3U);
    EXPECT_EQ(credential->attestationFormat, "packed");
    EXPECT_TRUE(credential->selfAttested);
    EXPECT_EQ(credential->authenticatorData, r.authData);
    EXPECT_EQ(credential->publicKeyCose, coseEs256(r.credentialKey.get(), -7));
    EXPECT_EQ(credential->publicKeyRaw.size(), 64U); // x || y
    EXPECT_EQ(credential->trust, AttestationTrust::NotChecked);
}

TEST_F(RegistrationVerifier, AnRs256PasskeyIsAcceptedAndAnEdDsaOneOnlyWhenOffered) {
    BrowserRegistration rsa = phone();
    rsa.algorithm = -257;
    auto credential = verify(rsa);
    ASSERT_TRUE(credential.ok()) << credential.error().detail;
    EXPECT_EQ(credential->coseAlgorithm, -257);

    BrowserRegistration eddsa = phone();
    eddsa.algorithm = -8;
    EXPECT_EQ(refusal(eddsa), ErrorCode::WebAuthnAlgorithmNotAllowed);
    m_expected.algorithms = {-7, -8, -257};
    BrowserRegistration offered = phone();
    offered.algorithm = -8;
    auto accepted = verify(offered);
    ASSERT_TRUE(accepted.ok()) << accepted.error().detail;
    EXPECT_EQ(accepted->coseAlgorithm, -8);
}

TEST_F(RegistrationVerifier,
       NoneAttestationIsAcceptedOnlyWhenThePolicyAllowsItAndWithoutAStatement) {
    BrowserRegistration none = phone();
    none.fmt = "none";
    none.statement = BrowserRegistration::Statement::None;
    none.aaguid = {};
    auto credential = verify(none);
    ASSERT_TRUE(credential.ok()) << credential.error().detail;
    EXPECT_EQ(credential->attestationFormat, "none");
    EXPECT_FALSE(credential->selfAttested);

    BrowserRegistration withStatement = phone();
    withStatement.fmt = "none";
    EXPECT_EQ(refusal(withStatement), ErrorCode::DeviceAttestationInvalid);

    m_policy.allowNoneAttestation = false;
    BrowserRegistration refused = phone();
    refused.fmt = "none";
    refused.statement = BrowserRegistration::Statement::None;
    EXPECT_EQ(refusal(refused), ErrorCode::DeviceAttestationInvalid);
}

TEST_F(RegistrationVerifier,
       ACertificateStatementIsCheckedAgainstTheConfiguredRootsLikeASecurityKey) {
    EvpPkey rootKey = TestPki::newEcKey();
    X509Ptr root =
        TestPki::certificate("Phone Vendor Root", rootKey.get(), nullptr, rootKey.get(), true);
    std::shared_ptr<EVP_PKEY> leafKey{TestPki::newEcKey().release(), EVP_PKEY_free};
    BrowserRegistration r = phone();
    X509Ptr leaf = TestPki::certificate("Phone Attestation", leafKey.get(), root.get(),
                                        rootKey.get(), false, r.aaguid);
    r.statement = BrowserRegistration::Statement::Certificate;
    r.attestationKey = leafKey;
    r.attestationCertificateDer = TestPki::der(leaf.get());

    m_policy.trustedRootsPem = {TestPki::pem(root.get())};
    auto chained = verify(r);
    ASSERT_TRUE(chained.ok()) << chained.error().detail;
    EXPECT_EQ(chained->trust, AttestationTrust::Chained);
    EXPECT_FALSE(chained->selfAttested);

    EvpPkey otherKey = TestPki::newEcKey();
    X509Ptr other =
        TestPki::certificate("Other Root", otherKey.get(), nullptr, otherKey.get(), true);
    m_policy.trustedRootsPem = {TestPki::pem(other.get())};
    EXPECT_EQ(refusal(r), ErrorCode::DeviceAttestationUntrusted);
    // A self-attested passkey carries nothing to chain: refused once roots are configured ...
    EXPECT_EQ(refusal(phone()), ErrorCode::DeviceAttestationUntrusted);
    // ... unless the policy records it as unverified.
    m_policy.acceptUnverified = true;
    BrowserRegistration self = phone();
    auto unverified = verify(self);
    ASSERT_TRUE(unverified.ok()) << unverified.error().detail;
    EXPECT_EQ(unverified->trust, AttestationTrust::Unverified);
}

TEST_F(RegistrationVerifier, ClientDataOfAnotherKindOrNotJsonIsRefused) {
    BrowserRegistration get = phone();
    get.type = "webauthn.get";
    EXPECT_EQ(refusal(get), ErrorCode::WebAuthnClientDataInvalid);

    BrowserRegistration cross = phone();
    cross.crossOrigin = true;
    EXPECT_EQ(refusal(cross), ErrorCode::WebAuthnClientDataInvalid);

    BrowserRegistration r = phone();
    WebAuthnRegistration made = r.make();
    for (const std::string text : {"", "[]", "{\"type\":", "\"webauthn.create\""}) {
        made.clientDataJson.assign(text.begin(), text.end());
        auto result = verifyRegistration(made, m_expected, m_policy);
        ASSERT_FALSE(result.ok()) << text;
        EXPECT_EQ(result.code(), ErrorCode::WebAuthnClientDataInvalid) << text;
    }
}

TEST_F(RegistrationVerifier, AnotherCeremonysChallengeIsRefused) {
    BrowserRegistration earlier = phone();
    WebAuthnRegistration answered = earlier.make();
    ASSERT_TRUE(verifyRegistration(answered, m_expected, m_policy).ok());
    // The same answer offered to the next ceremony (a replay) names the old challenge.
    m_expected.challenge = randomBytes(32);
    auto replayed = verifyRegistration(answered, m_expected, m_policy);
    ASSERT_FALSE(replayed.ok());
    EXPECT_EQ(replayed.code(), ErrorCode::WebAuthnChallengeMismatch);
    // No challenge configured is never a match.
    m_expected.challenge.clear();
    EXPECT_EQ(verifyRegistration(answered, m_expected, m_policy).code(),
              ErrorCode::WebAuthnChallengeMismatch);
}

TEST_F(RegistrationVerifier, AnotherOriginIsRefusedEvenOnTheSameSite) {
    for (const char* origin :
         {"https://evil.example", "http://enroll.portal.example.jp",
          "https://enroll.portal.example.jp:8443", "https://portal.example.jp"}) {
        BrowserRegistration r = phone();
        r.origin = origin;
        EXPECT_EQ(refusal(r), ErrorCode::WebAuthnOriginMismatch) << origin;
    }
}

TEST_F(RegistrationVerifier, AuthenticatorDataForAnotherRelyingPartyIsRefused) {
    BrowserRegistration r = phone();
    r.rpId = "evil.example";
    EXPECT_EQ(refusal(r), ErrorCode::WebAuthnRpIdMismatch);
}

TEST_F(RegistrationVerifier, UserPresenceIsAlwaysRequiredAndVerificationWhenAsked) {
    BrowserRegistration noUp = phone();
    noUp.flags = 0x04 | 0x40;
    EXPECT_EQ(refusal(noUp), ErrorCode::WebAuthnUserNotPresent);

    BrowserRegistration noUv = phone();
    noUv.flags = 0x01 | 0x40;
    EXPECT_EQ(refusal(noUv), ErrorCode::WebAuthnUserNotVerified);

    m_expected.requireUserVerification = false;
    BrowserRegistration presenceOnly = phone();
    presenceOnly.flags = 0x01 | 0x40;
    EXPECT_TRUE(verify(presenceOnly).ok());
}

TEST_F(RegistrationVerifier, ATamperedSignatureAuthenticatorDataOrClientDataIsRefused) {
    // One byte changed after the browser signed: where, given the answer and where its
    // authData starts inside the attestation object.
    const auto tampered =
        [this](const std::function<void(WebAuthnRegistration&, std::size_t)>& change) {
            BrowserRegistration r = phone();
            WebAuthnRegistration made = r.make();
            const auto at =
                std::search(made.attestationObject.begin(), made.attestationObject.end(),
                            r.authData.begin(), r.authData.end());
            EXPECT_NE(at, made.attestationObject.end());
            change(made, static_cast<std::size_t>(at - made.attestationObject.begin()));
            auto result = verifyRegistration(made, m_expected, m_policy);
            return result.ok() ? ErrorCode::Internal : result.code();
        };
    // The signature is the last bytes of the statement, just before the text key "authData"
    // (0x68 and 8 bytes) and authData's own head (2 bytes).
    EXPECT_EQ(tampered([](WebAuthnRegistration& m, std::size_t at) {
                  m.attestationObject[at - 12] ^= 1;
              }),
              ErrorCode::DeviceAttestationInvalid);
    // The sign counter's last byte.
    EXPECT_EQ(tampered([](WebAuthnRegistration& m, std::size_t at) {
                  m.attestationObject[at + 36] ^= 1;
              }),
              ErrorCode::DeviceAttestationInvalid);
    // The client data, with the same fields (a space added).
    EXPECT_EQ(tampered([](WebAuthnRegistration& m, std::size_t) {
                  m.clientDataJson.insert(m.clientDataJson.begin() + 1, ' ');
              }),
              ErrorCode::DeviceAttestationInvalid);
}

TEST_F(RegistrationVerifier, AStatementSignedByAnotherKeyIsRefused) {
    BrowserRegistration r = phone();
    std::shared_ptr<EVP_PKEY> otherKey{TestPki::newEcKey().release(), EVP_PKEY_free};
    X509Ptr cert = TestPki::certificate("Someone", otherKey.get(), nullptr, otherKey.get(), false);
    r.statement = BrowserRegistration::Statement::Certificate;
    r.attestationKey = std::shared_ptr<EVP_PKEY>{TestPki::newEcKey().release(), EVP_PKEY_free};
    r.attestationCertificateDer = TestPki::der(cert.get()); // not the key that signed
    EXPECT_EQ(refusal(r), ErrorCode::DeviceAttestationInvalid);
}

TEST_F(RegistrationVerifier, ACredentialAlreadyRegisteredIsRefused) {
    BrowserRegistration r = phone();
    r.credentialId = randomBytes(32);
    m_expected.excludeCredentialIds = {randomBytes(32), r.credentialId};
    EXPECT_EQ(refusal(r), ErrorCode::DeviceCredentialExcluded);
}

TEST_F(RegistrationVerifier, AFormatThisServiceCannotVerifyIsRefusedByName) {
    for (const char* fmt : {"apple", "android-safetynet", "x-unknown"}) {
        BrowserRegistration r = phone();
        r.fmt = fmt;
        auto result = verify(r);
        ASSERT_FALSE(result.ok()) << fmt;
        EXPECT_EQ(result.code(), ErrorCode::WebAuthnAttestationFormatUnsupported) << fmt;
        EXPECT_NE(result.error().detail.find(fmt), std::string::npos);
    }
}

TEST_F(RegistrationVerifier, AnOverlongCredentialIdOrAMalformedObjectIsRefused) {
    BrowserRegistration longId = phone();
    longId.credentialId = Bytes(1024, 0x5a);
    EXPECT_EQ(refusal(longId), ErrorCode::DeviceMalformedResponse);

    BrowserRegistration noAt = phone();
    noAt.flags = 0x01 | 0x04;
    EXPECT_EQ(refusal(noAt), ErrorCode::DeviceMalformedResponse);

    BrowserRegistration r = phone();
    WebAuthnRegistration made = r.make();
    for (Bytes object : {Bytes{}, Bytes{0xa0}, Bytes{0x80}, Bytes{0xbf, 0xff},
                         Bytes(made.attestationObject.begin(), made.attestationObject.end() - 1)}) {
        made.attestationObject = object;
        auto result = verifyRegistration(made, m_expected, m_policy);
        ASSERT_FALSE(result.ok());
        EXPECT_EQ(result.code(), ErrorCode::DeviceMalformedResponse);
    }
}

TEST_F(RegistrationVerifier, TheAaguidPolicyOfTheSecurityKeyPathApplies) {
    BrowserRegistration r = phone();
    m_policy.deniedAaguids = {r.aaguid};
    EXPECT_EQ(refusal(r), ErrorCode::DeviceAaguidDenied);
    m_policy.deniedAaguids.clear();
    m_policy.allowedAaguids = {Aaguid{}};
    EXPECT_EQ(refusal(phone()), ErrorCode::DeviceAaguidDenied);
}

// The fuzzer's seeds are registrations made by another implementation (tests/fuzz/make-seeds.py,
// Python's cryptography): length-prefixed clientDataJSON, then the attestation object.
TEST_F(RegistrationVerifier, RegistrationsMadeByAnIndependentImplementationVerify) {
    m_expected.challenge.resize(32);
    std::iota(m_expected.challenge.begin(), m_expected.challenge.end(), std::uint8_t{0});
    const std::filesystem::path corpus =
        std::filesystem::path(MADOGUCHI_SOURCE_DIR) / "tests/fuzz/corpus/webauthn_registration";
    for (const char* seed : {"packed-self", "none"}) {
        std::ifstream in(corpus / seed, std::ios::binary);
        const Bytes bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        ASSERT_GT(bytes.size(), 2U) << seed;
        const auto clientLength =
            static_cast<std::ptrdiff_t>((std::size_t{bytes[0]} << 8) | bytes[1]);
        ASSERT_LE(static_cast<std::size_t>(clientLength) + 2, bytes.size()) << seed;
        WebAuthnRegistration made{Bytes(bytes.begin() + 2, bytes.begin() + 2 + clientLength),
                                  Bytes(bytes.begin() + 2 + clientLength, bytes.end())};
        auto credential = verifyRegistration(made, m_expected, m_policy);
        ASSERT_TRUE(credential.ok()) << seed << ": " << credential.error().detail;
        EXPECT_EQ(credential->credentialId.size(), 32U);
    }
}

} // namespace
} // namespace madoguchi::devices::test
