// SPDX-License-Identifier: Apache-2.0
#include "ScreenDensity.h"

#include <wx/utils.h>

#ifdef MADOGUCHI_HAVE_X11
// Xlib after wxWidgets: its macros (Status, None, Bool...) must not reach other headers.
#include <X11/Xlib.h>
#endif

namespace madoguchi::gui {

double ScreenDensity::serverDpi() {
#if defined(MADOGUCHI_HAVE_X11) && defined(__WXGTK__)
    const wxDisplayInfo info = wxGetDisplayInfo();
    if (info.type != wxDisplayX11 || info.dpy == nullptr) {
        return 0.0;
    }
    auto* display = static_cast<Display*>(info.dpy);
    const int screen = XDefaultScreen(display);
    const int millimetres = XDisplayWidthMM(display, screen);
    if (millimetres <= 0) {
        return 0.0;
    }
    const double dpi = XDisplayWidth(display, screen) * 25.4 / millimetres;
    return dpi >= 48.0 && dpi <= 600.0 ? dpi : 0.0;
#else
    return 0.0;
#endif
}

} // namespace madoguchi::gui
