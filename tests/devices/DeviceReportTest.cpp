// SPDX-License-Identifier: Apache-2.0
#include "devices/DeviceReport.h"

#include "SoftKeyFixture.h"
#include "devices/DeviceWatcher.h"
#include "devices/EnrolledCredential.h"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

namespace madoguchi::devices::test {
namespace {

class Report : public SoftKeyFixture {};

TEST_F(Report, NoKeyGivesAnEmptyListAndOneClearLine) {
    auto report = collectDeviceReport(m_manager, nullptr);
    ASSERT_TRUE(report.ok());
    EXPECT_TRUE(report->empty());
    EXPECT_EQ(formatDeviceReport(*report), "No FIDO2 security key is attached.\n");
}

TEST_F(Report, SoftKeyIsListedWithAaguidPinAndOptions) {
    plug();
    m_soft->setPin("2468");
    auto report = collectDeviceReport(m_manager, nullptr);
    ASSERT_TRUE(report.ok());
    ASSERT_EQ(report->size(), 1U);
    const DeviceReportEntry& row = (*report)[0];
    ASSERT_TRUE(row.info.has_value());
    EXPECT_EQ(row.info->aaguid, m_soft->options().aaguid);
    EXPECT_EQ(row.info->versions, std::vector<std::string>{"FIDO_2_0"});
    EXPECT_TRUE(row.info->residentKeys);
    ASSERT_TRUE(row.pin.has_value());
    EXPECT_EQ(row.pin->state, PinState::Set);
    EXPECT_EQ(row.pin->retriesLeft, 8);

    const std::string text = formatDeviceReport(*report);
    EXPECT_NE(text.find("Key 1: " + m_path), std::string::npos) << text;
    EXPECT_NE(text.find(aaguidToString(m_soft->options().aaguid)), std::string::npos);
    EXPECT_NE(text.find("set (8 retries left)"), std::string::npos) << text;
    EXPECT_NE(text.find("clientPin"), std::string::npos);
    EXPECT_NE(text.find("ES256"), std::string::npos);
    EXPECT_NE(text.find("1209:000f"), std::string::npos);
}

TEST_F(Report, KeyWithoutPinSaysNotSet) {
    plug();
    auto report = collectDeviceReport(m_manager, nullptr);
    ASSERT_TRUE(report.ok());
    ASSERT_EQ(report->size(), 1U);
    EXPECT_NE(formatDeviceReport(*report).find("PIN:         not set, minimum length 4"),
              std::string::npos);
}

TEST_F(Report, U2fOnlyKeyIsListedAsUnusable) {
    plug();
    m_soft->setFault(SoftAuthenticator::Fault::GetInfoFails);
    auto report = collectDeviceReport(m_manager, nullptr);
    ASSERT_TRUE(report.ok());
    ASSERT_EQ(report->size(), 1U);
    ASSERT_TRUE((*report)[0].error.has_value());
    EXPECT_EQ((*report)[0].error->code, ErrorCode::DeviceUnsupported);
    EXPECT_NE(formatDeviceReport(*report).find("DeviceUnsupported"), std::string::npos);
}

TEST_F(Report, WatcherNoticesPlugAndUnplug) {
    std::mutex mutex;
    std::vector<DeviceWatcher::Change> changes;
    DeviceWatcher watcher(m_manager, std::chrono::milliseconds(5),
                          [&](const DeviceWatcher::Change& c) {
                              std::lock_guard lock(mutex);
                              changes.push_back(c);
                          });
    watcher.start();
    auto waitFor = [&](std::size_t n) {
        for (int i = 0; i < 400; ++i) {
            {
                std::lock_guard lock(mutex);
                if (changes.size() >= n) {
                    return true;
                }
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return false;
    };
    plug();
    ASSERT_TRUE(waitFor(1));
    m_soft->setFault(SoftAuthenticator::Fault::Removed);
    ASSERT_TRUE(waitFor(2));
    watcher.stop();
    std::lock_guard lock(mutex);
    ASSERT_EQ(changes.size(), 2U);
    ASSERT_EQ(changes[0].added.size(), 1U);
    EXPECT_EQ(changes[0].added[0].path, m_path);
    EXPECT_TRUE(changes[0].removed.empty());
    ASSERT_EQ(changes[1].removed.size(), 1U);
    EXPECT_EQ(changes[1].removed[0].path, m_path);
    EXPECT_TRUE(changes[1].attached.empty());
}

} // namespace
} // namespace madoguchi::devices::test
