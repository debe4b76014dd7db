// SPDX-License-Identifier: Apache-2.0
// madoguchi: the enrollment kiosk.
#include "KioskFrame.h"
#include "KioskRuntime.h"
#include "core/Log.h"

#include <wx/app.h>
#include <wx/cmdline.h>
#include <wx/msgdlg.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <unistd.h>

namespace madoguchi::gui {

class MadoguchiApp : public wxApp {
public:
    bool OnInit() override;
    int OnExit() override;
    void OnInitCmdLine(wxCmdLineParser& parser) override;
    bool OnCmdLineParsed(wxCmdLineParser& parser) override;

private:
    void measureWhenShown(wxIdleEvent& event);

    RuntimeOptions m_options;
    std::unique_ptr<KioskRuntime> m_runtime;
    bool m_measureStartup = false;
    KioskFrame* m_frame = nullptr;
    double m_msAtOnInit = 0;
    double m_msAtRuntime = 0;
    double m_msAtShow = 0;
};

namespace {

// --measure-startup: milliseconds since this process started (/proc/self/stat starttime,
// in clock ticks since boot, against CLOCK_BOOTTIME; 10 ms resolution), and the wall clock
// for a harness that took its own time before exec.
double msSinceProcessStart() {
    std::ifstream stat("/proc/self/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    const auto close = text.rfind(')');
    if (close == std::string::npos) {
        return -1;
    }
    std::istringstream fields(text.substr(close + 2));
    std::string field;
    unsigned long long startTicks = 0;
    for (int i = 3; i <= 22 && fields >> field; ++i) {
        if (i == 22) {
            startTicks = std::stoull(field);
        }
    }
    timespec boot{};
    clock_gettime(CLOCK_BOOTTIME, &boot);
    const double nowMs =
        static_cast<double>(boot.tv_sec) * 1e3 + static_cast<double>(boot.tv_nsec) / 1e6;
    return nowMs -
           static_cast<double>(startTicks) * 1e3 / static_cast<double>(sysconf(_SC_CLK_TCK));
}

} // namespace

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
        {wxCMD_LINE_SWITCH, nullptr, "measure-startup",
         "print the time to the first painted, idle attract screen, then quit", wxCMD_LINE_VAL_NONE,
         0},
        {wxCMD_LINE_SWITCH, "h", "help", "show this help", wxCMD_LINE_VAL_NONE,
         wxCMD_LINE_OPTION_HELP},
        {wxCMD_LINE_NONE, nullptr, nullptr, nullptr, wxCMD_LINE_VAL_NONE, 0}};
    parser.SetDesc(kOptions);
    parser.SetSwitchChars("-");
}

bool MadoguchiApp::OnCmdLineParsed(wxCmdLineParser& parser) {
    m_options.demo = parser.Found("demo");
    m_options.windowed = parser.Found("windowed");
    m_measureStartup = parser.Found("measure-startup");
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
    m_msAtOnInit = m_measureStartup ? msSinceProcessStart() : 0;
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
    m_msAtRuntime = m_measureStartup ? msSinceProcessStart() : 0;
    KioskFrame* frame = m_runtime->createFrame();
    frame->Show();
    SetTopWindow(frame);
    if (m_measureStartup) {
        m_msAtShow = msSinceProcessStart();
        m_frame = frame;
        Bind(wxEVT_IDLE, &MadoguchiApp::measureWhenShown, this);
    }
    return true;
}

// The first idle moment once the window is mapped: its pending paints are drawn now, so the
// attract screen is on the screen and the event loop is waiting for the member.
void MadoguchiApp::measureWhenShown(wxIdleEvent& event) {
    event.Skip();
    if (m_frame == nullptr || !m_frame->IsShownOnScreen()) {
        return;
    }
    m_frame->Update();
    const double ready = msSinceProcessStart();
    const auto wall = std::chrono::duration_cast<std::chrono::nanoseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
    std::printf("madoguchi-startup ready_ms=%.1f on_init_ms=%.1f runtime_ms=%.1f shown_ms=%.1f "
                "ready_epoch_ns=%lld\n",
                ready, m_msAtOnInit, m_msAtRuntime, m_msAtShow, static_cast<long long>(wall));
    std::fflush(stdout);
    Unbind(wxEVT_IDLE, &MadoguchiApp::measureWhenShown, this);
    m_frame = nullptr;
    ExitMainLoop();
}

int MadoguchiApp::OnExit() {
    if (m_runtime) {
        // Cancels and joins the worker threads before what they use is destroyed.
        m_runtime->shutdown();
    }
    m_runtime.reset();
    return wxApp::OnExit();
}

} // namespace madoguchi::gui

wxIMPLEMENT_APP(madoguchi::gui::MadoguchiApp);
