// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Clock.h"
#include "core/Result.h"
#include "core/SecureBuffer.h"
#include "otp/OtpSecret.h"
#include "otp/Totp.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace madoguchi {

struct TotpVerifierOptions {
    TotpParams params;
    // Wrong codes allowed for one secret, counted in total (not consecutively).
    int maxAttempts = 5;
};

// Which step a code matched, so a screen can tell staff the phone's clock is off.
struct TotpMatch {
    int stepOffset = 0;     // -1, 0 or +1 relative to the kiosk's current step
    std::uint64_t step = 0; // the absolute step that matched
    // The phone's clock relative to ours, to the nearest period (e.g. -30 s).
    std::chrono::seconds approximateClockSkew{0};
};

// Checks the six digits a member types after scanning the otpauth:// QR code.
//
// - A code matches the current step or one step either side (about ±30 s); ±2 is refused.
// - A code is accepted once: a code for a step at or before the last accepted step is
//   refused with OtpCodeReplayed (a correct but replayed code is not a wrong attempt).
// - Wrong codes are capped at maxAttempts per secret. The wrong code that reaches the cap
//   returns OtpTooManyAttempts, and every further code is refused with it, even a right
//   one, until restart() (staff start the step again with a new secret).
// - Malformed input (not exactly `digits` ASCII digits once full-width digits are made
//   half-width and spaces removed) is OtpCodeMalformed and does NOT use up an attempt:
//   an IME left in full-width or a stray letter is a typing slip, not a guess.
// - The secret never changes on a wrong code; only restart() makes a new one.
// - Codes are compared in constant time, against all three candidate steps every time.
//
// The clock must outlive the verifier.
class TotpVerifier {
public:
    // A verifier with a fresh secret (OtpSecret::generate()).
    static Result<TotpVerifier> create(const Clock& clock, TotpVerifierOptions options = {});
    // A verifier for an existing secret; InvalidArgument for bad params or maxAttempts < 1.
    static Result<TotpVerifier> create(OtpSecret secret, const Clock& clock,
                                       TotpVerifierOptions options = {});

    Result<TotpMatch> verify(std::string_view typedCode);

    // The member starts the OTP step over: a new secret, attempts and replay state reset.
    // On RandomFailure the verifier keeps its old state.
    Status restart();

    const OtpSecret& secret() const { return m_secret; }
    const TotpParams& params() const { return m_options.params; }
    int attemptsLeft() const { return m_options.maxAttempts - m_wrongAttempts; }
    bool lockedOut() const { return m_wrongAttempts >= m_options.maxAttempts; }
    std::optional<std::uint64_t> lastAcceptedStep() const { return m_lastAcceptedStep; }

    // Full-width digits (U+FF10-U+FF19) become ASCII, ASCII and ideographic (U+3000) spaces
    // are removed; OtpCodeMalformed unless exactly `digits` ASCII digits remain.
    static Result<SecureBuffer> normaliseCode(std::string_view typed, int digits);

private:
    TotpVerifier(OtpSecret secret, const Clock& clock, TotpVerifierOptions options)
        : m_secret(std::move(secret)), m_clock(&clock), m_options(options) {}

    static constexpr int kWindowSteps = 1;

    OtpSecret m_secret;
    const Clock* m_clock;
    TotpVerifierOptions m_options;
    int m_wrongAttempts = 0;
    std::optional<std::uint64_t> m_lastAcceptedStep;
};

} // namespace madoguchi
