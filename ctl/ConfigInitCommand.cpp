// SPDX-License-Identifier: Apache-2.0
#include "ConfigInitCommand.h"

#include "CommandSupport.h"
#include "config/Config.h"
#include "core/SecureBuffer.h"
#include "crypto/PasswordHashRecord.h"
#include "crypto/PasswordHasher.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <ostream>
#include <sstream>
#include <system_error>

#ifdef _WIN32
#include <windows.h>
#else
#include <fcntl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>
#endif

namespace madoguchi::ctl {

namespace {

namespace fs = std::filesystem;

// Where the kiosk keeps its data when IT gives no --store-path / --log-path: the packages
// create these folders (installer/README.md).
fs::path defaultDataDir() {
#ifdef _WIN32
    const char* programData = std::getenv("ProgramData");
    return fs::path(programData != nullptr && *programData != '\0' ? programData
                                                                   : "C:\\ProgramData") /
           "Madoguchi";
#else
    return "/var/lib/madoguchi";
#endif
}

fs::path defaultLogPath() {
#ifdef _WIN32
    return defaultDataDir() / "logs" / "madoguchi.log";
#else
    return "/var/log/madoguchi/madoguchi.log";
#endif
}

// A TOML basic string: quotes, backslashes (Windows paths) and control characters escaped.
std::string tomlString(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
                char escaped[8];
                std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
                out += escaped;
            } else {
                out += c;
            }
        }
    }
    return out + "\"";
}

// Paths on the command line are taken from the current folder, not from the config's folder
// (where kiosk.toml would take a relative path from), so they are written absolute.
std::string absolutePath(const std::string& given) {
    std::error_code ec;
    const fs::path absolute = fs::absolute(given, ec);
    return ec ? given : absolute.lexically_normal().string();
}

// A profile given by name ("itc-kenpo.toml") is looked up among the installed profiles.
std::string profilePath(const std::string& given) {
    std::error_code ec;
    if (fs::is_regular_file(given, ec)) {
        return absolutePath(given);
    }
    const fs::path installed = assetDirectory() / "profiles" / given;
    if (fs::path(given).is_relative() && fs::is_regular_file(installed, ec)) {
        return installed.string();
    }
    return absolutePath(given);
}

// While IT types the staff PIN at a terminal, the terminal does not show it.
class HiddenInput {
public:
    explicit HiddenInput(std::ostream& err) {
#ifdef _WIN32
        m_handle = GetStdHandle(STD_INPUT_HANDLE);
        if (GetConsoleMode(m_handle, &m_mode) != 0) {
            m_active =
                SetConsoleMode(m_handle, m_mode & ~static_cast<DWORD>(ENABLE_ECHO_INPUT)) != 0;
        }
#else
        if (::isatty(STDIN_FILENO) == 1 && ::tcgetattr(STDIN_FILENO, &m_saved) == 0) {
            termios quiet = m_saved;
            quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
            m_active = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
        }
#endif
        if (m_active) {
            err << "Staff PIN (not shown): " << std::flush;
        }
    }
    ~HiddenInput() {
        if (!m_active) {
            return;
        }
#ifdef _WIN32
        SetConsoleMode(m_handle, m_mode);
#else
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &m_saved);
#endif
    }
    HiddenInput(const HiddenInput&) = delete;
    HiddenInput& operator=(const HiddenInput&) = delete;

private:
    bool m_active = false;
#ifdef _WIN32
    HANDLE m_handle = nullptr;
    DWORD m_mode = 0;
#else
    termios m_saved{};
#endif
};

// The staff PIN from standard input (one line), hashed with the kiosk's PBKDF2 floor; the
// PIN itself lives only in a SecureBuffer.
std::optional<std::string> staffPinHashFromStdin(std::ostream& err) {
    SecureBuffer pin;
    const HiddenInput hidden(err);
    for (int c = std::getchar(); c != EOF && c != '\n'; c = std::getchar()) {
        if (c != '\r') {
            const auto byte = static_cast<std::uint8_t>(c);
            pin.append(std::span<const std::uint8_t>(&byte, 1));
        }
    }
    if (pin.size() < 4) {
        err << "config init: --staff-pin-stdin: the staff PIN on standard input must have at "
               "least 4 characters\n";
        return std::nullopt;
    }
    auto hasher = crypto::PasswordHasher::create({});
    if (!hasher) {
        err << "config init: " << toString(hasher.code()) << "\n";
        return std::nullopt;
    }
    Result<std::string> hash = hasher->hash(pin);
    if (!hash) {
        err << "config init: cannot hash the staff PIN: " << toString(hash.code()) << "\n";
        return std::nullopt;
    }
    return std::move(hash).value();
}

