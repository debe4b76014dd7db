// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace madoguchi::centraltest {

// A throw-away PKI made with the openssl CLI: the kiosk CA, a server certificate for
// 127.0.0.1, a kiosk client certificate (CN kiosk-01), and a second, foreign CA with a
// client certificate of the same CN.
class TestPki {
public:
    TestPki() {
        m_dir = std::filesystem::temp_directory_path() /
                ("madoguchi-pki-" + std::to_string(::getpid()) + "-" +
                 std::to_string(reinterpret_cast<std::uintptr_t>(this)));
        std::filesystem::create_directories(m_dir);
        write("server.ext", "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
                            "extendedKeyUsage=serverAuth\n");
        write("client.ext", "basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n");
        const std::string d = m_dir.string();
        const std::string newKey = " -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes";
        const std::string script =
            "set -e; cd '" + d + "'; " + "openssl req -x509" + newKey +
            " -keyout ca.key -out ca.crt -days 2 -subj '/CN=Test Kiosk CA'; " +
            "openssl req -x509" + newKey +
            " -keyout other-ca.key -out other-ca.crt -days 2 -subj '/CN=Other CA'; " +
            "openssl req" + newKey + " -keyout server.key -out server.csr -subj '/CN=127.0.0.1'; " +
            "openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 "
            "-extfile server.ext -out server.crt; " +
            "openssl req" + newKey + " -keyout client.key -out client.csr -subj '/CN=kiosk-01'; " +
            "openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 "
            "-extfile client.ext -out client.crt; " +
            "openssl req" + newKey +
            " -keyout client2.key -out client2.csr -subj '/CN=kiosk-02'; " +
            "openssl x509 -req -in client2.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 "
            "-extfile client.ext -out client2.crt; " +
            "openssl req" + newKey +
            " -keyout foreign.key -out foreign.csr -subj '/CN=kiosk-01'; " +
            "openssl x509 -req -in foreign.csr -CA other-ca.crt -CAkey other-ca.key "
            "-CAcreateserial -days 2 -extfile client.ext -out foreign.crt";
        m_ok = std::system(("bash -c \"" + script + "\" >/dev/null 2>&1").c_str()) == 0;
    }
    ~TestPki() { std::filesystem::remove_all(m_dir); }
    TestPki(const TestPki&) = delete;
    TestPki& operator=(const TestPki&) = delete;

    bool ok() const { return m_ok; }
    std::string path(const char* name) const { return (m_dir / name).string(); }

private:
    void write(const char* name, const char* text) { std::ofstream(m_dir / name) << text; }

    std::filesystem::path m_dir;
    bool m_ok = false;
};

} // namespace madoguchi::centraltest
