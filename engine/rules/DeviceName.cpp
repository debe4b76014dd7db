// SPDX-License-Identifier: Apache-2.0
#include "rules/DeviceName.h"

#include "rules/Utf8.h"

namespace madoguchi {

namespace {
constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80"; // U+3000

std::string_view trim(std::string_view text) {
    for (bool changed = true; changed;) {
        changed = false;
        for (std::string_view space :
             {std::string_view(" "), std::string_view("\t"), kIdeographicSpace}) {
            if (text.starts_with(space)) {
                text.remove_prefix(space.size());
                changed = true;
            }
            if (text.ends_with(space)) {
                text.remove_suffix(space.size());
                changed = true;
            }
        }
    }
    return text;
}
} // namespace

DeviceName::Checked DeviceName::check(std::string_view typed, Use use) {
    Checked checked;
    const std::string_view name = trim(typed);
    checked.name = std::string(name);
    const auto length = Utf8::length(name);
    if (!length) {
        checked.problem = Problem::NotText;
    } else if (*length == 0) {
        checked.problem = Problem::Empty;
    } else if (*length > kMaxLength) {
        checked.problem = Problem::TooLong;
    } else if (use == Use::OtpApp && name.find(':') != std::string_view::npos) {
        checked.problem = Problem::Colon;
    }
    return checked;
}

} // namespace madoguchi
