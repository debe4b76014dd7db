// SPDX-License-Identifier: Apache-2.0
#include "otp/OtpauthUri.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <optional>

namespace madoguchi {

namespace {

constexpr std::string_view kScheme = "otpauth://";
constexpr std::string_view kTotpType = "totp";
constexpr char kHexDigits[] = "0123456789ABCDEF";

bool isUnreserved(unsigned char c) {
    return std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_' || c == '~';
}

// Well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF).
bool isValidUtf8(std::string_view text) {
    std::size_t i = 0;
    while (i < text.size()) {
        auto c = static_cast<unsigned char>(text[i]);
        std::size_t length = 0;
        std::uint32_t cp = 0;
        if (c < 0x80U) {
            ++i;
            continue;
        }
        if ((c & 0xE0U) == 0xC0U) {
            length = 2;
            cp = c & 0x1FU;
        } else if ((c & 0xF0U) == 0xE0U) {
            length = 3;
            cp = c & 0x0FU;
        } else if ((c & 0xF8U) == 0xF0U) {
            length = 4;
            cp = c & 0x07U;
        } else {
            return false;
        }
        if (i + length > text.size()) {
            return false;
        }
        for (std::size_t k = 1; k < length; ++k) {
            auto cc = static_cast<unsigned char>(text[i + k]);
            if ((cc & 0xC0U) != 0x80U) {
                return false;
            }
            cp = (cp << 6U) | (cc & 0x3FU);
        }
        constexpr std::uint32_t kMinForLength[] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < kMinForLength[length] || cp > 0x10FFFFU || (cp >= 0xD800U && cp <= 0xDFFFU)) {
            return false;
        }
        i += length;
    }
    return true;
}

Status checkLabelPart(std::string_view value, std::string_view what) {
    if (value.empty()) {
        return Error{ErrorCode::InvalidArgument, std::string(what) + " is empty"};
    }
    if (value.find(':') != std::string_view::npos) {
        return Error{ErrorCode::InvalidArgument, std::string(what) + " contains a colon"};
    }
    if (!isValidUtf8(value)) {
        return Error{ErrorCode::InvalidArgument, std::string(what) + " is not valid UTF-8"};
    }
    return {};
}

int hexValue(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    return -1;
}

// Percent-decoding into a SecureBuffer, since the query's values include the secret.
Result<SecureBuffer> percentDecode(std::string_view text) {
    SecureBuffer out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out.append(text.substr(i, 1));
            continue;
        }
        if (i + 2 >= text.size()) {
            return Error{ErrorCode::InvalidArgument, "truncated percent-escape"};
        }
        int high = hexValue(text[i + 1]);
        int low = hexValue(text[i + 2]);
        if (high < 0 || low < 0) {
            return Error{ErrorCode::InvalidArgument, "invalid percent-escape"};
        }
        auto byte = static_cast<std::uint8_t>(high * 16 + low);
        out.append(std::span<const std::uint8_t>(&byte, 1));
        i += 2;
    }
    return out;
}

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

std::optional<long long> parseInteger(std::string_view text) {
    long long value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size()) {
        return std::nullopt;
    }
    return value;
}

} // namespace

std::string OtpauthUri::percentEncode(std::string_view text) {
    std::string out;
    out.reserve(text.size() * 3);
    for (char ch : text) {
        auto c = static_cast<unsigned char>(ch);
        if (isUnreserved(c)) {
            out.push_back(ch);
        } else {
            out.push_back('%');
            out.push_back(kHexDigits[c >> 4U]);
            out.push_back(kHexDigits[c & 0x0FU]);
        }
    }
    return out;
}

Result<SecureBuffer> OtpauthUri::build(const OtpSecret& secret, std::string_view issuer,
                                       std::string_view account, const TotpParams& params) {
    if (auto ok = checkLabelPart(issuer, "issuer"); !ok) {
        return ok.error();
    }
    if (auto ok = checkLabelPart(account, "account"); !ok) {
        return ok.error();
    }
    if (auto ok = Totp::validate(params); !ok) {
        return ok.error();
    }
    std::string encodedIssuer = percentEncode(issuer);
    SecureBuffer uri;
    uri.append(kScheme);
    uri.append(kTotpType);
    uri.append("/");
    uri.append(encodedIssuer);
    uri.append(":");
    uri.append(percentEncode(account));
    uri.append("?secret=");
    uri.append(secret.toBase32().view());
    uri.append("&issuer=");
    uri.append(encodedIssuer);
    uri.append("&algorithm=");
    uri.append(otpAlgorithmName(params.algorithm));
    uri.append("&digits=");
    uri.append(std::to_string(params.digits));
    uri.append("&period=");
    uri.append(std::to_string(params.period.count()));
    return uri;
}

