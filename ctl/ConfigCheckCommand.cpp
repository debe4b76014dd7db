// SPDX-License-Identifier: Apache-2.0
#include "ConfigCheckCommand.h"

#include "CommandSupport.h"
#include "config/Config.h"

#include <ostream>
#include <system_error>

namespace madoguchi::ctl {

namespace {

int runConfigCheck(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const auto parsed = parseArguments(args, {}, {"--config"}, 0, "config check", err);
    if (!parsed) {
        return 2;
    }
    std::error_code ec;
    std::filesystem::path path = configPath(*parsed);
    if (std::filesystem::path absolute = std::filesystem::absolute(path, ec); !ec) {
        path = absolute;
    }
    const std::vector<config::ConfigIssue> issues = config::Config::checkFile(path);
    if (issues.empty()) {
        // Usable, but with a setting that does not do what it seems to.
        if (auto loaded = config::Config::loadFile(path); loaded) {
            const auto& fido2 = loaded->kiosk;
            if (!fido2.aaguidAllow.empty() && fido2.attestationRoots.empty()) {
                out << "Warning: kiosk.fido2.aaguid_allow is set without "
                       "kiosk.fido2.attestation_roots: a key states its own AAGUID, so without "
                       "roots to verify its attestation any key can claim an allowed model ("
                    << path.string() << ")\n";
            }
        }
        out << "OK: " << path.string() << " is a usable kiosk configuration\n";
        return 0;
    }
    for (const config::ConfigIssue& issue : issues) {
        out << "Problem: " << issue.toString() << "\n";
    }
    out << issues.size() << (issues.size() == 1 ? " problem" : " problems") << " found in "
        << path.string() << "\n";
    return 1;
}

} // namespace

Command configCheckCommand() {
    return Command{"config check", "[--config PATH]",
                   "check the kiosk configuration and list every problem (key, file, line)",
                   &runConfigCheck};
}

} // namespace madoguchi::ctl
