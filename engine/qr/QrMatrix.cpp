// SPDX-License-Identifier: Apache-2.0
#include "qr/QrMatrix.h"

#include <openssl/crypto.h>

#include <cassert>
#include <utility>

namespace madoguchi {

QrMatrix::QrMatrix(int width, int height, int quietZone, std::vector<std::uint8_t> modules)
    : m_width(width), m_height(height), m_quietZone(quietZone), m_modules(std::move(modules)) {
    assert(width >= 0 && height >= 0);
    assert(m_modules.size() == static_cast<std::size_t>(width) * static_cast<std::size_t>(height));
}

QrMatrix::QrMatrix(QrMatrix&& other) noexcept
    : m_width(std::exchange(other.m_width, 0)), m_height(std::exchange(other.m_height, 0)),
      m_quietZone(std::exchange(other.m_quietZone, 0)), m_modules(std::move(other.m_modules)) {
    other.m_modules.clear();
}

QrMatrix& QrMatrix::operator=(QrMatrix&& other) noexcept {
    if (this != &other) {
        wipe();
        m_width = std::exchange(other.m_width, 0);
        m_height = std::exchange(other.m_height, 0);
        m_quietZone = std::exchange(other.m_quietZone, 0);
        m_modules = std::move(other.m_modules);
        other.m_modules.clear();
    }
    return *this;
}

QrMatrix::~QrMatrix() {
    wipe();
}

bool QrMatrix::isDark(int x, int y) const {
    if (x < 0 || y < 0 || x >= m_width || y >= m_height) {
        return false;
    }
    return m_modules[static_cast<std::size_t>(y) * static_cast<std::size_t>(m_width) +
                     static_cast<std::size_t>(x)] != 0;
}

void QrMatrix::wipe() {
    if (!m_modules.empty()) {
        OPENSSL_cleanse(m_modules.data(), m_modules.size());
    }
}

} // namespace madoguchi
