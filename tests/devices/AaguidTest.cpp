// SPDX-License-Identifier: Apache-2.0
#include "devices/EnrolledCredential.h"

#include <gtest/gtest.h>

namespace madoguchi::devices {
namespace {

TEST(Aaguid, RoundTripsThroughItsTextForm) {
    const Aaguid a = {0xcb, 0x69, 0x48, 0x1e, 0x8f, 0xf7, 0x40, 0x39,
                      0x93, 0xec, 0x0a, 0x27, 0x29, 0xa1, 0x54, 0xa8};
    EXPECT_EQ(aaguidToString(a), "cb69481e-8ff7-4039-93ec-0a2729a154a8");
    EXPECT_EQ(*aaguidFromString("CB69481E-8FF7-4039-93EC-0A2729A154A8"), a);
    EXPECT_EQ(*aaguidFromString("cb69481e8ff7403993ec0a2729a154a8"), a);
    EXPECT_FALSE(aaguidFromString("cb69481e-8ff7-4039-93ec-0a2729a154").ok());
    EXPECT_FALSE(aaguidFromString("cb69481e-8ff7-4039-93ec-0a2729a154ag").ok());
}

} // namespace
} // namespace madoguchi::devices
