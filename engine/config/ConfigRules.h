// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace madoguchi::config {

// The value checks behind the config's validation; each returns the problem in English for
// IT, or nullopt when the value is fine.
class ConfigRules {
public:
    // The lowercase host of an https:// URL without user info; nullopt if not such a URL.
    static std::optional<std::string> httpsHost(std::string_view url);
    static bool isDomain(std::string_view name); // lowercase LDH labels, dots between
    static bool isEmail(std::string_view address);
    // "pbkdf2-sha256$N$salt$hash" / "pbkdf2-sha512$..." with standard padded base64, salt of
    // at least 16 bytes, hash of the digest's size and N at least the OWASP 2023 floor
    // (600,000 for SHA-256, 210,000 for SHA-512).
    static std::optional<std::string> pbkdf2RecordProblem(std::string_view record);
    // "0123ABCD-..." or 32 hex digits → "0123abcd-...."; nullopt if not an AAGUID.
    static std::optional<std::string> canonicalAaguid(std::string_view text);
    static std::size_t codePoints(std::string_view utf8);
    static bool hasControlCharacter(std::string_view text);
};

} // namespace madoguchi::config
