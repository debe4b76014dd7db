// SPDX-License-Identifier: Apache-2.0
#include "KioskDriver.h"

#include "KioskFrame.h"
#include "flow/EnrollmentFlow.h"

#include <gtest/gtest.h>
#include <wx/app.h>
#include <wx/button.h>
#include <wx/evtloop.h>
#include <wx/image.h>
#include <wx/init.h>
#include <wx/simplebook.h>
#include <wx/stattext.h>
#include <wx/toplevel.h>
#include <wx/uiaction.h>

#include <array>
#include <cstdio>
#include <thread>

namespace madoguchi::gui::test {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

std::string run(const std::string& command) {
    std::string out;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) {
        return out;
    }
    std::array<char, 4096> buffer{};
    std::size_t n = 0;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
        out.append(buffer.data(), n);
    }
    pclose(pipe);
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) {
        out.pop_back();
    }
    return out;
}

int runGuiTests(int argc, char** argv, bool imageHandlers) {
    ::testing::InitGoogleTest(&argc, argv);
    if (::testing::GTEST_FLAG(list_tests)) {
        return RUN_ALL_TESTS();
    }
    wxApp::SetInstance(new wxApp());
    if (!wxEntryStart(argc, argv) || !wxTheApp->CallOnInit()) {
        std::fprintf(stderr, "wxWidgets could not start (is there a display?)\n");
        return 2;
    }
    if (imageHandlers) {
        wxInitAllImageHandlers();
    }
    const int rc = RUN_ALL_TESTS();
    wxTheApp->OnExit();
    wxEntryCleanup();
    return rc;
}

KioskDriver::KioskDriver(RuntimeOptions options) {
    auto runtime = KioskRuntime::create(options);
    if (!runtime) {
        ADD_FAILURE() << "kiosk runtime: " << toString(runtime.code()) << " "
                      << runtime.error().detail;
        return;
    }
    m_runtime = std::move(runtime).value();
    m_frame = m_runtime->createFrame();
    m_frame->Show();
    m_frame->Raise();
    pump(800ms);
}

KioskDriver::~KioskDriver() {
    if (m_frame) {
        m_frame->allowClose();
        m_frame->Destroy();
    }
    pump(200ms);
    m_runtime.reset();
}

FlowState KioskDriver::state() const {
    return m_runtime->flow().state();
}

void KioskDriver::pump(std::chrono::milliseconds duration) {
    const auto end = std::chrono::steady_clock::now() + duration;
    do {
        wxTheApp->Yield(true);
        wxTheApp->ProcessPendingEvents();
        std::this_thread::sleep_for(10ms);
    } while (std::chrono::steady_clock::now() < end);
}

bool KioskDriver::waitFor(const std::function<bool()>& condition,
                          std::chrono::milliseconds timeout) {
    const auto end = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < end) {
        if (condition()) {
            pump(150ms); // let the new screen lay out and paint
            return true;
        }
        pump(50ms);
    }
    return condition();
}

bool KioskDriver::waitForState(FlowState wanted, std::chrono::milliseconds timeout) {
    return waitFor([&] { return state() == wanted; }, timeout);
}

wxWindow* KioskDriver::find(const std::string& name) const {
    auto* book = dynamic_cast<wxSimplebook*>(wxWindow::FindWindowByName("screens", m_frame));
    if (book != nullptr && book->GetCurrentPage() != nullptr) {
        if (wxWindow* w = wxWindow::FindWindowByName(name, book->GetCurrentPage())) {
            return w;
        }
    }
    return wxWindow::FindWindowByName(name, m_frame);
}

namespace {
wxWindow* findShownIn(wxWindow* w, const wxString& name) {
    if (!w->IsShownOnScreen()) {
        return nullptr;
    }
    if (w->GetName() == name) {
        return w;
    }
    for (wxWindow* child : w->GetChildren()) {
        if (wxWindow* found = findShownIn(child, name)) {
            return found;
        }
    }
    return nullptr;
}
} // namespace

wxWindow* KioskDriver::findShown(const std::string& name) const {
    for (wxWindow* top : wxTopLevelWindows) {
        if (wxWindow* found = findShownIn(top, wxString::FromUTF8(name))) {
            return found;
        }
    }
    return nullptr;
}

