// SPDX-License-Identifier: Apache-2.0
// What a member types, on any bytes: user ID, password (with its confirmation and
// context), email, the temporary login fields and 和暦 dates. The input is split at the
// first two NUL bytes into up to three fields.
#include "core/Clock.h"
#include "rules/EmailPolicy.h"
#include "rules/PasswordBlocklist.h"
#include "rules/PasswordPolicy.h"
#include "rules/TempLoginPolicy.h"
#include "rules/TextNormalizer.h"
#include "rules/UserIdPolicy.h"
#include "rules/WarekiConverter.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

using namespace madoguchi;

std::string_view nextField(std::string_view& rest) {
    const auto nul = rest.find('\0');
    const std::string_view field = rest.substr(0, nul);
    rest = nul == std::string_view::npos ? std::string_view{} : rest.substr(nul + 1);
    return field;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const PasswordBlocklist blocklist =
        PasswordBlocklist::fromEntries({"password", "12345678", "qwertyui"});
    static const ManualClock clock(std::chrono::sys_days{std::chrono::year{2026} / 12 / 2});
    static const UserIdPolicy userIds;
    static const EmailPolicy emails;
    static const PasswordPolicy passwords(blocklist);
    static const TempLoginPolicy tempLogin(clock);

    std::string_view rest(reinterpret_cast<const char*>(data), size);
    const std::string_view a = nextField(rest);
    const std::string_view b = nextField(rest);
    const std::string_view c = rest;

    const auto userId = userIds.check(a);
    if (userId.ok() != !userId.refusal.has_value()) {
        __builtin_trap();
    }
    if (userId.ok()) {
        // An accepted ID is already in its normal form.
        if (!userIds.check(userId.normalized).ok()) {
            __builtin_trap();
        }
    }
    (void)emails.check(a, b);
    (void)emails.check(a, a);
    (void)passwords.check(SecureBuffer::fromText(a), SecureBuffer::fromText(b),
                          PasswordContext{c, b, c});
    (void)passwords.check(SecureBuffer::fromText(a), SecureBuffer::fromText(a),
                          PasswordContext{b, c, "19480405"});
    (void)tempLogin.checkTempId(a);
    (void)tempLogin.checkTempPassword(SecureBuffer::fromText(b));
    (void)tempLogin.checkBirthDate(SecureBuffer::fromText(a));

    const auto date = WarekiConverter::parse(a);
    if (date.ok()) {
        // A date read from 和暦 converts back to an era date of the same day.
        const auto wareki = WarekiConverter::toWareki(*date.value);
        if (!wareki.ok()) {
            __builtin_trap();
        }
        const auto again = WarekiConverter::fromEra(wareki.value->era, wareki.value->year,
                                                    wareki.value->month, wareki.value->day);
        if (!again.ok() || *again.value != *date.value) {
            __builtin_trap();
        }
    }
    (void)WarekiConverter::toWareki(a);
    (void)TextNormalizer::normalize(a, NormalizeOptions{true, true, true});
    return 0;
}
