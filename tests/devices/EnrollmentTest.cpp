// SPDX-License-Identifier: Apache-2.0
#include "SoftKeyFixture.h"
#include "TestPki.h"
#include "devices/CborItem.h"
#include "devices/EnrolledCredential.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <openssl/core_names.h>
#include <openssl/param_build.h>
#include <openssl/sha.h>

#include <cbor.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace madoguchi::devices::test {
namespace {

// Verifies an assertion with OpenSSL directly from the COSE key, independently of libfido2.
bool opensslVerifies(const EnrolledCredential& credential, const AssertionResult& assertion) {
    cbor_load_result load{};
    const CborItem owner(
        cbor_load(credential.publicKeyCose.data(), credential.publicKeyCose.size(), &load));
    const cbor_item_t* cose = owner.get();
    if (cose == nullptr || !cbor_isa_map(cose)) {
        return false;
    }
    Bytes point{0x04};
    for (std::size_t i = 0; i < cbor_map_size(cose); ++i) {
        const cbor_pair pair = cbor_map_handle(cose)[i];
        if (cbor_isa_negint(pair.key) &&
            (cbor_get_int(pair.key) == 1 || cbor_get_int(pair.key) == 2)) {
            point.insert(point.end(), cbor_bytestring_handle(pair.value),
                         cbor_bytestring_handle(pair.value) + cbor_bytestring_length(pair.value));
        }
    }
    OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
    OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0);
    OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size());
    OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
    OSSL_PARAM_BLD_free(bld);
    EVP_PKEY_CTX* fromCtx = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
    EVP_PKEY* key = nullptr;
    const bool built = EVP_PKEY_fromdata_init(fromCtx) == 1 &&
                       EVP_PKEY_fromdata(fromCtx, &key, EVP_PKEY_PUBLIC_KEY, params) == 1;
    EVP_PKEY_CTX_free(fromCtx);
    OSSL_PARAM_free(params);
    if (!built) {
        return false;
    }
    Bytes signedData = assertion.authenticatorData;
    unsigned char hash[SHA256_DIGEST_LENGTH];
    SHA256(assertion.clientDataJson.data(), assertion.clientDataJson.size(), hash);
    signedData.insert(signedData.end(), hash, hash + sizeof(hash));
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    const bool ok = EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, key) == 1 &&
                    EVP_DigestVerify(ctx, assertion.signature.data(), assertion.signature.size(),
                                     signedData.data(), signedData.size()) == 1;
    EVP_MD_CTX_free(ctx);
    EVP_PKEY_free(key);
    return ok;
}

class Enrollment : public SoftKeyFixture {};

// python3-fido2 (Debian's, under /usr/bin/python3) re-verifies the packed attestation from
// the JSON we seal, so a mistake in what we extract from libfido2 cannot hide.
constexpr const char* kPythonCheck = R"PY(
import base64, hashlib, json, sys
from fido2 import cbor
from fido2.ctap2 import AuthenticatorData
from fido2.attestation import PackedAttestation
d = json.load(open(sys.argv[1]))
b = lambda s: base64.urlsafe_b64decode(s + '=' * (-len(s) % 4))
ad = AuthenticatorData(b(d['authenticatorData']))
stmt = cbor.decode(b(d['attestationStatement']))
cdh = hashlib.sha256(b(d['clientDataJson'])).digest()
result = PackedAttestation().verify(stmt, ad, cdh)
assert ad.credential_data.credential_id == b(d['credentialId'])
cose = cbor.decode(b(d['publicKeyCose']))
assert cose[-2] == ad.credential_data.public_key[-2] and cose[-3] == ad.credential_data.public_key[-3]
assert ad.rp_id_hash == hashlib.sha256(d['rpId'].encode()).digest()
assert ad.counter == d['signCount']
print(result.attestation_type.name)
)PY";

