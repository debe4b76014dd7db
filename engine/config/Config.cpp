// SPDX-License-Identifier: Apache-2.0
#include "config/Config.h"

#include "config/ConfigReader.h"
#include "config/ConfigRules.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <system_error>

namespace madoguchi::config {

namespace {

namespace fs = std::filesystem;

struct Parsed {
    std::optional<toml::table> table;
    std::optional<ConfigIssue> failure;
    ErrorCode code = ErrorCode::Internal;
};

Parsed parseFile(const fs::path& file) {
    Parsed parsed;
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) {
        parsed.failure = ConfigIssue{"", "file not found", file, 0};
        parsed.code = ErrorCode::ConfigFileNotFound;
        return parsed;
    }
    std::ifstream in(file, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    if (!in) {
        parsed.failure = ConfigIssue{"", "file cannot be read", file, 0};
        parsed.code = ErrorCode::ConfigFileNotFound;
        return parsed;
    }
    // The packaged toml++ is built with exceptions; they stop here and become values.
    try {
        parsed.table = toml::parse(content.str(), file.string());
    } catch (const toml::parse_error& error) {
        parsed.failure = ConfigIssue{"", "TOML syntax: " + std::string(error.description()), file,
                                     error.source().begin.line};
        parsed.code = ErrorCode::ConfigParse;
    }
    return parsed;
}

fs::path absoluteFrom(const fs::path& base, const std::string& value) {
    fs::path path(value);
    if (path.is_relative()) {
        path = base / path;
    }
    return path.lexically_normal();
}

// A non-empty, single-line string of at most `maxCodePoints`.
std::optional<std::string> label(ConfigReader& reader, std::string_view key, bool required,
                                 std::size_t maxCodePoints) {
    std::optional<std::string> value = reader.text(key, required);
    if (!value) {
        return std::nullopt;
    }
    if (value->empty() || ConfigRules::hasControlCharacter(*value)) {
        reader.report(key, "must be a non-empty single line");
        return std::nullopt;
    }
    if (ConfigRules::codePoints(*value) > maxCodePoints) {
        reader.report(key, "must be at most " + std::to_string(maxCodePoints) + " characters");
        return std::nullopt;
    }
    return value;
}

std::optional<std::string> httpsUrl(ConfigReader& reader, std::string_view key) {
    std::optional<std::string> value = reader.text(key, true);
    if (value && !ConfigRules::httpsHost(*value)) {
        reader.report(key, "must be an https:// URL with a lowercase host name");
        return std::nullopt;
    }
    return value;
}

std::optional<fs::path> pathValue(ConfigReader& reader, std::string_view key, bool required,
                                  bool mustExist) {
    std::optional<std::string> value = reader.text(key, required);
    if (!value) {
        return std::nullopt;
    }
    if (value->empty() || ConfigRules::hasControlCharacter(*value)) {
        reader.report(key, "must be a non-empty path");
        return std::nullopt;
    }
    fs::path path = absoluteFrom(reader.file().parent_path(), *value);
    std::error_code ec;
    if (mustExist && !fs::is_regular_file(path, ec)) {
        reader.report(key, "file not found: " + path.string());
        return std::nullopt;
    }
    return path;
}

std::optional<std::int64_t> ranged(ConfigReader& reader, std::string_view key, std::int64_t min,
                                   std::int64_t max) {
    std::optional<std::int64_t> value = reader.integer(key, false);
    if (value && (*value < min || *value > max)) {
        reader.report(key,
                      "must be between " + std::to_string(min) + " and " + std::to_string(max));
        return std::nullopt;
    }
    return value;
}

StoreLinks readStoreLinks(ConfigReader& apps, std::string_view key) {
    StoreLinks links;
    std::optional<ConfigReader> app = apps.table(key, true);
    if (!app) {
        return links;
    }
    if (auto url = httpsUrl(*app, "app_store")) {
        if (!url->starts_with("https://apps.apple.com/")) {
            app->report("app_store", "must be an https://apps.apple.com/ link");
        }
        links.appStore = *url;
    }
    if (auto url = httpsUrl(*app, "google_play")) {
        if (!url->starts_with("https://play.google.com/")) {
            app->report("google_play", "must be an https://play.google.com/ link");
        }
        links.googlePlay = *url;
    }
    app->refuseUnknownKeys();
    return links;
}

OrganisationProfile readOrganisation(ConfigReader& org) {
    OrganisationProfile p;
    p.name = label(org, "name", true, 100).value_or("");
    std::optional<std::string> portalHost;
    if (auto url = httpsUrl(org, "portal_url")) {
        p.portalUrl = *url;
        portalHost = ConfigRules::httpsHost(*url);
    }
    if (auto email = org.text("contact_email", true)) {
        if (ConfigRules::isEmail(*email)) {
            p.contactEmail = *email;
        } else {
            org.report("contact_email", "must be an e-mail address");
        }
    }
    p.contactLine = label(org, "contact_line", false, 200).value_or("");

    if (auto otp = org.table("otp", true)) {
        if (auto issuer = label(*otp, "issuer", true, 64)) {
            // The issuer is the label's prefix in otpauth://totp/Issuer:account.
            if (issuer->find(':') != std::string::npos) {
                otp->report("issuer", "must not contain ':'");
            } else {
                p.otpIssuer = *issuer;
            }
        }
        p.defaultDeviceName = label(*otp, "default_device_name", true, 32).value_or("");
        otp->refuseUnknownKeys();
    }
    if (auto terms = org.table("terms", true)) {
        p.termsFileJa = pathValue(*terms, "file_ja", true, true).value_or(fs::path());
        p.termsFileEn = pathValue(*terms, "file_en", false, true).value_or(fs::path());
        p.termsVersion = label(*terms, "version", true, 64).value_or("");
        terms->refuseUnknownKeys();
    }
    if (auto fido2 = org.table("fido2", true)) {
        if (auto rpId = fido2->text("rp_id", true)) {
            if (!ConfigRules::isDomain(*rpId)) {
                fido2->report("rp_id", "must be a lowercase domain name");
            } else if (portalHost && *portalHost != *rpId && !portalHost->ends_with("." + *rpId)) {
                fido2->report("rp_id", "must be the portal's host (" + *portalHost +
                                           ") or a parent domain of it");
            } else {
                p.rpId = *rpId;
            }
        }
        p.rpName = label(*fido2, "rp_name", true, 64).value_or("");
        fido2->refuseUnknownKeys();
    }
    if (auto apps = org.table("apps", true)) {
        p.googleAuthenticator = readStoreLinks(*apps, "google_authenticator");
        p.microsoftAuthenticator = readStoreLinks(*apps, "microsoft_authenticator");
        apps->refuseUnknownKeys();
    }
    org.refuseUnknownKeys();
    return p;
}

std::vector<std::string> readAaguids(ConfigReader& reader, std::string_view key) {
    std::vector<std::string> out;
    if (auto list = reader.textArray(key)) {
        for (const auto& item : *list) {
            if (auto canonical = ConfigRules::canonicalAaguid(item.value)) {
                out.push_back(*canonical);
            } else {
                reader.reportAt(key, item.line, "\"" + item.value + "\" is not an AAGUID");
            }
        }
    }
    return out;
}

// [kiosk.password_hash]: the algorithm (default pbkdf2-sha256) and its iterations (default
// and floor: the OWASP 2023 minimum for that algorithm).
crypto::PasswordHasher::Params readPasswordHash(ConfigReader& hash) {
    using crypto::PasswordDigest;
    using crypto::PasswordHasher;
    // Beyond this a member waits many seconds at the commit: surely a typo.
    constexpr std::int64_t kMaxIterations = 10'000'000;
    PasswordHasher::Params params;
    bool known = true; // without a known algorithm there is no floor to hold iterations to
    if (auto algorithm = hash.text("algorithm", false)) {
        if (*algorithm == crypto::algorithmName(PasswordDigest::Sha256)) {
            params.digest = PasswordDigest::Sha256;
        } else if (*algorithm == crypto::algorithmName(PasswordDigest::Sha512)) {
            params.digest = PasswordDigest::Sha512;
        } else {
            known = false;
            hash.report("algorithm", "must be \"pbkdf2-sha256\" or \"pbkdf2-sha512\"");
        }
    }
    const std::uint32_t floor = PasswordHasher::minimumIterations(params.digest);
    params.iterations = floor;
    if (auto iterations = hash.integer("iterations", false); iterations && known) {
        if (*iterations < static_cast<std::int64_t>(floor)) {
            hash.report("iterations", "must be at least " + std::to_string(floor) + " for " +
                                          std::string(crypto::algorithmName(params.digest)) +
                                          " (OWASP 2023)");
        } else if (*iterations > kMaxIterations) {
            hash.report("iterations", "must be at most " + std::to_string(kMaxIterations));
        } else {
            params.iterations = static_cast<std::uint32_t>(*iterations);
        }
    }
    hash.refuseUnknownKeys();
    return params;
}

KioskSettings readKiosk(ConfigReader& kiosk) {
    KioskSettings k;
    if (auto id = kiosk.text("id", true)) {
        bool ok =
            !id->empty() && id->size() <= 64 && std::all_of(id->begin(), id->end(), [](char c) {
                return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '_' || c == '.';
            });
        if (ok) {
            k.kioskId = *id;
        } else {
            kiosk.report("id", "must be 1 to 64 of A-Z a-z 0-9 . _ -");
        }
    }
    if (auto language = kiosk.text("language", false)) {
        if (*language == "ja") {
            k.language = Language::Japanese;
        } else if (*language == "en") {
            k.language = Language::English;
        } else {
            kiosk.report("language", "must be \"ja\" or \"en\"");
        }
    }
    k.storePath = pathValue(kiosk, "store_path", true, false).value_or(fs::path());
    k.logPath = pathValue(kiosk, "log_path", true, false).value_or(fs::path());
    if (auto level = kiosk.text("log_level", false)) {
        static const std::set<std::string, std::less<>> kLevels{"trace", "debug", "info",
                                                                "warn",  "error", "critical"};
        if (kLevels.count(*level) == 1) {
            k.logLevel = spdlog::level::from_str(*level);
        } else {
            kiosk.report("log_level", "must be one of trace, debug, info, warn, error, critical");
        }
    }
    if (auto pin = kiosk.text("staff_pin_hash", true)) {
        if (auto problem = ConfigRules::pbkdf2RecordProblem(*pin)) {
            kiosk.report("staff_pin_hash", *problem);
        } else {
            k.staffPinHash = *pin;
        }
    }

    if (auto central = kiosk.table("central", true)) {
        k.centralUrl = httpsUrl(*central, "url").value_or("");
        k.caBundle = pathValue(*central, "ca_bundle", true, false).value_or(fs::path());
        k.clientCert = pathValue(*central, "client_cert", true, false).value_or(fs::path());
        k.clientKey = pathValue(*central, "client_key", true, false).value_or(fs::path());
        // The central service's public key (SPKI PEM) that queued results are sealed to.
        k.sealingPublicKey =
            pathValue(*central, "sealing_public_key", false, false).value_or(fs::path());
        central->refuseUnknownKeys();
    }
    if (auto timeouts = kiosk.table("timeouts", false)) {
        auto wipe = ranged(*timeouts, "inactivity_seconds", 30, 3600);
        auto warning = ranged(*timeouts, "inactivity_warning_seconds", 5, 600);
        auto network = ranged(*timeouts, "network_seconds", 1, 300);
        if (wipe) {
            k.inactivityTimeout = std::chrono::seconds(*wipe);
        }
        if (warning) {
            k.inactivityWarning = std::chrono::seconds(*warning);
        }
        if (network) {
            k.networkTimeout = std::chrono::seconds(*network);
        }
        if (k.inactivityWarning >= k.inactivityTimeout) {
            timeouts->report(warning ? "inactivity_warning_seconds" : "inactivity_seconds",
                             "the warning must come before the wipe "
                             "(inactivity_warning_seconds < inactivity_seconds)");
        }
        timeouts->refuseUnknownKeys();
    }
    if (auto policy = kiosk.table("password_policy", false)) {
        k.passwordAllowUppercase = policy->boolean("allow_uppercase", false).value_or(true);
        if (auto symbols = policy->text("symbols", false)) {
            const bool allSymbols = std::all_of(symbols->begin(), symbols->end(), [](char c) {
                const auto u = static_cast<unsigned char>(c);
                return u > 0x20 && u < 0x7F && std::isalnum(u) == 0;
            });
            if (allSymbols) {
                k.passwordSymbols = std::move(*symbols);
            } else {
                policy->report("symbols", "must hold printable ASCII symbols only (no letters, "
                                          "digits or spaces), e.g. \"!#$%&_-.\"");
            }
        }
        policy->refuseUnknownKeys();
    }
    if (auto otp = kiosk.table("otp", false)) {
        if (auto attempts = ranged(*otp, "max_attempts", 1, 10)) {
            k.otpMaxAttempts = static_cast<int>(*attempts);
        }
        otp->refuseUnknownKeys();
    }
    if (auto hash = kiosk.table("password_hash", false)) {
        k.passwordHash = readPasswordHash(*hash);
    }
    if (auto fido2 = kiosk.table("fido2", false)) {
        k.aaguidAllow = readAaguids(*fido2, "aaguid_allow");
        k.aaguidDeny = readAaguids(*fido2, "aaguid_deny");
        for (const std::string& denied : k.aaguidDeny) {
            if (std::find(k.aaguidAllow.begin(), k.aaguidAllow.end(), denied) !=
                k.aaguidAllow.end()) {
                fido2->report("aaguid_deny", denied + " is in both aaguid_allow and aaguid_deny");
            }
        }
        k.mdsBlob = pathValue(*fido2, "mds_blob", false, false).value_or(fs::path());
        k.mdsRootCert = pathValue(*fido2, "mds_root_cert", false, false).value_or(fs::path());
        if (fido2->has("mds_blob") != fido2->has("mds_root_cert")) {
            fido2->report(fido2->has("mds_blob") ? "mds_blob" : "mds_root_cert",
                          "mds_blob and mds_root_cert go together");
        }
        if (auto roots = fido2->textArray("attestation_roots")) {
            for (const auto& item : *roots) {
                std::error_code ec;
                const fs::path path = absoluteFrom(fido2->file().parent_path(), item.value);
                if (item.value.empty() || ConfigRules::hasControlCharacter(item.value)) {
                    fido2->reportAt("attestation_roots", item.line, "must be non-empty paths");
                } else if (!fs::is_regular_file(path, ec)) {
                    fido2->reportAt("attestation_roots", item.line,
                                    "file not found: " + path.string());
                } else {
                    k.attestationRoots.push_back(path);
                }
            }
        }
        if (auto unverified = fido2->text("attestation_unverified", false)) {
            if (*unverified == "record") {
                k.attestationRecordUnverified = true;
            } else if (*unverified != "refuse") {
                fido2->report("attestation_unverified", "must be \"refuse\" or \"record\"");
            }
        }
        fido2->refuseUnknownKeys();
    }
    kiosk.refuseUnknownKeys();
    return k;
}

// Sets the dotted `key` ("kiosk.central.url") of `root` to `value`: always when `overwrite`,
// else only when the file has no such key. Gives false when a table on the way is not a table
// (the reader then reports the file's own mistake) or when the file's value was kept.
bool applyLayerValue(toml::table& root, std::string_view key, const std::string& value,
                     bool overwrite) {
    toml::table* table = &root;
    std::size_t start = 0;
    for (std::size_t dot = key.find('.'); dot != std::string_view::npos;
         start = dot + 1, dot = key.find('.', start)) {
        const std::string part(key.substr(start, dot - start));
        if (!table->contains(part)) {
            table->insert(part, toml::table{});
        }
        table = (*table)[part].as_table();
        if (table == nullptr) {
            return false;
        }
    }
    const std::string leaf(key.substr(start));
    if (table->contains(leaf) && !overwrite) {
        return false;
    }
    table->insert_or_assign(leaf, value);
    return true;
}

// Applies both layers to the file's table; gives, for each key a layer set, where it came from.
std::map<std::string, std::string, std::less<>> applyLayers(toml::table& root,
                                                            const SettingsLayers& layers) {
    std::map<std::string, std::string, std::less<>> origin;
    const auto apply = [&](const SettingsSource* source, bool overwrite) {
        if (source == nullptr) {
            return;
        }
        for (const LayeredSetting& setting : kLayeredSettings) {
            std::optional<std::string> value = source->value(setting.valueName);
            if (value && !value->empty() &&
                applyLayerValue(root, setting.tomlKey, *value, overwrite)) {
                std::string where = source->describe();
                where.append("\\").append(setting.valueName);
                origin.insert_or_assign(std::string(setting.tomlKey), std::move(where));
            }
        }
    };
    apply(layers.belowFile, false);
    apply(layers.aboveFile, true);
    return origin;
}

struct Outcome {
    std::optional<Config> config;
    std::vector<ConfigIssue> issues;
    ErrorCode code = ErrorCode::ConfigInvalid;
};

Outcome loadProfileOutcome(const fs::path& file) {
    Outcome outcome;
    Parsed parsed = parseFile(file);
    if (!parsed.table) {
        outcome.issues.push_back(*parsed.failure);
        outcome.code = parsed.code;
        return outcome;
    }
    ConfigReader root(*parsed.table, "", file, outcome.issues);
    Config config;
    config.profileFile = file;
    if (auto org = root.table("organisation", true)) {
        config.organisation = readOrganisation(*org);
    }
    root.refuseUnknownKeys();
    if (outcome.issues.empty()) {
        outcome.config = std::move(config);
    }
    return outcome;
}

Outcome loadOutcome(const fs::path& requested, const SettingsLayers& layers) {
    Outcome outcome;
    std::error_code ec;
    fs::path file = fs::absolute(requested, ec).lexically_normal();
    if (ec) {
        file = requested;
    }
    Parsed parsed = parseFile(file);
    if (!parsed.table) {
        outcome.issues.push_back(*parsed.failure);
        outcome.code = parsed.code;
        return outcome;
    }
    const auto origin = applyLayers(*parsed.table, layers);
    Config config;
    config.sourceFile = file;
    ConfigReader root(*parsed.table, "", file, outcome.issues);
    std::optional<std::string> profile = root.text("profile", false);
    std::optional<ConfigReader> inlineOrg = root.table("organisation", false);
    if (profile && inlineOrg) {
        root.report("profile", "give either profile or an [organisation] table, not both");
    } else if (inlineOrg) {
        config.organisation = readOrganisation(*inlineOrg);
    } else if (profile) {
        fs::path profileFile = absoluteFrom(file.parent_path(), *profile);
        Outcome loaded = loadProfileOutcome(profileFile);
        if (loaded.config) {
            config.organisation = loaded.config->organisation;
            config.profileFile = profileFile;
        } else if (loaded.code == ErrorCode::ConfigFileNotFound) {
            root.report("profile", "file not found: " + profileFile.string());
        } else {
            outcome.code =
                loaded.code == ErrorCode::ConfigParse ? ErrorCode::ConfigParse : outcome.code;
            outcome.issues.insert(outcome.issues.end(), loaded.issues.begin(), loaded.issues.end());
        }
    } else if (!root.has("profile")) {
        root.report("profile", "missing (a profile file or an [organisation] table is required)");
    }
    if (auto kiosk = root.table("kiosk", true)) {
        config.kiosk = readKiosk(*kiosk);
    }
    root.refuseUnknownKeys();
    // A value from a layer is named by its layer and value name, not by a line of the file.
    for (ConfigIssue& issue : outcome.issues) {
        if (auto it = origin.find(issue.key); it != origin.end() && issue.file == file) {
            issue.file = it->second;
            issue.line = 0;
        }
    }
    if (outcome.issues.empty()) {
        outcome.config = std::move(config);
    }
    return outcome;
}

Error toError(const Outcome& outcome) {
    std::string detail;
    for (const ConfigIssue& issue : outcome.issues) {
        if (!detail.empty()) {
            detail += "\n";
        }
        detail += issue.toString();
    }
    return Error{outcome.code, std::move(detail)};
}

} // namespace

Result<Config> Config::loadFile(const std::filesystem::path& path) {
    return loadFile(path, SettingsLayers::system());
}

std::vector<ConfigIssue> Config::checkFile(const std::filesystem::path& path) {
    return checkFile(path, SettingsLayers::system());
}

Result<Config> Config::loadFile(const std::filesystem::path& path, const SettingsLayers& layers) {
    Outcome outcome = loadOutcome(path, layers);
    if (!outcome.config) {
        return toError(outcome);
    }
    return std::move(*outcome.config);
}

std::vector<ConfigIssue> Config::checkFile(const std::filesystem::path& path,
                                           const SettingsLayers& layers) {
    return loadOutcome(path, layers).issues;
}

Result<OrganisationProfile> Config::loadProfile(const std::filesystem::path& path) {
    std::error_code ec;
    fs::path file = fs::absolute(path, ec).lexically_normal();
    Outcome outcome = loadProfileOutcome(ec ? path : file);
    if (!outcome.config) {
        return toError(outcome);
    }
    return outcome.config->organisation;
}

} // namespace madoguchi::config
