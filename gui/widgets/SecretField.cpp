// SPDX-License-Identifier: Apache-2.0
#include "widgets/SecretField.h"

#include "Theme.h"

#include <openssl/crypto.h>
#include <wx/dcbuffer.h>
#include <wx/settings.h>
#include <wx/textctrl.h>

namespace madoguchi::gui {

SecretField::SecretField(wxWindow* parent, const wxString& name, std::size_t maxCodePoints)
    : wxControl(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxBORDER_NONE | wxWANTS_CHARS),
      m_maxCodePoints(maxCodePoints) {
    SetName(name);
    SetBackgroundStyle(wxBG_STYLE_PAINT);
    SetFont(Theme::font(this, sizes::kFieldText));
    Bind(wxEVT_PAINT, &SecretField::onPaint, this);
    Bind(wxEVT_CHAR, &SecretField::onChar, this);
    Bind(wxEVT_SET_FOCUS, &SecretField::onFocus, this);
    Bind(wxEVT_KILL_FOCUS, &SecretField::onFocus, this);
    Bind(wxEVT_LEFT_DOWN, &SecretField::onClick, this);
}

wxSize SecretField::DoGetBestClientSize() const {
    return {Theme::px(this, 560), Theme::px(this, sizes::kTouchTarget)};
}

std::size_t SecretField::codePoints() const {
    std::size_t n = 0;
    for (std::uint8_t b : m_value.bytes()) {
        if ((b & 0xC0U) != 0x80U) {
            ++n;
        }
    }
    return n;
}

void SecretField::clear() {
    m_value.clear();
    notifyChanged();
}

void SecretField::insertText(const wxString& text) {
    for (wxUniChar ch : text) {
        if (codePoints() >= m_maxCodePoints) {
            break;
        }
        if (m_digitsOnly && !((ch >= '0' && ch <= '9') || (ch >= 0xFF10 && ch <= 0xFF19)) &&
            (m_alsoAccepted == 0U || ch != m_alsoAccepted)) {
            continue;
        }
        // Encode one code point at a time so no wxString holds the whole secret.
        wxString one(ch);
        wxScopedCharBuffer utf8 = one.utf8_str();
        m_value.append(std::string_view(utf8.data(), utf8.length()));
        OPENSSL_cleanse(utf8.data(), utf8.length());
    }
    notifyChanged();
}

void SecretField::backspace() {
    m_value.popBackCodePoint();
    notifyChanged();
}

void SecretField::setRevealed(bool revealed) {
    m_revealed = revealed;
    Refresh();
}

void SecretField::notifyChanged() {
    Refresh();
    wxCommandEvent event(wxEVT_TEXT, GetId());
    event.SetEventObject(this);
    ProcessWindowEvent(event);
}

void SecretField::onChar(wxKeyEvent& event) {
    int key = event.GetKeyCode();
    if (key == WXK_BACK) {
        backspace();
        return;
    }
    if (key == WXK_RETURN || key == WXK_NUMPAD_ENTER) {
        wxCommandEvent enter(wxEVT_TEXT_ENTER, GetId());
        enter.SetEventObject(this);
        ProcessWindowEvent(enter);
        return;
    }
    if (key == WXK_TAB) {
        Navigate(event.ShiftDown() ? wxNavigationKeyEvent::IsBackward
                                   : wxNavigationKeyEvent::IsForward);
        return;
    }
    wxChar uc = event.GetUnicodeKey();
    if (uc != WXK_NONE && uc >= 0x20 && uc != 0x7F) {
        insertText(wxString(uc));
        return;
    }
    event.Skip();
}

void SecretField::onFocus(wxFocusEvent& event) {
    Refresh();
    event.Skip();
}

void SecretField::onClick(wxMouseEvent& event) {
    SetFocus();
    event.Skip();
}

void SecretField::onPaint(wxPaintEvent&) {
    wxAutoBufferedPaintDC dc(this);
    const wxSize size = GetClientSize();
    dc.SetBackground(wxBrush(Theme::colour(palette::kBackground)));
    dc.Clear();
    const bool focused = HasFocus();
    dc.SetPen(wxPen(Theme::colour(focused ? palette::kPrimary : palette::kMutedText),
                    Theme::px(this, focused ? 4 : 2)));
    dc.SetBrush(*wxTRANSPARENT_BRUSH);
    dc.DrawRoundedRectangle(1, 1, size.x - 2, size.y - 2, Theme::px(this, 8));

    dc.SetFont(GetFont());
    dc.SetTextForeground(Theme::colour(palette::kText));
    const int margin = Theme::px(this, 16);
    wxString shown;
    if (m_revealed) {
        shown = wxString::FromUTF8(m_value.view().data(), m_value.size());
    } else {
        shown = wxString(wxUniChar(0x25CF), codePoints()); // ●
    }
    wxCoord tw = 0;
    wxCoord th = 0;
    dc.GetTextExtent(shown.IsEmpty() ? wxString("M") : shown, &tw, &th);
    const int y = (size.y - th) / 2;
    // Longer than the field: keep the end (where the member types) in view, like an entry.
    const int x = shown.IsEmpty() || tw <= size.x - 2 * margin ? margin : size.x - margin - tw;
    {
        wxDCClipper clip(dc, wxRect(margin / 2, 0, size.x - margin, size.y));
        dc.DrawText(shown, x, y);
    }
    if (focused) {
        const int caretX = x + (shown.IsEmpty() ? 0 : tw) + Theme::px(this, 2);
        dc.SetPen(wxPen(Theme::colour(palette::kText), Theme::px(this, 3)));
        dc.DrawLine(caretX, y, caretX, y + th);
    }
    // The clear-text wxString is temporary; wipe its characters before it is freed.
    if (m_revealed && !shown.IsEmpty()) {
        for (auto it = shown.begin(); it != shown.end(); ++it) {
            *it = ' ';
        }
    }
}

} // namespace madoguchi::gui
