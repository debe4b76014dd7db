// SPDX-License-Identifier: Apache-2.0
#include "devices/FidoLibrary_p.h"

#include "core/Log.h"

#include <fido.h>

#include <mutex>
#include <string_view>

namespace madoguchi::devices {

namespace {

// Called by libfido2 (C): nothing may unwind through it, so a logging failure is dropped.
void logFromFido(const char* message) noexcept {
    try {
        std::string_view text(message != nullptr ? message : "");
        while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) {
            text.remove_suffix(1);
        }
        logger()->debug("libfido2: {}", text);
    } catch (...) {
        // A log line is not worth unwinding through C for.
    }
}

} // namespace

void ensureFidoInitialised() {
    static std::once_flag once;
    std::call_once(once, [] {
        const bool debug = logger()->should_log(spdlog::level::debug);
        fido_init(debug ? FIDO_DEBUG : 0);
        fido_set_log_handler(&logFromFido);
    });
}

} // namespace madoguchi::devices
