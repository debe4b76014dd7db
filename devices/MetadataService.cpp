// SPDX-License-Identifier: Apache-2.0
#include "devices/MetadataService.h"

#include "crypto/Base64.h"
#include "crypto/OpenSslHandles.h"
#include "devices/CertificateChain.h"
#include "devices/EnrolledCredential.h"

#include <nlohmann/json.hpp>
#include <openssl/bn.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <vector>

namespace madoguchi::devices {

namespace {

Error invalid(std::string detail) {
    return Error{ErrorCode::DeviceMetadataInvalid, std::move(detail)};
}

Result<nlohmann::json> decodeJsonPart(std::string_view part, const char* what) {
    auto bytes = crypto::Base64::decodeUrl(part);
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
    crypto::EcdsaSig sig(ECDSA_SIG_new());
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
    auto root = certificateFromPem(rootPem);
    if (!root) {
        return root.code() == ErrorCode::CryptoFailure
                   ? root.error()
                   : invalid("configured MDS root is not a PEM certificate");
    }
    std::vector<crypto::X509Certificate> roots;
    roots.push_back(std::move(root).value());
    auto verdict =
        verifyCertificateChain(leaf, intermediates, roots, TrustAnchors::SelfSignedRoots);
    if (!verdict) {
        return verdict.error();
    }
    if (!verdict->holds) {
        return invalid(std::string("x5c does not chain to the configured root: ") +
                       X509_verify_cert_error_string(verdict->reason));
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
    crypto::EvpMdCtx md(EVP_MD_CTX_new());
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
    crypto::X509Certificate leaf;
    crypto::X509Stack intermediates(sk_X509_new_null());
    if (!intermediates) {
        return Error{ErrorCode::CryptoFailure, "sk_X509_new_null"};
    }
    for (const auto& entry : (*header)["x5c"]) {
        if (!entry.is_string()) {
            return invalid("x5c entry is not a string");
        }
        auto der = crypto::Base64::decode(entry.get<std::string>());
        if (!der) {
            return invalid("x5c entry is not base64");
        }
        crypto::X509Certificate cert = certificateFromDer(*der);
        if (!cert) {
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
    auto signature = crypto::Base64::decodeUrl(blob.substr(dot2 + 1));
    if (!signature) {
        return invalid("JWT signature is not base64url");
    }
    crypto::EvpPkey key(X509_get_pubkey(leaf.get()));
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
