// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "Palette.h"

#include <wx/colour.h>
#include <wx/font.h>
#include <wx/window.h>

namespace madoguchi::gui {

// Sizes in pixels at 1920x1080 and 96 DPI; `px` scales them with the window's DPI.
namespace sizes {
inline constexpr int kBodyText = 30;  // ≥ 28 px body text (the floor)
inline constexpr int kSmallText = 28; // hints, checklists: never below the floor
inline constexpr int kHeadingText = 46;
inline constexpr int kTitleText = 72;
inline constexpr int kFieldText = 40;   // what the member types, large and clear
inline constexpr int kTouchTarget = 80; // ≥ 64 px touch targets
inline constexpr int kKeySize = 84;     // on-screen keyboard keys
inline constexpr int kGap = 24;
} // namespace sizes

class Theme {
public:
    static wxColour colour(Rgb c) { return wxColour(c.r, c.g, c.b); }
    static int px(const wxWindow* w, int pixels) { return w->FromDIP(pixels); }
    static wxFont font(const wxWindow* w, int pixels, bool bold = false);
    static wxFont monoFont(const wxWindow* w, int pixels);
    // The CJK face we ask for; Debian's fonts-noto-cjk provides it.
    static const char* faceName();
};

} // namespace madoguchi::gui
