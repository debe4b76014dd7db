// SPDX-License-Identifier: Apache-2.0
#include "devices/MetadataService.h"

#include "devices/Base64Url.h"
#include "devices/EnrolledCredential.h"

#include <nlohmann/json.hpp>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

namespace madoguchi::devices {

namespace {

struct X509Deleter {
    void operator()(X509* x) const { X509_free(x); }
};
using X509Ptr = std::unique_ptr<X509, X509Deleter>;
struct X509StackDeleter {
    void operator()(STACK_OF(X509) * s) const { sk_X509_pop_free(s, X509_free); }
};
using X509Stack = std::unique_ptr<STACK_OF(X509), X509StackDeleter>;
struct X509StoreDeleter {
    void operator()(X509_STORE* s) const { X509_STORE_free(s); }
};
struct X509StoreCtxDeleter {
    void operator()(X509_STORE_CTX* c) const { X509_STORE_CTX_free(c); }
};
struct BioDeleter {
    void operator()(BIO* b) const { BIO_free(b); }
};
struct EvpPkeyDeleter {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct EvpMdCtxDeleter {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct EcdsaSigDeleter {
    void operator()(ECDSA_SIG* s) const { ECDSA_SIG_free(s); }
};

Error invalid(std::string detail) {
    return Error{ErrorCode::DeviceMetadataInvalid, std::move(detail)};
}

Result<nlohmann::json> decodeJsonPart(std::string_view part, const char* what) {
    auto bytes = base64UrlDecode(part);
    if (!bytes) {
        return invalid(std::string(what) + " is not base64url");
    }
    auto json = nlohmann::json::parse(bytes->begin(), bytes->end(), nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
        return invalid(std::string(what) + " is not a JSON object");
    }
    return json;
}

// JWS ES256 signatures are r||s (32 bytes each); OpenSSL verifies DER.
Result<std::vector<std::uint8_t>> es256RawToDer(const std::vector<std::uint8_t>& raw) {
    if (raw.size() != 64) {
        return invalid("ES256 signature is not 64 bytes");
    }
    std::unique_ptr<ECDSA_SIG, EcdsaSigDeleter> sig(ECDSA_SIG_new());
    BIGNUM* r = BN_bin2bn(raw.data(), 32, nullptr);
    BIGNUM* s = BN_bin2bn(raw.data() + 32, 32, nullptr);
    if (!sig || r == nullptr || s == nullptr || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
        BN_free(r);
        BN_free(s);
        return Error{ErrorCode::CryptoFailure, "ECDSA_SIG_set0"};
    }
    unsigned char* der = nullptr;
    const int len = i2d_ECDSA_SIG(sig.get(), &der);
    if (len <= 0) {
        return Error{ErrorCode::CryptoFailure, "i2d_ECDSA_SIG"};
    }
    std::vector<std::uint8_t> out(der, der + len);
    OPENSSL_free(der);
    return out;
}

Status verifyChain(X509* leaf, STACK_OF(X509) * intermediates, std::string_view rootPem) {
    std::unique_ptr<BIO, BioDeleter> bio(
        BIO_new_mem_buf(rootPem.data(), static_cast<int>(rootPem.size())));
    if (!bio) {
        return Error{ErrorCode::CryptoFailure, "BIO_new_mem_buf"};
    }
    X509Ptr root(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!root) {
        return invalid("configured MDS root is not a PEM certificate");
    }
    std::unique_ptr<X509_STORE, X509StoreDeleter> store(X509_STORE_new());
    std::unique_ptr<X509_STORE_CTX, X509StoreCtxDeleter> ctx(X509_STORE_CTX_new());
    if (!store || !ctx || X509_STORE_add_cert(store.get(), root.get()) != 1 ||
        X509_STORE_CTX_init(ctx.get(), store.get(), leaf, intermediates) != 1) {
        return Error{ErrorCode::CryptoFailure, "X509 store set-up"};
    }
    if (X509_verify_cert(ctx.get()) != 1) {
        return invalid(std::string("x5c does not chain to the configured root: ") +
                       X509_verify_cert_error_string(X509_STORE_CTX_get_error(ctx.get())));
    }
    return {};
}

Status verifySignature(EVP_PKEY* key, const std::string& alg, std::string_view signingInput,
                       const std::vector<std::uint8_t>& signature) {
    std::vector<std::uint8_t> der;
    if (alg == "ES256") {
        if (EVP_PKEY_base_id(key) != EVP_PKEY_EC) {
            return invalid("ES256 blob signed with a non-EC certificate");
        }
        auto converted = es256RawToDer(signature);
        if (!converted) {
            return converted.error();
        }
        der = std::move(converted).value();
    } else {
        if (EVP_PKEY_base_id(key) != EVP_PKEY_RSA) {
            return invalid("RS256 blob signed with a non-RSA certificate");
        }
        der = signature;
    }
    std::unique_ptr<EVP_MD_CTX, EvpMdCtxDeleter> md(EVP_MD_CTX_new());
    if (!md || EVP_DigestVerifyInit(md.get(), nullptr, EVP_sha256(), nullptr, key) != 1) {
        return Error{ErrorCode::CryptoFailure, "EVP_DigestVerifyInit"};
    }
    if (EVP_DigestVerify(md.get(), der.data(), der.size(),
                         reinterpret_cast<const unsigned char*>(signingInput.data()),
                         signingInput.size()) != 1) {
        return invalid("blob signature does not verify");
    }
    return {};
}

} // namespace

Result<MetadataService> MetadataService::fromBlob(std::string_view blob, std::string_view rootPem) {
    while (!blob.empty() && (blob.back() == '\n' || blob.back() == '\r' || blob.back() == ' ')) {
        blob.remove_suffix(1);
    }
    const std::size_t dot1 = blob.find('.');
    const std::size_t dot2 = dot1 == std::string_view::npos ? dot1 : blob.find('.', dot1 + 1);
    if (dot2 == std::string_view::npos || blob.find('.', dot2 + 1) != std::string_view::npos) {
        return invalid("blob is not a three-part JWT");
    }
    auto header = decodeJsonPart(blob.substr(0, dot1), "JWT header");
    if (!header) {
        return header.error();
    }
    const std::string alg = header->value("alg", "");
    if (alg != "ES256" && alg != "RS256") {
        return invalid("unsupported JWT alg '" + alg + "'");
    }
    if (!header->contains("x5c") || !(*header)["x5c"].is_array() || (*header)["x5c"].empty()) {
        return invalid("JWT header has no x5c chain");
    }
    X509Ptr leaf;
    X509Stack intermediates(sk_X509_new_null());
    if (!intermediates) {
        return Error{ErrorCode::CryptoFailure, "sk_X509_new_null"};
    }
    for (const auto& entry : (*header)["x5c"]) {
        if (!entry.is_string()) {
            return invalid("x5c entry is not a string");
        }
        auto der = base64Decode(entry.get<std::string>());
        if (!der) {
            return invalid("x5c entry is not base64");
        }
        const unsigned char* p = der->data();
        X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der->size())));
        if (!cert || p != der->data() + der->size()) {
            return invalid("x5c entry is not a DER certificate");
        }
        if (!leaf) {
            leaf = std::move(cert);
        } else if (sk_X509_push(intermediates.get(), cert.get()) > 0) {
            static_cast<void>(cert.release()); // now owned by the stack
        } else {
            return Error{ErrorCode::CryptoFailure, "sk_X509_push"};
        }
    }
    if (auto chained = verifyChain(leaf.get(), intermediates.get(), rootPem); !chained) {
        return chained.error();
    }
    auto signature = base64UrlDecode(blob.substr(dot2 + 1));
    if (!signature) {
        return invalid("JWT signature is not base64url");
    }
    std::unique_ptr<EVP_PKEY, EvpPkeyDeleter> key(X509_get_pubkey(leaf.get()));
    if (!key) {
        return invalid("x5c leaf has no usable public key");
    }
    if (auto verified = verifySignature(key.get(), alg, blob.substr(0, dot2), *signature);
        !verified) {
        return verified.error();
    }

