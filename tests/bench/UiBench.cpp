// SPDX-License-Identifier: Apache-2.0
// The UI thread while a member walks the whole wizard (demo kiosk under Xvfb, synthetic X
// input, the TOTP path from the attract screen back to it). Prints figures; fails only if
// the walk itself cannot be done.
//
//   xvfb-run -a -s "-screen 0 1920x1080x24" ui_bench
//
// - Each screen change: from the input that asks for it (the click, injected through XTest)
//   until the flow is on the new screen and its paints are flushed (wxWindow::Update).
// - UI-thread stalls: the application object times every event handler call the event loop
//   makes (wxApp::CallEventHandler, outermost calls only); the longest is printed with the
//   event type and the screen. Work done by the driver between its pumps is not counted:
//   it is the test's, not the kiosk's.
#include "KioskDriver.h"
#include "WalkSteps.h"
#include "flow/EnrollmentFlow.h"
#include "flow/FlowState.h"
#include "kiosk/KioskController.h"
#include "otp/OtpauthUri.h"
#include "otp/Totp.h"

#include <gtest/gtest.h>
#include <wx/app.h>
#include <wx/init.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

namespace madoguchi::gui::test {
namespace {

using Steady = std::chrono::steady_clock;
using namespace std::chrono_literals;

double msBetween(Steady::time_point a, Steady::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

struct Stall {
    double ms = 0;
    int eventType = 0;
    std::string screen;
};

std::string g_screen = "start";
Stall g_longest;
std::vector<double> g_handlerMs;

class TimingApp : public wxApp {
public:
    void CallEventHandler(wxEvtHandler* handler, wxEventFunctor& functor,
                          wxEvent& event) const override {
        ++m_depth;
        const auto start = Steady::now();
        wxApp::CallEventHandler(handler, functor, event);
        const double ms = msBetween(start, Steady::now());
        --m_depth;
        if (m_depth == 0) {
            g_handlerMs.push_back(ms);
            if (ms > g_longest.ms) {
                g_longest = {ms, static_cast<int>(event.GetEventType()), g_screen};
            }
        }
    }

private:
    mutable int m_depth = 0;
};

struct Change {
    std::string name;
    double ms = 0;
};

// Runs the event loop without the driver's 10 ms sleeps, until the flow is in `wanted`, then
// flushes the new screen's paints.
bool settleOn(KioskDriver& k, FlowState wanted, std::chrono::milliseconds timeout = 60s) {
    const auto end = Steady::now() + timeout;
    while (k.state() != wanted && Steady::now() < end) {
        wxTheApp->Yield(true);
        wxTheApp->ProcessPendingEvents();
        std::this_thread::sleep_for(1ms);
    }
    if (k.state() != wanted) {
        return false;
    }
    for (int i = 0; i < 2; ++i) {
        wxTheApp->Yield(true);
        if (k.frame() != nullptr) {
            k.frame()->Update();
        }
    }
    return true;
}

TEST(UiBench, WholeWizardScreenChangesAndStalls) {
    const auto dir = freshDir("ui-bench");
    KioskDriver k(demoOptions(dir));
    ASSERT_NE(k.frame(), nullptr);
    std::vector<Change> changes;
    const auto change = [&](const std::string& name, const std::string& button,
                            FlowState to) -> bool {
        wxWindow* target = k.find(button);
        if (target == nullptr) {
            ADD_FAILURE() << "no " << button << " on " << toString(k.state());
            return false;
        }
        g_screen = name;
        const auto start = Steady::now();
        k.clickWindow(target);
        const bool ok = settleOn(k, to);
        changes.push_back({name, msBetween(start, Steady::now())});
        EXPECT_TRUE(ok) << name << ": " << k.visibleText();
        k.pump(100ms); // the member reads the screen
        return ok;
    };

    g_handlerMs.clear();
    g_longest = {};
    ASSERT_TRUE(change("attract -> temp login", "mainButton", FlowState::TempLogin));
    typeTempLogin(k, "DEMO0001", "demo-pass-01", "19480405");
    ASSERT_TRUE(change("temp login -> terms (central verifies)", "mainButton", FlowState::Terms));
    ASSERT_TRUE(change("terms -> user ID", "mainButton", FlowState::UserId));
    k.focus("userIdField");
    k.type("bench.taro");
    ASSERT_TRUE(change("user ID -> method (central checks)", "mainButton", FlowState::MfaChoice));
    ASSERT_TRUE(change("method -> password", "chooseOtp", FlowState::Password));
    k.focus("passwordField");
    k.type("Sakura_Haru.2026");
    k.focus("passwordConfirmField");
    k.type("Sakura_Haru.2026");
    ASSERT_TRUE(change("password -> email", "mainButton", FlowState::Email));
    k.focus("emailField");
    k.type("taro@example.jp");
    k.focus("emailConfirmField");
    k.type("taro@example.jp");
    ASSERT_TRUE(
        change("email -> basic done (hash, seal, commit)", "mainButton", FlowState::BasicDone));
    ASSERT_TRUE(change("basic done -> install app", "mainButton", FlowState::OtpInstallApp));
    ASSERT_TRUE(change("install app -> device name", "mainButton", FlowState::OtpDeviceName));
    ASSERT_TRUE(change("device name -> scan (QR)", "mainButton", FlowState::OtpScan));
    ASSERT_TRUE(change("scan -> verify", "mainButton", FlowState::OtpVerify));
    auto uri = k.runtime().controller().otpauthUri();
    ASSERT_TRUE(uri.ok());
    auto parsed = OtpauthUri::parse(uri->view());
    ASSERT_TRUE(parsed.ok());
    auto code = Totp::generate(
        parsed->secret.bytes(),
        std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()), parsed->params);
    ASSERT_TRUE(code.ok());
    k.tapDigits(std::string(code->view()));
    ASSERT_TRUE(change("verify -> complete (seal, commit)", "mainButton", FlowState::Complete));
    ASSERT_TRUE(change("complete -> attract (finish)", "mainButton", FlowState::Attract));

    std::printf("\nscreen changes, input to painted (ms):\n");
    double worst = 0;
    for (const auto& c : changes) {
        std::printf("  %-45s %8.1f%s\n", c.name.c_str(), c.ms, c.ms > 50 ? "  (> 50 ms)" : "");
        worst = std::max(worst, c.ms);
    }
    std::sort(g_handlerMs.begin(), g_handlerMs.end());
    const double p99 = g_handlerMs.empty() ? 0 : g_handlerMs[g_handlerMs.size() * 99 / 100];
    const auto over =
        std::count_if(g_handlerMs.begin(), g_handlerMs.end(), [](double ms) { return ms > 50; });
    std::printf("slowest screen change: %.1f ms\n", worst);
    std::printf("UI thread: %zu event handler calls, p99 %.2f ms, %ld over 50 ms, longest "
                "%.1f ms (event type %d, during \"%s\")\n",
                g_handlerMs.size(), p99, static_cast<long>(over), g_longest.ms, g_longest.eventType,
                g_longest.screen.c_str());
}

} // namespace
} // namespace madoguchi::gui::test

int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    if (::testing::GTEST_FLAG(list_tests)) {
        return RUN_ALL_TESTS();
    }
    wxApp::SetInstance(new madoguchi::gui::test::TimingApp());
    if (!wxEntryStart(argc, argv) || !wxTheApp->CallOnInit()) {
        std::fprintf(stderr, "wxWidgets could not start (is there a display?)\n");
        return 2;
    }
    const int rc = RUN_ALL_TESTS();
    wxTheApp->OnExit();
    wxEntryCleanup();
    return rc;
}
