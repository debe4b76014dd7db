// SPDX-License-Identifier: Apache-2.0
#include "SelftestCommand.h"

#include "CommandSupport.h"
#include "crypto/OpenSslHandles.h"
#include "rules/PasswordBlocklist.h"
#include "store/LocalStore.h"
#include "sync/HttpsCentralClient.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>
#include <ostream>
#include <system_error>

namespace madoguchi::ctl {

namespace {

namespace fs = std::filesystem;

// Collects the checklist's lines and remembers whether any failed.
class Checklist {
public:
    explicit Checklist(std::ostream& out) : m_out(out) {}
    void pass(const std::string& what, const std::string& why) { line("PASS", what, why); }
    void fail(const std::string& what, const std::string& why) {
        line("FAIL", what, why);
        ++m_failed;
    }
    void skip(const std::string& what, const std::string& why) { line("SKIP", what, why); }
    int failed() const { return m_failed; }

private:
    void line(const char* verdict, const std::string& what, const std::string& why) {
        m_out << verdict << "  " << what << ": " << why << "\n";
    }
    std::ostream& m_out;
    int m_failed = 0;
};

std::string describe(const Error& error) {
    std::string text(toString(error.code));
    if (!error.detail.empty()) {
        text += " (" + error.detail + ")";
    }
    return text;
}

// The oldest OpenSSL error on this thread, then the queue is emptied for the next check.
std::string openSslReason() {
    const unsigned long code = ERR_peek_error();
    std::string text = "no OpenSSL detail";
    if (code != 0) {
        char buffer[256] = {};
        ERR_error_string_n(code, buffer, sizeof buffer);
        text = buffer;
    }
    ERR_clear_error();
    return text;
}

// Never prompts for a passphrase: an encrypted key cannot be used by the unattended kiosk.
int noPassphrase(char*, int, int, void*) {
    return 0;
}

crypto::Bio openFile(const fs::path& path) {
    return crypto::Bio(BIO_new_file(path.string().c_str(), "rb"));
}

std::string asn1TimeText(const ASN1_TIME* time) {
    std::tm parts{};
    if (time == nullptr || ASN1_TIME_to_tm(time, &parts) != 1) {
        return "(unreadable date)";
    }
    char text[32] = {};
    if (std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &parts) == 0) {
        return "(unreadable date)";
    }
    return text;
}

// 0 when `cert` is valid now; otherwise the reason.
std::optional<std::string> validityProblem(X509* cert) {
    const ASN1_TIME* notBefore = X509_get0_notBefore(cert);
    const ASN1_TIME* notAfter = X509_get0_notAfter(cert);
    if (notBefore == nullptr || notAfter == nullptr) {
        return "has no validity dates";
    }
    if (X509_cmp_current_time(notBefore) > 0) {
        return "is not valid before " + asn1TimeText(notBefore) + " (check this PC's clock)";
    }
    if (X509_cmp_current_time(notAfter) < 0) {
        return "expired on " + asn1TimeText(notAfter);
    }
    return std::nullopt;
}

std::string commonName(X509* cert) {
    X509_NAME* subject = X509_get_subject_name(cert);
    if (subject == nullptr) {
        return {};
    }
    const int length = X509_NAME_get_text_by_NID(subject, NID_commonName, nullptr, 0);
    if (length <= 0) {
        return {};
    }
    std::string name(static_cast<std::size_t>(length) + 1, '\0');
    X509_NAME_get_text_by_NID(subject, NID_commonName, name.data(), length + 1);
    name.resize(static_cast<std::size_t>(length));
    return name;
}

void checkStore(const config::KioskSettings& kiosk, Checklist& list) {
    const fs::path& path = kiosk.storePath;
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        // Not created here: the kiosk creates it under its own account on first start.
        const fs::path folder = path.parent_path();
        if (fs::is_directory(folder, ec)) {
            list.pass("Store", "not created yet; the kiosk will create " + path.string());
        } else {
            list.fail("Store", "folder " + folder.string() + " does not exist");
        }
        list.skip("Store integrity", "no store file yet");
        list.skip("Audit chain", "no store file yet");
        return;
    }
    sqlite::OpenOptions options;
    options.create = false;
    Result<store::LocalStore> opened = store::LocalStore::open(path, options);
    if (!opened) {
        list.fail("Store", "cannot open " + path.string() + ": " + describe(opened.error()));
        list.skip("Store integrity", "store did not open");
        list.skip("Audit chain", "store did not open");
        return;
    }
    list.pass("Store", "opened " + path.string());
    if (Status integrity = opened->checkIntegrity()) {
        list.pass("Store integrity", "SQLite quick_check found no problem");
    } else {
        list.fail("Store integrity", describe(integrity.error()));
    }
    if (Status chain = opened->verifyAuditChain()) {
        list.pass("Audit chain", "every audit row verifies");
    } else {
        list.fail("Audit chain", describe(chain.error()));
    }
}

