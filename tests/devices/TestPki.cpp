// SPDX-License-Identifier: Apache-2.0
#include "TestPki.h"

#include <openssl/ec.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include <stdexcept>

namespace madoguchi::devices::test {

namespace {
void check(bool ok, const char* what) {
    if (!ok) {
        throw std::runtime_error(std::string("TestPki: ") + what);
    }
}
} // namespace

EvpPkey TestPki::newEcKey() {
    EvpPkey key(EVP_EC_gen("P-256"));
    check(key != nullptr, "EVP_EC_gen");
    return key;
}

EvpPkey TestPki::newRsaKey() {
    EvpPkey key(EVP_RSA_gen(2048U));
    check(key != nullptr, "EVP_RSA_gen");
    return key;
}

X509Ptr TestPki::certificate(const std::string& commonName, EVP_PKEY* subjectKey, X509* issuer,
                             EVP_PKEY* issuerKey, bool ca) {
    X509Ptr cert(X509_new());
    check(cert != nullptr, "X509_new");
    static long serial = 1;
    check(X509_set_version(cert.get(), 2) == 1 &&
              ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial++) == 1 &&
              X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600) != nullptr &&
              X509_gmtime_adj(X509_getm_notAfter(cert.get()), 86400L * 30) != nullptr &&
              X509_set_pubkey(cert.get(), subjectKey) == 1,
          "fields");
    X509_NAME* name = X509_get_subject_name(cert.get());
    // C, O, OU "Authenticator Attestation", CN: what WebAuthn §8.2.1 asks of packed certificates.
    check(X509_NAME_add_entry_by_txt(name, "C", MBSTRING_ASC,
                                     reinterpret_cast<const unsigned char*>("JP"), -1, -1, 0) == 1,
          "name C");
    check(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                                     reinterpret_cast<const unsigned char*>("Madoguchi Tests"), -1,
                                     -1, 0) == 1 &&
              X509_NAME_add_entry_by_txt(
                  name, "OU", MBSTRING_ASC,
                  reinterpret_cast<const unsigned char*>("Authenticator Attestation"), -1, -1,
                  0) == 1 &&
              X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                         reinterpret_cast<const unsigned char*>(commonName.c_str()),
                                         -1, -1, 0) == 1,
          "name");
    check(X509_set_issuer_name(cert.get(),
                               issuer != nullptr ? X509_get_subject_name(issuer) : name) == 1,
          "issuer");
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer != nullptr ? issuer : cert.get(), cert.get(), nullptr, nullptr, 0);
    X509_EXTENSION* bc = X509V3_EXT_conf_nid(nullptr, &ctx, NID_basic_constraints,
                                             ca ? "critical,CA:TRUE" : "critical,CA:FALSE");
    check(bc != nullptr && X509_add_ext(cert.get(), bc, -1) == 1, "basicConstraints");
    X509_EXTENSION_free(bc);
    if (ca) {
        X509_EXTENSION* ku =
            X509V3_EXT_conf_nid(nullptr, &ctx, NID_key_usage, "critical,keyCertSign,cRLSign");
        check(ku != nullptr && X509_add_ext(cert.get(), ku, -1) == 1, "keyUsage");
        X509_EXTENSION_free(ku);
    }
    check(X509_sign(cert.get(), issuerKey, EVP_sha256()) > 0, "X509_sign");
    return cert;
}

Bytes TestPki::der(X509* cert) {
    unsigned char* out = nullptr;
    const int len = i2d_X509(cert, &out);
    check(len > 0, "i2d_X509");
    Bytes bytes(out, out + len);
    OPENSSL_free(out);
    return bytes;
}

std::string TestPki::pem(X509* cert) {
    BIO* bio = BIO_new(BIO_s_mem());
    check(bio != nullptr && PEM_write_bio_X509(bio, cert) == 1, "PEM_write_bio_X509");
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    std::string text(data, static_cast<std::size_t>(len));
    BIO_free(bio);
    return text;
}

} // namespace madoguchi::devices::test