std::string pythonFido2Verdict(const EnrolledCredential& credential) {
    if (std::system("/usr/bin/python3 -c 'import fido2' >/dev/null 2>&1") != 0) {
        return "unavailable";
    }
    const auto dir = std::filesystem::temp_directory_path() /
                     ("madoguchi-pyfido2-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "cred.json") << toJson(credential).dump();
    std::ofstream(dir / "check.py") << kPythonCheck;
    const std::string cmd = "/usr/bin/python3 '" + (dir / "check.py").string() + "' '" +
                            (dir / "cred.json").string() + "' > '" + (dir / "out.txt").string() +
                            "' 2>&1";
    const int rc = std::system(cmd.c_str());
    std::ifstream in(dir / "out.txt");
    std::string verdict((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::filesystem::remove_all(dir);
    while (!verdict.empty() && verdict.back() == '\n') {
        verdict.pop_back();
    }
    return rc == 0 ? verdict : "failed: " + verdict;
}

TEST_F(Enrollment, FreshKeyGetsPinThenRegistersAndPassesTryYourKey) {
    SoftAuthenticator::Options options;
    options.minPinLength = 6;
    plug(options);
    auto key = openKey();
    ASSERT_TRUE(key);
    SecurityKeyEnrollment enrollment(*key, AttestationPolicy{});

    auto pin = enrollment.pinStatus();
    ASSERT_TRUE(pin.ok());
    EXPECT_EQ(pin->state, PinState::NotSet);
    EXPECT_EQ(pin->minLength, 6U); // read from getInfo minPINLength
    EXPECT_FALSE(pin->retriesLeft.has_value());

    auto tooShort = enrollment.chooseNewPin(SecureBuffer::fromText("12345"));
    ASSERT_FALSE(tooShort.ok());
    EXPECT_EQ(tooShort.code(), ErrorCode::DevicePinPolicy);
    EXPECT_FALSE(m_soft->pinSet()); // refused before the key saw it

    ASSERT_TRUE(enrollment.chooseNewPin(SecureBuffer::fromText("246810")).ok());
    EXPECT_TRUE(m_soft->pinSet());
    EXPECT_EQ(key->info().pinState, PinState::Set);

    const RegistrationRequest req = request();
    auto credential = enrollment.registerCredential(req);
    ASSERT_TRUE(credential.ok()) << toString(credential.code()) << " " << credential.error().detail;
    const auto sent = m_soft->lastMakeCredential();
    EXPECT_TRUE(sent.rkRequested);
    EXPECT_TRUE(sent.pinAuthSent);
    EXPECT_EQ(sent.algorithm, -7);
    EXPECT_EQ(sent.rpId, req.rpId);
    EXPECT_EQ(sent.rpName, req.rpName);
    EXPECT_EQ(sent.userName, req.userName);
    EXPECT_EQ(sent.userDisplayName, req.userDisplayName);
    EXPECT_EQ(sent.userId, req.userHandle);
    EXPECT_EQ(req.userHandle.size(), 32U);

    EXPECT_EQ(credential->attestationFormat, "packed");
    EXPECT_TRUE(credential->selfAttested);
    EXPECT_TRUE(credential->discoverable);
    EXPECT_EQ(credential->aaguid, m_soft->options().aaguid);
    EXPECT_EQ(credential->coseAlgorithm, -7);
    EXPECT_EQ(credential->credentialId.size(), 32U);
    EXPECT_EQ(credential->publicKeyRaw.size(), 64U);
    EXPECT_EQ(credential->signCount, m_soft->signCount());
    EXPECT_EQ(credential->transports, std::vector<std::string>{"usb"});
    EXPECT_EQ(credential->deviceName, "Soft FIDO2 Key");
    EXPECT_EQ(credential->userHandle, req.userHandle);
    const std::string clientData(credential->clientDataJson.begin(),
                                 credential->clientDataJson.end());
    const auto clientJson = nlohmann::json::parse(clientData);
    EXPECT_EQ(clientJson["type"], "webauthn.create");
    EXPECT_EQ(clientJson["origin"], req.origin);

    auto tried = enrollment.tryKey(*credential, randomChallenge(9), req.origin);
    ASSERT_TRUE(tried.ok()) << toString(tried.code()) << " " << tried.error().detail;
    EXPECT_TRUE(tried->signatureVerified);
    EXPECT_TRUE(tried->userVerified);
    EXPECT_EQ(tried->credentialId, credential->credentialId);
    EXPECT_GT(tried->signCount, credential->signCount);
    EXPECT_TRUE(opensslVerifies(*credential, *tried));
    EXPECT_FALSE(enrollment.hasPin()); // wiped once the last step that needs it succeeded
    const std::string verdict = pythonFido2Verdict(*credential);
    if (verdict != "unavailable") {
        EXPECT_EQ(verdict, "SELF");
    }
}

TEST_F(Enrollment, PinProtocolTwoIsUsedWhenTheKeyOffersIt) {
    SoftAuthenticator::Options options;
    options.pinProtocols = {2, 1};
    plug(options);
    auto key = openKey();
    ASSERT_TRUE(key);
    EXPECT_EQ(key->info().pinProtocols, (std::vector<int>{2, 1}));
    SecurityKeyEnrollment enrollment(*key, AttestationPolicy{});
    ASSERT_TRUE(enrollment.chooseNewPin(SecureBuffer::fromText("97531")).ok());
    EXPECT_EQ(m_soft->lastPinProtocol(), 2);
    EXPECT_EQ(enrollment.enterPin(SecureBuffer::fromText("97530")).code(),
              ErrorCode::DevicePinInvalid);
    EXPECT_EQ(enrollment.retriesLeft(), 7);
    ASSERT_TRUE(enrollment.enterPin(SecureBuffer::fromText("97531")).ok());
    auto credential = enrollment.registerCredential(request());
    ASSERT_TRUE(credential.ok()) << credential.error().detail;
    auto tried =
        enrollment.tryKey(*credential, randomChallenge(4), "https://portal.example-kenpo.or.jp");
    ASSERT_TRUE(tried.ok()) << tried.error().detail;
    EXPECT_TRUE(tried->signatureVerified);
    EXPECT_EQ(m_soft->lastPinProtocol(), 2);
}

TEST_F(Enrollment, ExistingPinIsCheckedWithoutTouchAndThenUsed) {
    plug();
    m_soft->setPin("135790");
    m_soft->setTouch(SoftAuthenticator::Touch::Never); // a PIN check must not need a touch
    auto key = openKey();
    ASSERT_TRUE(key);
    SecurityKeyEnrollment enrollment(*key, AttestationPolicy{});
    auto pin = enrollment.pinStatus();
    ASSERT_TRUE(pin.ok());
    EXPECT_EQ(pin->state, PinState::Set);
    EXPECT_EQ(pin->retriesLeft, 8);
    ASSERT_TRUE(enrollment.enterPin(SecureBuffer::fromText("135790")).ok());
    m_soft->setTouch(SoftAuthenticator::Touch::Immediate);
    auto credential = enrollment.registerCredential(request());
    ASSERT_TRUE(credential.ok()) << credential.error().detail;
}

TEST_F(Enrollment, WrongPinReportsRetriesLeft) {
    plug();
    m_soft->setPin("135790");
    auto key = openKey();
    ASSERT_TRUE(key);
    SecurityKeyEnrollment enrollment(*key, AttestationPolicy{});
    auto wrong = enrollment.enterPin(SecureBuffer::fromText("000000"));
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(wrong.code(), ErrorCode::DevicePinInvalid);
    EXPECT_EQ(enrollment.retriesLeft(), 7);
    EXPECT_EQ(m_soft->pinRetries(), 7);
    EXPECT_FALSE(enrollment.hasPin());
    // A right PIN afterwards still works and restores the counter.
    ASSERT_TRUE(enrollment.enterPin(SecureBuffer::fromText("135790")).ok());
    EXPECT_EQ(m_soft->pinRetries(), 8);
}

TEST_F(Enrollment, ThreeWrongPinsInARowAskForReplug) {
    plug();
    m_soft->setPin("135790");
    auto key = openKey();
    ASSERT_TRUE(key);
    SecurityKeyEnrollment enrollment(*key, AttestationPolicy{});
    EXPECT_EQ(enrollment.enterPin(SecureBuffer::fromText("000001")).code(),
              ErrorCode::DevicePinInvalid);
    EXPECT_EQ(enrollment.enterPin(SecureBuffer::fromText("000002")).code(),
              ErrorCode::DevicePinInvalid);
    EXPECT_EQ(enrollment.enterPin(SecureBuffer::fromText("000003")).code(),
              ErrorCode::DeviceReplugRequired);
    EXPECT_EQ(enrollment.enterPin(SecureBuffer::fromText("135790")).code(),
              ErrorCode::DeviceReplugRequired);
    key.reset();
    m_soft->replug();
    key = openKey();
    ASSERT_TRUE(key);
    SecurityKeyEnrollment again(*key, AttestationPolicy{});
    EXPECT_TRUE(again.enterPin(SecureBuffer::fromText("135790")).ok());
}

TEST_F(Enrollment, BlockedPinIsReportedAsBlocked) {
    SoftAuthenticator::Options options;
    options.pinRetries = 2;
    plug(options);
    m_soft->setPin("135790");
    auto key = openKey();
    ASSERT_TRUE(key);
    SecurityKeyEnrollment enrollment(*key, AttestationPolicy{});
    EXPECT_EQ(enrollment.enterPin(SecureBuffer::fromText("000001")).code(),
              ErrorCode::DevicePinInvalid);
    EXPECT_EQ(enrollment.retriesLeft(), 1);
    EXPECT_EQ(enrollment.enterPin(SecureBuffer::fromText("000002")).code(),
              ErrorCode::DevicePinBlocked);
    EXPECT_EQ(enrollment.retriesLeft(), 0);
    EXPECT_EQ(enrollment.enterPin(SecureBuffer::fromText("135790")).code(),
              ErrorCode::DevicePinBlocked);
}

TEST_F(Enrollment, RegistrationWithoutPinStepIsRefused) {
    plug();
    m_soft->setPin("135790");
    auto key = openKey();
    ASSERT_TRUE(key);
    SecurityKeyEnrollment enrollment(*key, AttestationPolicy{});
    auto credential = enrollment.registerCredential(request());
    ASSERT_FALSE(credential.ok());
    EXPECT_EQ(credential.code(), ErrorCode::DevicePinRequired);
    EXPECT_EQ(m_soft->credentialCount(), 0U);
}

TEST_F(Enrollment, KeyThatVerifiesTheMemberItselfRegistersAndTriesWithoutAPin) {
    SoftAuthenticator::Options options;
    options.builtInUv = true;
    options.clientPinSupported = false;
    plug(options);
    auto key = openKey();
    ASSERT_TRUE(key);
    EXPECT_EQ(key->info().pinState, PinState::NotSupported);
    SecurityKeyEnrollment enrollment(*key, AttestationPolicy{});
    auto step = enrollment.pinStep();
    ASSERT_TRUE(step.ok()) << step.error().detail;
    EXPECT_EQ(*step, PinStep::None);
    auto credential = enrollment.registerCredential(request());
    ASSERT_TRUE(credential.ok()) << credential.error().detail;
    EXPECT_TRUE(m_soft->lastMakeCredential().uvOptionSent);
    EXPECT_FALSE(m_soft->lastMakeCredential().pinAuthSent);
    auto tried = enrollment.tryKey(*credential, randomChallenge(3), "https://" + credential->rpId);
    ASSERT_TRUE(tried.ok()) << tried.error().detail;
    EXPECT_TRUE(tried->userVerified);
    EXPECT_TRUE(tried->signatureVerified);
}

TEST_F(Enrollment, ExcludedCredentialIsReportedAsAlreadyRegistered) {
    plug();
    auto key = openKey();
    ASSERT_TRUE(key);
    SecurityKeyEnrollment enrollment(*key, AttestationPolicy{});
    ASSERT_TRUE(enrollment.chooseNewPin(SecureBuffer::fromText("2468")).ok());
    auto first = enrollment.registerCredential(request());
    ASSERT_TRUE(first.ok());
    RegistrationRequest again = request();
    again.excludeCredentialIds = {Bytes(16, 0xaa), first->credentialId};
    auto second = enrollment.registerCredential(again);
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.code(), ErrorCode::DeviceCredentialExcluded);
    EXPECT_EQ(m_soft->lastMakeCredential().excludeCount, 2U);
    EXPECT_EQ(m_soft->credentialCount(), 1U);
}

TEST_F(Enrollment, CertificateAttestationIsVerified) {
    const EvpPkey caKey = TestPki::newEcKey();
    const X509Ptr ca =
        TestPki::certificate("Test Attestation CA", caKey.get(), nullptr, caKey.get(), true);
    EvpPkey attKey = TestPki::newEcKey();
    const X509Ptr att =
        TestPki::certificate("Test Key Batch", attKey.get(), ca.get(), caKey.get(), false);
    SoftAuthenticator::Options options;
    options.attestation = SoftAuthenticator::Attestation::Certificate;
    options.attestationCertificateDer = TestPki::der(att.get());
    options.attestationKey = std::shared_ptr<EVP_PKEY>(attKey.release(), EVP_PKEY_free);
    plug(options);
    auto key = openKey();
    ASSERT_TRUE(key);
    SecurityKeyEnrollment enrollment(*key, AttestationPolicy{});
    ASSERT_TRUE(enrollment.chooseNewPin(SecureBuffer::fromText("2468")).ok());
    auto credential = enrollment.registerCredential(request());
    ASSERT_TRUE(credential.ok()) << credential.error().detail;
    EXPECT_EQ(credential->attestationFormat, "packed");
    EXPECT_FALSE(credential->selfAttested);
    // The statement carries the certificate as the key sent it.
    const Bytes certDer = TestPki::der(att.get());
    const auto& stmt = credential->attestationStatement;
    EXPECT_NE(std::search(stmt.begin(), stmt.end(), certDer.begin(), certDer.end()), stmt.end());
    const std::string verdict = pythonFido2Verdict(*credential);
    if (verdict != "unavailable") {
        EXPECT_EQ(verdict, "BASIC");
    }
}

TEST_F(Enrollment, AttestationSignedByTheWrongKeyIsRejected) {
    const EvpPkey caKey = TestPki::newEcKey();
    const X509Ptr ca =
        TestPki::certificate("Test Attestation CA", caKey.get(), nullptr, caKey.get(), true);
    const EvpPkey certKey = TestPki::newEcKey();
    const X509Ptr att =
        TestPki::certificate("Test Key Batch", certKey.get(), ca.get(), caKey.get(), false);
    SoftAuthenticator::Options options;
    options.attestation = SoftAuthenticator::Attestation::Certificate;
    options.attestationCertificateDer = TestPki::der(att.get());
    options.attestationKey =
        std::shared_ptr<EVP_PKEY>(TestPki::newEcKey().release(), EVP_PKEY_free); // not certKey
    plug(options);
    auto key = openKey();
    ASSERT_TRUE(key);
    SecurityKeyEnrollment enrollment(*key, AttestationPolicy{});
    ASSERT_TRUE(enrollment.chooseNewPin(SecureBuffer::fromText("2468")).ok());
    auto credential = enrollment.registerCredential(request());
    ASSERT_FALSE(credential.ok());
    EXPECT_EQ(credential.code(), ErrorCode::DeviceAttestationInvalid);
}

TEST_F(Enrollment, NoneAttestationFollowsPolicy) {
    SoftAuthenticator::Options options;
    options.attestation = SoftAuthenticator::Attestation::None;
    plug(options);
    auto key = openKey();
    ASSERT_TRUE(key);
    {
        SecurityKeyEnrollment enrollment(*key, AttestationPolicy{});
        ASSERT_TRUE(enrollment.chooseNewPin(SecureBuffer::fromText("2468")).ok());
        auto credential = enrollment.registerCredential(request());
        ASSERT_TRUE(credential.ok()) << credential.error().detail;
        EXPECT_EQ(credential->attestationFormat, "none");
    }
    AttestationPolicy strict;
    strict.allowNoneAttestation = false;
    SecurityKeyEnrollment enrollment(*key, strict);
    ASSERT_TRUE(enrollment.enterPin(SecureBuffer::fromText("2468")).ok());
    auto refused = enrollment.registerCredential(request("sato-k02"));
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.code(), ErrorCode::DeviceAttestationInvalid);
}

TEST_F(Enrollment, DeniedAaguidIsRefusedBeforeTheTouch) {
    plug();
    auto key = openKey();
    ASSERT_TRUE(key);
    AttestationPolicy policy;
    policy.deniedAaguids = {m_soft->options().aaguid};
    SecurityKeyEnrollment enrollment(*key, policy);
    ASSERT_TRUE(enrollment.chooseNewPin(SecureBuffer::fromText("2468")).ok());
    auto credential = enrollment.registerCredential(request());
    ASSERT_FALSE(credential.ok());
    EXPECT_EQ(credential.code(), ErrorCode::DeviceAaguidDenied);
    EXPECT_EQ(m_soft->credentialCount(), 0U);
}

TEST_F(Enrollment, AllowListAdmitsOnlyListedAaguids) {
    plug();
    auto key = openKey();
    ASSERT_TRUE(key);
    AttestationPolicy other;
    other.allowedAaguids = {Aaguid{1, 2, 3}};
    SecurityKeyEnrollment refused(*key, other);
    ASSERT_TRUE(refused.chooseNewPin(SecureBuffer::fromText("2468")).ok());
    EXPECT_EQ(refused.registerCredential(request()).code(), ErrorCode::DeviceAaguidDenied);

    AttestationPolicy listed;
    listed.allowedAaguids = {Aaguid{1, 2, 3}, m_soft->options().aaguid};
    SecurityKeyEnrollment admitted(*key, listed);
    ASSERT_TRUE(admitted.enterPin(SecureBuffer::fromText("2468")).ok());
    EXPECT_TRUE(admitted.registerCredential(request()).ok());
}

TEST_F(Enrollment, KeyWithoutResidentKeysGetsANonDiscoverableCredential) {
    SoftAuthenticator::Options options;
    options.residentKeys = false;
    plug(options);
    auto key = openKey();
    ASSERT_TRUE(key);
    SecurityKeyEnrollment enrollment(*key, AttestationPolicy{});
    ASSERT_TRUE(enrollment.chooseNewPin(SecureBuffer::fromText("2468")).ok());
    auto credential = enrollment.registerCredential(request());
    ASSERT_TRUE(credential.ok()) << credential.error().detail;
    EXPECT_FALSE(m_soft->lastMakeCredential().rkRequested);
    EXPECT_FALSE(credential->discoverable);
}

TEST_F(Enrollment, CredentialSurvivesJsonRoundTrip) {
    plug();
    auto key = openKey();
    ASSERT_TRUE(key);
    SecurityKeyEnrollment enrollment(*key, AttestationPolicy{});
    ASSERT_TRUE(enrollment.chooseNewPin(SecureBuffer::fromText("2468")).ok());
    auto credential = enrollment.registerCredential(request());
    ASSERT_TRUE(credential.ok());
    const nlohmann::json json = toJson(*credential);
    EXPECT_EQ(json["aaguid"], aaguidToString(m_soft->options().aaguid));
    EXPECT_EQ(json["credentialId"].get<std::string>().find('='), std::string::npos);
    auto back = enrolledCredentialFromJson(nlohmann::json::parse(json.dump()));
    ASSERT_TRUE(back.ok()) << back.error().detail;
    EXPECT_EQ(back->credentialId, credential->credentialId);
    EXPECT_EQ(back->publicKeyCose, credential->publicKeyCose);
    EXPECT_EQ(back->attestationStatement, credential->attestationStatement);
    EXPECT_EQ(back->aaguid, credential->aaguid);
    EXPECT_EQ(back->signCount, credential->signCount);
    EXPECT_EQ(back->transports, credential->transports);
    EXPECT_EQ(back->selfAttested, credential->selfAttested);
    // The restored credential still verifies a fresh assertion.
    auto tried = enrollment.tryKey(*back, randomChallenge(3), "https://portal.example-kenpo.or.jp");
    ASSERT_TRUE(tried.ok()) << tried.error().detail;
    EXPECT_TRUE(tried->signatureVerified);

    nlohmann::json broken = json;
    broken["credentialId"] = "not base64url!";
    EXPECT_FALSE(enrolledCredentialFromJson(broken).ok());
}

} // namespace
} // namespace madoguchi::devices::test