Result<OtpauthUri::Parsed> OtpauthUri::parse(std::string_view uri) {
    if (uri.size() < kScheme.size() ||
        !equalsIgnoringCase(uri.substr(0, kScheme.size()), kScheme)) {
        return Error{ErrorCode::InvalidArgument, "not an otpauth:// URI"};
    }
    std::string_view rest = uri.substr(kScheme.size());
    std::size_t slash = rest.find('/');
    if (slash == std::string_view::npos) {
        return Error{ErrorCode::InvalidArgument, "otpauth URI without a label"};
    }
    std::string_view type = rest.substr(0, slash);
    if (equalsIgnoringCase(type, "hotp")) {
        return Error{ErrorCode::Unsupported, "hotp URIs are not supported"};
    }
    if (!equalsIgnoringCase(type, kTotpType)) {
        return Error{ErrorCode::InvalidArgument, "unknown otpauth type"};
    }
    rest = rest.substr(slash + 1);
    std::size_t question = rest.find('?');
    std::string_view rawLabel = rest.substr(0, question);
    std::string_view query =
        question == std::string_view::npos ? std::string_view{} : rest.substr(question + 1);

    auto label = percentDecode(rawLabel);
    if (!label) {
        return label.error();
    }
    std::string_view labelText = label->view();
    std::string issuer;
    std::string account;
    if (std::size_t colon = labelText.find(':'); colon != std::string_view::npos) {
        issuer = std::string(labelText.substr(0, colon));
        account = std::string(labelText.substr(colon + 1));
        // Apps tolerate spaces after the separator ("Issuer: account").
        account.erase(0, account.find_first_not_of(' '));
    } else {
        account = std::string(labelText);
    }
    if (account.empty() || account.find(':') != std::string::npos || !isValidUtf8(account) ||
        !isValidUtf8(issuer)) {
        return Error{ErrorCode::InvalidArgument, "malformed otpauth label"};
    }

    std::optional<SecureBuffer> secretText;
    std::optional<std::string> issuerParam;
    TotpParams params;
    while (!query.empty()) {
        std::size_t amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        std::size_t eq = pair.find('=');
        if (eq == std::string_view::npos) {
            continue;
        }
        std::string_view key = pair.substr(0, eq);
        auto value = percentDecode(pair.substr(eq + 1));
        if (!value) {
            return value.error();
        }
        if (key == "secret") {
            secretText = std::move(value).value();
        } else if (key == "issuer") {
            issuerParam = std::string(value->view());
        } else if (key == "algorithm") {
            auto algorithm = otpAlgorithmFromName(value->view());
            if (!algorithm) {
                return Error{ErrorCode::InvalidArgument, "unknown algorithm"};
            }
            params.algorithm = *algorithm;
        } else if (key == "digits") {
            auto digits = parseInteger(value->view());
            if (!digits || *digits < 0 || *digits > 100) {
                return Error{ErrorCode::InvalidArgument, "malformed digits"};
            }
            params.digits = static_cast<int>(*digits);
        } else if (key == "period") {
            auto period = parseInteger(value->view());
            if (!period) {
                return Error{ErrorCode::InvalidArgument, "malformed period"};
            }
            params.period = std::chrono::seconds(*period);
        }
        // Other parameters (image, counter, ...) are ignored, as apps do.
    }
    if (auto ok = Totp::validate(params); !ok) {
        return ok.error();
    }
    if (issuerParam) {
        if (!issuer.empty() && issuer != *issuerParam) {
            return Error{ErrorCode::InvalidArgument, "issuer parameter disagrees with the label"};
        }
        issuer = *issuerParam;
    }
    if (!isValidUtf8(issuer) || issuer.find(':') != std::string::npos) {
        return Error{ErrorCode::InvalidArgument, "malformed issuer"};
    }
    if (!secretText) {
        return Error{ErrorCode::InvalidArgument, "otpauth URI without a secret"};
    }
    auto secret = OtpSecret::fromBase32(secretText->view());
    if (!secret) {
        return secret.error();
    }
    return Parsed{std::move(issuer), std::move(account), std::move(secret).value(), params};
}

} // namespace madoguchi
