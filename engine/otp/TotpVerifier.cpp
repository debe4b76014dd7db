// SPDX-License-Identifier: Apache-2.0
#include "otp/TotpVerifier.h"

#include <array>
#include <string>

namespace madoguchi {

namespace {

// UTF-8 of U+FF10 FULLWIDTH DIGIT ZERO is EF BC 90; the other digits follow up to EF BC 99.
constexpr unsigned char kFullWidthLead0 = 0xEF;
constexpr unsigned char kFullWidthLead1 = 0xBC;
constexpr unsigned char kFullWidthZero = 0x90;
// UTF-8 of U+3000 IDEOGRAPHIC SPACE, what the space bar types with a Japanese IME on.
constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";

} // namespace

Result<TotpVerifier> TotpVerifier::create(const Clock& clock, TotpVerifierOptions options) {
    auto secret = OtpSecret::generate();
    if (!secret) {
        return secret.error();
    }
    return create(std::move(secret).value(), clock, options);
}

Result<TotpVerifier> TotpVerifier::create(OtpSecret secret, const Clock& clock,
                                          TotpVerifierOptions options) {
    if (auto valid = Totp::validate(options.params); !valid) {
        return valid.error();
    }
    if (options.maxAttempts < 1) {
        return Error{ErrorCode::InvalidArgument,
                     "maxAttempts must be at least 1, not " + std::to_string(options.maxAttempts)};
    }
    return TotpVerifier(std::move(secret), clock, options);
}

Result<SecureBuffer> TotpVerifier::normaliseCode(std::string_view typed, int digits) {
    SecureBuffer code;
    std::size_t i = 0;
    while (i < typed.size()) {
        auto c = static_cast<unsigned char>(typed[i]);
        if (c >= '0' && c <= '9') {
            code.append(typed.substr(i, 1));
            i += 1;
        } else if (c == ' ') {
            i += 1;
        } else if (typed.substr(i, kIdeographicSpace.size()) == kIdeographicSpace) {
            i += kIdeographicSpace.size();
        } else if (c == kFullWidthLead0 && i + 2 < typed.size() &&
                   static_cast<unsigned char>(typed[i + 1]) == kFullWidthLead1 &&
                   static_cast<unsigned char>(typed[i + 2]) >= kFullWidthZero &&
                   static_cast<unsigned char>(typed[i + 2]) <= kFullWidthZero + 9) {
            char digit = static_cast<char>(
                '0' + (static_cast<unsigned char>(typed[i + 2]) - kFullWidthZero));
            code.append(std::string_view(&digit, 1));
            i += 3;
        } else {
            return Error{ErrorCode::OtpCodeMalformed,
                         "unexpected byte at offset " + std::to_string(i)};
        }
    }
    if (code.size() != static_cast<std::size_t>(digits)) {
        return Error{ErrorCode::OtpCodeMalformed,
                     std::to_string(code.size()) + " digits, expected " + std::to_string(digits)};
    }
    return code;
}

Result<TotpMatch> TotpVerifier::verify(std::string_view typedCode) {
    if (lockedOut()) {
        return Error{ErrorCode::OtpTooManyAttempts, "verifier locked; restart required"};
    }
    const TotpParams& params = m_options.params;
    auto code = normaliseCode(typedCode, params.digits);
    if (!code) {
        return code.error();
    }
    auto current = Totp::stepAt(std::chrono::floor<std::chrono::seconds>(m_clock->now()), params);
    if (!current) {
        return current.error();
    }

    // Every candidate is computed and compared, matched or not; the current step is
    // preferred should two steps happen to share a code.
    constexpr std::array<int, 3> kOffsets = {0, -kWindowSteps, kWindowSteps};
    std::optional<int> freshOffset;
    bool replayed = false;
    for (int offset : kOffsets) {
        if (offset < 0 && *current < static_cast<std::uint64_t>(-offset)) {
            continue; // no step before the epoch
        }
        std::uint64_t step = offset < 0 ? *current - static_cast<std::uint64_t>(-offset)
                                        : *current + static_cast<std::uint64_t>(offset);
        auto expected = Totp::generateForStep(m_secret.bytes(), step, params);
        if (!expected) {
            return expected.error(); // a crypto failure is not the member's wrong attempt
        }
        bool matches = expected->equals(code->bytes());
        bool fresh = !m_lastAcceptedStep || step > *m_lastAcceptedStep;
        if (matches && fresh && !freshOffset) {
            freshOffset = offset;
        } else if (matches && !fresh) {
            replayed = true;
        }
    }

    if (freshOffset) {
        TotpMatch match;
        match.stepOffset = *freshOffset;
        match.step = *freshOffset < 0 ? *current - static_cast<std::uint64_t>(-*freshOffset)
                                      : *current + static_cast<std::uint64_t>(*freshOffset);
        match.approximateClockSkew = params.period * *freshOffset;
        m_lastAcceptedStep = match.step;
        return match;
    }
    if (replayed) {
        return Error{ErrorCode::OtpCodeReplayed, "code for an already accepted step"};
    }
    ++m_wrongAttempts;
    if (lockedOut()) {
        return Error{ErrorCode::OtpTooManyAttempts,
                     "wrong code; " + std::to_string(m_options.maxAttempts) + " attempts used"};
    }
    return Error{ErrorCode::OtpCodeWrong,
                 "wrong code; " + std::to_string(attemptsLeft()) + " attempts left"};
}

Status TotpVerifier::restart() {
    auto secret = OtpSecret::generate();
    if (!secret) {
        return secret.error();
    }
    m_secret = std::move(secret).value();
    m_wrongAttempts = 0;
    m_lastAcceptedStep.reset();
    return {};
}

} // namespace madoguchi
