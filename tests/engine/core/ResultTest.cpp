// SPDX-License-Identifier: Apache-2.0
#include "core/Result.h"

#include <gtest/gtest.h>

#include <string>

using namespace madoguchi;

namespace {
Result<int> parsePositive(int v) {
    if (v <= 0) {
        return Error{ErrorCode::InvalidArgument, "not positive"};
    }
    return v;
}
} // namespace

TEST(Result, CarriesValueOrError) {
    auto good = parsePositive(3);
    ASSERT_TRUE(good.ok());
    EXPECT_EQ(*good, 3);
    auto bad = parsePositive(-1);
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.code(), ErrorCode::InvalidArgument);
    EXPECT_EQ(bad.error().detail, "not positive");
}

TEST(Result, VoidResultIsOkByDefault) {
    Status s;
    EXPECT_TRUE(s.ok());
    Status failed{ErrorCode::StorageIo, "disk full"};
    EXPECT_FALSE(failed.ok());
    EXPECT_EQ(failed.code(), ErrorCode::StorageIo);
}

TEST(Result, ErrorCodesHaveStableNames) {
    EXPECT_EQ(toString(ErrorCode::OtpCodeReplayed), "OtpCodeReplayed");
    EXPECT_EQ(toString(ErrorCode::DeviceAaguidDenied), "DeviceAaguidDenied");
}