struct InitValues {
    std::optional<std::string> profile, kioskId, language, centralUrl, caBundle, clientCert,
        clientKey, sealingKey;
    std::string storePath, logPath, logLevel, staffPinHash;
};

void line(std::ostringstream& text, const char* key, const std::optional<std::string>& value) {
    if (value) {
        text << key << " = " << tomlString(*value) << "\n";
    }
}

std::string render(const InitValues& v) {
    std::ostringstream text;
    const auto now = std::chrono::system_clock::now();
    text << "# Madoguchi kiosk configuration, written by `madoguchictl config init` on "
         << formatUtc(now) << ".\n"
         << "# Check it with `madoguchictl config check`; every key is described in\n"
         << "# share/madoguchi/profiles/demo-kiosk.toml. Unknown keys are refused.\n";
    line(text, "profile", v.profile);
    text << "\n[kiosk]\n";
    line(text, "id", v.kioskId);
    line(text, "language", v.language);
    text << "store_path = " << tomlString(v.storePath) << "\n"
         << "log_path = " << tomlString(v.logPath) << "\n"
         << "log_level = " << tomlString(v.logLevel) << "\n"
         << "staff_pin_hash = " << tomlString(v.staffPinHash) << "\n";
    if (v.centralUrl || v.caBundle || v.clientCert || v.clientKey || v.sealingKey) {
        text << "\n[kiosk.central]\n";
        line(text, "url", v.centralUrl);
        line(text, "ca_bundle", v.caBundle);
        line(text, "client_cert", v.clientCert);
        line(text, "client_key", v.clientKey);
        line(text, "sealing_public_key", v.sealingKey);
    }
    return text.str();
}

// Writes `text` to a new file beside `target` with mode 0640 (owner writes, the kiosk's group
// reads, others nothing); gives its path, or an empty path after a line on `err`.
fs::path writeTemporary(const fs::path& target, const std::string& text, std::ostream& err) {
    const fs::path temporary = target.string() + ".init-tmp";
#ifdef _WIN32
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
        err << "config init: cannot write " << temporary.string() << "\n";
        return {};
    }
#else
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
    if (fd < 0) {
        err << "config init: cannot create " << temporary.string() << ": "
            << std::error_code(errno, std::generic_category()).message() << "\n";
        return {};
    }
    // The umask may have narrowed the mode; 0640 is what the kiosk's group needs.
    bool ok = ::fchmod(fd, 0640) == 0;
    std::size_t written = 0;
    while (ok && written < text.size()) {
        const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
        ok = n > 0;
        written += ok ? static_cast<std::size_t>(n) : 0;
    }
    ok = ::fsync(fd) == 0 && ok;
    ok = ::close(fd) == 0 && ok;
    if (!ok) {
        err << "config init: cannot write " << temporary.string() << "\n";
        std::error_code ignored;
        fs::remove(temporary, ignored);
        return {};
    }
#endif
    return temporary;
}

// A private key that anyone on the machine can read is a stolen kiosk identity waiting.
void warnAboutKeyMode(const std::optional<std::string>& key, std::ostream& out) {
#ifndef _WIN32
    struct stat info {};
    if (key && ::stat(key->c_str(), &info) == 0 && (info.st_mode & S_IROTH) != 0) {
        out << "Warning: " << *key
            << " can be read by every user; make it 0600 or 0640 (chmod 0640, group of the "
               "kiosk's account)\n";
    }
#else
    (void)key;
    (void)out;
#endif
}

