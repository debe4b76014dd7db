// SPDX-License-Identifier: Apache-2.0
// madoguchi-central: the central service (serve) and its operator commands.

#include "central/CentralConfig.h"
#include "central/CentralServer.h"
#include "central/CentralService.h"
#include "central/KeycloakPusher.h"
#include "core/Log.h"
#include "crypto/SealingKeyPair.h"
#include "protocol/JsonReader.h"

#include <openssl/crypto.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <sys/stat.h>
#include <vector>

using namespace madoguchi;
using namespace madoguchi::central;

namespace {

constexpr const char* kUsage = "usage: madoguchi-central <command> [options]\n"
                               "  serve --config central.toml   (SIGHUP: read the CRL again)\n"
                               "  migrate --config central.toml (bring the schema up to date)\n"
                               "  import-roster FILE.csv --config central.toml\n"
                               "  export --format keycloak --config central.toml [--out FILE]\n"
                               "  unlock TEMP_ID --config central.toml\n"
                               "  staff-items --config central.toml [--all] [--json]\n"
                               "  keygen --private FILE --public FILE\n"
                               "  --help\n";

struct Args {
    std::string command;
    std::vector<std::string> positional;
    std::map<std::string, std::string> options; // --name value; flags map to "1"
};

std::optional<Args> parseArgs(int argc, char** argv) {
    if (argc < 2) {
        return std::nullopt;
    }
    Args args;
    args.command = argv[1];
    for (int i = 2; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--all" || a == "--json") {
            args.options[a.substr(2)] = "1";
        } else if (a.rfind("--", 0) == 0) {
            if (i + 1 >= argc) {
                return std::nullopt;
            }
            args.options[a.substr(2)] = argv[++i];
        } else {
            args.positional.push_back(a);
        }
    }
    return args;
}

int fail(const Error& error) {
    std::cerr << "madoguchi-central: " << toString(error.code) << ": " << error.detail << "\n";
    return 1;
}

Result<SecureBuffer> readSecretFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return Error{ErrorCode::ConfigFileNotFound, path.string()};
    }
    SecureBuffer out;
    char chunk[4096];
    while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
        out.append(std::string_view(chunk, static_cast<std::size_t>(in.gcount())));
    }
    OPENSSL_cleanse(chunk, sizeof chunk);
    return out;
}

// Writes a file readable by its owner only; refuses to replace an existing one.
Status writePrivateFile(const std::filesystem::path& path, std::string_view content) {
    if (std::filesystem::exists(path)) {
        return Error{ErrorCode::InvalidArgument, path.string() + " exists; not replaced"};
    }
    const mode_t old = ::umask(077);
    std::ofstream out(path, std::ios::binary);
    ::umask(old);
    if (!out) {
        return Error{ErrorCode::StorageIo, "cannot write " + path.string()};
    }
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) {
        return Error{ErrorCode::StorageIo, "cannot write " + path.string()};
    }
    return {};
}

Result<std::unique_ptr<CentralService>> openService(const Args& args, bool needKey,
                                                    CentralConfig* configOut = nullptr) {
    const auto it = args.options.find("config");
    if (it == args.options.end()) {
        return Error{ErrorCode::InvalidArgument, "--config is required"};
    }
    auto config = CentralConfig::load(it->second);
    if (!config) {
        return config.error();
    }
    if (needKey && !config->sealingPrivateKeyFile.empty()) {
        auto key = readSecretFile(config->sealingPrivateKeyFile);
        if (!key) {
            return key.error();
        }
        config->options.openingKeyPem = std::move(*key);
    }
    auto store = openStore(config->storage);
    if (!store) {
        return store.error();
    }
    auto service = CentralService::create(std::move(*store), std::move(config->options));
    if (service && configOut != nullptr) {
        configOut->server = config->server;
        configOut->storage = config->storage;
        configOut->logLevel = config->logLevel;
        configOut->logFile = config->logFile;
        configOut->keycloakPush = config->keycloakPush;
    }
    return service;
}

