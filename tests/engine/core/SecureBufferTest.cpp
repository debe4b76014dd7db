// SPDX-License-Identifier: Apache-2.0
#include "core/SecureBuffer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <type_traits>
#include <vector>

using madoguchi::SecureBuffer;

namespace {

// Records, for every release, whether the memory was all zeros at that moment.
struct ReleaseRecorder {
    std::vector<bool> allZero;
    ReleaseRecorder() {
        SecureBuffer::setReleaseObserverForTesting([this](const std::uint8_t* p, std::size_t n) {
            allZero.push_back(std::all_of(p, p + n, [](std::uint8_t b) { return b == 0; }));
        });
    }
    ~ReleaseRecorder() { SecureBuffer::setReleaseObserverForTesting(nullptr); }
};

} // namespace

TEST(SecureBuffer, CannotBeCopiedByAccident) {
    static_assert(!std::is_copy_constructible_v<SecureBuffer>);
    static_assert(!std::is_copy_assignable_v<SecureBuffer>);
    static_assert(std::is_nothrow_move_constructible_v<SecureBuffer>);
    SUCCEED();
}

TEST(SecureBuffer, DestroyedBufferHeldZerosWhenReleased) {
    ReleaseRecorder recorder;
    {
        auto secret = SecureBuffer::fromText("hunter2-secret-value");
        EXPECT_EQ(secret.view(), "hunter2-secret-value");
    }
    ASSERT_EQ(recorder.allZero.size(), 1U);
    EXPECT_TRUE(recorder.allZero[0]);
}

TEST(SecureBuffer, MovedFromBufferIsEmptyAndTargetKeepsBytes) {
    auto source = SecureBuffer::fromText("123456");
    const std::uint8_t* original = source.data();
    SecureBuffer target = std::move(source);
    EXPECT_TRUE(source.empty());        // NOLINT(bugprone-use-after-move): that is the test
    EXPECT_EQ(source.data(), nullptr);  // NOLINT(bugprone-use-after-move)
    EXPECT_EQ(target.data(), original); // ownership moved, no second copy was made
    EXPECT_EQ(target.view(), "123456");
}

TEST(SecureBuffer, MoveAssignmentWipesTheOverwrittenSecret) {
    ReleaseRecorder recorder;
    auto a = SecureBuffer::fromText("first-secret");
    auto b = SecureBuffer::fromText("second-secret");
    a = std::move(b);
    ASSERT_EQ(recorder.allZero.size(), 1U);
    EXPECT_TRUE(recorder.allZero[0]);
    EXPECT_EQ(a.view(), "second-secret");
}

TEST(SecureBuffer, GrowingWipesTheOldAllocation) {
    ReleaseRecorder recorder;
    SecureBuffer buffer;
    for (int i = 0; i < 100; ++i) {
        buffer.append("x");
    }
    EXPECT_EQ(buffer.size(), 100U);
    EXPECT_GE(recorder.allZero.size(), 2U);
    EXPECT_TRUE(
        std::all_of(recorder.allZero.begin(), recorder.allZero.end(), [](bool z) { return z; }));
}

TEST(SecureBuffer, PopBackRemovesAWholeUtf8CodePoint) {
    auto text = SecureBuffer::fromText("ab\xE5\x81\xA5"); // "ab健"
    text.popBackCodePoint();
    EXPECT_EQ(text.view(), "ab");
    text.popBackCodePoint();
    text.popBackCodePoint();
    text.popBackCodePoint(); // on empty: no-op
    EXPECT_TRUE(text.empty());
}

TEST(SecureBuffer, EqualsComparesContentAndLength) {
    auto a = SecureBuffer::fromText("abc");
    auto b = a.clone();
    EXPECT_TRUE(a.equals(b.bytes()));
    auto c = SecureBuffer::fromText("abd");
    EXPECT_FALSE(a.equals(c.bytes()));
    auto d = SecureBuffer::fromText("ab");
    EXPECT_FALSE(a.equals(d.bytes()));
}

TEST(SecureBuffer, PopBackWipesTheBytesItRemoves) {
    // The memory stays allocated after a Backspace, so the removed bytes must be zeroed there
    // and then, not only when the buffer is finally released.
    auto text = SecureBuffer::fromText("pw\xE5\x81\xA5!"); // "pw健!"
    const std::uint8_t* memory = text.data();
    text.popBackCodePoint(); // "!"
    ASSERT_EQ(text.data(), memory) << "a Backspace keeps the allocation";
    EXPECT_EQ(text.view(), "pw\xE5\x81\xA5");
    EXPECT_EQ(memory[5], 0);
    text.popBackCodePoint(); // the three bytes of 健
    ASSERT_EQ(text.data(), memory);
    EXPECT_EQ(text.view(), "pw");
    for (std::size_t i = 2; i < 6; ++i) {
        EXPECT_EQ(memory[i], 0) << "byte " << i;
    }
    EXPECT_EQ(memory[0], 'p');
    EXPECT_EQ(memory[1], 'w');
}

TEST(SecureBuffer, ClearWipesAndReleasesAtOnce) {
    ReleaseRecorder recorder;
    auto secret = SecureBuffer::fromText("temporary-password");
    secret.clear();
    ASSERT_EQ(recorder.allZero.size(), 1U) << "released by clear(), not later";
    EXPECT_TRUE(recorder.allZero[0]);
    EXPECT_TRUE(secret.empty());
    EXPECT_EQ(secret.data(), nullptr);
    secret.clear(); // nothing left to release
    EXPECT_EQ(recorder.allZero.size(), 1U);
    secret.append("again"); // usable after clear
    EXPECT_EQ(secret.view(), "again");
}

TEST(SecureBuffer, ReleaseObserverSeesTheWholeAllocationWiped) {
    // The observer is what the wipe tests rely on: it must see all the capacity, including
    // bytes a Backspace removed, and see them only after the wipe.
    std::size_t observedSize = 0;
    bool allZero = false;
    SecureBuffer::setReleaseObserverForTesting([&](const std::uint8_t* p, std::size_t n) {
        observedSize = n;
        allZero = std::all_of(p, p + n, [](std::uint8_t b) { return b == 0; });
    });
    {
        SecureBuffer buffer;
        buffer.append("123456789");
        buffer.popBackCodePoint();
    }
    SecureBuffer::setReleaseObserverForTesting(nullptr);
    EXPECT_GE(observedSize, 9U);
    EXPECT_TRUE(allZero);
}
