// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace madoguchi::ctl {

// One subcommand of madoguchictl. `run` gets the arguments after the subcommand name and
// returns the process exit code (0 ok, 1 failure, 2 usage error).
struct Command {
    std::string name;    // "devices", "config check" (several words allowed)
    std::string usage;   // arguments, e.g. "[--mds-blob FILE --mds-root FILE]"
    std::string summary; // one line for --help
    std::function<int(const std::vector<std::string>& args, std::ostream& out, std::ostream& err)>
        run;
};

} // namespace madoguchi::ctl