void checkBlocklist(Checklist& list) {
    const fs::path path = assetDirectory() / PasswordBlocklist::kDefaultRelativePath;
    Result<PasswordBlocklist> loaded = PasswordBlocklist::loadFromFile(path);
    if (!loaded) {
        list.fail("Password blocklist",
                  "cannot load " + path.string() + ": " + describe(loaded.error()));
    } else if (loaded->size() == 0) {
        list.fail("Password blocklist", path.string() + " has no entries");
    } else {
        list.pass("Password blocklist",
                  std::to_string(loaded->size()) + " entries from " + path.string());
    }
}

void checkJapaneseFont(Checklist& list) {
#ifdef _WIN32
    list.skip("Japanese font", "Windows ships Japanese fonts (Yu Gothic, Meiryo)");
#else
    struct PipeCloser {
        void operator()(FILE* pipe) const { pclose(pipe); }
    };
    std::unique_ptr<FILE, PipeCloser> pipe(popen("fc-list :lang=ja family 2>/dev/null", "r"));
    if (!pipe) {
        list.fail("Japanese font", "cannot run fc-list");
        return;
    }
    std::string first;
    int count = 0;
    char line[512];
    while (std::fgets(line, sizeof line, pipe.get()) != nullptr) {
        std::string family(line);
        while (!family.empty() && (family.back() == '\n' || family.back() == '\r')) {
            family.pop_back();
        }
        if (family.empty()) {
            continue;
        }
        if (count++ == 0) {
            first = family.substr(0, family.find(','));
        }
    }
    if (count == 0) {
        list.fail("Japanese font",
                  "fc-list :lang=ja finds none (install fonts-noto-cjk, and fontconfig)");
    } else {
        list.pass("Japanese font", std::to_string(count) + " found, e.g. " + first);
    }
#endif
}

void checkCaBundle(const fs::path& path, Checklist& list) {
    crypto::Bio bio = openFile(path);
    if (!bio) {
        list.fail("CA bundle", "cannot read " + path.string() + " (" + openSslReason() + ")");
        return;
    }
    int total = 0;
    int valid = 0;
    std::string lastProblem;
    for (;;) {
        crypto::X509Certificate cert(PEM_read_bio_X509(bio.get(), nullptr, &noPassphrase, nullptr));
        if (!cert) {
            break;
        }
        ++total;
        if (auto problem = validityProblem(cert.get())) {
            lastProblem = *problem;
        } else {
            ++valid;
        }
    }
    ERR_clear_error(); // the end of the file reads as "no start line"
    if (total == 0) {
        list.fail("CA bundle", path.string() + " holds no PEM certificate");
    } else if (valid == 0) {
        list.fail("CA bundle", "every certificate in " + path.string() + " " + lastProblem);
    } else {
        list.pass("CA bundle", std::to_string(valid) + " valid certificate" +
                                   (valid == 1 ? "" : "s") + " in " + path.string());
    }
}

// Gives the certificate (for the key check) when it could be read.
crypto::X509Certificate checkClientCert(const config::KioskSettings& kiosk, Checklist& list) {
    const fs::path& path = kiosk.clientCert;
    crypto::Bio bio = openFile(path);
    if (!bio) {
        list.fail("Client certificate",
                  "cannot read " + path.string() + " (" + openSslReason() + ")");
        return nullptr;
    }
    crypto::X509Certificate cert(PEM_read_bio_X509(bio.get(), nullptr, &noPassphrase, nullptr));
    if (!cert) {
        list.fail("Client certificate",
                  path.string() + " is not a PEM certificate (" + openSslReason() + ")");
        return nullptr;
    }
    const std::string name = commonName(cert.get());
    if (auto problem = validityProblem(cert.get())) {
        list.fail("Client certificate", path.string() + " " + *problem);
    } else if (name != kiosk.kioskId) {
        list.fail("Client certificate",
                  "its common name '" + name + "' is not the kiosk ID '" + kiosk.kioskId + "'");
    } else {
        list.pass("Client certificate",
                  "CN=" + name + ", valid until " + asn1TimeText(X509_get0_notAfter(cert.get())));
    }
    return cert;
}

