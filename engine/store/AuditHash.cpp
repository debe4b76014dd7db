// SPDX-License-Identifier: Apache-2.0
#include "store/AuditHash.h"

#include "crypto/OpenSslHandles.h"

#include <openssl/evp.h>

#include <limits>
#include <memory>
#include <vector>

namespace madoguchi::store {

namespace {

void putU64(std::vector<std::uint8_t>& out, std::uint64_t value) {
    for (int shift = 56; shift >= 0; shift -= 8) {
        out.push_back(static_cast<std::uint8_t>(value >> shift));
    }
}

bool putText(std::vector<std::uint8_t>& out, std::string_view text) {
    if (text.size() > std::numeric_limits<std::uint32_t>::max()) {
        return false;
    }
    auto size = static_cast<std::uint32_t>(text.size());
    for (int shift = 24; shift >= 0; shift -= 8) {
        out.push_back(static_cast<std::uint8_t>(size >> shift));
    }
    out.insert(out.end(), text.begin(), text.end());
    return true;
}

} // namespace

Result<AuditDigest> AuditHash::compute(const AuditDigest& prevHash, std::int64_t seq,
                                       std::int64_t atMs, const AuditEvent& event) {
    std::vector<std::uint8_t> content;
    content.reserve(64 + event.kind.size() + event.subject.size() + event.detail.size());
    putU64(content, static_cast<std::uint64_t>(seq));
    putU64(content, static_cast<std::uint64_t>(atMs));
    if (!putText(content, event.kind) || !putText(content, event.subject) ||
        !putText(content, event.detail)) {
        return Error{ErrorCode::InvalidArgument, "audit field too long"};
    }

    crypto::EvpMd md(EVP_MD_fetch(nullptr, "SHA256", nullptr));
    crypto::EvpMdCtx ctx(EVP_MD_CTX_new());
    if (!md || !ctx) {
        return Error{ErrorCode::CryptoFailure, "SHA-256 unavailable"};
    }
    AuditDigest digest{};
    unsigned int length = 0;
    if (EVP_DigestInit_ex2(ctx.get(), md.get(), nullptr) != 1 ||
        EVP_DigestUpdate(ctx.get(), prevHash.data(), prevHash.size()) != 1 ||
        EVP_DigestUpdate(ctx.get(), content.data(), content.size()) != 1 ||
        EVP_DigestFinal_ex(ctx.get(), digest.data(), &length) != 1 || length != digest.size()) {
        return Error{ErrorCode::CryptoFailure, "SHA-256 failed"};
    }
    return digest;
}

} // namespace madoguchi::store
