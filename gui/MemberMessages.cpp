// SPDX-License-Identifier: Apache-2.0
#include "MemberMessages.h"

#include <wx/intl.h>

namespace madoguchi::gui {

namespace {
wxString quoted(const std::string& utf8) {
    wxString ch = wxString::FromUTF8(utf8);
    if (ch == " ") {
        // TRANSLATORS: how a space character is named inside an error message
        return _("a space");
    }
    return wxString::Format(wxString::FromUTF8("\xE3\x80\x8C%s\xE3\x80\x8D"), ch); // 「x」
}
} // namespace

wxString MemberMessages::dateFromNumber(int yyyymmdd) {
    // TRANSLATORS: a date; %1$d year, %2$d month, %3$d day
    return wxString::Format(_("%d-%02d-%02d"), yyyymmdd / 10000, (yyyymmdd / 100) % 100,
                            yyyymmdd % 100);
}

wxString MemberMessages::ruleLine(RuleId id, Field field) {
    switch (id) {
    case RuleId::AllowedCharacters:
        switch (field) {
        case Field::UserId:
            return _("Lowercase letters a-z, digits 0-9 and - _ . @ only");
        case Field::Password:
            return _("Letters, digits and the symbols on the keyboard only");
        case Field::Email:
            return _("Letters, digits and symbols of an email address only");
        default:
            return _("Only characters that can be typed on the keyboard");
        }
    case RuleId::Length:
        switch (field) {
        case Field::UserId:
            return _("8 to 13 characters");
        case Field::Password:
            return _("8 to 64 characters");
        case Field::Email:
            return _("At most 254 characters");
        default:
            return _("Not empty");
        }
    case RuleId::EightDigits:
        return _("8 digits: year, month, day (e.g. 19480405)");
    case RuleId::RealDate:
        return _("A date that exists");
    case RuleId::NotInFuture:
        return _("Not after today");
    case RuleId::NotTooEarly:
        return _("Not before 1900");
    case RuleId::NotUserId:
        return _("Does not contain your user ID");
    case RuleId::NotTempPassword:
        return _("Does not contain the temporary password");
    case RuleId::NotBirthDate:
        return _("Does not contain your birth date");
    case RuleId::NotCommon:
        return _("Not a common, easily guessed password");
    case RuleId::ConfirmationMatches:
        return _("Both entries are the same");
    case RuleId::SingleAt:
        return _("Exactly one @");
    case RuleId::LocalPart:
        return _("A name before the @");
    case RuleId::Domain:
        return _("A domain with a dot after the @ (e.g. example.jp)");
    case RuleId::EraDate:
        return _("A date inside the chosen era");
    }
    return {};
}

wxString MemberMessages::refusal(const Refusal& r, Field field) {
    switch (r.reason) {
    case RefusalReason::InvalidUtf8:
        return _("Some characters could not be read. Please type them again.");
    case RefusalReason::Empty:
        return _("Please fill in this field.");
    case RefusalReason::TooShort:
        return wxString::Format(_("Too short: please use at least %d characters."), r.limit);
    case RefusalReason::TooLong:
        return wxString::Format(_("Too long: please use at most %d characters."), r.limit);
    case RefusalReason::CharacterNotAllowed:
        if (field == Field::UserId) {
            return wxString::Format(
                _("%s cannot be used. Use lowercase letters, digits and - _ . @ only."),
                quoted(r.offending));
        }
        return wxString::Format(_("%s cannot be used here."), quoted(r.offending));
    case RefusalReason::SpaceNotAllowed:
        return _("Spaces cannot be used. Please remove the space.");
    case RefusalReason::UppercaseNotAllowed:
        return wxString::Format(_("Capital letters such as %s cannot be used. Use lowercase."),
                                quoted(r.offending));
    case RefusalReason::NotEightDigits:
        return _("Please enter 8 digits: year (4), month (2), day (2). Example: 19480405.");
    case RefusalReason::NotADate:
        return _("This date does not exist. Please check the month and the day.");
    case RefusalReason::DateInFuture:
        return _("This date is in the future. Please check the year.");
    case RefusalReason::DateTooEarly:
        return wxString::Format(_("Please enter a date on or after %s."), dateFromNumber(r.limit));
    case RefusalReason::UnknownEra:
        return _("Please choose an era: Meiji, Taisho, Showa, Heisei or Reiwa.");
    case RefusalReason::MalformedEraDate:
        return _("Please enter the era year, the month and the day.");
    case RefusalReason::BeforeEraStart:
        return wxString::Format(_("This era began on %s. Please check the era and the year."),
                                dateFromNumber(r.limit));
    case RefusalReason::AfterEraEnd:
        return wxString::Format(_("This era ended on %s. Please check the era and the year."),
                                dateFromNumber(r.limit));
    case RefusalReason::BeforeGregorianCalendar:
        return _("Dates before Meiji 6 cannot be entered.");
    case RefusalReason::ContainsUserId:
        return _("The password must not contain your user ID.");
    case RefusalReason::ContainsTempPassword:
        return _("The password must not contain the temporary password from the letter.");
    case RefusalReason::ContainsBirthDate:
        return _("The password must not contain your birth date.");
    case RefusalReason::CommonPassword:
        return _("This password is too easy to guess. Please choose another one.");
    case RefusalReason::ConfirmationMismatch:
        return field == Field::Email ? _("The two email addresses are not the same.")
                                     : _("The two passwords are not the same.");
    case RefusalReason::EmailMissingAt:
        return _("An email address needs an @.");
    case RefusalReason::EmailMultipleAt:
        return _("An email address has only one @.");
    case RefusalReason::EmailLocalPartEmpty:
        return _("Please enter the name before the @.");
    case RefusalReason::EmailLocalPartTooLong:
        return wxString::Format(_("The part before the @ is too long (at most %d)."), r.limit);
    case RefusalReason::EmailDotAtEdge:
        return _("A dot cannot come first or last, or next to the @.");
    case RefusalReason::EmailConsecutiveDots:
        return _("Two dots in a row cannot be used.");
    case RefusalReason::EmailDomainEmpty:
        return _("Please enter the part after the @ (e.g. example.jp).");
    case RefusalReason::EmailDomainMissingDot:
        return _("The part after the @ needs a dot (e.g. example.jp).");
    case RefusalReason::EmailDomainLabelTooLong:
        return _("A part of the domain is too long.");
    case RefusalReason::EmailDomainLabelHyphen:
        return _("A part of the domain cannot begin or end with -.");
    case RefusalReason::EmailTopLevelDomainInvalid:
        return wxString::Format(_("%s is not a valid ending for an email address."),
                                quoted(r.offending));
    }
    return _("Please check what you entered.");
}

wxString MemberMessages::error(ErrorCode code) {
    switch (code) {
    case ErrorCode::TempCredentialsInvalid:
        return _("The temporary ID, temporary password or birth date is not correct. "
                 "Please check the letter and try again.");
    case ErrorCode::TempCredentialsLocked:
        return _("Too many attempts. This temporary ID is locked. Please ask the staff.");
    case ErrorCode::SessionInvalid:
    case ErrorCode::FlowSessionExpired:
        return _("Your session has ended. Please log in again with the temporary ID.");
    case ErrorCode::UserIdTaken:
        return _("This user ID is already in use. Please choose another one.");
    case ErrorCode::NetworkUnavailable:
    case ErrorCode::NetworkTimeout:
        return _("The kiosk cannot reach the society's service right now. "
                 "Please wait a moment and try again, or ask the staff.");
    case ErrorCode::TlsFailure:
    case ErrorCode::ServerError:
    case ErrorCode::ProtocolError:
        return _("The society's service did not answer correctly. Please ask the staff.");
    case ErrorCode::RateLimited:
        return _("The service is busy. Please wait a moment and try again.");
    case ErrorCode::OtpCodeMalformed:
        return _("Please enter the 6 digits shown in the app.");
    case ErrorCode::OtpCodeWrong:
        return _("The code is not correct. Please enter the code now shown in the app.");
    case ErrorCode::OtpCodeReplayed:
        return _("This code was already used. Please wait for the next code in the app.");
    case ErrorCode::OtpTooManyAttempts:
        return _("Too many wrong codes. Please ask the staff to start this step again.");
    case ErrorCode::ResumeCredentialsInvalid:
        return _("The user ID or password is not correct, or there is no registration to "
                 "continue on this kiosk.");
    case ErrorCode::ResumeLocked:
        return _("The password was wrong too many times, so this registration is locked. "
                 "Please ask the staff.");
    case ErrorCode::DeviceNotFound:
        return _("No security key was found. Please insert the key into the USB port.");
    case ErrorCode::DeviceRemoved:
        return _("The security key was removed. Please insert it again.");
    case ErrorCode::DeviceTouchTimeout:
        return _("The key was not touched in time. Please try again and touch the key when "
                 "it blinks.");
    case ErrorCode::DeviceDenied:
        return _("The security key refused the request. Please try again.");
    case ErrorCode::DeviceUnsupported:
        return _("This security key cannot be used here. Please use another key or method.");
    case ErrorCode::DevicePinRequired:
        return _("This key needs its PIN. Please enter the PIN.");
    case ErrorCode::DevicePinInvalid:
        return _("The PIN is not correct.");
    case ErrorCode::DevicePinBlocked:
        return _("This key's PIN is locked after too many wrong PINs, so the key cannot be "
                 "used. Please use another key or ask the staff.");
    case ErrorCode::DevicePinPolicy:
        return _("This PIN is too short or not allowed by the key. Please choose another.");
    case ErrorCode::DeviceReplugRequired:
        return _("Please remove the key, insert it again, and retry.");
    case ErrorCode::DeviceCancelled:
        return _("Cancelled.");
    case ErrorCode::DeviceCredentialExcluded:
        return _("This key is already registered for your account. Please use another key.");
    case ErrorCode::DeviceAaguidDenied:
        return _("This model of security key is not accepted by the society. "
                 "Please ask the staff for a key.");
    case ErrorCode::DeviceAttestationUntrusted:
        return _("This security key could not be confirmed as one from a maker the society "
                 "trusts. Please ask the staff for a key.");
    case ErrorCode::DeviceIo:
    case ErrorCode::DeviceMalformedResponse:
    case ErrorCode::DeviceAttestationInvalid:
        return _("The security key did not answer correctly. Please try again or use "
                 "another key.");
    case ErrorCode::HandoffExpired:
        return _("The code for your phone has expired. Please start again.");
    case ErrorCode::HandoffPending:
        return _("Waiting for your phone.");
    case ErrorCode::StorageIo:
    case ErrorCode::StorageBusy:
    case ErrorCode::StorageCorrupt:
    case ErrorCode::StorageOpenFailed:
        return _("The kiosk could not save your registration. Nothing was lost; please ask "
                 "the staff.");
    case ErrorCode::Unsupported:
        return _("This method is not available on this kiosk. Please choose another one.");
    case ErrorCode::Cancelled:
        return _("Cancelled.");
    default:
        return _("Something went wrong. Please ask the staff.");
    }
}

wxString MemberMessages::deviceName(DeviceName::Problem problem) {
    switch (problem) {
    case DeviceName::Problem::Empty:
        return _("Please enter a name, or keep the suggested one.");
    case DeviceName::Problem::TooLong:
        return wxString::Format(_("The name can have at most %d characters."),
                                static_cast<int>(DeviceName::kMaxLength));
    case DeviceName::Problem::Colon:
        return _("A colon (:) cannot be used in the name.");
    case DeviceName::Problem::NotText:
        return _("This name cannot be used. Please type it again.");
    }
    return _("This name cannot be used. Please type it again.");
}

wxString MemberMessages::staffHint(ErrorCode code) {
    switch (code) {
    case ErrorCode::TempCredentialsLocked:
        return _("Staff: unlock the temporary ID in the staff panel.");
    case ErrorCode::NetworkUnavailable:
    case ErrorCode::NetworkTimeout:
    case ErrorCode::TlsFailure:
        return _("Staff: check the network cable or Wi-Fi. If it does not help, please call IT.");
    case ErrorCode::OtpTooManyAttempts:
        return _("Staff: open the staff panel and restart the one-time password step.");
    case ErrorCode::ResumeLocked:
        return _("Staff: open the staff panel and unlock the registration.");
    default:
        return {};
    }
}

} // namespace madoguchi::gui
