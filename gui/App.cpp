// SPDX-License-Identifier: Apache-2.0
// madoguchi: the enrollment kiosk.
#include "DemoCentral.h"
#include "I18n.h"
#include "KioskFrame.h"
#include "StaffDialog.h"
#include "ViewFactory.h"
#include "config/Config.h"
#include "config/ConfigPath.h"
#include "core/Log.h"
#include "flow/EnrollmentFlow.h"
#include "kiosk/KioskController.h"
#include "rules/PasswordBlocklist.h"
#include "store/LocalStore.h"
#include "sync/HttpsCentralClient.h"
#include "sync/OutboxWorker.h"

#include <wx/app.h>
#include <wx/cmdline.h>
#include <wx/msgdlg.h>
#include <wx/stdpaths.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>

namespace madoguchi::gui {

namespace fs = std::filesystem;

namespace {

// Where the shipped assets and compiled catalogues are: $MADOGUCHI_ASSET_DIR, next to an
// installed binary (../share/madoguchi), or the source tree for a build-tree run.
fs::path assetDirectory() {
    if (const char* env = std::getenv("MADOGUCHI_ASSET_DIR")) {
        return env;
    }
    const fs::path exe = wxStandardPaths::Get().GetExecutablePath().utf8_string();
    const fs::path installed = exe.parent_path().parent_path() / "share" / "madoguchi";
    if (fs::exists(installed / "profiles")) {
        return installed;
    }
    return MADOGUCHI_SOURCE_ASSET_DIR;
}

fs::path localeDirectory() {
    if (const char* env = std::getenv("MADOGUCHI_LOCALE_DIR")) {
        return env;
    }
    const fs::path exe = wxStandardPaths::Get().GetExecutablePath().utf8_string();
    const fs::path installed = exe.parent_path().parent_path() / "share" / "locale";
    if (fs::exists(installed / "ja" / "LC_MESSAGES" / "madoguchi.mo")) {
        return installed;
    }
    return MADOGUCHI_BUILD_LOCALE_DIR;
}

std::optional<std::string> readText(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

} // namespace

class MadoguchiApp : public wxApp {
public:
    bool OnInit() override;
    int OnExit() override;
    void OnInitCmdLine(wxCmdLineParser& parser) override;
    bool OnCmdLineParsed(wxCmdLineParser& parser) override;

private:
    bool fail(const wxString& what, const Error& error);

    bool m_demo = false;
    bool m_windowed = false;
    wxString m_configPath;
    wxString m_language;
    wxString m_storePath;
    wxString m_slipPdf;

