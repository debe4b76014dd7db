// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <memory>

namespace madoguchi::crypto {

// Owners for the OpenSSL handles used by the crypto area, HOTP, the audit hash chain, the
// devices layer's certificate checks (attestation chains, the FIDO metadata blob),
// madoguchictl's selftest and their tests: one definition each.
struct EvpPkeyDeleter {
    void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
};
struct EvpPkeyCtxDeleter {
    void operator()(EVP_PKEY_CTX* p) const { EVP_PKEY_CTX_free(p); }
};
struct EvpCipherDeleter {
    void operator()(EVP_CIPHER* p) const { EVP_CIPHER_free(p); }
};
struct EvpCipherCtxDeleter {
    void operator()(EVP_CIPHER_CTX* p) const { EVP_CIPHER_CTX_free(p); }
};
struct EvpKdfDeleter {
    void operator()(EVP_KDF* p) const { EVP_KDF_free(p); }
};
struct EvpKdfCtxDeleter {
    void operator()(EVP_KDF_CTX* p) const { EVP_KDF_CTX_free(p); }
};
struct EvpMdDeleter {
    void operator()(EVP_MD* p) const { EVP_MD_free(p); }
};
struct EvpMdCtxDeleter {
    void operator()(EVP_MD_CTX* p) const { EVP_MD_CTX_free(p); }
};
struct EvpMacDeleter {
    void operator()(EVP_MAC* p) const { EVP_MAC_free(p); }
};
struct EvpMacCtxDeleter {
    void operator()(EVP_MAC_CTX* p) const { EVP_MAC_CTX_free(p); }
};
struct EcdsaSigDeleter {
    void operator()(ECDSA_SIG* p) const { ECDSA_SIG_free(p); }
};
struct BioDeleter {
    void operator()(BIO* p) const { BIO_free(p); }
};
struct Asn1ObjectDeleter {
    void operator()(ASN1_OBJECT* p) const { ASN1_OBJECT_free(p); }
};
struct X509Deleter {
    void operator()(X509* p) const { X509_free(p); }
};
// A stack owns its certificates: they are freed with it.
struct X509StackDeleter {
    void operator()(STACK_OF(X509) * p) const { sk_X509_pop_free(p, X509_free); }
};
struct X509CrlDeleter {
    void operator()(X509_CRL* p) const { X509_CRL_free(p); }
};
struct X509StoreDeleter {
    void operator()(X509_STORE* p) const { X509_STORE_free(p); }
};
struct X509StoreCtxDeleter {
    void operator()(X509_STORE_CTX* p) const { X509_STORE_CTX_free(p); }
};

using EvpPkey = std::unique_ptr<EVP_PKEY, EvpPkeyDeleter>;
using EvpPkeyCtx = std::unique_ptr<EVP_PKEY_CTX, EvpPkeyCtxDeleter>;
using EvpCipher = std::unique_ptr<EVP_CIPHER, EvpCipherDeleter>;
using EvpCipherCtx = std::unique_ptr<EVP_CIPHER_CTX, EvpCipherCtxDeleter>;
using EvpKdf = std::unique_ptr<EVP_KDF, EvpKdfDeleter>;
using EvpKdfCtx = std::unique_ptr<EVP_KDF_CTX, EvpKdfCtxDeleter>;
using EvpMd = std::unique_ptr<EVP_MD, EvpMdDeleter>;
using EvpMdCtx = std::unique_ptr<EVP_MD_CTX, EvpMdCtxDeleter>;
using EvpMac = std::unique_ptr<EVP_MAC, EvpMacDeleter>;
using EvpMacCtx = std::unique_ptr<EVP_MAC_CTX, EvpMacCtxDeleter>;
using EcdsaSig = std::unique_ptr<ECDSA_SIG, EcdsaSigDeleter>;
using Bio = std::unique_ptr<BIO, BioDeleter>;
using Asn1Object = std::unique_ptr<ASN1_OBJECT, Asn1ObjectDeleter>;
using X509Certificate = std::unique_ptr<X509, X509Deleter>;
using X509Stack = std::unique_ptr<STACK_OF(X509), X509StackDeleter>;
using X509Crl = std::unique_ptr<X509_CRL, X509CrlDeleter>;
using X509Store = std::unique_ptr<X509_STORE, X509StoreDeleter>;
using X509StoreCtx = std::unique_ptr<X509_STORE_CTX, X509StoreCtxDeleter>;

} // namespace madoguchi::crypto
