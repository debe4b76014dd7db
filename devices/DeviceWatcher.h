// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "devices/DeviceTypes.h"
#include "devices/IDeviceManager.h"

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace madoguchi::devices {

// Hot-plug notification by polling IDeviceManager::list() on a worker thread. The callback
// runs on that worker (the GUI forwards it with CallAfter) whenever the set of attached keys
// changes, and once at start when keys are already attached.
class DeviceWatcher {
public:
    struct Change {
        std::vector<DeviceEntry> attached; // everything attached now
        std::vector<DeviceEntry> added;
        std::vector<DeviceEntry> removed;
    };
    using Callback = std::function<void(const Change&)>;

    DeviceWatcher(IDeviceManager& manager, std::chrono::milliseconds interval, Callback callback);
    DeviceWatcher(const DeviceWatcher&) = delete;
    DeviceWatcher& operator=(const DeviceWatcher&) = delete;
    ~DeviceWatcher(); // stops and joins

    void start();
    void stop();
    std::vector<DeviceEntry> attached() const;

private:
    void run(const std::stop_token& stop);
    void pollOnce();

    IDeviceManager& m_manager;
    std::chrono::milliseconds m_interval;
    Callback m_callback;
    mutable std::mutex m_mutex;
    std::condition_variable_any m_wake;
    std::vector<DeviceEntry> m_attached;
    std::jthread m_thread;
};

} // namespace madoguchi::devices
