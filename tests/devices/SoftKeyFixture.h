// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "SoftAuthenticator.h"
#include "devices/ClientData.h"
#include "devices/Fido2DeviceManager.h"
#include "devices/PinPolicy.h"
#include "devices/SecurityKeyEnrollment.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace madoguchi::devices::test {

// One software key plugged into a Fido2DeviceManager through the HID transport seam.
class SoftKeyFixture : public ::testing::Test {
protected:
    void plug(SoftAuthenticator::Options options = {}) {
        m_soft = std::make_shared<SoftAuthenticator>(std::move(options));
        m_path = m_transport->add(m_soft);
    }

    std::unique_ptr<IAuthenticator> openKey() {
        auto key = m_manager.open(m_path);
        if (!key) {
            ADD_FAILURE() << "open failed: " << toString(key.code()) << " " << key.error().detail;
            return nullptr;
        }
        return std::move(key).value();
    }

    static Bytes randomChallenge(std::uint8_t seed) {
        Bytes challenge(32);
        for (std::size_t i = 0; i < challenge.size(); ++i) {
            challenge[i] = static_cast<std::uint8_t>(seed + i * 7);
        }
        return challenge;
    }

    RegistrationRequest request(const std::string& userName = "tanaka-h01") {
        RegistrationRequest r;
        r.rpId = "portal.example-kenpo.or.jp";
        r.rpName = "Example Kenpo Portal";
        r.origin = "https://portal.example-kenpo.or.jp";
        r.challenge = randomChallenge(1);
        auto handle = newUserHandle();
        EXPECT_TRUE(handle.ok());
        r.userHandle = handle.ok() ? *handle : Bytes(32, 1);
        r.userName = userName;
        r.userDisplayName = "田中 花子";
        return r;
    }

    std::shared_ptr<SoftHidTransport> m_transport = std::make_shared<SoftHidTransport>();
    Fido2DeviceManager m_manager{m_transport};
    std::shared_ptr<SoftAuthenticator> m_soft;
    std::string m_path;
};

} // namespace madoguchi::devices::test
