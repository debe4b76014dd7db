// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <wx/app.h>
#include <wx/weakref.h>
#include <wx/window.h>

#include <atomic>
#include <functional>
#include <memory>
#include <thread>
#include <utility>

namespace madoguchi::gui {

// Tripped by the Cancel button and by the inactivity timeout.
class CancellationToken {
public:
    void cancel() { m_cancelled->store(true); }
    bool cancelled() const { return m_cancelled->load(); }
    std::shared_ptr<std::atomic<bool>> flag() const { return m_cancelled; }

private:
    std::shared_ptr<std::atomic<bool>> m_cancelled = std::make_shared<std::atomic<bool>>(false);
};

// Runs `work` on a worker thread (device calls, key derivation, network never run on the UI
// thread) and hands its result to `done` on the UI thread, unless the view is gone or the
// token was cancelled meanwhile.
template <class Work, class Done>
void runAsync(wxWindow* view, CancellationToken token, Work work, Done done) {
    // The weak reference is created, read and destroyed only on the UI thread: the worker
    // just carries the shared_ptr and moves it into the UI-thread callback.
    auto weak = std::make_shared<wxWeakRef<wxWindow>>(view);
    std::thread([weak = std::move(weak), token, work = std::move(work),
                 done = std::move(done)]() mutable {
        auto result = std::make_shared<decltype(work())>(work());
        wxTheApp->CallAfter(
            [weak = std::move(weak), token, result, done = std::move(done)]() mutable {
                if (weak->get() != nullptr && !token.cancelled()) {
                    done(std::move(*result));
                }
            });
    }).detach();
}

} // namespace madoguchi::gui
