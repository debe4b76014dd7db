// SPDX-License-Identifier: Apache-2.0
#include "views/KeyPinView.h"

#include "Theme.h"
#include "flow/EnrollmentFlow.h"
#include "widgets/NumericKeypad.h"
#include "widgets/SecretField.h"

#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

namespace madoguchi::gui {

namespace {
constexpr std::size_t kMaxPinDigits = 12;
}

KeyPinView::KeyPinView(wxWindow* parent, KioskContext& ctx,
                       std::shared_ptr<SecurityKeySession> session)
    : ScreenView(parent, ctx, "keyPinView"), m_session(std::move(session)),
      m_screen(ctx.flow, *m_session) {
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    auto* left = new wxBoxSizer(wxVERTICAL);
    auto makeField = [&](const char* name, wxStaticText*& label) {
        label = addText(left, "", sizes::kBodyText, true);
        auto* field = new SecretField(this, name, kMaxPinDigits);
        field->setDigitsOnly(true);
        field->SetFont(Theme::font(this, sizes::kTitleText, true));
        field->SetMinSize(wxSize(Theme::px(this, 480), Theme::px(this, 110)));
        left->Add(field, 0, wxBOTTOM, Theme::px(this, 16));
        // The one keypad types into the field the member last touched.
        field->Bind(wxEVT_SET_FOCUS, [this, field](wxFocusEvent& event) {
            m_keypad->setTarget(field);
            event.Skip();
        });
        return field;
    };
    m_pin = makeField("keyPinField", m_pinLabel);
    m_confirm = makeField("keyPinConfirmField", m_confirmLabel);
    m_hint = addText(left, "", sizes::kSmallText);
    m_hint->SetName("keyPinHint");
    m_keypad = new NumericKeypad(this, "keypad");
    m_keypad->setTarget(m_pin);
    row->Add(left, 0, wxRIGHT, Theme::px(this, 60));
    row->Add(m_keypad, 0);
    content()->Add(row, 1, wxEXPAND);
    retranslate();
}

void KeyPinView::retranslate() {
    const bool newPin = m_screen.newPin();
    if (newPin) {
        setTitle(_("Choose a PIN for your key"));
        setLead(_("This key has no PIN yet. Choose a number you can remember and type it twice. "
                  "You will need it whenever you sign in with the key."));
        m_pinLabel->SetLabel(_("New PIN"));
        m_confirmLabel->SetLabel(_("New PIN again"));
        m_hint->SetLabel(wxString::Format(
            _("At least %d digits. Do not use your birth date or the same digit repeated."),
            static_cast<int>(m_screen.minLength())));
    } else {
        setTitle(_("Enter your key's PIN"));
        setLead(_("This key already has a PIN. Please type it."));
        m_pinLabel->SetLabel(_("PIN"));
        m_hint->SetLabel("");
    }
    m_confirmLabel->Show(newPin);
    m_confirm->Show(newPin);
    m_keypad->retranslate();
    Layout();
}

void KeyPinView::onEnter() {
    wipe();
    retranslate();
    m_keypad->setTarget(m_pin);
    m_pin->SetFocus();
}

void KeyPinView::wipe() {
    m_pin->clear();
    m_confirm->clear();
}

wxString KeyPinView::mainActionLabel() const {
    return m_screen.newPin() ? _("Set this PIN") : _("Next");
}

void KeyPinView::onMainAction() {
    auto submitted = m_screen.submit(m_pin->value(), m_confirm->value());
    if (!submitted.send) {
        switch (*submitted.problem) {
        case KeyPinScreen::Problem::NoKey:
            break; // the flow went back to KeyInsert
        case KeyPinScreen::Problem::Empty:
            showError(_("Please type a PIN."));
            break;
        case KeyPinScreen::Problem::Mismatch:
            // Which of the two was mistyped is unknown: start both over from the first field.
            startOver();
            showError(_("The two PINs are not the same. Please type the PIN again."));
            break;
        case KeyPinScreen::Problem::TooShort:
            startOver();
            showError(wxString::Format(_("The PIN must have at least %d digits."),
                                       static_cast<int>(m_screen.minLength())));
            break;
        }
        return;
    }
    auto send = std::make_shared<KeyPinScreen::Send>(std::move(*submitted.send));
    wipe();
    const std::uint64_t epoch = m_ctx.flow.epoch();
    runBusy([send] { return KeyPinScreen::send(*send); },
            [this, epoch](Status status) {
                if (epoch != m_ctx.flow.epoch()) {
                    return;
                }
                if (const auto left = m_screen.answered(status)) {
                    showError(wxString::Format(
                        _("The PIN is not correct. Tries left before the key locks: %d."), *left));
                }
                if (m_ctx.flow.state() == FlowState::KeyPin) {
                    m_keypad->setTarget(m_pin);
                    m_pin->SetFocus();
                }
            });
}

void KeyPinView::startOver() {
    wipe();
    m_keypad->setTarget(m_pin);
    m_pin->SetFocus();
}

} // namespace madoguchi::gui
