// SPDX-License-Identifier: Apache-2.0
#include "views/TempLoginView.h"

#include "MemberMessages.h"
#include "TextWrap.h"
#include "Theme.h"
#include "flow/EnrollmentFlow.h"
#include "kiosk/KioskController.h"
#include "rules/WarekiConverter.h"
#include "widgets/InputPad.h"
#include "widgets/KeyButton.h"
#include "widgets/SecretField.h"

#include <wx/button.h>
#include <wx/choice.h>
#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/tglbtn.h>

#include <memory>

namespace madoguchi::gui {

namespace {
wxString eraName(Era era) {
    switch (era) {
    case Era::Meiji:
        return _("Meiji");
    case Era::Taisho:
        return _("Taisho");
    case Era::Showa:
        return _("Showa");
    case Era::Heisei:
        return _("Heisei");
    case Era::Reiwa:
        return _("Reiwa");
    }
    return {};
}

// 元 (U+5143): the first year of an era, as 元年 in 平成元年.
const wxUniChar kGannen(0x5143);
constexpr std::string_view kGannenUtf8 = "\xE5\x85\x83";

int digitsValue(const SecureBuffer& buffer) {
    if (buffer.view() == kGannenUtf8) {
        return 1;
    }
    int value = 0;
    for (std::uint8_t b : buffer.bytes()) {
        if (b < '0' || b > '9' || value > 100000) {
            return -1;
        }
        value = value * 10 + (b - '0');
    }
    return buffer.empty() ? -1 : value;
}

} // namespace

TempLoginView::TempLoginView(wxWindow* parent, KioskContext& ctx)
    : ScreenView(parent, ctx, "tempLoginView") {
    auto* columns = new wxBoxSizer(wxHORIZONTAL);
    auto* fields = new wxBoxSizer(wxVERTICAL);
    const int fieldWidth = Theme::px(this, 600);

    m_tempIdLabel = addText(fields, "", sizes::kBodyText, true);
    m_tempId = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition,
                              wxSize(fieldWidth, Theme::px(this, sizes::kTouchTarget)),
                              wxTE_PROCESS_ENTER);
    m_tempId->SetName("tempIdField");
    m_tempId->SetFont(Theme::font(this, sizes::kFieldText));
    m_tempId->SetMaxLength(64);
    fields->Add(m_tempId, 0);
    m_tempIdMessage = addFieldMessage(fields, "tempIdMessage");

    m_tempPasswordLabel = addText(fields, "", sizes::kBodyText, true);
    auto* pwRow = new wxBoxSizer(wxHORIZONTAL);
    m_tempPassword = new SecretField(this, "tempPasswordField", 64);
    m_tempPassword->SetMinSize(wxSize(fieldWidth, Theme::px(this, sizes::kTouchTarget)));
    m_showPassword = new wxToggleButton(this, wxID_ANY, "", wxDefaultPosition,
                                        wxSize(-1, Theme::px(this, sizes::kTouchTarget)));
    m_showPassword->SetName("showTempPassword");
    m_showPassword->SetFont(Theme::font(this, sizes::kSmallText));
    m_showPassword->Bind(wxEVT_TOGGLEBUTTON, [this](wxCommandEvent&) {
        m_tempPassword->setRevealed(m_showPassword->GetValue());
        m_showPassword->SetLabel(m_showPassword->GetValue() ? _("Hide") : _("Show"));
        Layout();
    });
    pwRow->Add(m_tempPassword, 0);
    pwRow->Add(m_showPassword, 0, wxALIGN_CENTER_VERTICAL | wxLEFT, Theme::px(this, 16));
    fields->Add(pwRow, 0);
    m_tempPasswordMessage = addFieldMessage(fields, "tempPasswordMessage");

