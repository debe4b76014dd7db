// SPDX-License-Identifier: Apache-2.0
#include "ViewFactory.h"

#include "screens/SecurityKeySession.h"
#include "views/AttractView.h"
#include "views/BasicDoneView.h"
#include "views/EmailView.h"
#include "views/KeyInsertView.h"
#include "views/KeyNameView.h"
#include "views/KeyPinView.h"
#include "views/KeyTouchView.h"
#include "views/KeyTryView.h"
#include "views/MethodChoiceView.h"
#include "views/OtpDeviceNameView.h"
#include "views/OtpScanView.h"
#include "views/OtpVerifyView.h"
#include "views/PasswordView.h"
#include "views/PhoneHandoffView.h"
#include "views/ResumeLoginView.h"
#include "views/TempLoginView.h"
#include "views/TermsView.h"
#include "views/UserIdView.h"

namespace madoguchi::gui {

std::vector<std::pair<FlowState, ViewMaker>> viewMakers(KioskContext& ctx, const ViewSettings& s) {
    std::vector<std::pair<FlowState, ViewMaker>> makers;
    auto add = [&](FlowState state, ViewMaker make) {
        makers.emplace_back(state, std::move(make));
    };
    auto* c = &ctx;
    add(FlowState::Attract, [c](wxWindow* p) { return new AttractView(p, *c); });
    add(FlowState::TempLogin, [c](wxWindow* p) { return new TempLoginView(p, *c); });
    add(FlowState::Terms, [c, ja = s.termsJa, en = s.termsEn, v = s.termsVersion](wxWindow* p) {
        return new TermsView(p, *c, ja, en, v);
    });
    add(FlowState::UserId, [c](wxWindow* p) { return new UserIdView(p, *c); });
    add(FlowState::MfaChoice, [c](wxWindow* p) { return new MethodChoiceView(p, *c, false); });
    add(FlowState::Password, [c](wxWindow* p) { return new PasswordView(p, *c); });
    add(FlowState::Email, [c](wxWindow* p) { return new EmailView(p, *c); });
    add(FlowState::BasicDone, [c](wxWindow* p) { return new BasicDoneView(p, *c); });
    add(FlowState::MfaChoiceAfterCommit,
        [c](wxWindow* p) { return new MethodChoiceView(p, *c, true); });
    add(FlowState::OtpInstallApp,
        [c, links = s.appLinks](wxWindow* p) { return new OtpInstallAppView(p, *c, links); });
    add(FlowState::OtpDeviceName, [c](wxWindow* p) { return new OtpDeviceNameView(p, *c); });
    add(FlowState::OtpScan, [c](wxWindow* p) { return new OtpScanView(p, *c); });
    add(FlowState::OtpVerify, [c](wxWindow* p) { return new OtpVerifyView(p, *c); });
    // The four security-key screens share one session with the device layer.
    auto keySession =
        std::make_shared<SecurityKeySession>(s.deviceManager, s.attestationPolicy, s.metadata);
    add(FlowState::KeyInsert,
        [c, keySession](wxWindow* p) { return new KeyInsertView(p, *c, keySession); });
    add(FlowState::KeyPin,
        [c, keySession](wxWindow* p) { return new KeyPinView(p, *c, keySession); });
    add(FlowState::KeyTouch,
        [c, keySession](wxWindow* p) { return new KeyTouchView(p, *c, keySession); });
    add(FlowState::KeyName,
        [c, keySession](wxWindow* p) { return new KeyNameView(p, *c, keySession); });
    add(FlowState::KeyTry,
        [c, keySession](wxWindow* p) { return new KeyTryView(p, *c, keySession); });
    add(FlowState::PhoneHandoff, [c](wxWindow* p) { return new PhoneHandoffView(p, *c); });
    add(FlowState::Complete,
        [c, info = s.completion](wxWindow* p) { return new CompleteView(p, *c, info); });
    add(FlowState::ResumeLogin, [c](wxWindow* p) { return new ResumeLoginView(p, *c); });
    return makers;
}

} // namespace madoguchi::gui
