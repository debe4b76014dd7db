// SPDX-License-Identifier: Apache-2.0
// What Madoguchi reads itself of a key's CTAP replies (devices/CtapParse_p.h), with the
// inputs fuzz_ctap found.
#include "devices/CtapParse_p.h"

#include <gtest/gtest.h>

#include <chrono>

namespace madoguchi::devices {
namespace {

// A CBOR array that declares 0x9a9a9a9a elements in a few bytes. libcbor allocated (and
// cleared) the declared size first: gigabytes and many seconds per reply from a hostile key.
TEST(CtapParse, AContainerLargerThanItsBytesIsRefusedAtOnce) {
    Bytes huge(58, 0x9a);
    huge.insert(huge.end(), {0x44, 0x44, 0x44, 0x44});
    const auto start = std::chrono::steady_clock::now();
    auto unwrapped = unwrapCborBytes(huge.data(), huge.size());
    EXPECT_FALSE(unwrapped.ok());
    EXPECT_EQ(unwrapped.code(), ErrorCode::DeviceMalformedResponse);
    auto x5c = x5cFromStatement(huge);
    EXPECT_FALSE(x5c.ok());
    // A map declaring 2^32-1 entries, and a byte string longer than what follows.
    const Bytes map{0xba, 0xff, 0xff, 0xff, 0xff, 0x01, 0x02};
    EXPECT_FALSE(x5cFromStatement(map).ok());
    const Bytes string{0x5a, 0x00, 0x01, 0x00, 0x00, 0x01};
    EXPECT_FALSE(unwrapCborBytes(string.data(), string.size()).ok());
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
}

TEST(CtapParse, WellFormedRepliesStillParse) {
    // authData as a CBOR byte string.
    const Bytes wrapped{0x43, 0x01, 0x02, 0x03};
    auto unwrapped = unwrapCborBytes(wrapped.data(), wrapped.size());
    ASSERT_TRUE(unwrapped.ok());
    EXPECT_EQ(*unwrapped, (Bytes{0x01, 0x02, 0x03}));
    // {"alg": -7, "x5c": [h'3082', h'01']}, and an indefinite-length map with the same.
    const Bytes statement{0xa2, 0x63, 'a',  'l',  'g',  0x26, 0x63, 'x',
                          '5',  'c',  0x82, 0x42, 0x30, 0x82, 0x41, 0x01};
    auto x5c = x5cFromStatement(statement);
    ASSERT_TRUE(x5c.ok());
    ASSERT_EQ(x5c->size(), 2U);
    EXPECT_EQ((*x5c)[0], (Bytes{0x30, 0x82}));
    const Bytes indefinite{0xbf, 0x63, 'x', '5', 'c', 0x9f, 0x41, 0x07, 0xff, 0xff};
    auto x5cIndefinite = x5cFromStatement(indefinite);
    ASSERT_TRUE(x5cIndefinite.ok());
    ASSERT_EQ(x5cIndefinite->size(), 1U);
    // A COSE key after the credential ID, with trailing extension data that is not read.
    Bytes authData(53, 0x11);
    authData.insert(authData.end(), {0x00, 0x02, 0xaa, 0xbb}); // credential ID
    authData.insert(authData.end(), {0xa1, 0x01, 0x02, 0xa0}); // {1: 2} then {} (extensions)
    auto key = extractCoseKey(authData);
    ASSERT_TRUE(key.ok());
    EXPECT_EQ(*key, (Bytes{0xa1, 0x01, 0x02}));
}

} // namespace
} // namespace madoguchi::devices