    m_birthDateLabel = addText(fields, "", sizes::kBodyText, true);
    auto* bdRow = new wxBoxSizer(wxHORIZONTAL);
    m_birthDate = new SecretField(this, "birthDateField", 8);
    m_birthDate->setDigitsOnly(true);
    m_birthDate->setRevealed(true); // the member must see the digits; wiped on the way out
    m_birthDate->SetMinSize(wxSize(Theme::px(this, 320), Theme::px(this, sizes::kTouchTarget)));
    m_birthDateEcho = new wxStaticText(this, wxID_ANY, "");
    m_birthDateEcho->SetName("birthDateEcho");
    m_birthDateEcho->SetFont(Theme::font(this, sizes::kBodyText));
    bdRow->Add(m_birthDate, 0);
    bdRow->Add(m_birthDateEcho, 0, wxALIGN_CENTER_VERTICAL | wxLEFT, Theme::px(this, 16));
    fields->Add(bdRow, 0);
    m_birthDateMessage = addFieldMessage(fields, "birthDateMessage");
    m_birthDate->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { onBirthDateChanged(); });

    // The 和暦 helper: era, year, month, day -> the 8 digits. It sits beside the keypad and
    // shows with it, while the member is on the birth date: it needs no room otherwise.
    m_wareki = new wxBoxSizer(wxVERTICAL);
    m_warekiLabel = addText(m_wareki, "", sizes::kSmallText, true);
    auto* wr = new wxBoxSizer(wxHORIZONTAL);
    m_era = new wxChoice(this, wxID_ANY);
    m_era->SetName("eraChoice");
    m_era->SetFont(Theme::font(this, sizes::kBodyText));
    // Narrow enough that the row (era, year, month, day and their units) fits beside the
    // keypad in English too, where the units are whole words.
    m_era->SetMinSize(wxSize(Theme::px(this, 150), Theme::px(this, sizes::kTouchTarget)));
    auto smallField = [this](const char* name, std::size_t max) {
        auto* f = new SecretField(this, name, max);
        f->setDigitsOnly(true);
        f->setRevealed(true);
        f->SetMinSize(wxSize(Theme::px(this, 84), Theme::px(this, sizes::kTouchTarget)));
        return f;
    };
    m_eraYear = smallField("eraYearField", 2);
    m_eraYear->alsoAccept(kGannen);
    // A tap for 元 (the keypad has digits only): 平成元年 is how many members know the year.
    m_gannen = new KeyButton(this, "", wxSize(-1, Theme::px(this, sizes::kTouchTarget)));
    m_gannen->SetName("gannenKey");
    m_gannen->SetFont(Theme::font(this, sizes::kBodyText, true));
    m_gannen->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        m_eraYear->clear();
        m_eraYear->insertText(wxString(kGannen));
        m_eraYear->SetFocus();
    });
    m_month = smallField("monthField", 2);
    m_day = smallField("dayField", 2);
    auto unit = [this]() {
        auto* t = new wxStaticText(this, wxID_ANY, "");
        t->SetFont(Theme::font(this, sizes::kBodyText));
        return t;
    };
    m_eraYearUnit = unit();
    m_monthUnit = unit();
    m_dayUnit = unit();
    m_useWareki = new wxButton(this, wxID_ANY, "", wxDefaultPosition,
                               wxSize(-1, Theme::px(this, sizes::kTouchTarget)));
    m_useWareki->SetName("useWarekiButton");
    m_useWareki->SetFont(Theme::font(this, sizes::kSmallText, true));
    m_useWareki->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { applyWareki(); });
    const int g = Theme::px(this, 6);
    wr->Add(m_era, 0, wxRIGHT, g);
    wr->Add(m_eraYear, 0, wxRIGHT, g);
    wr->Add(m_eraYearUnit, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, g);
    wr->Add(m_month, 0, wxRIGHT, g);
    wr->Add(m_monthUnit, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, g);
    wr->Add(m_day, 0, wxRIGHT, g);
    wr->Add(m_dayUnit, 0, wxALIGN_CENTER_VERTICAL);
    m_wareki->Add(wr, 0, wxBOTTOM, Theme::px(this, 12));
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    buttons->Add(m_gannen, 0, wxRIGHT, Theme::px(this, 12));
    buttons->Add(m_useWareki, 0);
    m_wareki->Add(buttons, 0);

    m_pad = new InputPad(this, true);
    m_pad->attach(m_tempId, InputPad::Kind::Text);
    m_pad->attach(m_tempPassword, InputPad::Kind::Text);
    m_pad->attach(m_birthDate, InputPad::Kind::Digits);
    m_pad->attach(m_eraYear, InputPad::Kind::Digits);
    m_pad->attach(m_month, InputPad::Kind::Digits);
    m_pad->attach(m_day, InputPad::Kind::Digits);

    auto* right = new wxBoxSizer(wxHORIZONTAL);
    right->Add(m_pad, 0, wxALIGN_TOP);
    right->Add(m_wareki, 0, wxALIGN_TOP | wxLEFT, Theme::px(this, 24));
    columns->Add(fields, 0, wxRIGHT, Theme::px(this, 40));
    columns->Add(right, 1, wxALIGN_TOP);
    content()->Add(columns, 1, wxEXPAND);
    for (wxWindow* w : std::initializer_list<wxWindow*>{m_tempId, m_tempPassword, m_birthDate,
                                                        m_era, m_eraYear, m_month, m_day}) {
        const bool birthDate = w != m_tempId && w != m_tempPassword;
        w->Bind(wxEVT_SET_FOCUS, [this, birthDate](wxFocusEvent& event) {
            showWareki(birthDate);
            event.Skip();
        });
    }
    showWareki(false);
    retranslate();
}

