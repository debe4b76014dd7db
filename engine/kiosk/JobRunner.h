// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Cancellation.h"
#include "core/Result.h"
#include "store/LocalStore.h"

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

namespace madoguchi::kiosk {

// What a job is given: its cancellation token and the worker thread's own connection to the
// local store. The store is never the UI thread's connection, so a write of the UI thread
// cannot land inside a job's transaction (nor one of a job inside another's): SQLite's
// locking serialises the connections' transactions.
class JobContext {
public:
    JobContext(CancellationToken token, store::LocalStore& store)
        : m_token(std::move(token)), m_store(store) {}

    // The visit ended, the member cancelled, or the kiosk is shutting down.
    bool cancelled() const { return m_token.cancelled(); }
    const CancellationToken& token() const { return m_token; }
    store::LocalStore& store() { return m_store; }

private:
    CancellationToken m_token;
    store::LocalStore& m_store;
};

struct JobRunnerOptions {
    // Worker threads: a visit runs one job at a time, but a job of a wiped visit may still be
    // waiting for the network, and the staff panel checks its PIN beside the visit.
    std::size_t workers = 3;
    // Opens one connection to the local store for each worker (on the creating thread).
    std::function<Result<store::LocalStore>()> openStore;
    // Hands a finished job's continuation to the UI thread, which runs it later (the GUI:
    // an event for wxApp). Every job's continuation comes through here, also of a job whose
    // result is dropped, so what its `done` captured is released on the UI thread.
    std::function<void(std::function<void()>)> deliver;
};

// The kiosk's worker threads, owned by the runtime: device calls, key derivation and network
// never run on the UI thread, and no thread outlives the runtime. shutdown() cancels every
// job and joins the workers; a result that arrives after its token was cancelled (the visit
// was wiped, the kiosk is quitting) is dropped.
class JobRunner {
public:
    static Result<std::unique_ptr<JobRunner>> create(JobRunnerOptions options);
    ~JobRunner();
    JobRunner(const JobRunner&) = delete;
    JobRunner& operator=(const JobRunner&) = delete;

    // Runs `work` (callable with a JobContext& or with nothing) on a worker thread and hands
    // its result to `done` on the UI thread, unless `token` was cancelled meanwhile. A job
    // whose token is cancelled before it starts does not run. False after shutdown().
    template <class Work, class Done>
    bool run(CancellationToken token, Work work, Done done);

    // The building block of run(): `job` is called on a worker thread, also when its token
    // was cancelled before it started (it must then skip its work; see run()).
    bool post(CancellationToken token, std::function<void(JobContext&)> job);
    // Hands `continuation` to the UI thread (JobRunnerOptions::deliver).
    void deliver(std::function<void()> continuation) { m_deliver(std::move(continuation)); }

    // Cancels the running and queued jobs, drops the queued ones and joins every worker.
    // Idempotent; call it on the UI thread before what the jobs use is destroyed.
    void shutdown();
    std::size_t workerCount() const { return m_threads.size(); }

private:
    struct Queued {
        CancellationToken token;
        std::function<void(JobContext&)> job;
    };
    explicit JobRunner(std::function<void(std::function<void()>)> deliver)
        : m_deliver(std::move(deliver)) {}
    void workerLoop(std::size_t index);

    std::function<void(std::function<void()>)> m_deliver;
    std::vector<std::unique_ptr<store::LocalStore>> m_stores; // one per worker
    std::vector<std::thread> m_threads;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Queued> m_queue;
    std::vector<std::optional<CancellationToken>> m_running; // per worker, under m_mutex
    bool m_stopping = false;
};

template <class Work, class Done>
bool JobRunner::run(CancellationToken token, Work work, Done done) {
    return post(token, [this, token, work = std::move(work),
                        done = std::move(done)](JobContext& context) mutable {
        if (context.cancelled()) {
            // Not run; `done` is released where it was made.
            deliver([release = std::move(done)] {});
            return;
        }
        using Output = std::conditional_t<std::is_invocable_v<Work&, JobContext&>,
                                          std::invoke_result<Work&, JobContext&>,
                                          std::invoke_result<Work&>>::type;
        std::shared_ptr<Output> result;
        if constexpr (std::is_invocable_v<Work&, JobContext&>) {
            result = std::make_shared<Output>(work(context));
        } else {
            result = std::make_shared<Output>(work());
        }
        deliver([token, result = std::move(result), done = std::move(done)]() mutable {
            if (!token.cancelled()) {
                done(std::move(*result));
            }
        });
    });
}

} // namespace madoguchi::kiosk
