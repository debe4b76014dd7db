// SPDX-License-Identifier: Apache-2.0
#include "devices/CertificateChain.h"

#include <openssl/pem.h>

namespace madoguchi::devices {

crypto::X509Certificate certificateFromDer(const std::vector<std::uint8_t>& der) {
    const unsigned char* p = der.data();
    crypto::X509Certificate cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
    if (cert && p != der.data() + der.size()) {
        cert.reset(); // trailing bytes: not one certificate
    }
    return cert;
}

Result<crypto::X509Certificate> certificateFromPem(std::string_view pem) {
    crypto::Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    if (!bio) {
        return Error{ErrorCode::CryptoFailure, "BIO_new_mem_buf"};
    }
    crypto::X509Certificate cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!cert) {
        return Error{ErrorCode::InvalidArgument, "not a PEM certificate"};
    }
    return cert;
}

Result<ChainVerdict> verifyCertificateChain(X509* leaf, STACK_OF(X509) * intermediates,
                                            const std::vector<crypto::X509Certificate>& roots,
                                            TrustAnchors anchors) {
    crypto::X509Store store(X509_STORE_new());
    crypto::X509StoreCtx ctx(X509_STORE_CTX_new());
    if (!store || !ctx) {
        return Error{ErrorCode::CryptoFailure, "X509 allocation"};
    }
    for (const auto& root : roots) {
        if (X509_STORE_add_cert(store.get(), root.get()) != 1) {
            return Error{ErrorCode::CryptoFailure, "X509_STORE_add_cert"};
        }
    }
    if (anchors == TrustAnchors::AnyConfigured) {
        X509_STORE_set_flags(store.get(), X509_V_FLAG_PARTIAL_CHAIN);
    }
    if (X509_STORE_CTX_init(ctx.get(), store.get(), leaf, intermediates) != 1) {
        return Error{ErrorCode::CryptoFailure, "X509_STORE_CTX_init"};
    }
    if (X509_verify_cert(ctx.get()) != 1) {
        return ChainVerdict{false, X509_STORE_CTX_get_error(ctx.get())};
    }
    return ChainVerdict{true, X509_V_OK};
}

} // namespace madoguchi::devices