void TempLoginView::showWareki(bool show) {
    m_wareki->ShowItems(show);
    Layout();
}

void TempLoginView::retranslate() {
    setTitle(_("Log in with the temporary ID"));
    setLead(_("Enter the temporary ID and temporary password from the society's letter, and "
              "your birth date."));
    m_tempIdLabel->SetLabel(_("Temporary ID"));
    m_tempPasswordLabel->SetLabel(_("Temporary password"));
    m_showPassword->SetLabel(m_showPassword->GetValue() ? _("Hide") : _("Show"));
    m_birthDateLabel->SetLabel(_("Birth date (8 digits, e.g. 19480405)"));
    TextWrap::setLabel(m_warekiLabel, _("Know it in the Japanese calendar? Choose the era:"),
                       Theme::px(this, 600));
    const int selected = m_era->GetSelection();
    m_era->Clear();
    for (const auto& era : WarekiConverter::eras()) {
        m_era->Append(eraName(era.era));
    }
    m_era->SetSelection(selected == wxNOT_FOUND ? 2 : selected); // Showa: most members
    // TRANSLATORS: unit after the era year in the Japanese-calendar helper
    m_eraYearUnit->SetLabel(_("year"));
    m_monthUnit->SetLabel(_("month"));
    m_dayUnit->SetLabel(_("day"));
    m_useWareki->SetLabel(_("Use this date"));
    // TRANSLATORS: key that types 元 (the first year of an era, as in 平成元年) into the year box
    m_gannen->SetLabel(_("First year"));
    onBirthDateChanged();
    Layout();
}

void TempLoginView::onEnter() {
    const auto& draft = m_ctx.flow.draft();
    if (m_tempId->IsEmpty() && !draft.tempId.empty()) {
        m_tempId->ChangeValue(wxString::FromUTF8(draft.tempId));
    }
    m_tempId->SetFocus();
}

void TempLoginView::wipe() {
    m_tempId->Clear();
    m_tempPassword->clear();
    m_birthDate->clear();
    m_eraYear->clear();
    m_month->clear();
    m_day->clear();
    m_showPassword->SetValue(false);
    m_showPassword->SetLabel(_("Show"));
    m_tempPassword->setRevealed(false);
    setFieldMessage(m_tempIdMessage, "");
    setFieldMessage(m_tempPasswordMessage, "");
    setFieldMessage(m_birthDateMessage, "");
    m_birthDateEcho->SetLabel("");
}

