// SPDX-License-Identifier: Apache-2.0
#pragma once

// Test TLS material made with the openssl CLI in a temporary directory: a server CA, a kiosk
// CA, and a rogue CA that nobody trusts. Shared by the sync unit tests, the integration
// tests and the benchmark.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <unistd.h>

namespace madoguchi::test {

class TestPki {
public:
    std::filesystem::path dir;
    // Server side.
    std::filesystem::path serverCa, serverCert, serverKey; // trusted, SAN 127.0.0.1/localhost
    std::filesystem::path wrongHostCert, wrongHostKey;     // trusted CA, SAN other.example
    std::filesystem::path rogueServerCert, rogueServerKey; // signed by the rogue CA
    // Kiosk side.
    std::filesystem::path kioskCa, clientCert, clientKey;  // CN=kiosk-01
    std::filesystem::path otherKioskCert, otherKioskKey;   // CN=kiosk-02, same kiosk CA
    std::filesystem::path rogueClientCert, rogueClientKey; // CN=kiosk-01, rogue CA

    struct KioskIdentity {
        std::filesystem::path cert, key;
    };
    // A further kiosk's certificate (CN `cn`, e.g. "kiosk-03") from the kiosk CA, made at the
    // first call for that name. From one thread (a test's set-up).
    KioskIdentity kiosk(const std::string& cn) const {
        KioskIdentity k{dir / (cn + ".pem"), dir / (cn + ".key")};
        if (!std::filesystem::exists(k.cert)) {
            makeLeaf(dir, "kiosk-ca", cn, cn, kClientExtensions);
        }
        return k;
    }

    // Made once per process (EC P-256 keys, a second or so).
    static const TestPki& get() {
        static const TestPki pki = [] {
            TestPki made = make();
            std::atexit([] { removeDir(); });
            return made;
        }();
        return pki;
    }

private:
    static constexpr const char* kClientExtensions =
        "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=clientAuth";

    static std::filesystem::path dirForThisProcess() {
        return std::filesystem::temp_directory_path() /
               ("madoguchi-pki-" + std::to_string(::getpid()));
    }
    static void removeDir() {
        std::error_code ignored;
        std::filesystem::remove_all(dirForThisProcess(), ignored);
    }

    static void run(const std::string& cmd) {
        if (std::system((cmd + " >/dev/null 2>&1").c_str()) != 0) {
            throw std::runtime_error("failed: " + cmd);
        }
    }

    static void makeCa(const std::filesystem::path& d, const std::string& name,
                       const std::string& cn) {
        run("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3"
            " -subj '/CN=" +
            cn + "' -keyout " + (d / (name + ".key")).string() + " -out " +
            (d / (name + ".pem")).string());
    }

    static void makeLeaf(const std::filesystem::path& d, const std::string& ca,
                         const std::string& name, const std::string& cn,
                         const std::string& extensions) {
        const auto ext = d / (name + ".ext");
        std::ofstream(ext) << extensions << "\n";
        run("openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj '/CN=" + cn +
            "' -keyout " + (d / (name + ".key")).string() + " -out " +
            (d / (name + ".csr")).string());
        run("openssl x509 -req -days 3 -in " + (d / (name + ".csr")).string() + " -CA " +
            (d / (ca + ".pem")).string() + " -CAkey " + (d / (ca + ".key")).string() +
            " -CAcreateserial -extfile " + ext.string() + " -out " +
            (d / (name + ".pem")).string());
    }

    static TestPki make() {
        TestPki p;
        p.dir = dirForThisProcess();
        std::filesystem::create_directories(p.dir);
        const auto& d = p.dir;
        makeCa(d, "server-ca", "Madoguchi Test Server CA");
        makeCa(d, "kiosk-ca", "Madoguchi Test Kiosk CA");
        makeCa(d, "rogue-ca", "Rogue CA");
        const std::string serverExt = "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\n"
                                      "extendedKeyUsage=serverAuth\nsubjectAltName=";
        const std::string clientExt = kClientExtensions;
        makeLeaf(d, "server-ca", "server", "localhost", serverExt + "IP:127.0.0.1,DNS:localhost");
        makeLeaf(d, "server-ca", "wrong-host", "other.example", serverExt + "DNS:other.example");
        makeLeaf(d, "rogue-ca", "rogue-server", "localhost",
                 serverExt + "IP:127.0.0.1,DNS:localhost");
        makeLeaf(d, "kiosk-ca", "client", "kiosk-01", clientExt);
        makeLeaf(d, "kiosk-ca", "other-kiosk", "kiosk-02", clientExt);
        makeLeaf(d, "rogue-ca", "rogue-client", "kiosk-01", clientExt);
        auto pem = [&](const char* n) {
            return d / (std::string(n) + ".pem");
        };
        auto key = [&](const char* n) {
            return d / (std::string(n) + ".key");
        };
        p.serverCa = pem("server-ca");
        p.serverCert = pem("server");
        p.serverKey = key("server");
        p.wrongHostCert = pem("wrong-host");
        p.wrongHostKey = key("wrong-host");
        p.rogueServerCert = pem("rogue-server");
        p.rogueServerKey = key("rogue-server");
        p.kioskCa = pem("kiosk-ca");
        p.clientCert = pem("client");
        p.clientKey = key("client");
        p.otherKioskCert = pem("other-kiosk");
        p.otherKioskKey = key("other-kiosk");
        p.rogueClientCert = pem("rogue-client");
        p.rogueClientKey = key("rogue-client");
        return p;
    }
};

} // namespace madoguchi::test
