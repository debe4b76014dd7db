// SPDX-License-Identifier: Apache-2.0
// The names the kiosk stores for its enums: one per value, fixed, not the C++ spellings; and a
// store written by an earlier kiosk (schema v3, "BasicDone", "security-key") is rewritten on
// opening, so the member's registration resumes where it stopped.
#include "kiosk/StoredNames.h"

#include "KioskFixture.h"
#include "sqlite/Migrations.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace madoguchi::test {
namespace {

TEST(StoredNames, EveryStepAndMethodHasOneFixedNameThatReadsBack) {
    std::set<std::string_view> seen;
    for (FlowState state : kAllFlowStates) {
        const std::string_view name = kiosk::storedName(state);
        EXPECT_FALSE(name.empty()) << toString(state);
        EXPECT_TRUE(seen.insert(name).second) << name << " twice";
        EXPECT_EQ(kiosk::flowStateFromStored(name), state);
        EXPECT_NE(name, toString(state)) << "the C++ spelling is not what is stored";
    }
    EXPECT_EQ(kiosk::storedName(FlowState::BasicDone), "basic_done");
    for (MfaMethod method :
         {MfaMethod::None, MfaMethod::Otp, MfaMethod::SecurityKey, MfaMethod::PhonePasskey}) {
        EXPECT_EQ(kiosk::mfaMethodFromStored(kiosk::storedName(method)), method);
    }
    EXPECT_EQ(kiosk::storedName(MfaMethod::SecurityKey), "security_key");
    EXPECT_FALSE(kiosk::flowStateFromStored("BasicDone")) << "old spellings only via migration";
    EXPECT_FALSE(kiosk::mfaMethodFromStored("security-key"));
}

using StoredNamesUpgrade = KioskTest;

TEST_F(StoredNamesUpgrade, AStoreOfSchemaThreeIsRewrittenAndStillResumes) {
    ASSERT_TRUE(commitBasic(MfaMethod::SecurityKey));
    ASSERT_TRUE(m_flow->cancel());
    // What a kiosk of schema v3 wrote: the C++ spelling of the step, the old method name.
    ASSERT_TRUE(m_store->database()
                    .exec("UPDATE enrollments SET state = 'BasicDone', method = 'security-key'; "
                          "PRAGMA user_version=3")
                    .ok());
    openKiosk();
    auto version = sqlite::Migrations::currentVersion(m_store->database());
    ASSERT_TRUE(version.ok());
    EXPECT_EQ(*version, 4);
    auto record = enrollment();
    ASSERT_TRUE(record);
    EXPECT_EQ(record->state, "basic_done");
    EXPECT_EQ(record->method, "security_key");

    auto found = resume(kUserId, kPassword);
    ASSERT_TRUE(found.ok()) << found.error().detail;
    EXPECT_EQ(m_flow->state(), FlowState::KeyInsert) << "resumed at the method's first screen";
}

} // namespace
} // namespace madoguchi::test
