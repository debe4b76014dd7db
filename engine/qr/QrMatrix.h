// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace madoguchi {

// A QR symbol as plain modules, quiet zone included, so views can draw it without ZXing.
// One module is one cell; a view scales it by a whole number so modules stay square.
// The modules encode whatever the QR holds (an otpauth:// URI holds the secret), so they
// are wiped when the matrix is destroyed.
class QrMatrix {
public:
    QrMatrix() = default;
    // `modules` is row-major, width * height entries, non-zero = dark.
    QrMatrix(int width, int height, int quietZone, std::vector<std::uint8_t> modules);
    QrMatrix(const QrMatrix&) = default;
    QrMatrix& operator=(const QrMatrix&) = default;
    QrMatrix(QrMatrix&& other) noexcept;
    QrMatrix& operator=(QrMatrix&& other) noexcept;
    ~QrMatrix();

    int width() const { return m_width; }
    int height() const { return m_height; }
    // Light modules on each side, part of width() and height().
    int quietZone() const { return m_quietZone; }
    bool empty() const { return m_modules.empty(); }
    // False (light) outside the matrix, which is how the surroundings must look anyway.
    bool isDark(int x, int y) const;

private:
    void wipe();

    int m_width = 0;
    int m_height = 0;
    int m_quietZone = 0;
    std::vector<std::uint8_t> m_modules;
};

} // namespace madoguchi
