// SPDX-License-Identifier: Apache-2.0
#include "CommandSupport.h"

#include "config/ConfigPath.h"

#include <cstdlib>
#include <ctime>
#include <ostream>
#include <system_error>

#ifdef _WIN32
#include <windows.h>
#endif

namespace madoguchi::ctl {

namespace fs = std::filesystem;

std::optional<std::string> ParsedArguments::option(const std::string& name) const {
    const auto it = options.find(name);
    if (it == options.end()) {
        return std::nullopt;
    }
    return it->second;
}

std::optional<ParsedArguments> parseArguments(const std::vector<std::string>& args,
                                              const std::set<std::string>& flags,
                                              const std::set<std::string>& valueOptions,
                                              std::size_t maxPositionals, const char* command,
                                              std::ostream& err) {
    ParsedArguments parsed;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg.rfind("--", 0) != 0 || arg == "--") {
            if (parsed.positionals.size() >= maxPositionals) {
                err << command << ": unexpected argument '" << arg << "'\n";
                return std::nullopt;
            }
            parsed.positionals.push_back(arg);
            continue;
        }
        const std::size_t equals = arg.find('=');
        const std::string name = arg.substr(0, equals);
        if (flags.count(name) > 0 && equals == std::string::npos) {
            parsed.flags.insert(name);
        } else if (valueOptions.count(name) > 0) {
            if (equals != std::string::npos) {
                parsed.options[name] = arg.substr(equals + 1);
            } else if (i + 1 < args.size()) {
                parsed.options[name] = args[++i];
            } else {
                err << command << ": " << name << " needs a value\n";
                return std::nullopt;
            }
            if (parsed.options[name].empty()) {
                err << command << ": " << name << " needs a value\n";
                return std::nullopt;
            }
        } else {
            err << command << ": unknown option '" << arg << "'\n";
            return std::nullopt;
        }
    }
    return parsed;
}

fs::path configPath(const ParsedArguments& args) {
    const std::optional<std::string> given = args.option("--config");
    return config::ConfigPath::resolve(given ? std::optional<fs::path>(*given) : std::nullopt);
}

std::optional<config::Config> loadConfig(const fs::path& path, const char* command,
                                         std::ostream& err) {
    Result<config::Config> loaded = config::Config::loadFile(path);
    if (!loaded) {
        err << command << ": the configuration " << path.string()
            << " cannot be used: " << toString(loaded.code()) << "\n"
            << loaded.error().detail << "\n"
            << "Run 'madoguchictl config check' for every problem in it.\n";
        return std::nullopt;
    }
    return std::move(loaded).value();
}

std::string formatUtc(std::chrono::system_clock::time_point at) {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(at);
    std::tm parts{};
#ifdef _WIN32
    if (gmtime_s(&parts, &seconds) != 0) {
        return "(invalid time)";
    }
#else
    if (gmtime_r(&seconds, &parts) == nullptr) {
        return "(invalid time)";
    }
#endif
    char text[32] = {};
    if (std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &parts) == 0) {
        return "(invalid time)";
    }
    return text;
}

namespace {

fs::path executableDirectory() {
#ifdef __linux__
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        return self.parent_path();
    }
#elif defined(_WIN32)
    std::wstring buffer(32768, L'\0');
    const DWORD length =
        GetModuleFileNameW(nullptr, buffer.data(), static_cast<DWORD>(buffer.size()));
    if (length > 0 && length < buffer.size()) {
        buffer.resize(length);
        return fs::path(buffer).parent_path();
    }
#endif
    return {};
}

} // namespace

fs::path assetDirectory() {
    if (const char* env = std::getenv("MADOGUCHI_ASSET_DIR"); env != nullptr && *env != '\0') {
        return env;
    }
    const fs::path exe = executableDirectory();
    if (!exe.empty()) {
        const fs::path installed = exe.parent_path() / "share" / "madoguchi";
        std::error_code ec;
        if (fs::exists(installed / "profiles", ec)) {
            return installed;
        }
    }
    return MADOGUCHI_SOURCE_ASSET_DIR;
}

} // namespace madoguchi::ctl
