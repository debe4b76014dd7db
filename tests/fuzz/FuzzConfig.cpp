// SPDX-License-Identifier: Apache-2.0
// The kiosk configuration reader (TOML, its rules and the profile reference) on any bytes.
#include "config/Config.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace {

std::filesystem::path scratchFile() {
    static const std::filesystem::path path =
        std::filesystem::temp_directory_path() /
        ("madoguchi-fuzz-config-" + std::to_string(::getpid()) + ".toml");
    return path;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto path = scratchFile();
    {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    }
    // A config may name a profile file next to it; whatever it names is only read.
    (void)madoguchi::config::Config::loadFile(path);
    (void)madoguchi::config::Config::checkFile(path);
    return 0;
}
