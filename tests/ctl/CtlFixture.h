// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "../integration/RealCentral.h"
#include "central/CentralService.h"
#include "store/LocalStore.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <string>

namespace madoguchi::test {

// What a run of madoguchictl gave: its exit code and stdout+stderr together.
struct CtlRun {
    int exitCode = -1;
    std::string output;
};

// A private folder with a test PKI (CA, kiosk certificate with CN = kKioskId, its key, an
// X25519 sealing key made by the openssl CLI) and a kiosk config that points at them with
// absolute paths, modelled on assets/profiles/demo-kiosk.toml.
class CtlFixture : public ::testing::Test {
public:
    static std::string quote(const std::string& text);

protected:
    static constexpr const char* kKioskId = "ctl-test-kiosk";

    void SetUp() override;
    void TearDown() override;

    // Runs `madoguchictl <arguments>` through the shell (arguments are quoted by the caller),
    // with `environment` ("NAME=value ...") added to its environment.
    static CtlRun run(const std::string& arguments, const std::string& environment = "");

    // What the kiosk config points at: this fixture's own PKI unless startCentral() switched
    // it to the shared loopback PKI of the sync tests.
    struct KioskFiles {
        std::string kioskId;
        std::filesystem::path caBundle, clientCert, clientKey, sealingPublicKey;
    };

    // Writes the config with `centralUrl` and m_files; returns its path.
    std::filesystem::path writeConfig(const std::string& centralUrl = "https://127.0.0.1:9");

    // Starts the real central HTTPS front (mutual TLS) on a loopback port over an in-memory
    // central service, and rewrites the config to reach it as kiosk "kiosk-01".
    void startCentral();
    // Queues `count` results sealed to the running central service's key.
    void queueSealedResults(int count);
    std::string configArg() const { return "--config " + quote(m_configPath.string()); }

    // A complete step of enrollment `n` with a sealed-looking outbox payload.
    static store::StepCommit sampleStep(int n);
    store::LocalStore openStore() const;

    static std::string readFile(const std::filesystem::path& path);
    static void writeFile(const std::filesystem::path& path, const std::string& text);

    std::filesystem::path m_dir;
    KioskFiles m_files;
    std::string m_centralPublicKeyPem;
    std::unique_ptr<central::CentralService> m_central;
    std::unique_ptr<RealCentral> m_front;
    std::filesystem::path m_configPath;
    std::filesystem::path m_storePath;
};

} // namespace madoguchi::test
