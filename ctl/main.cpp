// SPDX-License-Identifier: Apache-2.0
// madoguchictl: a small subcommand dispatcher. To add a subcommand, write FooCommand.{h,cpp}
// returning a Command and add it to commands() below.

#include "Command.h"
#include "ConfigCheckCommand.h"
#include "ConfigInitCommand.h"
#include "DevicesCommand.h"
#include "QrCommand.h"
#include "SelftestCommand.h"
#include "StatusCommand.h"
#include "SyncCommand.h"

#include <iostream>
#include <string>
#include <vector>

namespace {

using madoguchi::ctl::Command;

std::vector<Command> commands() {
    return {
        madoguchi::ctl::selftestCommand(),    madoguchi::ctl::statusCommand(),
        madoguchi::ctl::syncCommand(),        madoguchi::ctl::devicesCommand(),
        madoguchi::ctl::configCheckCommand(), madoguchi::ctl::configInitCommand(),
        madoguchi::ctl::qrCommand(),
    };
}

void printHelp(std::ostream& out, const std::vector<Command>& table) {
    out << "Usage: madoguchictl <command> [arguments]\n\nCommands:\n";
    for (const Command& c : table) {
        out << "  " << c.name << (c.usage.empty() ? "" : " " + c.usage) << "\n      " << c.summary
            << "\n";
    }
    out << "  --help\n      show this text\n  --version\n      show the version\n";
}

// Longest match first, so "config check" wins over a possible "config".
const Command* find(const std::vector<Command>& table, const std::vector<std::string>& args,
                    std::size_t& consumed) {
    const Command* best = nullptr;
    for (const Command& c : table) {
        std::vector<std::string> words;
        std::size_t start = 0;
        while (start <= c.name.size()) {
            const std::size_t space = c.name.find(' ', start);
            words.push_back(c.name.substr(start, space - start));
            if (space == std::string::npos) {
                break;
            }
            start = space + 1;
        }
        if (words.size() > args.size()) {
            continue;
        }
        bool match = true;
        for (std::size_t i = 0; i < words.size(); ++i) {
            match = match && words[i] == args[i];
        }
        if (match && (best == nullptr || words.size() > consumed)) {
            best = &c;
            consumed = words.size();
        }
    }
    return best;
}

} // namespace

int main(int argc, char** argv) {
    const std::vector<std::string> args(argv + 1, argv + argc);
    const std::vector<Command> table = commands();
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        printHelp(args.empty() ? std::cerr : std::cout, table);
        return args.empty() ? 2 : 0;
    }
    if (args[0] == "--version" || args[0] == "-V") {
        std::cout << "madoguchictl " << MADOGUCHI_VERSION << "\n";
        return 0;
    }
    std::size_t consumed = 0;
    const Command* command = find(table, args, consumed);
    if (command == nullptr) {
        std::cerr << "madoguchictl: unknown command '" << args[0] << "'\n\n";
        printHelp(std::cerr, table);
        return 2;
    }
    const std::vector<std::string> rest(args.begin() + static_cast<std::ptrdiff_t>(consumed),
                                        args.end());
    return command->run(rest, std::cout, std::cerr);
}
