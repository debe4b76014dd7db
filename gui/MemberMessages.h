// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Error.h"
#include "rules/DeviceName.h"
#include "rules/Refusal.h"
#include "rules/RuleId.h"

#include <wx/string.h>

namespace madoguchi::gui {

// The one place where engine codes become sentences for the member, in the current
// language (gettext). Every ErrorCode and RefusalReason a member can cause has a line here;
// tests/gui checks that each has a Japanese translation.
enum class Field { TempId, TempPassword, BirthDate, UserId, Password, Email, DeviceName, Code };

struct MemberMessages {
    // A checklist line, e.g. "8 to 13 characters".
    static wxString ruleLine(RuleId id, Field field);
    // Why the input was refused, naming the character or limit.
    static wxString refusal(const Refusal& refusal, Field field);
    // What went wrong and what to do next.
    static wxString error(ErrorCode code);
    // Why a device name (authenticator app, security key) was not taken.
    static wxString deviceName(DeviceName::Problem problem);
    // For staff: codes that need staff (lockouts, offline) get an extra hint, else empty.
    static wxString staffHint(ErrorCode code);
    // "8 digits like 19480405" style date from YYYYMMDD digits (limit values in refusals).
    static wxString dateFromNumber(int yyyymmdd);
};

} // namespace madoguchi::gui
