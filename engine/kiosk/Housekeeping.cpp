// SPDX-License-Identifier: Apache-2.0
#include "kiosk/Housekeeping.h"

#include "core/Log.h"

namespace madoguchi::kiosk {

Housekeeping::Housekeeping(JobRunner& jobs, const Clock& clock, std::chrono::minutes interval)
    : m_jobs(jobs), m_clock(clock), m_interval(interval) {}

bool Housekeeping::tick() {
    const auto now = m_clock.now();
    if (m_running || (m_lastStarted && now - *m_lastStarted < m_interval)) {
        return false;
    }
    // The time is read here, on the UI thread, and handed to the job.
    const bool posted = m_jobs.run(
        m_lifetime, [now](JobContext& job) { return run(job.store(), now); },
        [this](Result<std::int64_t> forgotten) {
            m_running = false;
            ++m_runsFinished;
            if (!forgotten) {
                logger()->error("housekeeping: expired resume verifiers not deleted: {} {}",
                                toString(forgotten.code()), forgotten.error().detail);
            }
        });
    if (posted) {
        m_running = true;
        m_lastStarted = now;
    }
    return posted;
}

Result<std::int64_t> Housekeeping::run(store::LocalStore& store, store::TimePoint now) {
    auto forgotten = store.forgetExpiredVerifiers(now);
    if (forgotten && *forgotten > 0) {
        logger()->info("housekeeping: {} expired resume verifier(s) deleted", *forgotten);
    }
    return forgotten;
}

} // namespace madoguchi::kiosk
