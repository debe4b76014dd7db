// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Cancellation.h"
#include "kiosk/JobRunner.h"

#include <wx/app.h>
#include <wx/event.h>
#include <wx/weakref.h>
#include <wx/window.h>

#include <functional>
#include <memory>
#include <utility>

namespace madoguchi::gui {

// Hands a job's continuation to the UI thread as an event of the application (the runtime
// gives this to its JobRunner). The worker lets go of its copy before the event is queued,
// so what the continuation holds (the view's weak reference) is released on the UI thread.
inline void deliverToUiThread(std::function<void()> continuation) {
    auto* event = new wxAsyncMethodCallEventFunctor<std::function<void()>>(wxTheApp, continuation);
    continuation = nullptr;
    wxTheApp->QueueEvent(event);
}

// Runs `work` on one of the runtime's worker threads (device calls, key derivation, network
// never run on the UI thread) and hands its result to `done` on the UI thread, unless the
// view is gone or the token was cancelled meanwhile. `work` may take a kiosk::JobContext&
// for the job's own store connection.
template <class Work, class Done>
void runAsync(kiosk::JobRunner& jobs, wxWindow* view, CancellationToken token, Work work,
              Done done) {
    // The weak reference is created, read and destroyed only on the UI thread: the worker
    // just carries the shared_ptr and hands it back with the continuation.
    auto weak = std::make_shared<wxWeakRef<wxWindow>>(view);
    jobs.run(std::move(token), std::move(work),
             [weak = std::move(weak), done = std::move(done)](auto result) mutable {
                 if (weak->get() != nullptr) {
                     done(std::move(result));
                 }
             });
}

} // namespace madoguchi::gui
