// SPDX-License-Identifier: Apache-2.0
#include "TestPki.h"

#include "TestCose.h"
#include "crypto/Base64.h"

#include <nlohmann/json.hpp>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include <stdexcept>

namespace madoguchi::devices::test {

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
                             EVP_PKEY* issuerKey, bool ca, const std::optional<Aaguid>& aaguid) {
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
    if (aaguid) {
        // extnValue = OCTET STRING { OCTET STRING (16 bytes) }.
        Bytes inner{0x04, 0x10};
        inner.insert(inner.end(), aaguid->begin(), aaguid->end());
        ASN1_OBJECT* oid = OBJ_txt2obj("1.3.6.1.4.1.45724.1.1.4", 1);
        ASN1_OCTET_STRING* value = ASN1_OCTET_STRING_new();
        check(oid != nullptr && value != nullptr &&
                  ASN1_OCTET_STRING_set(value, inner.data(), static_cast<int>(inner.size())) == 1,
              "AAGUID extension value");
        X509_EXTENSION* ext = X509_EXTENSION_create_by_OBJ(nullptr, oid, 0, value);
        check(ext != nullptr && X509_add_ext(cert.get(), ext, -1) == 1, "AAGUID extension");
        X509_EXTENSION_free(ext);
        ASN1_OCTET_STRING_free(value);
        ASN1_OBJECT_free(oid);
    }
    check(X509_sign(cert.get(), issuerKey, EVP_sha256()) > 0, "X509_sign");
    return cert;
}

std::string TestPki::mdsBlob(EVP_PKEY* signerKey, const std::vector<X509*>& chain,
                             const nlohmann::json& payload) {
    auto b64url = [](const std::string& text) {
        return crypto::Base64::encodeUrl(Bytes(text.begin(), text.end()));
    };
    nlohmann::json header = {{"alg", "ES256"}, {"typ", "JWT"}, {"x5c", nlohmann::json::array()}};
    for (X509* cert : chain) {
        const Bytes certDer = der(cert);
        std::string b64(4 * ((certDer.size() + 2) / 3) + 1, '\0');
        const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(b64.data()), certDer.data(),
                                      static_cast<int>(certDer.size()));
        b64.resize(static_cast<std::size_t>(n));
        header["x5c"].push_back(b64);
    }
    const std::string input = b64url(header.dump()) + "." + b64url(payload.dump());
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    std::size_t len = 0;
    const auto* data = reinterpret_cast<const unsigned char*>(input.data());
    check(ctx != nullptr &&
              EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, signerKey) == 1 &&
              EVP_DigestSign(ctx, nullptr, &len, data, input.size()) == 1,
          "JWT sign init");
    Bytes sigDer(len);
    check(EVP_DigestSign(ctx, sigDer.data(), &len, data, input.size()) == 1, "JWT sign");
    EVP_MD_CTX_free(ctx);
    sigDer.resize(len);
    // JWS ES256 wants r || s, not DER.
    const unsigned char* p = sigDer.data();
    ECDSA_SIG* sig = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(sigDer.size()));
    check(sig != nullptr, "d2i_ECDSA_SIG");
    Bytes raw(64);
    BN_bn2binpad(ECDSA_SIG_get0_r(sig), raw.data(), 32);
    BN_bn2binpad(ECDSA_SIG_get0_s(sig), raw.data() + 32, 32);
    ECDSA_SIG_free(sig);
    return input + "." + crypto::Base64::encodeUrl(raw);
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
