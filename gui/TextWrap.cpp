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

bool isHiragana(wxUniChar c) {
    const auto v = c.GetValue();
    return v >= 0x3041 && v <= 0x309F;
}

bool isKanji(wxUniChar c) {
    const auto v = c.GetValue();
    return (v >= 0x3400 && v <= 0x9FFF) || (v >= 0xF900 && v <= 0xFAFF) || v == 0x3005; // 々
}

// Punctuation after which a Japanese line may always break.
bool endsClause(wxUniChar c) {
    static const wxString set = wxString::FromUTF8("、。，．・：；？！");
    return set.Find(c) != wxNOT_FOUND;
}

bool isClosingBracket(wxUniChar c) {
    static const wxString set = wxString::FromUTF8("）］｝」』】〕〉》’”") + ")]}";
    return set.Find(c) != wxNOT_FOUND;
}

// お and ご, the polite prefixes of a kanji word (お声がけ, ご確認).
bool isHonorificPrefix(wxUniChar c) {
    return c == wxUniChar(0x304A) || c == wxUniChar(0x3054);
}

// Whether a line may break between `prev` and `c` (`next` follows `c`, or 0). Japanese
// breaks between phrases (文節), never inside a word: a phrase ends with its particles and
// okurigana in hiragana, so a break falls where hiragana meets kanji, katakana or Latin
// letters (「連絡に|だけ」 is one phrase, 「使い|ます」 never splits), after 、。 and
// closing brackets, before opening brackets, and before the polite prefix お/ご of a kanji
// word (「係員に|お声がけ」). Runs of Latin letters and digits break only at spaces.
bool breakBetween(wxUniChar prev, wxUniChar c, wxUniChar next) {
    if (noLineStart(c) || noLineEnd(prev)) {
        return false;
    }
    if (endsClause(prev) || noLineEnd(c)) {
        return true;
    }
    if (isHiragana(c)) {
        return isHiragana(prev) && isHonorificPrefix(c) && next != 0 && isKanji(next);
    }
    if (isHonorificPrefix(prev) && isKanji(c)) {
        return false; // 「お|声」: the prefix belongs to its word
    }
    if ((c >= wxUniChar(0x30) && c <= wxUniChar(0x39)) ||
        (c >= wxUniChar(0xFF10) && c <= wxUniChar(0xFF19))) {
        return false; // 「あと4回」: a number stays with the words before it
    }
    return isHiragana(prev) || (isClosingBracket(prev) && isCjk(prev));
}

// Kinsoku: glue a no-start character to the piece before it and a no-end character to the
// piece after it, so a break never falls between them.
std::vector<wxString> glueKinsoku(const std::vector<wxString>& out) {
    std::vector<wxString> glued;
    for (const wxString& next : out) {
        wxString piece = next;
        while (!glued.empty() && glued.back() != " " && piece != " " &&
               (noLineStart(piece[0]) || noLineEnd(glued.back().Last()))) {
            piece = glued.back() + piece;
            glued.pop_back();
        }
        glued.push_back(piece);
    }
    return glued;
}

// A paragraph as unbreakable pieces: one per Japanese phrase, one per Latin word, and the
// spaces between them (where a break drops the space).
std::vector<wxString> pieces(const wxString& paragraph) {
    std::vector<wxString> out;
    wxString word;
    auto flush = [&] {
        if (!word.IsEmpty()) {
            out.push_back(word);
            word.clear();
        }
    };
    const std::size_t n = paragraph.length();
    for (std::size_t i = 0; i < n; ++i) {
        const wxUniChar c = paragraph[i];
        if (c == ' ') {
            flush();
            out.emplace_back(" ");
            continue;
        }
        const wxUniChar next = i + 1 < n ? paragraph[i + 1] : wxUniChar(0);
        if (!word.IsEmpty() && (isCjk(c) || isCjk(word.Last())) &&
            breakBetween(word.Last(), c, next)) {
            flush();
        }
        word += c;
    }
    flush();
    return glueKinsoku(out);
}

// A Japanese phrase wider than the whole line (a long compound): one piece per character,
// still with kinsoku, so it breaks rather than runs off the screen.
std::vector<wxString> characters(const wxString& piece) {
    std::vector<wxString> out;
    for (wxUniChar c : piece) {
        out.emplace_back(c);
    }
    return glueKinsoku(out);
}

wxString wrapParagraph(const wxString& paragraph, int width, const TextWrap::Measure& measure) {
    wxString result;
    wxString line;
    std::vector<wxString> all;
    for (const wxString& piece : pieces(paragraph)) {
        bool cjk = false;
        for (wxUniChar c : piece) {
            cjk = cjk || isCjk(c);
        }
        if (cjk && piece.length() > 1 && measure(piece) > width) {
            const auto split = characters(piece);
            all.insert(all.end(), split.begin(), split.end());
        } else {
            all.push_back(piece);
        }
    }
    for (const wxString& piece : all) {
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
