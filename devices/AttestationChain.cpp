// SPDX-License-Identifier: Apache-2.0
#include "devices/AttestationChain.h"

#include "crypto/OpenSslHandles.h"
#include "devices/CertificateChain.h"
#include "devices/EnrolledCredential.h"

#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <sstream>

namespace madoguchi::devices {

namespace {

// id-fido-gen-ce-aaguid (FIDO "Authenticator Attestation" certificate extension).
constexpr const char* kAaguidExtensionOid = "1.3.6.1.4.1.45724.1.1.4";

Error invalid(std::string detail) {
    return Error{ErrorCode::DeviceAttestationInvalid, std::move(detail)};
}

// The extension's value is an OCTET STRING holding the DER of an OCTET STRING of 16 bytes.
Status checkAaguidExtension(X509* leaf, const Aaguid& aaguid) {
    crypto::Asn1Object oid(OBJ_txt2obj(kAaguidExtensionOid, 1));
    if (!oid) {
        return Error{ErrorCode::CryptoFailure, "OBJ_txt2obj"};
    }
    const int index = X509_get_ext_by_OBJ(leaf, oid.get(), -1);
    if (index < 0) {
        return {}; // optional: U2F and many batch certificates do not carry it
    }
    X509_EXTENSION* ext = X509_get_ext(leaf, index);
    if (X509_EXTENSION_get_critical(ext) != 0) {
        return invalid("AAGUID extension must not be critical");
    }
    const ASN1_OCTET_STRING* outer = X509_EXTENSION_get_data(ext);
    const unsigned char* p = ASN1_STRING_get0_data(outer);
    const long outerLength = ASN1_STRING_length(outer);
    ASN1_OCTET_STRING* inner = d2i_ASN1_OCTET_STRING(nullptr, &p, outerLength);
    if (inner == nullptr) {
        return invalid("AAGUID extension is not an OCTET STRING");
    }
    const bool same = ASN1_STRING_length(inner) == static_cast<int>(aaguid.size()) &&
                      std::equal(aaguid.begin(), aaguid.end(), ASN1_STRING_get0_data(inner));
    ASN1_OCTET_STRING_free(inner);
    if (!same) {
        return invalid("the certificate's AAGUID extension differs from the attested AAGUID " +
                       aaguidToString(aaguid));
    }
    return {};
}

} // namespace

Status verifyAttestationChain(const std::vector<Bytes>& x5c,
                              const std::vector<std::string>& rootsPem, const Aaguid& aaguid) {
    if (x5c.empty()) {
        return Error{ErrorCode::DeviceAttestationUntrusted, "attestation carries no certificate"};
    }
    if (rootsPem.empty()) {
        return Error{ErrorCode::InvalidArgument, "no attestation roots to check against"};
    }
    crypto::X509Certificate leaf = certificateFromDer(x5c.front());
    if (!leaf) {
        return invalid("x5c[0] is not a DER certificate");
    }
    crypto::X509Stack intermediates(sk_X509_new_null());
    if (!intermediates) {
        return Error{ErrorCode::CryptoFailure, "X509 allocation"};
    }
    for (std::size_t i = 1; i < x5c.size(); ++i) {
        crypto::X509Certificate cert = certificateFromDer(x5c[i]);
        if (!cert) {
            return invalid("x5c[" + std::to_string(i) + "] is not a DER certificate");
        }
        if (sk_X509_push(intermediates.get(), cert.get()) <= 0) {
            return Error{ErrorCode::CryptoFailure, "sk_X509_push"};
        }
        static_cast<void>(cert.release()); // now owned by the stack
    }
    std::vector<crypto::X509Certificate> roots;
    for (const std::string& pem : rootsPem) {
        auto root = certificateFromPem(pem);
        if (!root) {
            return Error{ErrorCode::InvalidArgument, "configured attestation root does not load"};
        }
        roots.push_back(std::move(root).value());
    }
    // A configured certificate is trusted as it is, self-signed or not.
    auto verdict =
        verifyCertificateChain(leaf.get(), intermediates.get(), roots, TrustAnchors::AnyConfigured);
    if (!verdict) {
        return verdict.error();
    }
    if (!verdict->holds) {
        ERR_clear_error();
        return Error{ErrorCode::DeviceAttestationUntrusted,
                     std::string("attestation certificate does not chain to a configured root: ") +
                         X509_verify_cert_error_string(verdict->reason)};
    }
    // WebAuthn §8.2.1 / FIDO U2F: the attestation certificate is an end-entity certificate.
    if (X509_check_ca(leaf.get()) != 0) {
        return invalid("attestation certificate is a CA certificate");
    }
    return checkAaguidExtension(leaf.get(), aaguid);
}

Result<std::vector<std::string>> splitPemCertificates(std::string_view pem) {
    crypto::Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    if (!bio) {
        return Error{ErrorCode::CryptoFailure, "BIO_new_mem_buf"};
    }
    std::vector<std::string> out;
    for (;;) {
        crypto::X509Certificate cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
        if (!cert) {
            break;
        }
        crypto::Bio mem(BIO_new(BIO_s_mem()));
        if (!mem || PEM_write_bio_X509(mem.get(), cert.get()) != 1) {
            return Error{ErrorCode::CryptoFailure, "PEM_write_bio_X509"};
        }
        char* data = nullptr;
        const long len = BIO_get_mem_data(mem.get(), &data);
        out.emplace_back(data, static_cast<std::size_t>(len));
    }
    // The loop ends on the first block that is not a certificate; only "no more data" is fine.
    const unsigned long last = ERR_peek_last_error();
    ERR_clear_error();
    const bool atEnd = last == 0 || (ERR_GET_LIB(last) == ERR_LIB_PEM &&
                                     ERR_GET_REASON(last) == PEM_R_NO_START_LINE);
    if (out.empty() || !atEnd) {
        return Error{ErrorCode::InvalidArgument,
                     out.empty() ? "no PEM certificate found" : "a PEM block is not a certificate"};
    }
    return out;
}

Result<AttestationPolicy> attestationPolicyFromSettings(
    const std::vector<std::string>& allowAaguids, const std::vector<std::string>& denyAaguids,
    const std::vector<std::filesystem::path>& rootFiles, bool acceptUnverified) {
    AttestationPolicy policy;
    for (const auto& [texts, target] : {std::pair{&allowAaguids, &policy.allowedAaguids},
                                        std::pair{&denyAaguids, &policy.deniedAaguids}}) {
        for (const std::string& text : *texts) {
            auto aaguid = aaguidFromString(text);
            if (!aaguid) {
                return Error{ErrorCode::ConfigInvalid, "kiosk.fido2: not an AAGUID: " + text};
            }
            target->push_back(*aaguid);
        }
    }
    for (const auto& file : rootFiles) {
        std::ifstream in(file, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        if (!in) {
            return Error{ErrorCode::ConfigInvalid,
                         "kiosk.fido2.attestation_roots: cannot read " + file.string()};
        }
        auto certificates = splitPemCertificates(text.str());
        if (!certificates) {
            return Error{ErrorCode::ConfigInvalid,
                         "kiosk.fido2.attestation_roots: " + file.string() + ": " +
                             certificates.error().detail};
        }
        for (auto& pem : *certificates) {
            policy.trustedRootsPem.push_back(std::move(pem));
        }
    }
    policy.acceptUnverified = acceptUnverified;
    return policy;
}

Status checkAaguid(const AttestationPolicy& policy, const Aaguid& aaguid) {
    const auto listed = [&](const std::vector<Aaguid>& list) {
        return std::find(list.begin(), list.end(), aaguid) != list.end();
    };
    if (listed(policy.deniedAaguids)) {
        return Error{ErrorCode::DeviceAaguidDenied,
                     "AAGUID " + aaguidToString(aaguid) + " is on the deny list"};
    }
    if (!policy.allowedAaguids.empty() && !listed(policy.allowedAaguids)) {
        return Error{ErrorCode::DeviceAaguidDenied,
                     "AAGUID " + aaguidToString(aaguid) + " is not on the allow list"};
    }
    return {};
}

} // namespace madoguchi::devices