void TempLoginView::onBirthDateChanged() {
    setFieldMessage(m_birthDateMessage, "");
    if (m_birthDate->value().size() != 8) {
        m_birthDateEcho->SetLabel("");
        return;
    }
    auto wareki = WarekiConverter::toWareki(m_birthDate->value().view());
    if (!wareki.ok()) {
        m_birthDateEcho->SetLabel("");
        return;
    }
    const auto& w = *wareki.value;
    // TRANSLATORS: the typed date shown back in the Japanese calendar, e.g. 昭和23年4月5日
    m_birthDateEcho->SetLabel(
        w.year == 1
            // TRANSLATORS: the same for the first year of an era, e.g. 平成元年1月8日
            ? wxString::Format(_("= %s first year, %d/%d"), eraName(w.era), w.month, w.day)
            : wxString::Format(_("= %s %d, %d/%d"), eraName(w.era), w.year, w.month, w.day));
}

void TempLoginView::applyWareki() {
    const auto eras = WarekiConverter::eras();
    const int index = m_era->GetSelection();
    if (index == wxNOT_FOUND || static_cast<std::size_t>(index) >= eras.size()) {
        return;
    }
    const int y = digitsValue(m_eraYear->value());
    const int m = digitsValue(m_month->value());
    const int d = digitsValue(m_day->value());
    if (y < 0 || m < 0 || d < 0) {
        setFieldMessage(m_birthDateMessage, _("Please enter the era year, the month and the day."));
        return;
    }
    auto date = WarekiConverter::fromEra(eras[static_cast<std::size_t>(index)].era, y, m, d);
    if (!date.ok()) {
        setFieldMessage(m_birthDateMessage,
                        MemberMessages::refusal(*date.refusal, Field::BirthDate));
        return;
    }
    char digits[9];
    std::snprintf(digits, sizeof digits, "%04d%02d%02d", date.value->year, date.value->month,
                  date.value->day);
    m_birthDate->clear();
    m_birthDate->insertText(wxString::FromAscii(digits));
    std::fill(std::begin(digits), std::end(digits), '\0');
}

wxString TempLoginView::mainActionLabel() const {
    return _("Log in");
}

void TempLoginView::onMainAction() {
    auto& c = m_ctx.controller;
    auto id = c.checkTempId(m_tempId->GetValue().utf8_string());
    auto pw = c.checkTempPassword(m_tempPassword->value());
    auto bd = c.checkBirthDate(m_birthDate->value());
    setFieldMessage(m_tempIdMessage,
                    id.ok() ? wxString() : MemberMessages::refusal(*id.refusal, Field::TempId));
    setFieldMessage(m_tempPasswordMessage,
                    pw.ok() ? wxString()
                            : MemberMessages::refusal(*pw.refusal, Field::TempPassword));
    setFieldMessage(m_birthDateMessage,
                    bd.ok() ? wxString() : MemberMessages::refusal(*bd.refusal, Field::BirthDate));
    Layout();
    if (!id.ok() || !pw.ok() || !bd.ok()) {
        return;
    }
    if (id.changedByNormalization) {
        m_tempId->ChangeValue(wxString::FromUTF8(id.normalized));
    }
    auto input = std::make_shared<kiosk::KioskController::TempLoginInput>();
    input->tempId = id.normalized;
    input->tempPassword = std::move(pw.normalized);
    input->birthDate = std::move(bd.normalized);
    const auto epoch = c.epoch();
    runBusy([&c, input] { return c.verifyTempLogin(*input); },
            [&c, input, epoch](auto answer) {
                c.applyTempLogin(epoch, std::move(*input), std::move(answer));
            });
}

} // namespace madoguchi::gui
