// SPDX-License-Identifier: Apache-2.0
#include "kiosk/JobRunner.h"

#include "core/Log.h"

#include <exception>

namespace madoguchi::kiosk {

Result<std::unique_ptr<JobRunner>> JobRunner::create(JobRunnerOptions options) {
    if (options.workers == 0 || !options.openStore || !options.deliver) {
        return Error{ErrorCode::InvalidArgument, "job runner: workers, openStore and deliver"};
    }
    std::unique_ptr<JobRunner> runner(new JobRunner(std::move(options.deliver)));
    for (std::size_t i = 0; i < options.workers; ++i) {
        auto store = options.openStore();
        if (!store) {
            return store.error();
        }
        runner->m_stores.push_back(std::make_unique<store::LocalStore>(std::move(store).value()));
    }
    runner->m_running.resize(options.workers);
    for (std::size_t i = 0; i < options.workers; ++i) {
        runner->m_threads.emplace_back([r = runner.get(), i] { r->workerLoop(i); });
    }
    return runner;
}

JobRunner::~JobRunner() {
    shutdown();
}

bool JobRunner::post(CancellationToken token, std::function<void(JobContext&)> job) {
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping) {
            return false;
        }
        m_queue.push_back(Queued{std::move(token), std::move(job)});
    }
    m_wake.notify_one();
    return true;
}

void JobRunner::shutdown() {
    std::deque<Queued> dropped;
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping && m_threads.empty()) {
            return;
        }
        m_stopping = true;
        for (auto& running : m_running) {
            if (running) {
                running->cancel();
            }
        }
        for (auto& queued : m_queue) {
            queued.token.cancel();
        }
        dropped.swap(m_queue);
    }
    m_wake.notify_all();
    for (auto& thread : m_threads) {
        if (thread.joinable()) {
            thread.join();
        }
    }
    m_threads.clear();
    // Destroyed here, on the caller's thread, after the workers are gone.
    dropped.clear();
    m_stores.clear();
}

void JobRunner::workerLoop(std::size_t index) {
    store::LocalStore& store = *m_stores[index];
    for (;;) {
        Queued next;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_stopping || !m_queue.empty(); });
            if (m_stopping) {
                return;
            }
            next = std::move(m_queue.front());
            m_queue.pop_front();
            m_running[index] = next.token;
        }
        JobContext context(next.token, store);
        try {
            next.job(context);
        } catch (const std::exception& e) {
            // Nothing may unwind out of a worker thread; the job's result is lost.
            logger()->error("a kiosk job failed: {}", e.what());
        } catch (...) {
            logger()->error("a kiosk job failed");
        }
        next.job = nullptr;
        std::lock_guard lock(m_mutex);
        m_running[index].reset();
    }
}

} // namespace madoguchi::kiosk
