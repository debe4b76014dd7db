// SPDX-License-Identifier: Apache-2.0
#include "Theme.h"

namespace madoguchi::gui {

const char* Theme::faceName() {
    return "Noto Sans CJK JP";
}

wxFont Theme::font(const wxWindow* w, int pixels, bool bold) {
    wxFontInfo info(wxSize(0, px(w, pixels)));
    info.FaceName(faceName());
    if (bold) {
        info.Bold();
    }
    return wxFont(info);
}

wxFont Theme::monoFont(const wxWindow* w, int pixels) {
    // Noto Sans Mono CJK JP keeps secret groups aligned and tells 0 from O.
    wxFontInfo info(wxSize(0, px(w, pixels)));
    info.FaceName("Noto Sans Mono CJK JP").Family(wxFONTFAMILY_TELETYPE);
    return wxFont(info);
}

} // namespace madoguchi::gui
