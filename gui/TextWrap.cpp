// SPDX-License-Identifier: Apache-2.0
#include "TextWrap.h"

#include <wx/bitmap.h>
#include <wx/dcmemory.h>
#include <wx/stattext.h>

#include <vector>

namespace madoguchi::gui {

namespace {
bool isCjk(wxUniChar c) {
    const auto v = c.GetValue();
    return (v >= 0x3000 && v <= 0x30FF) || // CJK punctuation, hiragana, katakana
           (v >= 0x3400 && v <= 0x9FFF) || // CJK ideographs
           (v >= 0xF900 && v <= 0xFAFF) || // compatibility ideographs
           (v >= 0xFF00 && v <= 0xFFEF);   // full-width forms
}

// Characters that must not begin a line (行頭禁則).
bool noLineStart(wxUniChar c) {
    static const wxString set =
        wxString::FromUTF8("、。，．・：；？！゛゜ヽヾゝゞ々ー）］｝」』】〕〉》’”"
                           "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ") +
        ")]},.:;!?%";
    return set.Find(c) != wxNOT_FOUND;
}

// Characters that must not end a line (行末禁則).
bool noLineEnd(wxUniChar c) {
    static const wxString set = wxString::FromUTF8("（［｛「『【〔〈《‘“") + "([{";
    return set.Find(c) != wxNOT_FOUND;
}

// A paragraph as unbreakable pieces: one per Japanese character, one per Latin word, and
// the spaces between them (where a break drops the space).
std::vector<wxString> pieces(const wxString& paragraph) {
    std::vector<wxString> out;
    wxString word;
    auto flush = [&] {
        if (!word.IsEmpty()) {
            out.push_back(word);
            word.clear();
        }
    };
    for (wxUniChar c : paragraph) {
        if (c == ' ') {
            flush();
            out.emplace_back(" ");
        } else if (isCjk(c)) {
            flush();
            out.emplace_back(c);
        } else {
            word += c;
        }
    }
    flush();
    // Kinsoku: glue a no-start character to the piece before it and a no-end character to
    // the piece after it, so a break never falls between them.
    std::vector<wxString> glued;
    for (std::size_t i = 0; i < out.size(); ++i) {
        wxString piece = out[i];
        while (!glued.empty() && glued.back() != " " && piece != " " &&
               (noLineStart(piece[0]) || noLineEnd(glued.back().Last()))) {
            piece = glued.back() + piece;
            glued.pop_back();
        }
        glued.push_back(piece);
    }
    return glued;
}

wxString wrapParagraph(const wxString& paragraph, int width, const TextWrap::Measure& measure) {
    wxString result;
    wxString line;
    for (const wxString& piece : pieces(paragraph)) {
        if (piece == " " && line.IsEmpty()) {
            continue; // no space at the start of a line
        }
        const wxString candidate = line + piece;
        if (!line.IsEmpty() && measure(candidate.Strip(wxString::trailing)) > width) {
            result += line.Strip(wxString::trailing) + "\n";
            line = piece == " " ? wxString() : piece;
        } else {
            line = candidate;
        }
    }
    return result + line.Strip(wxString::trailing);
}
} // namespace

wxString TextWrap::wrap(const wxString& text, int width, const Measure& measure) {
    wxString result;
    wxString paragraph;
    for (wxUniChar c : text) {
        if (c == '\n') {
            result += wrapParagraph(paragraph, width, measure) + "\n";
            paragraph.clear();
        } else {
            paragraph += c;
        }
    }
    return result + wrapParagraph(paragraph, width, measure);
}

void TextWrap::setLabel(wxStaticText* label, const wxString& text, int width) {
    // Measured with the label's font on a memory DC: a GTK label not yet shown may still
    // report its size in the default font, which left dialogs too small for their text.
    wxBitmap bitmap(8, 8);
    wxMemoryDC dc(bitmap);
    dc.SetFont(label->GetFont());
    const wxString wrapped =
        wrap(text, width, [&dc](const wxString& line) { return dc.GetTextExtent(line).x; });
    label->SetLabel(wrapped);
    label->SetMinSize(wrapped.IsEmpty() ? wxDefaultSize : dc.GetMultiLineTextExtent(wrapped));
}

} // namespace madoguchi::gui
