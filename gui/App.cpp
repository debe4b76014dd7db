// SPDX-License-Identifier: Apache-2.0
// madoguchi: the enrollment kiosk.
#include "KioskFrame.h"
#include "KioskRuntime.h"
#include "core/Log.h"

#include <wx/app.h>
#include <wx/cmdline.h>
#include <wx/msgdlg.h>

#include <memory>

namespace madoguchi::gui {

class MadoguchiApp : public wxApp {
public:
    bool OnInit() override;
    int OnExit() override;
    void OnInitCmdLine(wxCmdLineParser& parser) override;
    bool OnCmdLineParsed(wxCmdLineParser& parser) override;

private:
    RuntimeOptions m_options;
    std::unique_ptr<KioskRuntime> m_runtime;
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
    m_options.demo = parser.Found("demo");
    m_options.windowed = parser.Found("windowed");
    wxString value;
    if (parser.Found("config", &value)) {
        m_options.configPath = std::filesystem::path(value.utf8_string());
    }
    if (parser.Found("lang", &value)) {
        m_options.language = value.utf8_string();
    }
    if (parser.Found("store", &value)) {
        m_options.storePath = std::filesystem::path(value.utf8_string());
    }
    if (parser.Found("slip-pdf", &value)) {
        m_options.slipPdfPath = value.utf8_string();
    }
    return true;
}

bool MadoguchiApp::OnInit() {
    if (!wxApp::OnInit()) {
        return false;
    }
    auto runtime = KioskRuntime::create(m_options);
    if (!runtime) {
        // Staff and IT read this; the member never gets this far.
        const std::string text =
            "Madoguchi cannot start: " + std::string(toString(runtime.code())) + "\n" +
            runtime.error().detail;
        logger()->critical("{}", text);
        wxMessageBox(wxString::FromUTF8(text), "Madoguchi", wxOK | wxICON_ERROR);
        return false;
    }
    m_runtime = std::move(runtime).value();
    KioskFrame* frame = m_runtime->createFrame();
    frame->Show();
    SetTopWindow(frame);
    return true;
}

int MadoguchiApp::OnExit() {
    m_runtime.reset();
    return wxApp::OnExit();
}

} // namespace madoguchi::gui

wxIMPLEMENT_APP(madoguchi::gui::MadoguchiApp);
