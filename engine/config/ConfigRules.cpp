// SPDX-License-Identifier: Apache-2.0
#include "config/ConfigRules.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>

namespace madoguchi::config {

namespace {

bool isLower(char c) {
    return c >= 'a' && c <= 'z';
}
bool isDigit(char c) {
    return c >= '0' && c <= '9';
}
bool isHex(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Decoded size of strict, padded standard base64; nullopt if it is not that.
std::optional<std::size_t> base64Size(std::string_view text) {
    if (text.empty() || text.size() % 4 != 0) {
        return std::nullopt;
    }
    std::size_t padding = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        bool alphabet = isLower(c) || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '+' || c == '/';
        if (c == '=') {
            if (i < text.size() - 2) {
                return std::nullopt;
            }
            ++padding;
        } else if (!alphabet || padding > 0) {
            return std::nullopt;
        }
    }
    return text.size() / 4 * 3 - padding;
}

} // namespace

std::optional<std::string> ConfigRules::httpsHost(std::string_view url) {
    constexpr std::string_view kScheme = "https://";
    if (!url.starts_with(kScheme)) {
        return std::nullopt;
    }
    if (std::any_of(url.begin(), url.end(), [](char c) {
            return c == ' ' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
        })) {
        return std::nullopt;
    }
    std::string_view rest = url.substr(kScheme.size());
    std::string_view authority = rest.substr(0, rest.find_first_of("/?#"));
    if (authority.find('@') != std::string_view::npos) {
        return std::nullopt; // user info in a URL is a phishing shape, never needed here
    }
    std::string_view host = authority.substr(0, authority.find(':'));
    if (host.size() < authority.size()) {
        std::string_view port = authority.substr(host.size() + 1);
        unsigned value = 0;
        auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value == 0 ||
            value > 65535) {
            return std::nullopt;
        }
    }
    if (!isDomain(host)) {
        return std::nullopt;
    }
    return std::string(host);
}

bool ConfigRules::isDomain(std::string_view name) {
    if (name.empty() || name.size() > 253) {
        return false;
    }
    std::size_t start = 0;
    while (start <= name.size()) {
        std::size_t end = name.find('.', start);
        std::string_view label = name.substr(
            start, end == std::string_view::npos ? std::string_view::npos : end - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-' ||
            !std::all_of(label.begin(), label.end(),
                         [](char c) { return isLower(c) || isDigit(c) || c == '-'; })) {
            return false;
        }
        if (end == std::string_view::npos) {
            return true;
        }
        start = end + 1;
    }
    return false;
}

bool ConfigRules::isEmail(std::string_view address) {
    std::size_t at = address.find('@');
    if (at == std::string_view::npos || at == 0 ||
        address.find('@', at + 1) != std::string_view::npos) {
        return false;
    }
    std::string_view local = address.substr(0, at);
    std::string_view domain = address.substr(at + 1);
    bool localOk = std::all_of(local.begin(), local.end(), [](char c) {
        return c > 0x20 && c < 0x7f && c != '(' && c != ')' && c != ',' && c != ';' && c != ':' &&
               c != '<' && c != '>' && c != '[' && c != ']' && c != '\\' && c != '"';
    });
    return localOk && isDomain(domain) && domain.find('.') != std::string_view::npos;
}

std::optional<std::string> ConfigRules::pbkdf2RecordProblem(std::string_view record) {
    std::array<std::string_view, 4> parts;
    std::size_t count = 0;
    std::size_t start = 0;
    for (;;) {
        std::size_t end = record.find('$', start);
        if (count == parts.size()) {
            return "must have 4 parts separated by '$'";
        }
        parts[count++] = record.substr(start, end == std::string_view::npos ? end : end - start);
        if (end == std::string_view::npos) {
            break;
        }
        start = end + 1;
    }
    if (count != parts.size()) {
        return "must look like pbkdf2-sha256$<iterations>$<base64 salt>$<base64 hash>";
    }
    std::uint32_t floor = 0;
    std::size_t hashSize = 0;
    if (parts[0] == "pbkdf2-sha256") {
        floor = 600'000;
        hashSize = 32;
    } else if (parts[0] == "pbkdf2-sha512") {
        floor = 210'000;
        hashSize = 64;
    } else {
        return "algorithm must be pbkdf2-sha256 or pbkdf2-sha512";
    }
    std::uint32_t iterations = 0;
    auto [end, ec] =
        std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), iterations);
    if (parts[1].empty() || ec != std::errc() || end != parts[1].data() + parts[1].size()) {
        return "iterations must be a number";
    }
    if (iterations < floor) {
        return "iterations must be at least " + std::to_string(floor) + " for " +
               std::string(parts[0]);
    }
    std::optional<std::size_t> saltSize = base64Size(parts[2]);
    if (!saltSize || *saltSize < 16) {
        return "salt must be base64 of at least 16 bytes";
    }
    std::optional<std::size_t> hashBytes = base64Size(parts[3]);
    if (!hashBytes || *hashBytes != hashSize) {
        return "hash must be base64 of " + std::to_string(hashSize) + " bytes";
    }
    return std::nullopt;
}

std::optional<std::string> ConfigRules::canonicalAaguid(std::string_view text) {
    std::string hex;
    if (text.size() == 36) {
        for (std::size_t i = 0; i < text.size(); ++i) {
            bool dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? text[i] != '-' : !isHex(text[i])) {
                return std::nullopt;
            }
        }
        hex = text;
    } else if (text.size() == 32 && std::all_of(text.begin(), text.end(), isHex)) {
        hex = std::string(text.substr(0, 8)) + "-" + std::string(text.substr(8, 4)) + "-" +
              std::string(text.substr(12, 4)) + "-" + std::string(text.substr(16, 4)) + "-" +
              std::string(text.substr(20));
    } else {
        return std::nullopt;
    }
    std::transform(hex.begin(), hex.end(), hex.begin(),
                   [](char c) { return (c >= 'A' && c <= 'F') ? static_cast<char>(c + 32) : c; });
    return hex;
}

std::size_t ConfigRules::codePoints(std::string_view utf8) {
    return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
    }));
}

bool ConfigRules::hasControlCharacter(std::string_view text) {
    return std::any_of(text.begin(), text.end(), [](char c) {
        auto b = static_cast<unsigned char>(c);
        return b < 0x20 || b == 0x7f;
    });
}

} // namespace madoguchi::config
