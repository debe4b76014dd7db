// SPDX-License-Identifier: Apache-2.0
#include "config/ConfigPath.h"

#include <gtest/gtest.h>

#include <map>
#include <vector>

using madoguchi::config::ConfigPath;

namespace {

ConfigPath::EnvLookup fakeEnv(std::map<std::string, std::string> vars) {
    return [vars = std::move(vars)](const char* name) -> std::optional<std::string> {
        auto it = vars.find(name);
        if (it == vars.end()) {
            return std::nullopt;
        }
        return it->second;
    };
}

} // namespace

TEST(ConfigPath, CommandLineWinsOverEnvironmentAndDefault) {
    auto env = fakeEnv({{"MADOGUCHI_CONFIG", "/env/kiosk.toml"}});
    EXPECT_EQ(ConfigPath::resolve(std::filesystem::path("/cli/kiosk.toml"), env),
              "/cli/kiosk.toml");
    EXPECT_EQ(ConfigPath::resolve(std::nullopt, env), "/env/kiosk.toml");
}

TEST(ConfigPath, WithoutEitherTheSystemDefaultIsUsed) {
#ifdef _WIN32
    EXPECT_EQ(ConfigPath::resolve(std::nullopt, fakeEnv({{"ProgramData", "D:\\PD"}})),
              std::filesystem::path("D:\\PD\\Madoguchi\\kiosk.toml"));
#else
    EXPECT_EQ(ConfigPath::resolve(std::nullopt, fakeEnv({})), "/etc/madoguchi/kiosk.toml");
    EXPECT_EQ(ConfigPath::resolve(std::filesystem::path(), fakeEnv({})),
              "/etc/madoguchi/kiosk.toml");
#endif
}

TEST(ConfigPath, ConfigOptionIsFoundInBothSpellings) {
    std::vector<const char*> separate{"--demo", "--config", "/a/k.toml"};
    EXPECT_EQ(ConfigPath::fromArguments(separate), std::filesystem::path("/a/k.toml"));
    std::vector<const char*> joined{"--config=/b/k.toml", "--demo"};
    EXPECT_EQ(ConfigPath::fromArguments(joined), std::filesystem::path("/b/k.toml"));
    std::vector<const char*> dangling{"--demo", "--config"};
    EXPECT_FALSE(ConfigPath::fromArguments(dangling));
    std::vector<const char*> other{"--configure", "x"};
    EXPECT_FALSE(ConfigPath::fromArguments(other));
}
