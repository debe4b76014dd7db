// SPDX-License-Identifier: Apache-2.0
#include "KioskRuntime.h"

#include "Async.h"
#include "DemoCentral.h"
#include "I18n.h"
#include "KioskFrame.h"
#include "central/CentralService.h"
#include "config/ConfigPath.h"
#include "core/Log.h"
#include "devices/AttestationChain.h"
#include "devices/Fido2DeviceManager.h"
#include "devices/MetadataService.h"
#include "flow/EnrollmentFlow.h"
#include "kiosk/Housekeeping.h"
#include "kiosk/JobRunner.h"
#include "kiosk/KioskController.h"
#include "kiosk/StaffPinGate.h"
#include "sync/HttpsCentralClient.h"
#include "sync/OutboxWorker.h"

#include <wx/stdpaths.h>

#include <clocale>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string_view>

namespace madoguchi::gui {

namespace fs = std::filesystem;

namespace {
std::optional<std::string> readText(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::nullopt;
    }
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

fs::path executableDirectory() {
    return fs::path(wxStandardPaths::Get().GetExecutablePath().utf8_string()).parent_path();
}
} // namespace

// $MADOGUCHI_ASSET_DIR, next to an installed binary (../share/madoguchi), or the source
// tree for a build-tree run.
fs::path KioskRuntime::assetDirectory() {
    if (const char* env = std::getenv("MADOGUCHI_ASSET_DIR")) {
        return env;
    }
    const fs::path installed = executableDirectory().parent_path() / "share" / "madoguchi";
    if (fs::exists(installed / "profiles")) {
        return installed;
    }
    return MADOGUCHI_SOURCE_ASSET_DIR;
}

fs::path KioskRuntime::localeDirectory() {
    if (const char* env = std::getenv("MADOGUCHI_LOCALE_DIR")) {
        return env;
    }
    const fs::path installed = executableDirectory().parent_path() / "share" / "locale";
    if (fs::exists(installed / "ja" / "LC_MESSAGES" / "madoguchi.mo")) {
        return installed;
    }
    return MADOGUCHI_BUILD_LOCALE_DIR;
}

Result<std::unique_ptr<KioskRuntime>> KioskRuntime::create(const RuntimeOptions& options) {
    // A kiosk service started without LANG runs in the "C" locale, where wxWidgets cannot
    // convert non-ASCII text; the kiosk is UTF-8 throughout.
    if (const char* current = std::setlocale(LC_CTYPE, nullptr);
        current == nullptr || std::string_view(current) == "C" ||
        std::string_view(current) == "POSIX") {
        std::setlocale(LC_CTYPE, "C.UTF-8");
    }
    std::unique_ptr<KioskRuntime> rt(new KioskRuntime());
    rt->m_options = options;
    const fs::path assets = assetDirectory();
    I18n::setCatalogDirectory(localeDirectory());

    std::optional<fs::path> cli = options.configPath;
    if (!cli && options.demo) {
        cli = assets / "profiles" / "demo-kiosk.toml";
    }
    const fs::path configPath = config::ConfigPath::resolve(cli);
    auto loaded = config::Config::loadFile(configPath);
    if (!loaded) {
        return loaded.error();
    }
    rt->m_config = std::move(loaded).value();
    const auto& kiosk = rt->m_config->kiosk;
    const auto& org = rt->m_config->organisation;
    initLogging(kiosk.logPath, kiosk.logLevel, true);

    Language language =
        kiosk.language == config::Language::English ? Language::English : Language::Japanese;
    if (options.language == "en") {
        language = Language::English;
    } else if (options.language == "ja") {
        language = Language::Japanese;
    }
    I18n::setLanguage(language);

    auto blocklist =
        PasswordBlocklist::loadFromFile(assets / PasswordBlocklist::kDefaultRelativePath);
    if (!blocklist) {
        return Error{blocklist.code(), "common-password list: " + blocklist.error().detail};
    }
    rt->m_blocklist = std::move(blocklist).value();

    rt->m_storePath = options.storePath ? *options.storePath : kiosk.storePath;
    std::error_code ec;
    fs::create_directories(rt->m_storePath.parent_path(), ec);
    auto store = store::LocalStore::open(rt->m_storePath);
    if (!store) {
        return store.error();
    }
    rt->m_store.emplace(std::move(store).value());

    kiosk::KioskOptions kopts;
    kopts.kioskId = kiosk.kioskId;
    kopts.issuer = org.otpIssuer;
    kopts.defaultDeviceName = org.defaultDeviceName;
    kopts.rpId = org.rpId;
    kopts.rpName = org.rpName;
    kopts.passwordPolicy.allowUppercase = kiosk.passwordAllowUppercase;
    if (kiosk.passwordSymbols) {
        kopts.passwordPolicy.allowedSymbols = *kiosk.passwordSymbols;
    }
    kopts.otpMaxAttempts = kiosk.otpMaxAttempts;
    kopts.passwordHash = kiosk.passwordHash;
    sync::HttpsCentralClient* httpsClient = nullptr; // null in demo mode
    if (options.demo) {
        auto demo =
            DemoCentral::create(assets / "demo" / "roster.csv", org.termsVersion, kiosk.kioskId);
        if (!demo) {
            return demo.error();
        }
        kopts.sealingPublicKeyPem = (*demo)->sealingPublicKeyPem();
        rt->m_demo = demo->get();
        rt->m_central = std::move(demo).value();
    } else {
        auto key = readText(kiosk.sealingPublicKey);
        if (!key) {
            return Error{ErrorCode::ConfigInvalid,
                         "kiosk.central.sealing_public_key: cannot read " +
                             kiosk.sealingPublicKey.string()};
        }
        kopts.sealingPublicKeyPem = *key;
        sync::HttpsClientConfig https;
        https.baseUrl = kiosk.centralUrl;
        https.caBundle = kiosk.caBundle;
        https.clientCert = kiosk.clientCert;
        https.clientKey = kiosk.clientKey;
        https.requestTimeout =
            std::chrono::duration_cast<std::chrono::milliseconds>(kiosk.networkTimeout);
        auto client = sync::HttpsCentralClient::create(https);
        if (!client) {
            return client.error();
        }
        httpsClient = client->get();
        rt->m_central = std::move(client).value();
    }

    FlowConfig flowConfig;
    flowConfig.idleTimeout = kiosk.inactivityTimeout;
    flowConfig.warningLead = kiosk.inactivityWarning;
    flowConfig.otpMaxAttempts = kiosk.otpMaxAttempts;
    rt->m_flow = std::make_unique<EnrollmentFlow>(*rt->m_clock, flowConfig);
    rt->m_controller = std::make_unique<kiosk::KioskController>(
        *rt->m_flow, *rt->m_central, *rt->m_store, rt->m_blocklist, *rt->m_clock, kopts);

    // The screens' jobs, each worker with its own connection to the store: SQLite's locking
    // keeps a job's transaction and the UI thread's writes apart.
    kiosk::JobRunnerOptions jobOptions;
    jobOptions.openStore = [path = rt->m_storePath] {
        return store::LocalStore::open(path);
    };
    jobOptions.deliver = deliverToUiThread;
    auto jobs = kiosk::JobRunner::create(std::move(jobOptions));
    if (!jobs) {
        return jobs.error();
    }
    rt->m_jobs = std::move(jobs).value();
    // Upkeep of the store (expired resume verifiers) on a worker: now, then when due.
    rt->m_housekeeping = std::make_unique<kiosk::Housekeeping>(*rt->m_jobs, *rt->m_clock);
    (void)rt->m_housekeeping->tick();
    rt->m_housekeepingTimer = std::make_unique<wxTimer>();
    rt->m_housekeepingTimer->Bind(
        wxEVT_TIMER, [hk = rt->m_housekeeping.get()](wxTimerEvent&) { (void)hk->tick(); });
    rt->m_housekeepingTimer->Start(60 * 1000);

    sync::OutboxWorkerConfig workerConfig;
    workerConfig.kioskId = kiosk.kioskId;
    rt->m_worker = std::make_unique<sync::OutboxWorker>(rt->m_storePath, *rt->m_central,
                                                        workerConfig, rt->m_clock);
    if (httpsClient != nullptr) {
        // shutdown() stops the worker on the UI thread: a transfer in flight must end at
        // once, not at the network timeout. (Calls of the screens end too: we are quitting.)
        httpsClient->setCancelFlag(rt->m_worker->stopFlag());
    }
    rt->m_worker->start();
    // A commit queued something: deliver now rather than at the next poll.
    KioskRuntime* self = rt.get();
    rt->m_flow->addListener([self](const FlowTransition& t) {
        if (t.to == FlowState::BasicDone || t.to == FlowState::Complete) {
            self->m_worker->wake();
        }
    });

    // Wrong staff PINs are kept in the store: a restart gives no new tries.
    rt->m_staffPin =
        std::make_unique<kiosk::StaffPinGate>(kiosk.staffPinHash, *rt->m_store, *rt->m_clock);
    auto& vs = rt->m_viewSettings;
    vs.termsJa = org.termsFileJa;
    vs.termsEn = org.termsFileEn;
    vs.termsVersion = org.termsVersion;
    vs.appLinks =
        AppStoreLinks{org.googleAuthenticator.appStore, org.googleAuthenticator.googlePlay,
                      org.microsoftAuthenticator.appStore, org.microsoftAuthenticator.googlePlay};
    vs.completion = CompletionInfo{org.name, org.portalUrl, org.contactLine, options.slipPdfPath};
    vs.deviceManager = options.deviceManager ? options.deviceManager
                                             : std::make_shared<devices::Fido2DeviceManager>();
    // The society's rules for keys: a broken root file stops the kiosk (it would otherwise
    // accept keys the society meant to refuse).
    auto policy = devices::attestationPolicyFromSettings(kiosk.aaguidAllow, kiosk.aaguidDeny,
                                                         kiosk.attestationRoots,
                                                         kiosk.attestationRecordUnverified);
    if (!policy) {
        return policy.error();
    }
    vs.attestationPolicy = std::move(policy).value();
    // Model names are a convenience: a blob that does not verify is logged and not used. It is
    // read once here, before the window exists.
    if (!kiosk.mdsBlob.empty()) {
        auto metadata = devices::MetadataService::fromFiles(kiosk.mdsBlob, kiosk.mdsRootCert);
        if (metadata) {
            logger()->info("FIDO metadata: {} models (blob {})", metadata->size(),
                           metadata->blobNumber());
            vs.metadata =
                std::make_shared<const devices::MetadataService>(std::move(metadata).value());
        } else {
            logger()->warn("FIDO metadata not used: {} ({})", toString(metadata.code()),
                           metadata.error().detail);
        }
    }
    logger()->info("kiosk {} ready ({})", kiosk.kioskId, options.demo ? "demo" : "central");
    return rt;
}

KioskFrame* KioskRuntime::createFrame() {
    FrameOptions frame;
    frame.windowed = m_options.windowed;
    frame.demo = m_options.demo;
    frame.defaultLanguage = I18n::language(); // as create() set it from the config or --lang
    frame.syncStatus = [worker = m_worker.get()] {
        return worker->status();
    };
    if (m_demo != nullptr) {
        frame.demoConfirmHandoff = [demo = m_demo](const std::string& token) -> Status {
            auto confirmed = demo->service().confirmHandoff(token).result;
            if (!confirmed) {
                return confirmed.error();
            }
            return {};
        };
    }
    return new KioskFrame(*m_flow, *m_controller, *m_jobs, *m_staffPin, std::move(frame),
                          m_viewSettings);
}

void KioskRuntime::shutdown() {
    if (m_housekeepingTimer) {
        m_housekeepingTimer->Stop();
    }
    if (m_worker) {
        // Also ends the network calls of the screens' jobs (the HTTPS client's cancel flag).
        m_worker->stop();
    }
    if (m_jobs) {
        m_jobs->shutdown();
    }
}

KioskRuntime::~KioskRuntime() {
    shutdown();
    m_housekeepingTimer.reset();
    m_housekeeping.reset();
    m_jobs.reset();
    m_staffPin.reset();
    m_controller.reset();
    m_flow.reset();
    m_worker.reset();
    m_central.reset();
    m_store.reset();
}

} // namespace madoguchi::gui
