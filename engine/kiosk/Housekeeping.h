// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Cancellation.h"
#include "core/Clock.h"
#include "core/Result.h"
#include "kiosk/JobRunner.h"
#include "store/LocalStore.h"

#include <chrono>
#include <cstdint>
#include <optional>

namespace madoguchi::kiosk {

// The kiosk's periodic upkeep of its store, run as a job of the JobRunner (never on the UI
// thread): resume verifiers whose window has passed are deleted, so that a stolen disk holds
// no password hash that could no longer be used anyway. The GUI calls tick() from a timer;
// the clock decides when a run is due.
class Housekeeping {
public:
    Housekeeping(JobRunner& jobs, const Clock& clock,
                 std::chrono::minutes interval = std::chrono::minutes(10));
    // A result still on its way to the UI thread is dropped, not delivered to a dead object.
    ~Housekeeping() { m_lifetime.cancel(); }
    Housekeeping(const Housekeeping&) = delete;
    Housekeeping& operator=(const Housekeeping&) = delete;

    // UI thread: posts the upkeep job when none has run yet or `interval` has passed since the
    // last one started, and none is running. True when a job was posted.
    bool tick();
    // The job itself [worker]: returns how many verifiers were deleted.
    static Result<std::int64_t> run(store::LocalStore& store, store::TimePoint now);
    // Runs finished so far (their results came back on the UI thread).
    std::int64_t runsFinished() const { return m_runsFinished; }

private:
    JobRunner& m_jobs;
    const Clock& m_clock;
    std::chrono::minutes m_interval;
    std::optional<store::TimePoint> m_lastStarted;
    CancellationToken m_lifetime;
    bool m_running = false;
    std::int64_t m_runsFinished = 0;
};

} // namespace madoguchi::kiosk
