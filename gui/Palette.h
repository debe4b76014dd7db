// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cmath>
#include <cstdint>

namespace madoguchi::gui {

// Colours of the kiosk, kept free of wxWidgets so their contrast is testable.
// Every text/background pair is at least 7:1 (WCAG 2 AAA); tests/gui checks it.
struct Rgb {
    std::uint8_t r, g, b;
};

namespace palette {
inline constexpr Rgb kBackground{0xFF, 0xFF, 0xFF};
inline constexpr Rgb kHeaderBackground{0xEE, 0xF3, 0xF8};
inline constexpr Rgb kText{0x1A, 0x1A, 0x1A};
inline constexpr Rgb kMutedText{0x36, 0x36, 0x36};
inline constexpr Rgb kPrimary{0x0B, 0x4F, 0x9C};   // main action button
inline constexpr Rgb kOnPrimary{0xFF, 0xFF, 0xFF}; // text on the main action
inline constexpr Rgb kSecondary{0xE2, 0xE8, 0xF0}; // other buttons, keys
inline constexpr Rgb kOnSecondary{0x1A, 0x1A, 0x1A};
inline constexpr Rgb kError{0xA3, 0x00, 0x00};
inline constexpr Rgb kSuccess{0x0A, 0x5C, 0x1E};
inline constexpr Rgb kWarningBackground{0xFF, 0xF4, 0xCC};
inline constexpr Rgb kQrDark{0x00, 0x00, 0x00}; // QR codes are black on white, always
inline constexpr Rgb kQrLight{0xFF, 0xFF, 0xFF};
} // namespace palette

// WCAG 2 relative luminance and contrast ratio.
inline double relativeLuminance(Rgb c) {
    auto channel = [](std::uint8_t v) {
        double s = v / 255.0;
        return s <= 0.03928 ? s / 12.92 : std::pow((s + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

inline double contrastRatio(Rgb a, Rgb b) {
    double la = relativeLuminance(a);
    double lb = relativeLuminance(b);
    double hi = la > lb ? la : lb;
    double lo = la > lb ? lb : la;
    return (hi + 0.05) / (lo + 0.05);
}

} // namespace madoguchi::gui
