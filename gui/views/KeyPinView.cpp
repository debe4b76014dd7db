// SPDX-License-Identifier: Apache-2.0
#include "views/KeyPinView.h"

#include "Theme.h"
#include "devices/PinPolicy.h"
#include "flow/EnrollmentFlow.h"
#include "views/SecurityKeySession.h"
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
    : ScreenView(parent, ctx, "keyPinView"), m_session(std::move(session)) {
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

bool KeyPinView::newPin() const {
    return !m_ctx.flow.keyHasPin();
}

void KeyPinView::retranslate() {
    const auto key = m_session->key();
    const std::size_t minLength = key ? key->pin.minLength : 4;
    if (newPin()) {
        setTitle(_("Choose a PIN for your key"));
        setLead(_("This key has no PIN yet. Choose a number you can remember and type it twice. "
                  "You will need it whenever you sign in with the key."));
        m_pinLabel->SetLabel(_("New PIN"));
        m_confirmLabel->SetLabel(_("New PIN again"));
        m_hint->SetLabel(wxString::Format(
            _("At least %d digits. Do not use your birth date or the same digit repeated."),
            static_cast<int>(minLength)));
    } else {
        setTitle(_("Enter your key's PIN"));
        setLead(_("This key already has a PIN. Please type it."));
        m_pinLabel->SetLabel(_("PIN"));
        m_hint->SetLabel("");
    }
    m_confirmLabel->Show(newPin());
    m_confirm->Show(newPin());
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
    return newPin() ? _("Set this PIN") : _("Next");
}

void KeyPinView::onMainAction() {
    if (!m_session->key()) {
        (void)m_ctx.flow.deviceError(Error{ErrorCode::DeviceNotFound, "no key opened"});
        return;
    }
    if (newPin()) {
        setNewPin();
    } else {
        checkPin();
    }
}

void KeyPinView::setNewPin() {
    const auto key = m_session->key();
    const SecureBuffer& pin = m_pin->value();
    if (pin.empty()) {
        showError(_("Please type a PIN."));
        return;
    }
    if (!pin.equals(m_confirm->value().bytes())) {
        // Which of the two was mistyped is unknown: start both over from the first field.
        wipe();
        m_keypad->setTarget(m_pin);
        m_pin->SetFocus();
        showError(_("The two PINs are not the same. Please type the PIN again."));
        return;
    }
    if (auto policy = devices::checkNewPin(pin, key->pin.minLength); !policy) {
        wipe();
        m_keypad->setTarget(m_pin);
        m_pin->SetFocus();
        showError(wxString::Format(_("The PIN must have at least %d digits."),
                                   static_cast<int>(key->pin.minLength)));
        return;
    }
    auto forKey = std::make_shared<SecureBuffer>(pin.clone());
    wipe();
    const std::uint64_t epoch = m_ctx.flow.epoch();
    runBusy([key, forKey] { return key->enrollment->chooseNewPin(std::move(*forKey)); },
            [this, epoch](Status status) { accepted(epoch, status); });
}

void KeyPinView::checkPin() {
    const auto key = m_session->key();
    if (m_pin->value().empty()) {
        showError(_("Please type a PIN."));
        return;
    }
    auto forKey = std::make_shared<SecureBuffer>(m_pin->value().clone());
    wipe();
    const std::uint64_t epoch = m_ctx.flow.epoch();
    runBusy([key, forKey] { return key->enrollment->enterPin(std::move(*forKey)); },
            [this, epoch](Status status) { accepted(epoch, status); });
}

void KeyPinView::accepted(std::uint64_t epoch, Status status) {
    if (epoch != m_ctx.flow.epoch() || m_ctx.flow.state() != FlowState::KeyPin) {
        return;
    }
    if (status) {
        (void)m_ctx.flow.keyPinAccepted();
        return;
    }
    const ErrorCode code = status.code();
    (void)m_ctx.flow.deviceError(status.error());
    if (code == ErrorCode::DevicePinInvalid && m_ctx.flow.state() == FlowState::KeyPin) {
        const auto key = m_session->key();
        const auto left = key ? key->enrollment->retriesLeft() : std::nullopt;
        if (left) {
            showError(wxString::Format(
                _("The PIN is not correct. Tries left before the key locks: %d."), *left));
        }
    }
    m_keypad->setTarget(m_pin);
    m_pin->SetFocus();
}

} // namespace madoguchi::gui
