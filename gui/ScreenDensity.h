// SPDX-License-Identifier: Apache-2.0
#pragma once

namespace madoguchi::gui {

// The display server's own statement of the screen's density, apart from the toolkit (which
// on GTK reports 96 dpi whatever the screen).
struct ScreenDensity {
    // Dots per inch from the X server's screen size in millimetres (Xorg's DisplaySize, Xvfb's
    // -dpi); 0 when not on X11 or the figure is implausible.
    static double serverDpi();
};

} // namespace madoguchi::gui
