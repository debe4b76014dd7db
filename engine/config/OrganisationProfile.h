// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <filesystem>
#include <string>

namespace madoguchi::config {

struct StoreLinks {
    std::string appStore;   // https://apps.apple.com/...
    std::string googlePlay; // https://play.google.com/...
};

// Who the kiosk enrolls members for: one health-insurance society. Loaded from a profile
// file (assets/profiles/*.toml) or an inline [organisation] table of the kiosk config.
struct OrganisationProfile {
    std::string name;                  // 伊藤忠健康保険組合
    std::string portalUrl;             // https://www.itochukenpo.portal.kosmo-web.jp
    std::string contactEmail;          // itckh@itochu.co.jp
    std::string contactLine;           // free text shown on help screens and the slip
    std::string otpIssuer;             // issuer label in the otpauth URI: ITC健保
    std::string defaultDeviceName;     // prefilled device name: ITC健保
    std::filesystem::path termsFileJa; // absolute after loading
    std::filesystem::path termsFileEn; // absolute; empty if there is no English text
    std::string termsVersion;
    std::string rpId;   // FIDO2 relying party ID (the portal's domain or a parent of it)
    std::string rpName; // FIDO2 relying party name
    StoreLinks googleAuthenticator;
    StoreLinks microsoftAuthenticator;
};

} // namespace madoguchi::config