void KioskDriver::clickShown(const std::string& name) {
    wxWindow* w = findShown(name);
    ASSERT_NE(w, nullptr) << "no widget named " << name << " on screen";
    clickWindow(w);
}

namespace {
bool isCharacterKey(wxWindow* w) {
    const wxString name = w->GetName();
    return name.length() > 3 && name.StartsWith("key") && wxIsdigit(name[3]) &&
           dynamic_cast<wxButton*>(w) != nullptr;
}

wxWindow* findKeyIn(wxWindow* w, char c) {
    if (!w->IsShownOnScreen()) {
        return nullptr;
    }
    if (isCharacterKey(w) && wxControl::RemoveMnemonics(w->GetLabel()) == wxString(c)) {
        return w;
    }
    for (wxWindow* child : w->GetChildren()) {
        if (wxWindow* found = findKeyIn(child, c)) {
            return found;
        }
    }
    return nullptr;
}
} // namespace

wxWindow* KioskDriver::shownKey(char c) const {
    for (wxWindow* top : wxTopLevelWindows) {
        if (wxWindow* found = findKeyIn(top, c)) {
            return found;
        }
    }
    return nullptr;
}

void KioskDriver::tapKeys(const std::string& text) {
    for (char c : text) {
        wxWindow* key = shownKey(c);
        bool symbolPage = false;
        if (key == nullptr && c >= 'A' && c <= 'Z') {
            clickShown("keyShift");
            key = shownKey(c);
        }
        if (key == nullptr) {
            clickShown("keySymbols");
            symbolPage = true;
            key = shownKey(c);
        }
        ASSERT_NE(key, nullptr) << "no on-screen key types '" << c << "'";
        clickWindow(key);
        if (symbolPage) {
            clickShown("keySymbols"); // back to the letters
        }
    }
}

void KioskDriver::tapShownDigits(const std::string& digits) {
    for (char d : digits) {
        clickShown(std::string("digit") + d);
    }
}

void KioskDriver::clickWindow(wxWindow* window) {
    wxUIActionSimulator sim;
    const wxRect rect = window->GetScreenRect();
    sim.MouseMove(rect.GetPosition() + wxPoint(rect.width / 2, rect.height / 2));
    pump(60ms);
    sim.MouseClick();
    pump(120ms);
}

void KioskDriver::click(const std::string& name) {
    wxWindow* w = find(name);
    ASSERT_NE(w, nullptr) << "no widget named " << name << " on " << toString(state());
    ASSERT_TRUE(w->IsShownOnScreen()) << name << " is not shown";
    clickWindow(w);
}

void KioskDriver::focus(const std::string& name) {
    wxWindow* w = find(name);
    ASSERT_NE(w, nullptr) << "no widget named " << name;
    clickWindow(w); // a touch focuses the field, as for a member
}

void KioskDriver::type(const std::string& ascii) {
    wxUIActionSimulator sim;
    sim.Text(ascii.c_str());
    pump(150ms);
}

void KioskDriver::key(int keyCode, int modifiers) {
    wxUIActionSimulator sim;
    sim.Char(keyCode, modifiers);
    pump(120ms);
}

void KioskDriver::tapDigits(const std::string& digits) {
    for (char d : digits) {
        click(std::string("digit") + d);
    }
}

fs::path KioskDriver::artefactDirectory() {
    fs::path dir = fs::path(MADOGUCHI_BINARY_DIR) / "gui-artefacts";
    fs::create_directories(dir);
    return dir;
}

fs::path KioskDriver::screenshot(const std::string& name) {
    pump(300ms);
    const fs::path file = artefactDirectory() / (name + ".png");
    const std::string cmd = "import -window root '" + file.string() + "' 2>/dev/null";
    EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
    return file;
}

namespace {
void collectText(wxWindow* w, std::string& out) {
    if (!w->IsShownOnScreen()) {
        return;
    }
    if (dynamic_cast<wxStaticText*>(w) != nullptr || dynamic_cast<wxAnyButton*>(w) != nullptr) {
        out += w->GetLabel().utf8_string();
        out += '\n';
    }
    for (wxWindow* child : w->GetChildren()) {
        collectText(child, out);
    }
}
} // namespace

std::string KioskDriver::visibleText() const {
    std::string out;
    if (m_frame) {
        collectText(m_frame, out);
    }
    return out;
}

} // namespace madoguchi::gui::test