int runConfigInit(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const auto parsed =
        parseArguments(args, {"--force", "--staff-pin-stdin"},
                       {"--config", "--profile", "--kiosk-id", "--language", "--central-url",
                        "--ca-bundle", "--client-cert", "--client-key", "--sealing-key",
                        "--store-path", "--log-path", "--log-level", "--staff-pin-hash"},
                       0, "config init", err);
    if (!parsed) {
        return 2;
    }
    const bool pinFromStdin = parsed->has("--staff-pin-stdin");
    const std::optional<std::string> pinHash = parsed->option("--staff-pin-hash");
    if (pinFromStdin == pinHash.has_value()) {
        err << "config init: give the staff PIN as --staff-pin-stdin (the PIN on standard "
               "input) or --staff-pin-hash HASH, one of them\n";
        return 2;
    }

    std::error_code ec;
    fs::path target = configPath(*parsed);
    if (fs::path absolute = fs::absolute(target, ec); !ec) {
        target = absolute.lexically_normal();
    }
    const bool force = parsed->has("--force");
    if (fs::exists(target, ec) && !force) {
        out << "Refused: " << target.string()
            << " exists; nothing was changed (give --force to replace it)\n";
        return 1;
    }
    // On Windows the MSI does not own %ProgramData%\Madoguchi: the first writer makes it.
    if (fs::create_directories(target.parent_path(), ec); ec) {
        out << "Refused: cannot create the folder " << target.parent_path().string() << " ("
            << ec.message() << ")\n";
        return 1;
    }

    InitValues values;
    const auto pathOption = [&](const char* name) -> std::optional<std::string> {
        auto given = parsed->option(name);
        return given ? std::optional<std::string>(absolutePath(*given)) : std::nullopt;
    };
    if (auto profile = parsed->option("--profile")) {
        values.profile = profilePath(*profile);
    }
    values.kioskId = parsed->option("--kiosk-id");
    values.language = parsed->option("--language");
    values.centralUrl = parsed->option("--central-url");
    values.caBundle = pathOption("--ca-bundle");
    values.clientCert = pathOption("--client-cert");
    values.clientKey = pathOption("--client-key");
    values.sealingKey = pathOption("--sealing-key");
    values.storePath =
        pathOption("--store-path").value_or((defaultDataDir() / "kiosk.db").string());
    values.logPath = pathOption("--log-path").value_or(defaultLogPath().string());
    values.logLevel = parsed->option("--log-level").value_or("info");
    if (pinHash) {
        values.staffPinHash = *pinHash;
    } else if (auto hashed = staffPinHashFromStdin(err)) {
        values.staffPinHash = std::move(*hashed);
    } else {
        return 1;
    }

    const fs::path temporary = writeTemporary(target, render(values), err);
    if (temporary.empty()) {
        return 1;
    }
    // The same checks as `config check`, on the file as written (and the settings layers).
    const std::vector<config::ConfigIssue> issues = config::Config::checkFile(temporary);
    if (!issues.empty()) {
        fs::remove(temporary, ec);
        for (config::ConfigIssue issue : issues) {
            if (issue.file == temporary) {
                issue.file = target; // name the file IT asked for, not the temporary one
            }
            out << "Problem: " << issue.toString() << "\n";
        }
        out << "Not written: " << issues.size() << (issues.size() == 1 ? " problem" : " problems")
            << " in the configuration for " << target.string() << "\n";
        return 1;
    }
    if (force) {
        fs::rename(temporary, target, ec);
    } else {
        // A hard link fails if the target appeared meanwhile: never replace without --force.
        fs::create_hard_link(temporary, target, ec);
        std::error_code ignored;
        fs::remove(temporary, ignored);
    }
    if (ec) {
        fs::remove(temporary, ec);
        out << "Refused: cannot put the configuration at " << target.string() << " ("
            << ec.message() << ")\n";
        return 1;
    }
    warnAboutKeyMode(values.clientKey, out);
    out << "Written: " << target.string()
        << " (checked: a usable kiosk configuration). Next: madoguchictl selftest\n";
    return 0;
}

} // namespace

Command configInitCommand() {
    return Command{
        "config init",
        "--kiosk-id ID --central-url URL --ca-bundle FILE --client-cert FILE --client-key FILE "
        "--sealing-key FILE --profile FILE|NAME (--staff-pin-stdin | --staff-pin-hash HASH) "
        "[--language ja|en] [--store-path FILE] [--log-path FILE] [--log-level LEVEL] "
        "[--config PATH] [--force]",
        "write the kiosk configuration from arguments, mode 0640, checked like 'config check'",
        &runConfigInit};
}

} // namespace madoguchi::ctl