Result<std::unique_ptr<KeycloakPusher>> startKeycloakPush(const CentralConfig& config,
                                                          const CentralService& service) {
    // The client secret lives in its own owner-only file, never in central.toml.
    struct stat st {};
    if (::stat(config.keycloakPush.clientSecretFile.c_str(), &st) != 0) {
        return Error{ErrorCode::ConfigFileNotFound, config.keycloakPush.clientSecretFile.string()};
    }
    if ((st.st_mode & 077) != 0) {
        return Error{ErrorCode::ConfigInvalid, "keycloak_push.client_secret_file " +
                                                   config.keycloakPush.clientSecretFile.string() +
                                                   " is readable by others: chmod 600 it"};
    }
    if (service.options().openingKeyPem.empty()) {
        return Error{ErrorCode::ConfigInvalid,
                     "keycloak_push needs [sealing] private_key (it opens the results it pushes)"};
    }
    auto store = openStore(config.storage); // its own connection (SQLite) or pool (PostgreSQL)
    if (!store) {
        return store.error();
    }
    auto pusher = std::make_unique<KeycloakPusher>(config.keycloakPush, std::move(*store), service);
    pusher->start();
    return pusher;
}

CentralServer* g_server = nullptr;

extern "C" void onSignal(int) {
    if (g_server != nullptr) {
        g_server->stop();
    }
}

extern "C" void onHangup(int) {
    if (g_server != nullptr) {
        g_server->requestRevocationReload();
    }
}

int serve(const Args& args) {
    CentralConfig config;
    auto service = openService(args, true, &config);
    if (!service) {
        return fail(service.error());
    }
    // The audit trail: logins refused, lockouts, enrollments, one access line per request.
    initLogging(config.logFile, spdlog::level::from_str(config.logLevel), config.logFile.empty());
    logger()->flush_on(spdlog::level::info);
    if ((*service)->options().openingKeyPem.empty()) {
        logger()->warn("no [sealing] private_key: deliveries are refused until it is set");
    }
    // The Keycloak push: its own thread and store connection, stopped and joined before the
    // service goes (declared after it).
    std::unique_ptr<KeycloakPusher> pusher;
    if (config.keycloakPush.enabled) {
        auto started = startKeycloakPush(config, **service);
        if (!started) {
            return fail(started.error());
        }
        pusher = std::move(*started);
    } else {
        logger()->info("keycloak push off: users reach Keycloak through the export");
    }
    auto server = CentralServer::create(**service, config.server);
    if (!server) {
        return fail(server.error());
    }
    if (auto port = (*server)->bind(); !port) {
        return fail(port.error());
    }
    g_server = server->get();
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
    std::signal(SIGHUP, onHangup);
    auto ran = (*server)->run();
    g_server = nullptr;
    return ran ? 0 : fail(ran.error());
}

int importRoster(const Args& args) {
    if (args.positional.size() != 1) {
        std::cerr << kUsage;
        return 2;
    }
    auto service = openService(args, false);
    if (!service) {
        return fail(service.error());
    }
    auto report = (*service)->importRosterCsvFile(args.positional[0]);
    if (!report) {
        return fail(report.error());
    }
    for (const auto& e : report->errors) {
        std::cout << "line " << e.line << ": " << toString(e.problem)
                  << (e.tempId.empty() ? "" : " (" + e.tempId + ")") << "\n";
    }
    std::cout << report->imported << " imported, " << report->errors.size() << " refused\n";
    return report->errors.empty() ? 0 : 3;
}

int exportUsers(const Args& args) {
    const auto format = args.options.find("format");
    if (format == args.options.end() || format->second != "keycloak") {
        std::cerr << "only --format keycloak is supported\n";
        return 2;
    }
    // The store keeps sealed results only: the export opens them with the private key.
    auto service = openService(args, true);
    if (!service) {
        return fail(service.error());
    }
    auto doc = (*service)->exportKeycloak();
    if (!doc) {
        return fail(doc.error());
    }
    std::string text = doc->dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    text.push_back('\n');
    // The export holds TOTP secrets: a file is made owner-only.
    if (const auto out = args.options.find("out"); out != args.options.end()) {
        auto written = writePrivateFile(out->second, text);
        OPENSSL_cleanse(text.data(), text.size());
        return written ? 0 : fail(written.error());
    }
    std::cout << text;
    OPENSSL_cleanse(text.data(), text.size());
    return 0;
}

// Opening the store applies pending migrations (in one transaction): this command only opens
// it, so an operator can migrate before starting the service (or a second process).
int migrate(const Args& args) {
    const auto it = args.options.find("config");
    if (it == args.options.end() || !args.positional.empty()) {
        std::cerr << kUsage;
        return 2;
    }
    auto config = CentralConfig::load(it->second);
    if (!config) {
        return fail(config.error());
    }
    auto store = openStore(config->storage);
    if (!store) {
        return fail(store.error());
    }
    std::cout << (config->storage.kind == StoreSettings::Kind::Postgresql ? "postgresql" : "sqlite")
              << ": schema up to date\n";
    return 0;
}

