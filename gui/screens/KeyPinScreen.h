// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "core/SecureBuffer.h"
#include "screens/SecurityKeySession.h"

#include <cstddef>
#include <memory>
#include <optional>

namespace madoguchi {
class EnrollmentFlow;
}

namespace madoguchi::gui {

// ⑫ The security key's PIN, without a window: a key without a PIN gets a new one typed twice
// (the same both times, at least the key's minimum length), a key with a PIN gets it typed
// once; the key's answer moves the flow on (KeyTouch) or says how many tries are left. The
// view (KeyPinView) forwards the two fields and runs send() on a worker.
class KeyPinScreen {
public:
    KeyPinScreen(EnrollmentFlow& flow, SecurityKeySession& session);

    // True when the key has no PIN yet (the member chooses one).
    bool newPin() const;
    // The key's minimum PIN length (getInfo minPINLength; 4 when unknown).
    std::size_t minLength() const;

    enum class Problem {
        NoKey,    // no key is open (the flow was sent back to KeyInsert)
        Empty,    // nothing typed
        Mismatch, // the two new PINs differ: both are typed again
        TooShort, // fewer than minLength() digits (or not a PIN the key can take)
    };
    // What goes to the key, on a worker: the PIN moves into the key's enrollment object.
    struct Send {
        std::shared_ptr<SecurityKeySession::Key> key;
        SecureBuffer pin;
        bool newPin = false;
    };
    struct Submitted {
        std::optional<Send> send;
        std::optional<Problem> problem;
    };
    // The member pressed the main button. `confirmation` is read only for a new PIN.
    Submitted submit(const SecureBuffer& pin, const SecureBuffer& confirmation);
    // [worker] chooseNewPin() or enterPin() on the key.
    static Status send(Send& send);
    // The key's answer (UI thread): the flow moves on, or is told the device error. Returns
    // the tries left to show when the PIN was wrong and the screen stays.
    std::optional<int> answered(const Status& status);

private:
    EnrollmentFlow& m_flow;
    SecurityKeySession& m_session;
};

} // namespace madoguchi::gui
