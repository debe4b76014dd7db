// SPDX-License-Identifier: Apache-2.0
#include "views/OtpDeviceNameView.h"

#include "MemberMessages.h"
#include "Theme.h"
#include "flow/EnrollmentFlow.h"
#include "kiosk/KioskController.h"
#include "widgets/InputPad.h"

#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

namespace madoguchi::gui {

OtpDeviceNameView::OtpDeviceNameView(wxWindow* parent, KioskContext& ctx)
    : ScreenView(parent, ctx, "otpDeviceNameView") {
    auto* columns = new wxBoxSizer(wxHORIZONTAL);
    auto* left = new wxBoxSizer(wxVERTICAL);
    m_label = addText(left, "", sizes::kBodyText, true);
    m_name = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition,
                            wxSize(Theme::px(this, 600), Theme::px(this, sizes::kTouchTarget)));
    m_name->SetName("deviceNameField");
    m_name->SetFont(Theme::font(this, sizes::kFieldText));
    // A convenience: the flow checks the rule (DeviceName).
    m_name->SetMaxLength(static_cast<unsigned long>(DeviceName::kMaxLength));
    left->Add(m_name, 0);
    m_message = addFieldMessage(left, "deviceNameMessage");
    setMessageLine(m_message);
    m_name->Bind(wxEVT_TEXT, [this](wxCommandEvent& event) {
        setFieldMessage(m_message, "");
        event.Skip();
    });
    m_pad = new InputPad(this, true);
    m_pad->attach(m_name, InputPad::Kind::Text);
    columns->Add(left, 0, wxRIGHT, Theme::px(this, 40));
    columns->Add(m_pad, 1);
    content()->Add(columns, 1, wxEXPAND);
    retranslate();
}

void OtpDeviceNameView::retranslate() {
    setTitle(_("Name this sign-in"));
    setLead(_("The portal shows this name so you can recognise your phone later, for example "
              "when you change phones. You can keep the suggested name."));
    m_label->SetLabel(_("Device name"));
}

void OtpDeviceNameView::onEnter() {
    if (m_name->IsEmpty()) {
        m_name->ChangeValue(wxString::FromUTF8(m_ctx.controller.options().defaultDeviceName));
    }
    m_name->SetFocus();
    m_name->SetInsertionPointEnd();
}

void OtpDeviceNameView::wipe() {
    m_name->Clear();
    setFieldMessage(m_message, "");
}

void OtpDeviceNameView::onMainAction() {
    auto checked = DeviceName::check(m_name->GetValue().utf8_string(), DeviceName::Use::OtpApp);
    if (!checked.ok()) {
        showError(MemberMessages::deviceName(*checked.problem));
        return;
    }
    (void)m_ctx.flow.otpDeviceNamed(std::move(checked.name));
}

} // namespace madoguchi::gui