    std::optional<config::Config> m_config;
    std::shared_ptr<SystemClock> m_clock = std::make_shared<SystemClock>();
    PasswordBlocklist m_blocklist;
    std::optional<store::LocalStore> m_store;
    std::unique_ptr<sync::CentralApi> m_central;
    std::unique_ptr<EnrollmentFlow> m_flow;
    std::unique_ptr<kiosk::KioskController> m_controller;
    std::unique_ptr<sync::OutboxWorker> m_worker;
    ViewSettings m_viewSettings;
};

void MadoguchiApp::OnInitCmdLine(wxCmdLineParser& parser) {
    static const wxCmdLineEntryDesc kOptions[] = {
        {wxCMD_LINE_SWITCH, nullptr, "demo", "demo mode: in-process central service and roster",
         wxCMD_LINE_VAL_NONE, 0},
        {wxCMD_LINE_SWITCH, nullptr, "windowed", "a normal window instead of full screen",
         wxCMD_LINE_VAL_NONE, 0},
        {wxCMD_LINE_OPTION, nullptr, "config", "kiosk configuration file (TOML)",
         wxCMD_LINE_VAL_STRING, 0},
        {wxCMD_LINE_OPTION, nullptr, "lang", "start language: ja or en", wxCMD_LINE_VAL_STRING, 0},
        {wxCMD_LINE_OPTION, nullptr, "store", "local store file (overrides the config)",
         wxCMD_LINE_VAL_STRING, 0},
        {wxCMD_LINE_OPTION, nullptr, "slip-pdf", "print completion slips to this PDF file",
         wxCMD_LINE_VAL_STRING, 0},
        {wxCMD_LINE_SWITCH, "h", "help", "show this help", wxCMD_LINE_VAL_NONE,
         wxCMD_LINE_OPTION_HELP},
        {wxCMD_LINE_NONE, nullptr, nullptr, nullptr, wxCMD_LINE_VAL_NONE, 0}};
    parser.SetDesc(kOptions);
    parser.SetSwitchChars("-");
}

bool MadoguchiApp::OnCmdLineParsed(wxCmdLineParser& parser) {
    m_demo = parser.Found("demo");
    m_windowed = parser.Found("windowed");
    parser.Found("config", &m_configPath);
    parser.Found("lang", &m_language);
    parser.Found("store", &m_storePath);
    parser.Found("slip-pdf", &m_slipPdf);
    return true;
}

bool MadoguchiApp::fail(const wxString& what, const Error& error) {
    const wxString text = what + "\n" + wxString::FromUTF8(error.detail);
    logger()->critical("{}: {}", what.utf8_string(), error.detail);
    wxMessageBox(text, "Madoguchi", wxOK | wxICON_ERROR);
    return false;
}

bool MadoguchiApp::OnInit() {
    if (!wxApp::OnInit()) {
        return false;
    }
    const fs::path assets = assetDirectory();
    I18n::setCatalogDirectory(localeDirectory());

    std::optional<fs::path> cli;
    if (!m_configPath.IsEmpty()) {
        cli = fs::path(m_configPath.utf8_string());
    } else if (m_demo) {
        cli = assets / "profiles" / "demo-kiosk.toml";
    }
    const fs::path configPath = config::ConfigPath::resolve(cli);
    auto loaded = config::Config::loadFile(configPath);
    if (!loaded) {
        return fail(wxString::Format("The configuration %s cannot be used.",
                                     wxString::FromUTF8(configPath.string())),
                    loaded.error());
    }
    m_config = std::move(loaded).value();
    const auto& kiosk = m_config->kiosk;
    const auto& org = m_config->organisation;
    initLogging(kiosk.logPath, kiosk.logLevel, true);

    Language language =
        kiosk.language == config::Language::English ? Language::English : Language::Japanese;
    if (m_language == "en") {
        language = Language::English;
    } else if (m_language == "ja") {
        language = Language::Japanese;
    }
    I18n::setLanguage(language);

    auto blocklist =
        PasswordBlocklist::loadFromFile(assets / PasswordBlocklist::kDefaultRelativePath);
    if (!blocklist) {
        return fail("The common-password list is missing.", blocklist.error());
    }
    m_blocklist = std::move(blocklist).value();

    fs::path storePath =
        m_storePath.IsEmpty() ? kiosk.storePath : fs::path(m_storePath.utf8_string());
    std::error_code ec;
    fs::create_directories(storePath.parent_path(), ec);
    auto store = store::LocalStore::open(storePath);
    if (!store) {
        return fail("The local store cannot be opened.", store.error());
    }
    m_store.emplace(std::move(store).value());

    kiosk::KioskOptions options;
    options.kioskId = kiosk.kioskId;
    options.issuer = org.otpIssuer;
    options.defaultDeviceName = org.defaultDeviceName;
    options.passwordPolicy.allowUppercase = kiosk.passwordAllowUppercase;
    options.otpMaxAttempts = kiosk.otpMaxAttempts;
    if (m_demo) {
        auto demo = DemoCentral::create(assets / "demo" / "roster.csv", org.termsVersion);
        if (!demo) {
            return fail("The demo central service cannot start.", demo.error());
        }
        options.sealingPublicKeyPem = (*demo)->sealingPublicKeyPem();
        m_central = std::move(demo).value();
    } else {
        auto key = readText(kiosk.sealingPublicKey);
        if (!key) {
            return fail("The central service's sealing key cannot be read.",
                        Error{ErrorCode::ConfigInvalid, kiosk.sealingPublicKey.string()});
        }
        options.sealingPublicKeyPem = *key;
        sync::HttpsClientConfig https;
        https.baseUrl = kiosk.centralUrl;
        https.caBundle = kiosk.caBundle;
        https.clientCert = kiosk.clientCert;
        https.clientKey = kiosk.clientKey;
        https.requestTimeout =
            std::chrono::duration_cast<std::chrono::milliseconds>(kiosk.networkTimeout);
        auto client = sync::HttpsCentralClient::create(https);
        if (!client) {
            return fail("The connection to the central service cannot be set up.", client.error());
        }
        m_central = std::move(client).value();
    }

    FlowConfig flowConfig;
    flowConfig.idleTimeout = kiosk.inactivityTimeout;
    flowConfig.warningLead = kiosk.inactivityWarning;
    flowConfig.otpMaxAttempts = kiosk.otpMaxAttempts;
    m_flow = std::make_unique<EnrollmentFlow>(*m_clock, flowConfig);
    m_controller = std::make_unique<kiosk::KioskController>(*m_flow, *m_central, *m_store,
                                                            m_blocklist, *m_clock, options);

    sync::OutboxWorkerConfig workerConfig;
    workerConfig.kioskId = kiosk.kioskId;
    m_worker = std::make_unique<sync::OutboxWorker>(storePath, *m_central, workerConfig, m_clock);
    m_worker->start();
    // A commit queued something: deliver now rather than at the next poll.
    m_flow->addListener([this](const FlowTransition& t) {
        if (t.to == FlowState::BasicDone || t.to == FlowState::Complete) {
            m_worker->wake();
        }
    });

    StaffDialog::setPinHash(kiosk.staffPinHash);
    m_viewSettings.termsJa = org.termsFileJa;
    m_viewSettings.termsEn = org.termsFileEn;
    m_viewSettings.termsVersion = org.termsVersion;
    m_viewSettings.appLinks =
        AppStoreLinks{org.googleAuthenticator.appStore, org.googleAuthenticator.googlePlay,
                      org.microsoftAuthenticator.appStore, org.microsoftAuthenticator.googlePlay};
    m_viewSettings.completion =
        CompletionInfo{org.name, org.portalUrl, org.contactLine, m_slipPdf.utf8_string()};

    auto* frame =
        new KioskFrame(*m_flow, *m_controller, FrameOptions{m_windowed, m_demo}, m_viewSettings);
    frame->Show();
    SetTopWindow(frame);
    logger()->info("kiosk {} started ({})", kiosk.kioskId, m_demo ? "demo" : "central");
    return true;
}

int MadoguchiApp::OnExit() {
    if (m_worker) {
        m_worker->stop();
    }
    m_controller.reset();
    m_flow.reset();
    m_worker.reset();
    m_central.reset();
    m_store.reset();
    return wxApp::OnExit();
}

} // namespace madoguchi::gui

wxIMPLEMENT_APP(madoguchi::gui::MadoguchiApp);
