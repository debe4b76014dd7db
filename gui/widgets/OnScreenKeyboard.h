// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <wx/panel.h>

#include <functional>
#include <vector>

class wxButton;
class wxGridSizer;

namespace madoguchi::gui {

// A large half-width keyboard for members who do not type much. Keys never take focus:
// they type into the field given by setTarget() (the field the member last touched).
class OnScreenKeyboard : public wxPanel {
public:
    enum class KeyLayout { Letters, Shifted, Symbols };

    OnScreenKeyboard(wxWindow* parent, const wxString& name, bool allowUppercase);
    void setTarget(wxWindow* field) { m_target = field; }
    wxWindow* target() const { return m_target; }
    // Offers only the characters the field allows (the user-ID screen has no , / : ;): other
    // keys are hidden, and the symbol page too when none of its symbols is allowed.
    void setKeyFilter(std::function<bool(char)> allowed);
    void retranslate();

private:
    void build();
    void onKey(const wxString& text);
    void setLayout(KeyLayout layout);

    wxWindow* m_target = nullptr;
    KeyLayout m_layout = KeyLayout::Letters;
    bool m_allowUppercase;
    std::function<bool(char)> m_allowed;
    std::vector<wxButton*> m_charKeys;
    wxButton* m_shift = nullptr;
    wxButton* m_symbols = nullptr;
    wxButton* m_backspace = nullptr;
};

} // namespace madoguchi::gui