void checkClientKey(const fs::path& path, X509* cert, Checklist& list) {
    crypto::Bio bio = openFile(path);
    if (!bio) {
        list.fail("Client key", "cannot read " + path.string() + " (" + openSslReason() + ")");
        return;
    }
    crypto::EvpPkey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, &noPassphrase, nullptr));
    if (!key) {
        list.fail("Client key", path.string() + " is not an unencrypted PEM private key (" +
                                    openSslReason() + ")");
        return;
    }
    if (cert == nullptr) {
        list.pass("Client key", "readable; not compared with the certificate (unreadable)");
        return;
    }
    if (X509_check_private_key(cert, key.get()) != 1) {
        ERR_clear_error();
        list.fail("Client key", path.string() + " does not belong to the client certificate");
        return;
    }
    list.pass("Client key", "readable and matches the client certificate");
}

void checkSealingKey(const fs::path& path, Checklist& list) {
    crypto::Bio bio = openFile(path);
    if (!bio) {
        list.fail("Sealing public key",
                  "cannot read " + path.string() + " (" + openSslReason() + ")");
        return;
    }
    crypto::EvpPkey key(PEM_read_bio_PUBKEY(bio.get(), nullptr, &noPassphrase, nullptr));
    if (!key) {
        list.fail("Sealing public key",
                  path.string() + " is not a PEM public key (" + openSslReason() + ")");
        return;
    }
    if (EVP_PKEY_get_id(key.get()) != EVP_PKEY_X25519) {
        list.fail("Sealing public key", path.string() + " is not an X25519 key");
        return;
    }
    list.pass("Sealing public key", "X25519 key from " + path.string());
}

void checkCentral(const config::KioskSettings& kiosk, Checklist& list) {
    sync::HttpsClientConfig clientConfig;
    clientConfig.baseUrl = kiosk.centralUrl;
    clientConfig.caBundle = kiosk.caBundle;
    clientConfig.clientCert = kiosk.clientCert;
    clientConfig.clientKey = kiosk.clientKey;
    clientConfig.requestTimeout = kiosk.networkTimeout;
    auto client = sync::HttpsCentralClient::create(clientConfig);
    if (!client) {
        list.fail("Central service", describe(client.error()));
        return;
    }
    Result<protocol::HealthResponse> health = (*client)->health();
    if (!health) {
        list.fail("Central service",
                  kiosk.centralUrl + " answered no health check: " + describe(health.error()));
        return;
    }
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    const std::int64_t skew = health->time - now;
    std::string text = kiosk.centralUrl + " is " + health->status + " (protocol " +
                       std::to_string(health->protocol) + ", clocks differ by " +
                       std::to_string(skew) + " s)";
    // TLS certificates and one-time codes both depend on a correct clock.
    if (skew > 60 || skew < -60) {
        list.fail("Central service", text + "; set this PC's clock");
    } else {
        list.pass("Central service", text);
    }
}

int runSelftest(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const auto parsed = parseArguments(args, {"--offline"}, {"--config"}, 0, "selftest", err);
    if (!parsed) {
        return 2;
    }
    Checklist list(out);
    const fs::path path = configPath(*parsed);
    Result<config::Config> loaded = config::Config::loadFile(path);
    if (loaded) {
        list.pass("Configuration",
                  "loaded " + path.string() + " (kiosk " + loaded->kiosk.kioskId + ")");
    } else {
        list.fail("Configuration", path.string() + ": " + std::string(toString(loaded.code())) +
                                       "; run 'madoguchictl config check' for details");
    }

    if (loaded) {
        checkStore(loaded->kiosk, list);
    } else {
        list.skip("Store", "no configuration");
    }
    checkBlocklist(list);
    checkJapaneseFont(list);

    if (loaded) {
        const config::KioskSettings& kiosk = loaded->kiosk;
        checkCaBundle(kiosk.caBundle, list);
        crypto::X509Certificate cert = checkClientCert(kiosk, list);
        checkClientKey(kiosk.clientKey, cert.get(), list);
        checkSealingKey(kiosk.sealingPublicKey, list);
        if (parsed->has("--offline")) {
            list.skip("Central service", "--offline");
        } else {
            checkCentral(kiosk, list);
        }
    } else {
        list.skip("TLS and sealing key files", "no configuration");
        list.skip("Central service", "no configuration");
    }

    if (list.failed() == 0) {
        out << "Self-test passed\n";
        return 0;
    }
    out << "Self-test FAILED: " << list.failed() << (list.failed() == 1 ? " check" : " checks")
        << " failed\n";
    return 1;
}

} // namespace

Command selftestCommand() {
    return Command{"selftest", "[--config PATH] [--offline]",
                   "check this kiosk after installing: config, store, files, fonts, network",
                   &runSelftest};
}

} // namespace madoguchi::ctl
