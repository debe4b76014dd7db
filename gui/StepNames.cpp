// SPDX-License-Identifier: Apache-2.0
#include "StepNames.h"

#include <wx/intl.h>

namespace madoguchi::gui {

wxString StepNames::step(StepKey key) {
    switch (key) {
    case StepKey::Login:
        // TRANSLATORS: name of step 1 in the progress bar
        return _("Log in");
    case StepKey::Terms:
        return _("Terms of use");
    case StepKey::UserId:
        return _("User ID");
    case StepKey::Method:
        return _("Sign-in method");
    case StepKey::Password:
        return _("Password");
    case StepKey::Email:
        return _("Email");
    case StepKey::SecondFactor:
        return _("Second step");
    case StepKey::Done:
        return _("Done");
    }
    return {};
}

wxString StepNames::manualStep(FlowState state) {
    const char* number = nullptr;
    switch (state) {
    case FlowState::Attract:
        number = "\xE2\x91\xA0"; // ①
        break;
    case FlowState::TempLogin:
        number = "\xE2\x91\xA1"; // ②
        break;
    case FlowState::Terms:
    case FlowState::UserId:
    case FlowState::MfaChoice:
        number = "\xE2\x91\xA2"; // ③
        break;
    case FlowState::Password:
        number = "\xE2\x91\xA3"; // ④
        break;
    case FlowState::Email:
        number = "\xE2\x91\xA4"; // ⑤
        break;
    case FlowState::BasicDone:
    case FlowState::MfaChoiceAfterCommit:
        number = "\xE2\x91\xA5"; // ⑥
        break;
    case FlowState::OtpInstallApp:
        number = "\xE2\x91\xA6"; // ⑦
        break;
    case FlowState::OtpDeviceName:
    case FlowState::OtpScan:
        number = "\xE2\x91\xA8"; // ⑨
        break;
    case FlowState::OtpVerify:
        number = "\xE2\x91\xA9"; // ⑩
        break;
    case FlowState::PhoneHandoff:
        number = "\xE2\x91\xAA-\xE2\x91\xAC"; // ⑪-⑬
        break;
    default:
        return {};
    }
    // TRANSLATORS: a small note on each screen naming the step of the society's paper manual
    return wxString::Format(_("Manual %s"), wxString::FromUTF8(number));
}

wxString StepNames::screen(FlowState state) {
    switch (state) {
    case FlowState::Attract:
        // TRANSLATORS: screen names for the staff panel ("Current screen: ...")
        return _("Start screen");
    case FlowState::TempLogin:
        return _("Log in with the temporary ID");
    case FlowState::Terms:
        return _("Terms of use");
    case FlowState::UserId:
        return _("Choosing a user ID");
    case FlowState::MfaChoice:
        return _("Choosing the second sign-in step");
    case FlowState::Password:
        return _("Choosing a password");
    case FlowState::Email:
        return _("Entering the email address");
    case FlowState::BasicDone:
        return _("Basic registration saved");
    case FlowState::MfaChoiceAfterCommit:
        return _("Choosing the second sign-in step (after saving)");
    case FlowState::OtpInstallApp:
        return _("App: installing the authenticator app");
    case FlowState::OtpDeviceName:
        return _("App: naming the sign-in");
    case FlowState::OtpScan:
        return _("App: scanning the QR code");
    case FlowState::OtpVerify:
        return _("App: entering the 6-digit number");
    case FlowState::KeyInsert:
        return _("Security key: inserting the key");
    case FlowState::KeyPin:
        return _("Security key: PIN");
    case FlowState::KeyTouch:
        return _("Security key: touching the key");
    case FlowState::KeyName:
        return _("Security key: naming the key");
    case FlowState::KeyTry:
        return _("Security key: trying the key");
    case FlowState::PhoneHandoff:
        return _("Phone: setting up face or fingerprint sign-in");
    case FlowState::Complete:
        return _("Registration complete");
    case FlowState::ResumeLogin:
        return _("Continuing a registration");
    }
    return {};
}

} // namespace madoguchi::gui
