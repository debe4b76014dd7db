// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "Palette.h"

#include <wx/colour.h>
#include <wx/font.h>
#include <wx/window.h>

namespace madoguchi::gui {

// Design sizes in pixels of a 1920x1080 screen at 96 dpi; Theme::px and Theme::font turn
// them into device pixels for the screen the kiosk runs on. Text sizes are em sizes: the
// full-width cell of a Japanese character, which is what a reader measures.
namespace sizes {
inline constexpr int kBodyText = 30; // ≥ 28 px body text (the floor); kanji ink ≥ 28 px
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
    // Design pixels to device pixels: the window's DIP scaling (Windows) times the screen's
    // density (GTK, where FromDIP does nothing without GDK_SCALE).
    static int px(const wxWindow* w, int pixels);
    // A font whose em is `pixels` design pixels, whatever the toolkit makes of a point.
    static wxFont font(const wxWindow* w, int pixels, bool bold = false);
    static wxFont monoFont(const wxWindow* w, int pixels);
    // The CJK face we ask for; Debian's fonts-noto-cjk provides it.
    static const char* faceName();
    // How many device pixels one design pixel is on this screen (1 at 96 dpi, 1.5 at 144).
    // Read once: $MADOGUCHI_UI_SCALE if set, else the larger of the X server's resolution
    // and the font resolution (Xft.dpi), relative to 96; never below 1.
    static double screenScale();
};

} // namespace madoguchi::gui