    // Only now is the payload trusted.
    auto payload = decodeJsonPart(blob.substr(dot1 + 1, dot2 - dot1 - 1), "JWT payload");
    if (!payload) {
        return payload.error();
    }
    if (!payload->contains("entries") || !(*payload)["entries"].is_array()) {
        return invalid("payload has no entries");
    }
    MetadataService out;
    if (payload->contains("no") && (*payload)["no"].is_number_unsigned()) {
        out.m_number = (*payload)["no"].get<std::uint64_t>();
    }
    for (const auto& entry : (*payload)["entries"]) {
        // U2F entries carry attestationCertificateKeyIdentifiers instead of an AAGUID.
        if (!entry.is_object() || !entry.contains("aaguid") || !entry["aaguid"].is_string()) {
            continue;
        }
        auto aaguid = aaguidFromString(entry["aaguid"].get<std::string>());
        if (!aaguid) {
            continue;
        }
        const auto statement = entry.find("metadataStatement");
        if (statement == entry.end() || !statement->is_object()) {
            continue;
        }
        const auto description = statement->find("description");
        if (description != statement->end() && description->is_string()) {
            out.m_names[*aaguid] = description->get<std::string>();
        }
    }
    return out;
}

Result<MetadataService> MetadataService::fromFiles(const std::filesystem::path& blob,
                                                   const std::filesystem::path& rootPem) {
    auto slurp = [](const std::filesystem::path& path) -> std::optional<std::string> {
        std::ifstream in(path, std::ios::binary);
        if (!in) {
            return std::nullopt;
        }
        std::ostringstream text;
        text << in.rdbuf();
        return text.str();
    };
    const auto blobText = slurp(blob);
    const auto rootText = slurp(rootPem);
    if (!blobText || !rootText) {
        return Error{ErrorCode::ConfigFileNotFound,
                     "cannot read " + (blobText ? rootPem.string() : blob.string())};
    }
    return fromBlob(*blobText, *rootText);
}

std::optional<std::string> MetadataService::describe(const Aaguid& aaguid) const {
    const auto it = m_names.find(aaguid);
    if (it == m_names.end()) {
        return std::nullopt;
    }
    return it->second;
}

} // namespace madoguchi::devices
