// SPDX-License-Identifier: Apache-2.0
#include "views/OtpInstallAppView.h"

#include "TextWrap.h"
#include "Theme.h"
#include "flow/EnrollmentFlow.h"
#include "qr/QrEncoder.h"
#include "widgets/QrPanel.h"

#include <wx/intl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

namespace madoguchi::gui {

OtpInstallAppView::OtpInstallAppView(wxWindow* parent, KioskContext& ctx, AppStoreLinks links)
    : ScreenView(parent, ctx, "otpInstallAppView") {
    const std::array<std::string, 4> urls{links.googleAppStore, links.googlePlay,
                                          links.microsoftAppStore, links.microsoftPlay};
    const std::array<const char*, 4> names{"qrGoogleAppStore", "qrGooglePlay",
                                           "qrMicrosoftAppStore", "qrMicrosoftPlay"};
    auto* row = new wxBoxSizer(wxHORIZONTAL);
    auto* google = new wxBoxSizer(wxVERTICAL);
    auto* microsoft = new wxBoxSizer(wxVERTICAL);
    m_googleTitle = addText(google, "", sizes::kHeadingText, true);
    m_microsoftTitle = addText(microsoft, "", sizes::kHeadingText, true);
    auto* googleCodes = new wxBoxSizer(wxHORIZONTAL);
    auto* microsoftCodes = new wxBoxSizer(wxHORIZONTAL);
    for (std::size_t i = 0; i < urls.size(); ++i) {
        auto* cell = new wxBoxSizer(wxVERTICAL);
        m_codes[i] = new QrPanel(this, names[i], 300);
        if (auto matrix = QrEncoder::encode(urls[i]); matrix.ok()) {
            m_codes[i]->setMatrix(std::move(matrix).value());
        }
        cell->Add(m_codes[i], 0, wxALIGN_CENTER_HORIZONTAL);
        m_captions[i] = addText(cell, "", sizes::kBodyText, true);
        (i < 2 ? googleCodes : microsoftCodes)->Add(cell, 0, wxRIGHT, Theme::px(this, 30));
    }
    google->Add(googleCodes);
    microsoft->Add(microsoftCodes);
    row->Add(google, 0, wxRIGHT, Theme::px(this, 60));
    row->Add(microsoft, 0);
    content()->Add(row, 0);
    retranslate();
}

void OtpInstallAppView::retranslate() {
    setTitle(_("Install an authenticator app on your smartphone"));
    setLead(_("Point your phone's camera at a code below to open the app's page, then install "
              "it. Use the App Store on an iPhone and Google Play on Android."));
    // Each name over its two codes, wrapped to their width (the Japanese names are longer).
    const int groupWidth = Theme::px(this, 2 * (300 + 30) + 30);
    TextWrap::setLabel(m_googleTitle, _("Google Authenticator"), groupWidth);
    TextWrap::setLabel(m_microsoftTitle, _("Microsoft Authenticator"), groupWidth);
    m_captions[0]->SetLabel(_("iPhone (App Store)"));
    m_captions[1]->SetLabel(_("Android (Google Play)"));
    m_captions[2]->SetLabel(_("iPhone (App Store)"));
    m_captions[3]->SetLabel(_("Android (Google Play)"));
    Layout();
}

wxString OtpInstallAppView::mainActionLabel() const {
    return _("The app is installed");
}

void OtpInstallAppView::onMainAction() {
    (void)m_ctx.flow.next();
}

} // namespace madoguchi::gui
