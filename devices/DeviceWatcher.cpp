// SPDX-License-Identifier: Apache-2.0
#include "devices/DeviceWatcher.h"

#include "core/Log.h"

#include <algorithm>

namespace madoguchi::devices {

namespace {

std::vector<DeviceEntry> missingFrom(const std::vector<DeviceEntry>& from,
                                     const std::vector<DeviceEntry>& in) {
    std::vector<DeviceEntry> out;
    for (const DeviceEntry& e : from) {
        if (std::none_of(in.begin(), in.end(),
                         [&](const DeviceEntry& other) { return other.path == e.path; })) {
            out.push_back(e);
        }
    }
    return out;
}

} // namespace

DeviceWatcher::DeviceWatcher(IDeviceManager& manager, std::chrono::milliseconds interval,
                             Callback callback)
    : m_manager(manager), m_interval(interval), m_callback(std::move(callback)) {}

DeviceWatcher::~DeviceWatcher() {
    stop();
}

void DeviceWatcher::start() {
    if (m_thread.joinable()) {
        return;
    }
    m_thread = std::jthread([this](const std::stop_token& stop) { run(stop); });
}

void DeviceWatcher::stop() {
    if (m_thread.joinable()) {
        m_thread.request_stop();
        m_wake.notify_all();
        m_thread.join();
    }
}

std::vector<DeviceEntry> DeviceWatcher::attached() const {
    std::lock_guard lock(m_mutex);
    return m_attached;
}

void DeviceWatcher::pollOnce() {
    auto now = m_manager.list();
    if (!now) {
        // A failed enumeration is not a removal: keep the last known set.
        logger()->debug("device enumeration failed: {}", now.error().detail);
        return;
    }
    Change change;
    {
        std::lock_guard lock(m_mutex);
        change.added = missingFrom(*now, m_attached);
        change.removed = missingFrom(m_attached, *now);
        m_attached = *now;
        change.attached = m_attached;
    }
    if ((!change.added.empty() || !change.removed.empty()) && m_callback) {
        m_callback(change);
    }
}

void DeviceWatcher::run(const std::stop_token& stop) {
    while (!stop.stop_requested()) {
        pollOnce();
        std::unique_lock lock(m_mutex);
        m_wake.wait_for(lock, stop, m_interval, [] { return false; });
    }
}

} // namespace madoguchi::devices
