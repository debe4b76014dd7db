// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "KioskFrame.h"
#include "KioskRuntime.h"
#include "flow/FlowState.h"

#include <wx/weakref.h>
#include <wx/window.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

namespace madoguchi::gui::test {

// Drives the real kiosk window under Xvfb with synthetic X input (wxUIActionSimulator →
// XTest), the way a member's touches and key presses arrive.
class KioskDriver {
public:
    explicit KioskDriver(RuntimeOptions options);
    ~KioskDriver();

    KioskRuntime& runtime() { return *m_runtime; }
    // Null once the window is gone (staff quit the kiosk).
    KioskFrame* frame() const { return m_frame.get(); }
    FlowState state() const;
    // Runs the event loop for a while / until the condition holds (false on timeout).
    void pump(std::chrono::milliseconds duration);
    bool waitFor(const std::function<bool()>& condition,
                 std::chrono::milliseconds timeout = std::chrono::seconds(20));
    bool waitForState(FlowState state,
                      std::chrono::milliseconds timeout = std::chrono::seconds(20));

    // A named widget on the current screen (or in the frame's header/footer).
    wxWindow* find(const std::string& name) const;
    // A named widget shown on screen in any of the kiosk's windows (the staff panel too).
    wxWindow* findShown(const std::string& name) const;
    // Moves the pointer to the widget's centre and clicks it.
    void click(const std::string& name);
    void clickShown(const std::string& name);
    void clickWindow(wxWindow* window);
    // Types through the X keyboard into whatever has the focus.
    void type(const std::string& ascii);
    void key(int keyCode, int modifiers = 0);
    void focus(const std::string& name);
    // Clicks on-screen keypad digits (the large keypad of the current screen).
    void tapDigits(const std::string& digits);
    // Types into the field that has the focus by tapping the on-screen keyboard's keys, as a
    // member without a keyboard does: Capitals before a capital, Symbols and back for a symbol.
    void tapKeys(const std::string& text);
    // The on-screen key shown now that types `c` (null when its page is not shown).
    wxWindow* shownKey(char c) const;
    // The same on whichever keypad is on screen (the staff panel's).
    void tapShownDigits(const std::string& digits);

    // A screenshot of the whole X screen with ImageMagick's `import`.
    std::filesystem::path screenshot(const std::string& name);
    // Text of every label on the current screen, joined (to check the language).
    std::string visibleText() const;

    static std::filesystem::path artefactDirectory();

private:
    std::unique_ptr<KioskRuntime> m_runtime;
    wxWeakRef<KioskFrame> m_frame;
};

// Runs a shell command and returns its standard output (trailing newline removed).
std::string run(const std::string& command);

// The main() of a GUI test executable: wxWidgets starts before the tests (and not at all when
// CTest only lists them). `imageHandlers`: wx's image handlers too, to read screenshots.
int runGuiTests(int argc, char** argv, bool imageHandlers = false);

} // namespace madoguchi::gui::test
