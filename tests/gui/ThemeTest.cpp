// SPDX-License-Identifier: Apache-2.0
// Text size as a reader measures it: the em (the full-width cell of a Japanese character) and
// the ink of rendered glyphs, measured here with our own device context and on a screenshot of
// the real kiosk, not taken from the Theme's word. Run at 96 dpi and again on a 144-dpi screen
// (core X resolution, and Xft.dpi as desktops set it): sizes must grow with the DPI.
#include "Theme.h"

#include "KioskDriver.h"
#include "WalkSteps.h"
#include "flow/EnrollmentFlow.h"

#include <gtest/gtest.h>
#include <wx/bitmap.h>
#include <wx/dcmemory.h>
#include <wx/image.h>
#include <wx/stattext.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace madoguchi::gui::test {
namespace {

namespace fs = std::filesystem;

// The floor for body text at 1920x1080 and 96 dpi, in pixels.
constexpr double kFloor = 28.0;

// What the CTest entry says the screen's DPI is, relative to 96 (1 unless told).
double expectedScale() {
    const char* env = std::getenv("MADOGUCHI_TEST_EXPECT_SCALE");
    return env != nullptr ? std::atof(env) : 1.0;
}

// Full-width characters advance exactly one em in CJK fonts: ten of them, for precision.
double emOf(const wxFont& font) {
    wxBitmap bitmap(16, 16);
    wxMemoryDC dc(bitmap);
    dc.SetFont(font);
    return dc.GetTextExtent(wxString::FromUTF8("漢漢漢漢漢漢漢漢漢漢")).x / 10.0;
}

// Rows of dark pixels between the first and the last dark row inside `rect`.
int inkHeight(const wxImage& image, wxRect rect) {
    rect.Intersect(wxRect(0, 0, image.GetWidth(), image.GetHeight()));
    int top = -1;
    int bottom = -1;
    for (int y = rect.y; y < rect.GetBottom() + 1; ++y) {
        for (int x = rect.x; x < rect.GetRight() + 1; ++x) {
            if (image.GetRed(x, y) + image.GetGreen(x, y) + image.GetBlue(x, y) < 3 * 110) {
                top = top < 0 ? y : top;
                bottom = y;
                break;
            }
        }
    }
    return top < 0 ? 0 : bottom - top + 1;
}

// The first band of rows with ink in `rect`: the first line of a (possibly wrapped) label.
int firstLineInk(const wxImage& image, wxRect rect) {
    rect.Intersect(wxRect(0, 0, image.GetWidth(), image.GetHeight()));
    int top = -1;
    for (int y = rect.y; y < rect.GetBottom() + 1; ++y) {
        bool ink = false;
        for (int x = rect.x; x < rect.GetRight() + 1 && !ink; ++x) {
            ink = image.GetRed(x, y) + image.GetGreen(x, y) + image.GetBlue(x, y) < 3 * 110;
        }
        if (ink && top < 0) {
            top = y;
        } else if (!ink && top >= 0) {
            return y - top;
        }
    }
    return top < 0 ? 0 : rect.GetBottom() + 1 - top;
}

int renderedInk(const wxFont& font, const wxString& text) {
    wxBitmap bitmap(600, 300);
    {
        wxMemoryDC dc(bitmap);
        dc.SetBackground(*wxWHITE_BRUSH);
        dc.Clear();
        dc.SetFont(font);
        dc.SetTextForeground(*wxBLACK);
        dc.DrawText(text, 20, 20);
    }
    const wxImage image = bitmap.ConvertToImage();
    return inkHeight(image, wxRect(0, 0, image.GetWidth(), image.GetHeight()));
}

class ThemeTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = freshDir("fonts");
        m_kiosk = std::make_unique<KioskDriver>(demoOptions(m_dir));
        m_window = m_kiosk->find("kioskFrame");
        ASSERT_NE(m_window, nullptr);
    }
    void TearDown() override {
        m_kiosk.reset();
        fs::remove_all(m_dir);
    }
    fs::path m_dir;
    std::unique_ptr<KioskDriver> m_kiosk;
    wxWindow* m_window = nullptr;
};

TEST_F(ThemeTest, EachFontsEmIsTheSizeItIsNamedFor) {
    const double s = expectedScale();
    for (int size : {sizes::kSmallText, sizes::kBodyText, sizes::kFieldText, sizes::kHeadingText,
                     sizes::kTitleText}) {
        for (bool bold : {false, true}) {
            const double em = emOf(Theme::font(m_window, size, bold));
            EXPECT_NEAR(em, size * s, 1.0 * s) << size << " px" << (bold ? " bold" : "");
        }
    }
}

TEST_F(ThemeTest, BodyAndSmallTextReachTheFloorAndHeadingsAreLarger) {
    const double s = expectedScale();
    const double small = emOf(Theme::font(m_window, sizes::kSmallText));
    const double body = emOf(Theme::font(m_window, sizes::kBodyText));
    const double heading = emOf(Theme::font(m_window, sizes::kHeadingText, true));
    EXPECT_GE(small, kFloor * s);
    EXPECT_GE(body, kFloor * s);
    EXPECT_GE(body, small);
    EXPECT_GE(heading, body * 1.4);
    // The ink of a kanji, as a ruler on the glass would measure it.
    const wxString kanji = wxString::FromUTF8("漢");
    const int bodyInk = renderedInk(Theme::font(m_window, sizes::kBodyText), kanji);
    const int headingInk = renderedInk(Theme::font(m_window, sizes::kHeadingText, true), kanji);
    EXPECT_GE(bodyInk, kFloor * s);
    EXPECT_GE(headingInk, 40 * s);
    std::printf("em: small %.1f, body %.1f, heading %.1f px; kanji ink: body %d, heading %d px\n",
                small, body, heading, bodyInk, headingInk);
}

TEST_F(ThemeTest, LabelsOnTheRealAttractScreenMeasureAtLeastTheFloor) {
    const double s = expectedScale();
    ASSERT_EQ(m_kiosk->state(), FlowState::Attract);
    const fs::path shot =
        m_kiosk->screenshot("theme-attract-" + std::to_string(std::lround(s * 96)) + "dpi");
    wxImage image;
    ASSERT_TRUE(image.LoadFile(wxString::FromUTF8(shot.string()), wxBITMAP_TYPE_PNG)) << shot;
    for (const char* name : {"lead", "title"}) {
        auto* label = dynamic_cast<wxStaticText*>(m_kiosk->find(name));
        ASSERT_NE(label, nullptr) << name;
        ASSERT_TRUE(label->IsShownOnScreen()) << name;
        const int ink = firstLineInk(image, label->GetScreenRect());
        EXPECT_GE(ink, (std::string(name) == "title" ? 40 : kFloor) * s)
            << name << ": " << label->GetLabel().utf8_string();
    }
}

TEST_F(ThemeTest, LayoutSizesFollowTheScreenDpi) {
    const double s = expectedScale();
    EXPECT_EQ(Theme::px(m_window, 100), std::lround(100 * s));
    EXPECT_EQ(Theme::px(m_window, sizes::kTouchTarget), std::lround(sizes::kTouchTarget * s));
    // The main button is a touch target at every DPI.
    wxWindow* main = m_kiosk->find("mainButton");
    ASSERT_NE(main, nullptr);
    EXPECT_GE(main->GetSize().y, std::lround(64 * s));
}

} // namespace
} // namespace madoguchi::gui::test

int main(int argc, char** argv) {
    return madoguchi::gui::test::runGuiTests(argc, argv, /*imageHandlers=*/true);
}