int unlock(const Args& args) {
    if (args.positional.size() != 1) {
        std::cerr << kUsage;
        return 2;
    }
    auto service = openService(args, false);
    if (!service) {
        return fail(service.error());
    }
    auto cleared = (*service)->unlockTempId(args.positional[0]);
    if (!cleared) {
        return fail(cleared.error());
    }
    std::cout << args.positional[0] << (*cleared ? ": unlocked\n" : ": had no failures\n");
    return 0;
}

// Kiosk-supplied text for a terminal: control characters (and the backslash) escaped, so
// a detail cannot move the cursor, clear the screen or forge a line or a column.
std::string forTerminal(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto u = static_cast<unsigned char>(text[i]);
        const auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
        char escaped[8];
        if (text[i] == '\\') {
            out += "\\\\";
        } else if (text[i] == '\t') {
            out += "\\t";
        } else if (text[i] == '\n') {
            out += "\\n";
        } else if (text[i] == '\r') {
            out += "\\r";
        } else if (u < 0x20 || u == 0x7f) {
            std::snprintf(escaped, sizeof escaped, "\\x%02x", u);
            out += escaped;
        } else if (u == 0xc2 && next >= 0x80 && next <= 0x9f) {
            // C1 controls (U+0080..U+009F; CSI is U+009B) act as escapes on some terminals.
            std::snprintf(escaped, sizeof escaped, "\\u%04x", next);
            out += escaped;
            ++i;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

int staffItems(const Args& args) {
    auto service = openService(args, false);
    if (!service) {
        return fail(service.error());
    }
    auto items = (*service)->staffItems(args.options.contains("all"));
    if (!items) {
        return fail(items.error());
    }
    if (args.options.contains("json")) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& i : *items) {
            out.push_back({{"id", i.id},
                           {"created_at", i.createdAt},
                           {"kind", i.kind},
                           {"enrollment_id", i.enrollmentId},
                           {"kiosk_id", i.kioskId},
                           {"temp_id", i.tempId},
                           {"user_id", i.userId},
                           {"detail", i.detail},
                           {"resolved", i.resolved}});
        }
        std::cout << protocol::dumpJson(out) << "\n";
        return 0;
    }
    std::cout << "id\tcreated_at\tkind\tenrollment_id\tkiosk_id\ttemp_id\tuser_id\tdetail\n";
    for (const auto& i : *items) {
        std::cout << i.id << '\t' << i.createdAt << '\t' << forTerminal(i.kind) << '\t'
                  << forTerminal(i.enrollmentId) << '\t' << forTerminal(i.kioskId) << '\t'
                  << forTerminal(i.tempId) << '\t' << forTerminal(i.userId) << '\t'
                  << forTerminal(i.detail) << '\n';
    }
    return 0;
}

int keygen(const Args& args) {
    const auto priv = args.options.find("private");
    const auto pub = args.options.find("public");
    if (priv == args.options.end() || pub == args.options.end()) {
        std::cerr << kUsage;
        return 2;
    }
    auto keys = crypto::SealingKeyPair::generate();
    if (!keys) {
        return fail(keys.error());
    }
    if (auto w = writePrivateFile(priv->second, keys->privateKeyPem.view()); !w) {
        return fail(w.error());
    }
    std::ofstream out(pub->second, std::ios::binary);
    out << keys->publicKeyPem;
    if (!out) {
        return fail(Error{ErrorCode::StorageIo, "cannot write " + pub->second});
    }
    std::cout << "private key (central only): " << priv->second << "\n"
              << "public key (for kiosks):   " << pub->second << "\n";
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc == 2 && (std::string_view(argv[1]) == "--help" || std::string_view(argv[1]) == "-h" ||
                      std::string_view(argv[1]) == "help")) {
        std::cout << kUsage;
        return 0;
    }
    const auto args = parseArgs(argc, argv);
    if (!args) {
        std::cerr << kUsage;
        return 2;
    }
    if (args->command == "serve") {
        return serve(*args);
    }
    if (args->command == "migrate") {
        return migrate(*args);
    }
    if (args->command == "import-roster") {
        return importRoster(*args);
    }
    if (args->command == "export") {
        return exportUsers(*args);
    }
    if (args->command == "unlock") {
        return unlock(*args);
    }
    if (args->command == "staff-items") {
        return staffItems(*args);
    }
    if (args->command == "keygen") {
        return keygen(*args);
    }
    std::cerr << kUsage;
    return 2;
}
