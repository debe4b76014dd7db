// SPDX-License-Identifier: Apache-2.0
#include "core/Log.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace {

std::string readAll(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// Issue 12: the configured log file must receive the kiosk's log while it runs, not at exit.
TEST(Log, TheConfiguredFileReceivesEachLineAtOnce) {
    const auto dir =
        std::filesystem::temp_directory_path() / ("madoguchi-log-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    const auto file = dir / "logs" / "kiosk.log";
    madoguchi::initLogging(file, spdlog::level::info, false);
    madoguchi::logger()->info("kiosk ready for the first member");
    madoguchi::logger()->debug("below the configured level");
    const std::string text = readAll(file);
    EXPECT_NE(text.find("kiosk ready for the first member"), std::string::npos) << text;
    EXPECT_EQ(text.find("below the configured level"), std::string::npos) << text;
    madoguchi::initLogging({}, spdlog::level::warn, true);
    std::filesystem::remove_all(dir);
}

} // namespace
