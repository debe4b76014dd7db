// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace madoguchi::centraltest {

// A throw-away PKI made with the openssl CLI: the kiosk CA, a server certificate for
// 127.0.0.1, kiosk client certificates (CN kiosk-01, kiosk-02, and kiosk-03, which the CA's
// CRL crl.pem revokes), and a second, foreign CA with a client certificate of CN kiosk-01.
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
        // `openssl ca` keeps the revoked serials in index.txt and signs crl.pem from them.
        write("ca.cnf", "[ca]\ndefault_ca = kiosk_ca\n[kiosk_ca]\ndatabase = index.txt\n"
                        "crlnumber = crlnumber\ncertificate = ca.crt\nprivate_key = ca.key\n"
                        "default_md = sha256\ndefault_crl_days = 2\n");
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
            "-CAcreateserial -days 2 -extfile client.ext -out foreign.crt; " +
            "openssl req" + newKey +
            " -keyout revoked.key -out revoked.csr -subj '/CN=kiosk-03'; " +
            "openssl x509 -req -in revoked.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 "
            "-extfile client.ext -out revoked.crt; " +
            ": > index.txt; echo 01 > crlnumber; " + revokeScript("revoked.crt");
        m_ok = std::system(("bash -c \"" + script + "\" >/dev/null 2>&1").c_str()) == 0;
    }
    ~TestPki() { std::filesystem::remove_all(m_dir); }
    TestPki(const TestPki&) = delete;
    TestPki& operator=(const TestPki&) = delete;

    bool ok() const { return m_ok; }

    // Adds the certificate `name` (a file of this PKI) to the CRL and writes crl.pem again.
    bool revoke(const char* name) const {
        const std::string script = "set -e; cd '" + m_dir.string() + "'; " + revokeScript(name);
        return std::system(("bash -c \"" + script + "\" >/dev/null 2>&1").c_str()) == 0;
    }
    std::string path(const char* name) const { return (m_dir / name).string(); }

private:
    static std::string revokeScript(const std::string& name) {
        return "openssl ca -config ca.cnf -revoke " + name +
               "; openssl ca -config ca.cnf -gencrl -out crl.pem.new; mv crl.pem.new crl.pem";
    }
    void write(const char* name, const char* text) { std::ofstream(m_dir / name) << text; }

    std::filesystem::path m_dir;
    bool m_ok = false;
};

} // namespace madoguchi::centraltest
