// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/SecureBuffer.h"

#include <wx/control.h>

namespace madoguchi::gui {

// A one-line entry for secrets (passwords, birth date, PINs). The text lives only in a
// SecureBuffer owned by this control and is drawn by us, so no toolkit text buffer ever
// holds a copy; Show/Hide switches between bullets and clear text.
// Emits wxEVT_TEXT on every change and wxEVT_TEXT_ENTER on Enter.
class SecretField : public wxControl {
public:
    SecretField(wxWindow* parent, const wxString& name, std::size_t maxCodePoints);

    const SecureBuffer& value() const { return m_value; }
    void clear();
    void insertText(const wxString& text);
    void backspace();
    void setRevealed(bool revealed);
    bool revealed() const { return m_revealed; }
    // Digits only (birth date, PIN, one-time code): other characters are ignored.
    void setDigitsOnly(bool digitsOnly) { m_digitsOnly = digitsOnly; }
    // One more character a digits-only field takes (元, the first year of an era).
    void alsoAccept(wxUniChar c) { m_alsoAccepted = c; }

    bool AcceptsFocus() const override { return IsEnabled(); }
    bool AcceptsFocusFromKeyboard() const override { return IsEnabled(); }

protected:
    wxSize DoGetBestClientSize() const override;

private:
    void onPaint(wxPaintEvent& event);
    void onChar(wxKeyEvent& event);
    void onFocus(wxFocusEvent& event);
    void onClick(wxMouseEvent& event);
    void notifyChanged();
    std::size_t codePoints() const;

    SecureBuffer m_value;
    std::size_t m_maxCodePoints;
    bool m_revealed = false;
    bool m_digitsOnly = false;
    wxUniChar m_alsoAccepted{0U};
};

} // namespace madoguchi::gui
