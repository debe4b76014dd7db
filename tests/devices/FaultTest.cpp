// SPDX-License-Identifier: Apache-2.0
#include "SoftKeyFixture.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace madoguchi::devices::test {
namespace {

class Faults : public SoftKeyFixture {
protected:
    // A key with a PIN already chosen, ready for the touch steps.
    std::unique_ptr<IAuthenticator> readyKey() {
        plug();
        m_soft->setPin("2468");
        return openKey();
    }

    Result<EnrolledCredential> registerWith(IAuthenticator& key) {
        return key.makeCredential(request(), AttestationPolicy{}, SecureBuffer::fromText("2468"));
    }
};

TEST_F(Faults, NoKeyAttachedListsNothingAndOpeningFindsNothing) {
    auto none = m_manager.list();
    ASSERT_TRUE(none.ok());
    EXPECT_TRUE(none->empty());
    auto opened = m_manager.open("soft://1");
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.code(), ErrorCode::DeviceNotFound);
}

TEST_F(Faults, KeyUnpluggedBeforeOpeningIsNotFound) {
    plug();
    m_soft->setFault(SoftAuthenticator::Fault::Removed);
    auto opened = m_manager.open(m_path);
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.code(), ErrorCode::DeviceNotFound);
}

TEST_F(Faults, KeyUnpluggedAfterOpeningIsRemoved) {
    auto key = readyKey();
    ASSERT_TRUE(key);
    m_soft->setFault(SoftAuthenticator::Fault::Removed);
    auto credential = registerWith(*key);
    ASSERT_FALSE(credential.ok());
    EXPECT_EQ(credential.code(), ErrorCode::DeviceRemoved) << credential.error().detail;
}

TEST_F(Faults, KeyPulledWhileWaitingForTouchIsRemoved) {
    auto key = readyKey();
    ASSERT_TRUE(key);
    m_soft->setFault(SoftAuthenticator::Fault::RemovedDuringTouch);
    auto credential = registerWith(*key);
    ASSERT_FALSE(credential.ok());
    EXPECT_EQ(credential.code(), ErrorCode::DeviceRemoved) << credential.error().detail;
}

TEST_F(Faults, NoTouchTimesOut) {
    auto key = readyKey();
    ASSERT_TRUE(key);
    m_soft->setTouch(SoftAuthenticator::Touch::Never);
    auto credential = registerWith(*key);
    ASSERT_FALSE(credential.ok());
    EXPECT_EQ(credential.code(), ErrorCode::DeviceTouchTimeout);
    EXPECT_EQ(m_soft->credentialCount(), 0U);
}

TEST_F(Faults, DeniedOperationIsDeniedAndTheKeyStaysUsable) {
    auto key = readyKey();
    ASSERT_TRUE(key);
    m_soft->setTouch(SoftAuthenticator::Touch::Deny);
    auto denied = registerWith(*key);
    ASSERT_FALSE(denied.ok());
    EXPECT_EQ(denied.code(), ErrorCode::DeviceDenied);
    m_soft->setTouch(SoftAuthenticator::Touch::Immediate);
    EXPECT_TRUE(registerWith(*key).ok());
}

TEST_F(Faults, CancelFromAnotherThreadStopsTheWaitForTouch) {
    auto key = readyKey();
    ASSERT_TRUE(key);
    m_soft->setTouch(SoftAuthenticator::Touch::UntilCancelled);
    std::optional<Result<EnrolledCredential>> outcome;
    std::thread worker([&] { outcome.emplace(registerWith(*key)); });
    // Cancel only once the key is really waiting (it has sent an UPNEEDED keepalive).
    const bool waiting = m_soft->waitUntilTouchRequested(std::chrono::minutes(2));
    key->cancel();
    worker.join();
    ASSERT_TRUE(waiting);
    ASSERT_TRUE(outcome.has_value());
    ASSERT_FALSE(outcome->ok());
    EXPECT_EQ(outcome->code(), ErrorCode::DeviceCancelled) << outcome->error().detail;
    EXPECT_GE(m_soft->cancelsReceived(), 1);
    EXPECT_EQ(m_soft->credentialCount(), 0U);
}

TEST_F(Faults, GetInfoFailureFallsBackToU2fAndIsUnsupported) {
    plug();
    m_soft->setFault(SoftAuthenticator::Fault::GetInfoFails);
    auto opened = m_manager.open(m_path);
    ASSERT_FALSE(opened.ok());
    EXPECT_EQ(opened.code(), ErrorCode::DeviceUnsupported);
    EXPECT_NE(opened.error().detail.find("U2F"), std::string::npos);
}

class MalformedReplies : public Faults,
                         public ::testing::WithParamInterface<SoftAuthenticator::Fault> {};

TEST_P(MalformedReplies, EndInMalformedResponseWithoutCrashing) {
    auto key = readyKey();
    ASSERT_TRUE(key);
    m_soft->setFault(GetParam());
    auto credential = registerWith(*key);
    ASSERT_FALSE(credential.ok());
    EXPECT_EQ(credential.code(), ErrorCode::DeviceMalformedResponse) << credential.error().detail;
}

