// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <wx/string.h>

#include <functional>

class wxStaticText;
class wxWindow;

namespace madoguchi::gui {

// Line breaking for Japanese as well as English. wxStaticText::Wrap breaks only at spaces,
// so a Japanese sentence (which has none) ran off the screen in one line. Here a line may
// break between Japanese phrases (where hiragana meets a kanji, katakana or Latin word, after
// 、。 and closing brackets) or at a space, never inside a word (「できま/す」), and not before
// 。、」 or small kana nor after 「（ (JIS X 4051 kinsoku, the common subset). Only a phrase
// wider than the whole line is broken between its characters.
struct TextWrap {
    using Measure = std::function<int(const wxString&)>;
    // `text` with '\n' inserted so that no line is wider than `width` by `measure` (a word
    // or a character that cannot be split stays whole). Existing line breaks are kept.
    static wxString wrap(const wxString& text, int width, const Measure& measure);
    // Sets `label` to `text` wrapped to `width` device pixels in the label's own font.
    static void setLabel(wxStaticText* label, const wxString& text, int width);
};

} // namespace madoguchi::gui
