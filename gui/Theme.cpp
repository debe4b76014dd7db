// SPDX-License-Identifier: Apache-2.0
#include "Theme.h"

#include "ScreenDensity.h"

#include <wx/bitmap.h>
#include <wx/dcmemory.h>
#include <wx/display.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <string>
#include <utility>

namespace madoguchi::gui {

namespace {
constexpr double kStandardDpi = 96.0;
constexpr double kReferencePoints = 40.0;

// Device pixels of em per point for a face: wxGTK reads a pixel size as the line height
// (about 1.45 em for Noto Sans CJK), and a point is 96/72 px only where the font resolution
// is 96 dpi; so measure what a point gives, once per face and weight.
double emPerPoint(const wxString& face, wxFontFamily family, bool bold) {
    static std::map<std::pair<std::string, bool>, double> cache;
    const auto key = std::make_pair(face.utf8_string(), bold);
    if (auto it = cache.find(key); it != cache.end()) {
        return it->second;
    }
    wxFontInfo info(kReferencePoints);
    info.FaceName(face).Family(family);
    if (bold) {
        info.Bold();
    }
    wxBitmap bitmap(16, 16);
    wxMemoryDC dc(bitmap);
    dc.SetFont(wxFont(info));
    // A full-width character advances exactly one em; ten of them for sub-pixel precision.
    const double em = dc.GetTextExtent(wxString::FromUTF8("漢漢漢漢漢漢漢漢漢漢")).x / 10.0;
    double perPoint = em / kReferencePoints;
    if (!(perPoint > 0.5 && perPoint < 20.0)) {
        perPoint = kStandardDpi / 72.0; // nothing measurable: a point as CSS defines it
    }
    cache.emplace(key, perPoint);
    return perPoint;
}

double detectScreenScale() {
    if (const char* env = std::getenv("MADOGUCHI_UI_SCALE")) {
        const double forced = std::atof(env);
        if (forced >= 0.5 && forced <= 4.0) {
            return forced;
        }
    }
#ifdef wxHAS_DPI_INDEPENDENT_PIXELS
    // GTK: a window pixel is a logical pixel whatever the screen. A dense screen shows
    // through the font resolution (Xft.dpi, the desktop's text scaling) or the X server's
    // resolution (-dpi, DisplaySize); GDK_SCALE is applied by GTK itself, so divide it out.
    const double fontDpi = emPerPoint(Theme::faceName(), wxFONTFAMILY_DEFAULT, false) * 72.0;
    double gdkScale = wxDisplay(0U).GetScaleFactor();
    gdkScale = gdkScale >= 1.0 ? gdkScale : 1.0;
    const double dpi = std::max(std::round(fontDpi), ScreenDensity::serverDpi() / gdkScale);
    // Quarter steps, as desktops offer them (125 %, 150 %...): a 100-dpi screen is standard.
    return std::clamp(std::round(dpi / kStandardDpi * 4.0) / 4.0, 1.0, 4.0);
#else
    return 1.0; // Windows: FromDIP follows the monitor's DPI already
#endif
}

wxFont makeFont(const wxWindow* w, int pixels, const wxString& face, wxFontFamily family,
                bool bold) {
    const double target = w->FromDIP(pixels) * Theme::screenScale();
    wxFontInfo info(target / emPerPoint(face, family, bold));
    info.FaceName(face).Family(family);
    if (bold) {
        info.Bold();
    }
    return wxFont(info);
}
} // namespace

const char* Theme::faceName() {
    return "Noto Sans CJK JP";
}

double Theme::screenScale() {
    static const double scale = detectScreenScale();
    return scale;
}

int Theme::px(const wxWindow* w, int pixels) {
    return static_cast<int>(std::lround(w->FromDIP(pixels) * screenScale()));
}

wxFont Theme::font(const wxWindow* w, int pixels, bool bold) {
    return makeFont(w, pixels, faceName(), wxFONTFAMILY_DEFAULT, bold);
}

wxFont Theme::monoFont(const wxWindow* w, int pixels) {
    // Noto Sans Mono CJK JP keeps secret groups aligned and tells 0 from O.
    return makeFont(w, pixels, "Noto Sans Mono CJK JP", wxFONTFAMILY_TELETYPE, false);
}

} // namespace madoguchi::gui
