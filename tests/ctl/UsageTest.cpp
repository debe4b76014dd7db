// SPDX-License-Identifier: Apache-2.0
// `madoguchictl --help` and `--version` behave like every Unix tool: what was asked for goes to
// standard output, nothing to standard error, exit code 0.
#include "ScratchDir.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>

namespace madoguchi::test {
namespace {

struct Streams {
    int exitCode = -1;
    std::string out;
    std::string err;
};

Streams runCtl(const std::string& arguments) {
    ScratchDir dir;
    const auto errFile = dir.file("stderr.txt");
    const std::string command =
        std::string("'") + MADOGUCHICTL_PATH + "' " + arguments + " 2>'" + errFile.string() + "'";
    Streams result;
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) {
        return result;
    }
    std::array<char, 4096> buffer{};
    std::size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
        result.out.append(buffer.data(), n);
    }
    const int status = pclose(pipe);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::ostringstream err;
    err << std::ifstream(errFile).rdbuf();
    result.err = err.str();
    return result;
}

TEST(Usage, VersionGoesToStandardOutputWithExitCodeZero) {
    const Streams r = runCtl("--version");
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(r.out.rfind("madoguchictl ", 0), 0U) << r.out;
    EXPECT_NE(r.out.find('.'), std::string::npos) << "a version number: " << r.out;
    EXPECT_EQ(r.out.back(), '\n');
    EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST(Usage, HelpGoesToStandardOutputWithExitCodeZero) {
    const Streams r = runCtl("--help");
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_NE(r.out.find("Usage: madoguchictl"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("config check"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("--version"), std::string::npos) << r.out;
    EXPECT_TRUE(r.err.empty()) << r.err;
}

TEST(Usage, NoArgumentsIsAUsageErrorOnStandardError) {
    const Streams r = runCtl("");
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_NE(r.err.find("Usage: madoguchictl"), std::string::npos) << r.err;
}

} // namespace
} // namespace madoguchi::test
