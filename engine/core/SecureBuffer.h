// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string_view>

namespace madoguchi {

// Owns bytes that are secret (passwords, PINs, TOTP secrets, birth dates in flight).
// Move-only: a copy has to be asked for with clone(), so a secret is never duplicated by
// accident. The bytes are wiped with OPENSSL_cleanse before the memory is released, and a
// moved-from buffer is left empty.
class SecureBuffer {
public:
    SecureBuffer() = default;
    explicit SecureBuffer(std::size_t size);                    // zero-filled
    explicit SecureBuffer(std::span<const std::uint8_t> bytes); // copies
    static SecureBuffer fromText(std::string_view text);        // copies the UTF-8 bytes

    SecureBuffer(const SecureBuffer&) = delete;
    SecureBuffer& operator=(const SecureBuffer&) = delete;
    SecureBuffer(SecureBuffer&& other) noexcept;
    SecureBuffer& operator=(SecureBuffer&& other) noexcept;
    ~SecureBuffer();

    SecureBuffer clone() const;

    std::size_t size() const { return m_size; }
    bool empty() const { return m_size == 0; }
    std::uint8_t* data() { return m_data; }
    const std::uint8_t* data() const { return m_data; }
    std::span<std::uint8_t> bytes() { return {m_data, m_size}; }
    std::span<const std::uint8_t> bytes() const { return {m_data, m_size}; }
    // A view of the bytes as text; valid while this buffer lives and is not modified.
    std::string_view view() const;

    void append(std::span<const std::uint8_t> bytes);
    void append(std::string_view text);
    // Removes the last UTF-8 code point (for a Backspace on an on-screen keyboard).
    void popBackCodePoint();
    // Wipes and releases the bytes; the buffer becomes empty.
    void clear();

    // Constant-time comparison of contents (sizes may leak).
    bool equals(std::span<const std::uint8_t> other) const;

    // Test hook: called with the memory just before it is released, after it was wiped,
    // so a test can prove a destroyed buffer held zeros without reading freed memory.
    using ReleaseObserver = std::function<void(const std::uint8_t*, std::size_t)>;
    static void setReleaseObserverForTesting(ReleaseObserver observer);

private:
    void reserve(std::size_t capacity);
    void release();

    std::uint8_t* m_data = nullptr;
    std::size_t m_size = 0;
    std::size_t m_capacity = 0;
};

} // namespace madoguchi
