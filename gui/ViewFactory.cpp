// SPDX-License-Identifier: Apache-2.0
#include "ViewFactory.h"

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
#include "views/SecurityKeySession.h"
#include "views/TempLoginView.h"
#include "views/TermsView.h"
#include "views/UserIdView.h"

namespace madoguchi::gui {

std::vector<std::pair<FlowState, ScreenView*>> createViews(wxWindow* parent, KioskContext& ctx,
                                                           const ViewSettings& s) {
    std::vector<std::pair<FlowState, ScreenView*>> views;
    auto add = [&](FlowState state, ScreenView* view) {
        views.emplace_back(state, view);
    };
    add(FlowState::Attract, new AttractView(parent, ctx));
    add(FlowState::TempLogin, new TempLoginView(parent, ctx));
    add(FlowState::Terms, new TermsView(parent, ctx, s.termsJa, s.termsEn, s.termsVersion));
    add(FlowState::UserId, new UserIdView(parent, ctx));
    add(FlowState::MfaChoice, new MethodChoiceView(parent, ctx, false));
    add(FlowState::Password, new PasswordView(parent, ctx));
    add(FlowState::Email, new EmailView(parent, ctx));
    add(FlowState::BasicDone, new BasicDoneView(parent, ctx));
    add(FlowState::MfaChoiceAfterCommit, new MethodChoiceView(parent, ctx, true));
    add(FlowState::OtpInstallApp, new OtpInstallAppView(parent, ctx, s.appLinks));
    add(FlowState::OtpDeviceName, new OtpDeviceNameView(parent, ctx));
    add(FlowState::OtpScan, new OtpScanView(parent, ctx));
    add(FlowState::OtpVerify, new OtpVerifyView(parent, ctx));
    auto keySession =
        std::make_shared<SecurityKeySession>(s.deviceManager, s.attestationPolicy, s.metadata);
    add(FlowState::KeyInsert, new KeyInsertView(parent, ctx, keySession));
    add(FlowState::KeyPin, new KeyPinView(parent, ctx, keySession));
    add(FlowState::KeyTouch, new KeyTouchView(parent, ctx, keySession));
    add(FlowState::KeyName, new KeyNameView(parent, ctx, keySession));
    add(FlowState::KeyTry, new KeyTryView(parent, ctx, keySession));
    add(FlowState::PhoneHandoff, new PhoneHandoffView(parent, ctx));
    add(FlowState::Complete, new CompleteView(parent, ctx, s.completion));
    add(FlowState::ResumeLogin, new ResumeLoginView(parent, ctx));
    return views;
}

} // namespace madoguchi::gui