INSTANTIATE_TEST_SUITE_P(Faults, MalformedReplies,
                         ::testing::Values(SoftAuthenticator::Fault::MalformedReply,
                                           SoftAuthenticator::Fault::TruncatedReply,
                                           SoftAuthenticator::Fault::OversizedReply,
                                           SoftAuthenticator::Fault::BadContinuation),
                         [](const auto& param) {
                             switch (param.param) {
                             case SoftAuthenticator::Fault::MalformedReply:
                                 return std::string("NotCbor");
                             case SoftAuthenticator::Fault::TruncatedReply:
                                 return std::string("Truncated");
                             case SoftAuthenticator::Fault::OversizedReply:
                                 return std::string("Oversized");
                             default:
                                 return std::string("BadContinuation");
                             }
                         });

TEST_F(Faults, AssertionFaultsMapLikeRegistrationFaults) {
    auto key = readyKey();
    ASSERT_TRUE(key);
    auto credential = registerWith(*key);
    ASSERT_TRUE(credential.ok());
    AssertionRequest req;
    req.rpId = credential->rpId;
    req.origin = "https://" + credential->rpId;
    req.challenge = randomChallenge(5);
    req.allowCredentialIds = {credential->credentialId};
    req.publicKey = std::make_pair(credential->coseAlgorithm, credential->publicKeyRaw);
    m_soft->setTouch(SoftAuthenticator::Touch::Never);
    EXPECT_EQ(key->getAssertion(req, SecureBuffer::fromText("2468")).code(),
              ErrorCode::DeviceTouchTimeout);
    m_soft->setTouch(SoftAuthenticator::Touch::Immediate);
    req.publicKey->second[10] ^= 0x01; // the wrong public key must fail verification
    auto forged = key->getAssertion(req, SecureBuffer::fromText("2468"));
    ASSERT_FALSE(forged.ok());
    EXPECT_EQ(forged.code(), ErrorCode::DeviceMalformedResponse);
    req.allowCredentialIds = {Bytes(32, 0x42)};
    req.publicKey.reset();
    EXPECT_EQ(key->getAssertion(req, SecureBuffer::fromText("2468")).code(), ErrorCode::NotFound);
}

TEST_F(Faults, WrongPinDuringRegistrationIsPinInvalid) {
    auto key = readyKey();
    ASSERT_TRUE(key);
    auto credential =
        key->makeCredential(request(), AttestationPolicy{}, SecureBuffer::fromText("9999"));
    ASSERT_FALSE(credential.ok());
    EXPECT_EQ(credential.code(), ErrorCode::DevicePinInvalid);
}

// A transport that throws where libfido2 calls into it (a bug, std::bad_alloc): the C
// callbacks catch at the boundary and libfido2 sees a failed device; nothing unwinds
// through C (that would terminate the kiosk or corrupt libfido2's state).
class ThrowingTransport final : public HidTransport {
public:
    enum class Where { Open, Read, Write };
    explicit ThrowingTransport(Where where) : m_where(where) {}
    std::vector<DeviceEntry> enumerate() override { return {}; }
    std::unique_ptr<HidConnection> open(const std::string&) override {
        if (m_where == Where::Open) {
            throw std::runtime_error("open failed in the transport");
        }
        return std::make_unique<Connection>(m_where);
    }

private:
    class Connection final : public HidConnection {
    public:
        explicit Connection(Where where) : m_where(where) {}
        int read(std::span<std::uint8_t>, int) override {
            throw std::runtime_error("read failed in the transport");
        }
        int write(std::span<const std::uint8_t> report) override {
            if (m_where == Where::Write) {
                throw std::runtime_error("write failed in the transport");
            }
            return static_cast<int>(report.size());
        }

    private:
        Where m_where;
    };
    Where m_where;
};

TEST(TransportBoundary, AnExceptionInTheTransportFailsTheOpenInsteadOfUnwindingThroughC) {
    for (auto where : {ThrowingTransport::Where::Open, ThrowingTransport::Where::Read,
                       ThrowingTransport::Where::Write}) {
        Fido2DeviceManager manager(std::make_shared<ThrowingTransport>(where));
        auto opened = manager.open("throwing://1");
        EXPECT_FALSE(opened.ok()) << static_cast<int>(where);
    }
}

TEST(FidoErrorMapping, PinPolicyRejectsShortLongAndBrokenPins) {
    EXPECT_EQ(checkNewPin(SecureBuffer::fromText("123"), 4).code(), ErrorCode::DevicePinPolicy);
    EXPECT_TRUE(checkNewPin(SecureBuffer::fromText("1234"), 4).ok());
    // Four code points but twelve bytes: counted as four.
    EXPECT_TRUE(checkNewPin(SecureBuffer::fromText("暗証番号"), 4).ok());
    EXPECT_EQ(checkNewPin(SecureBuffer::fromText(std::string(64, '1')), 4).code(),
              ErrorCode::DevicePinPolicy);
    const std::uint8_t broken[] = {'1', '2', '3', 0xc3};
    EXPECT_EQ(checkNewPin(SecureBuffer(broken), 4).code(), ErrorCode::DevicePinPolicy);
}

} // namespace
} // namespace madoguchi::devices::test
