// SPDX-License-Identifier: Apache-2.0
#include "Palette.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

namespace madoguchi::gui {
namespace {

// WCAG 2 AAA for normal text: elderly members read this kiosk at arm's length.
constexpr double kAaaContrast = 7.0;

struct NamedColour {
    const char* name;
    Rgb rgb;
};

std::string describe(NamedColour fg, NamedColour bg) {
    return std::string(fg.name) + " on " + bg.name;
}

TEST(Palette, ContrastOfBlackOnWhiteIsTwentyOne) {
    EXPECT_NEAR(contrastRatio({0, 0, 0}, {0xFF, 0xFF, 0xFF}), 21.0, 1e-9);
}

TEST(Palette, ContrastIsSymmetricAndOneForEqualColours) {
    const Rgb grey{0x77, 0x77, 0x77};
    const Rgb white{0xFF, 0xFF, 0xFF};
    EXPECT_DOUBLE_EQ(contrastRatio(grey, white), contrastRatio(white, grey));
    EXPECT_DOUBLE_EQ(contrastRatio(grey, grey), 1.0);
}

// Published WCAG figures (WebAIM contrast checker): #777 on white is 4.48:1, just below
// AA; #767676 is the lightest grey that passes AA (4.54:1); #595959 passes AAA (7.00:1).
TEST(Palette, ContrastMatchesPublishedWcagValues) {
    const Rgb white{0xFF, 0xFF, 0xFF};
    EXPECT_NEAR(contrastRatio({0x77, 0x77, 0x77}, white), 4.48, 0.005);
    EXPECT_NEAR(contrastRatio({0x76, 0x76, 0x76}, white), 4.54, 0.005);
    EXPECT_NEAR(contrastRatio({0x59, 0x59, 0x59}, white), 7.00, 0.005);
    EXPECT_NEAR(contrastRatio({0xFF, 0x00, 0x00}, white), 4.00, 0.005);
    EXPECT_NEAR(contrastRatio({0x00, 0x00, 0xFF}, white), 8.59, 0.005);
}

TEST(Palette, RelativeLuminanceOfPrimariesFollowsWcagWeights) {
    EXPECT_NEAR(relativeLuminance({0xFF, 0x00, 0x00}), 0.2126, 1e-9);
    EXPECT_NEAR(relativeLuminance({0x00, 0xFF, 0x00}), 0.7152, 1e-9);
    EXPECT_NEAR(relativeLuminance({0x00, 0x00, 0xFF}), 0.0722, 1e-9);
    EXPECT_DOUBLE_EQ(relativeLuminance({0, 0, 0}), 0.0);
    EXPECT_NEAR(relativeLuminance({0xFF, 0xFF, 0xFF}), 1.0, 1e-12);
}

TEST(Palette, EveryTextColourReachesSevenToOneOnEveryBackground) {
    using namespace palette;
    const std::vector<NamedColour> texts = {
        {"kText", kText}, {"kMutedText", kMutedText}, {"kError", kError}, {"kSuccess", kSuccess}};
    const std::vector<NamedColour> backgrounds = {{"kBackground", kBackground},
                                                  {"kHeaderBackground", kHeaderBackground},
                                                  {"kWarningBackground", kWarningBackground}};
    for (const auto& text : texts) {
        for (const auto& background : backgrounds) {
            const double ratio = contrastRatio(text.rgb, background.rgb);
            EXPECT_GE(ratio, kAaaContrast) << describe(text, background) << " is " << ratio << ":1";
        }
    }
}

TEST(Palette, ButtonLabelsReachSevenToOneOnTheirButtons) {
    using namespace palette;
    const std::vector<std::pair<NamedColour, NamedColour>> pairs = {
        {{"kOnPrimary", kOnPrimary}, {"kPrimary", kPrimary}},
        {{"kOnSecondary", kOnSecondary}, {"kSecondary", kSecondary}}};
    for (const auto& [label, button] : pairs) {
        const double ratio = contrastRatio(label.rgb, button.rgb);
        EXPECT_GE(ratio, kAaaContrast) << describe(label, button) << " is " << ratio << ":1";
    }
}

TEST(Palette, QrCodesAreBlackOnWhite) {
    EXPECT_NEAR(contrastRatio(palette::kQrDark, palette::kQrLight), 21.0, 1e-9);
}

} // namespace
} // namespace madoguchi::gui
