// SPDX-License-Identifier: Apache-2.0
#include "core/SecureBuffer.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <cstring>
#include <new>
#include <utility>

namespace madoguchi {

namespace {
SecureBuffer::ReleaseObserver& releaseObserver() {
    static SecureBuffer::ReleaseObserver observer;
    return observer;
}
} // namespace

SecureBuffer::SecureBuffer(std::size_t size) {
    reserve(size);
    m_size = size;
}

SecureBuffer::SecureBuffer(std::span<const std::uint8_t> bytes) {
    append(bytes);
}

SecureBuffer SecureBuffer::fromText(std::string_view text) {
    SecureBuffer buffer;
    buffer.append(text);
    return buffer;
}

SecureBuffer::SecureBuffer(SecureBuffer&& other) noexcept
    : m_data(std::exchange(other.m_data, nullptr)), m_size(std::exchange(other.m_size, 0)),
      m_capacity(std::exchange(other.m_capacity, 0)) {}

SecureBuffer& SecureBuffer::operator=(SecureBuffer&& other) noexcept {
    if (this != &other) {
        release();
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
        m_capacity = std::exchange(other.m_capacity, 0);
    }
    return *this;
}

SecureBuffer::~SecureBuffer() {
    release();
}

SecureBuffer SecureBuffer::clone() const {
    return SecureBuffer(bytes());
}

std::string_view SecureBuffer::view() const {
    return m_size == 0 ? std::string_view{}
                       : std::string_view(reinterpret_cast<const char*>(m_data), m_size);
}

void SecureBuffer::reserve(std::size_t capacity) {
    if (capacity <= m_capacity) {
        return;
    }
    // Grow by moving into a fresh allocation and wiping the old one: realloc() could leave
    // a copy of the secret behind in freed memory.
    std::size_t newCapacity = std::max<std::size_t>({capacity, m_capacity * 2, 32});
    auto* fresh = static_cast<std::uint8_t*>(OPENSSL_zalloc(newCapacity));
    if (fresh == nullptr) {
        throw std::bad_alloc();
    }
    if (m_size > 0) {
        std::memcpy(fresh, m_data, m_size);
    }
    std::size_t keepSize = m_size;
    release();
    m_data = fresh;
    m_size = keepSize;
    m_capacity = newCapacity;
}

void SecureBuffer::append(std::span<const std::uint8_t> bytes) {
    if (bytes.empty()) {
        return;
    }
    reserve(m_size + bytes.size());
    std::memcpy(m_data + m_size, bytes.data(), bytes.size());
    m_size += bytes.size();
}

void SecureBuffer::append(std::string_view text) {
    append(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(text.data()),
                                         text.size()));
}

void SecureBuffer::popBackCodePoint() {
    if (m_size == 0) {
        return;
    }
    std::size_t cut = m_size - 1;
    // Step back over UTF-8 continuation bytes (10xxxxxx) to the lead byte.
    while (cut > 0 && (m_data[cut] & 0xC0U) == 0x80U) {
        --cut;
    }
    OPENSSL_cleanse(m_data + cut, m_size - cut);
    m_size = cut;
}

void SecureBuffer::clear() {
    release();
}

bool SecureBuffer::equals(std::span<const std::uint8_t> other) const {
    if (other.size() != m_size) {
        return false;
    }
    return m_size == 0 || CRYPTO_memcmp(m_data, other.data(), m_size) == 0;
}

void SecureBuffer::release() {
    if (m_data != nullptr) {
        OPENSSL_cleanse(m_data, m_capacity);
        if (releaseObserver()) {
            releaseObserver()(m_data, m_capacity);
        }
        OPENSSL_free(m_data);
    }
    m_data = nullptr;
    m_size = 0;
    m_capacity = 0;
}

void SecureBuffer::setReleaseObserverForTesting(ReleaseObserver observer) {
    releaseObserver() = std::move(observer);
}

} // namespace madoguchi
