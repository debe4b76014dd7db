// SPDX-License-Identifier: Apache-2.0
#pragma once

// What a software authenticator or a simulated browser needs to write: CBOR, COSE keys and
// signatures. Tests only; an OpenSSL failure throws (nothing here is product code).

#include "SoftAuthenticator.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

namespace madoguchi::devices::test {

// ---- a minimal CBOR writer (canonical as long as callers add keys in canonical order) ----
class CborWriter {
public:
    CborWriter& head(std::uint8_t major, std::uint64_t value) {
        const auto m = static_cast<std::uint8_t>(major << 5);
        if (value < 24) {
            m_out.push_back(static_cast<std::uint8_t>(m | value));
        } else if (value <= 0xff) {
            m_out.push_back(m | 24);
            m_out.push_back(static_cast<std::uint8_t>(value));
        } else if (value <= 0xffff) {
            m_out.push_back(m | 25);
            push(value, 2);
        } else if (value <= 0xffffffffU) {
            m_out.push_back(m | 26);
            push(value, 4);
        } else {
            m_out.push_back(m | 27);
            push(value, 8);
        }
        return *this;
    }
    CborWriter& integer(std::int64_t v) {
        return v >= 0 ? head(0, static_cast<std::uint64_t>(v))
                      : head(1, static_cast<std::uint64_t>(-1 - v));
    }
    CborWriter& bytes(const Bytes& b) {
        head(2, b.size());
        m_out.insert(m_out.end(), b.begin(), b.end());
        return *this;
    }
    CborWriter& text(const std::string& s) {
        head(3, s.size());
        m_out.insert(m_out.end(), s.begin(), s.end());
        return *this;
    }
    CborWriter& array(std::size_t n) { return head(4, n); }
    CborWriter& map(std::size_t n) { return head(5, n); }
    CborWriter& boolean(bool b) {
        m_out.push_back(b ? 0xf5 : 0xf4);
        return *this;
    }
    CborWriter& raw(const Bytes& b) {
        m_out.insert(m_out.end(), b.begin(), b.end());
        return *this;
    }
    Bytes take() { return std::move(m_out); }

private:
    void push(std::uint64_t value, int n) {
        for (int i = n - 1; i >= 0; --i) {
            m_out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
        }
    }
    Bytes m_out;
};

// Throws naming `what` when an OpenSSL call failed.
void check(bool ok, const char* what);

Bytes sha256(const Bytes& data);
Bytes hmacSha256(const Bytes& key, const Bytes& data);
Bytes randomBytes(std::size_t n);
EvpPkey newP256Key();
EvpPkey newEd25519Key();
bool isEd25519(EVP_PKEY* key);
// The EC point of a P-256 key as (x, y), 32 bytes each.
std::pair<Bytes, Bytes> publicXY(EVP_PKEY* key);
// COSE_Key (RFC 8152) of a P-256 key with `alg`, of an Ed25519 key (-8), of an RSA key (-257).
Bytes coseEs256(EVP_PKEY* key, std::int64_t alg);
Bytes coseEd25519(EVP_PKEY* key);
Bytes coseRs256(EVP_PKEY* key);
// ES256 and RS256 (SHA-256; DER for ECDSA, PKCS #1 v1.5 for RSA); pure Ed25519 (no digest).
Bytes signData(EVP_PKEY* key, const Bytes& data);

} // namespace madoguchi::devices::test
