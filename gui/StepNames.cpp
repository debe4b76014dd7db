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
