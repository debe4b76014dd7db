// SPDX-License-Identifier: Apache-2.0
#include "widgets/OnScreenKeyboard.h"

#include "Theme.h"
#include "widgets/KeyButton.h"
#include "widgets/KeyboardTarget.h"

#include <wx/button.h>
#include <wx/intl.h>
#include <wx/sizer.h>

#include <algorithm>
#include <array>
#include <cstring>

namespace madoguchi::gui {

namespace {
// Rows of 11 keys. The symbol page holds every printable ASCII symbol once (all that the
// manual allows in passwords), in the order of a Japanese keyboard; ' ' is an empty slot.
constexpr std::array<const char*, 4> kLetterRows = {"1234567890-", "qwertyuiop_", "asdfghjkl.@",
                                                    "zxcvbnm,/:;"};
constexpr std::array<const char*, 4> kSymbolRows = {"!\"#$%&'()=~", "|`{+*}<>?_-", "^\\@[;:],./ ",
                                                    "1234567890 "};
constexpr std::size_t kKeysPerRow = 11;
} // namespace

OnScreenKeyboard::OnScreenKeyboard(wxWindow* parent, const wxString& name, bool allowUppercase)
    : wxPanel(parent, wxID_ANY), m_allowUppercase(allowUppercase) {
    SetName(name);
    build();
}

void OnScreenKeyboard::build() {
    auto* outer = new wxBoxSizer(wxVERTICAL);
    auto* grid =
        new wxGridSizer(static_cast<int>(kLetterRows.size()), static_cast<int>(kKeysPerRow),
                        Theme::px(this, 8), Theme::px(this, 8));
    const wxSize keySize(Theme::px(this, sizes::kKeySize), Theme::px(this, sizes::kKeySize));
    for (std::size_t i = 0; i < kLetterRows.size() * kKeysPerRow; ++i) {
        auto* key = new KeyButton(this, " ", keySize);
        key->SetFont(Theme::font(this, sizes::kBodyText, true));
        key->SetName(wxString::Format("key%zu", i));
        key->Bind(wxEVT_BUTTON, [this, key](wxCommandEvent&) { onKey(key->GetLabel()); });
        m_charKeys.push_back(key);
        grid->Add(key, 0, wxEXPAND);
    }
    outer->Add(grid, 0, wxALIGN_CENTER_HORIZONTAL);

    auto* bottom = new wxBoxSizer(wxHORIZONTAL);
    auto makeWide = [&](const char* keyName) {
        auto* b = new KeyButton(this, " ", wxSize(Theme::px(this, 260), keySize.y));
        b->SetFont(Theme::font(this, sizes::kBodyText, true));
        b->SetName(keyName);
        bottom->Add(b, 0, wxRIGHT, Theme::px(this, 8));
        return b;
    };
    m_shift = makeWide("keyShift");
    m_symbols = makeWide("keySymbols");
    m_backspace = makeWide("keyBackspace");
    m_shift->Show(m_allowUppercase);
    m_shift->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        setLayout(m_layout == KeyLayout::Shifted ? KeyLayout::Letters : KeyLayout::Shifted);
    });
    m_symbols->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        setLayout(m_layout == KeyLayout::Symbols ? KeyLayout::Letters : KeyLayout::Symbols);
    });
    m_backspace->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        KeyboardTarget::backspace(m_target);
        KeyboardTarget::keepFocus(m_target);
    });
    outer->Add(bottom, 0, wxALIGN_CENTER_HORIZONTAL | wxTOP, Theme::px(this, 8));
    SetSizer(outer);
    setLayout(KeyLayout::Letters);
    retranslate();
}

void OnScreenKeyboard::setKeyFilter(std::function<bool(char)> allowed) {
    m_allowed = std::move(allowed);
    bool anySymbol = false;
    for (const char* row : kSymbolRows) {
        for (const char* c = row; *c != '\0'; ++c) {
            const bool letterPageHasIt =
                std::any_of(kLetterRows.begin(), kLetterRows.end(),
                            [c](const char* r) { return std::strchr(r, *c) != nullptr; });
            anySymbol =
                anySymbol || (*c != ' ' && !letterPageHasIt && (!m_allowed || m_allowed(*c)));
        }
    }
    m_symbols->Show(anySymbol);
    setLayout(KeyLayout::Letters);
}

void OnScreenKeyboard::setLayout(KeyLayout layout) {
    m_layout = layout;
    const auto& rows = layout == KeyLayout::Symbols ? kSymbolRows : kLetterRows;
    for (std::size_t r = 0; r < rows.size(); ++r) {
        for (std::size_t c = 0; c < kKeysPerRow; ++c) {
            char ch = rows[r][c];
            if (layout == KeyLayout::Shifted && ch >= 'a' && ch <= 'z') {
                ch = static_cast<char>(ch - 'a' + 'A');
            }
            auto* key = m_charKeys[r * kKeysPerRow + c];
            // '&' is a mnemonic marker in button labels: double it to show it.
            key->SetLabel(ch == '&' ? wxString("&&") : wxString(ch));
            key->Show(ch != ' ' && (!m_allowed || m_allowed(ch)));
        }
    }
    retranslate();
    Layout();
}

void OnScreenKeyboard::retranslate() {
    // TRANSLATORS: on-screen keyboard key that switches to capital letters
    m_shift->SetLabel(m_layout == KeyLayout::Shifted ? _("abc") : _("Capitals"));
    // TRANSLATORS: on-screen keyboard key that shows the symbol keys
    m_symbols->SetLabel(m_layout == KeyLayout::Symbols ? _("Letters") : _("Symbols"));
    // TRANSLATORS: on-screen keyboard key that deletes one character
    m_backspace->SetLabel(_("Delete"));
}

void OnScreenKeyboard::onKey(const wxString& label) {
    wxString text = label == "&&" ? wxString("&") : label;
    KeyboardTarget::insert(m_target, text);
    KeyboardTarget::keepFocus(m_target);
    if (m_layout == KeyLayout::Shifted) {
        setLayout(KeyLayout::Letters); // one capital at a time, like a phone keyboard
    }
}

} // namespace madoguchi::gui
