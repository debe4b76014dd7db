// SPDX-License-Identifier: Apache-2.0
#include "TestCose.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <stdexcept>

namespace madoguchi::devices::test {

void check(bool ok, const char* what) {
    if (!ok) {
        throw std::runtime_error(std::string("test OpenSSL failure: ") + what);
    }
}

Bytes sha256(const Bytes& data) {
    Bytes out(SHA256_DIGEST_LENGTH);
    check(SHA256(data.data(), data.size(), out.data()) != nullptr, "SHA256");
    return out;
}

Bytes hmacSha256(const Bytes& key, const Bytes& data) {
    Bytes out(EVP_MAX_MD_SIZE);
    unsigned int len = 0;
    check(HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), data.data(), data.size(),
               out.data(), &len) != nullptr,
          "HMAC");
    out.resize(len);
    return out;
}

Bytes randomBytes(std::size_t n) {
    Bytes out(n);
    check(RAND_bytes(out.data(), static_cast<int>(n)) == 1, "RAND_bytes");
    return out;
}

EvpPkey newP256Key() {
    EvpPkey key(EVP_EC_gen("P-256"));
    check(key != nullptr, "EVP_EC_gen");
    return key;
}

std::pair<Bytes, Bytes> publicXY(EVP_PKEY* key) {
    Bytes point(65);
    std::size_t len = 0;
    check(EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size(),
                                          &len) == 1 &&
              len == 65,
          "public point");
    return {Bytes(point.begin() + 1, point.begin() + 33), Bytes(point.begin() + 33, point.end())};
}

Bytes coseEs256(EVP_PKEY* key, std::int64_t alg) {
    auto [x, y] = publicXY(key);
    CborWriter w;
    w.map(5).integer(1).integer(2).integer(3).integer(alg).integer(-1).integer(1);
    w.integer(-2).bytes(x).integer(-3).bytes(y);
    return w.take();
}

bool isEd25519(EVP_PKEY* key) {
    return EVP_PKEY_get_base_id(key) == EVP_PKEY_ED25519;
}

EvpPkey newEd25519Key() {
    EvpPkey key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
    check(key != nullptr, "EVP_PKEY_Q_keygen ED25519");
    return key;
}

// RFC 8152 §13.2 OKP key: kty 1, alg -8, crv 6 (Ed25519), x.
Bytes coseEd25519(EVP_PKEY* key) {
    Bytes x(32);
    std::size_t len = x.size();
    check(EVP_PKEY_get_raw_public_key(key, x.data(), &len) == 1 && len == 32, "Ed25519 public");
    CborWriter w;
    w.map(4).integer(1).integer(1).integer(3).integer(-8).integer(-1).integer(6);
    w.integer(-2).bytes(x);
    return w.take();
}

// ES256 (SHA-256, DER signature) for EC keys; pure Ed25519 (no digest) for EdDSA keys.
Bytes signData(EVP_PKEY* key, const Bytes& data) {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    check(ctx != nullptr, "EVP_MD_CTX_new");
    std::size_t len = 0;
    Bytes sig;
    const EVP_MD* md = isEd25519(key) ? nullptr : EVP_sha256();
    const bool ok = EVP_DigestSignInit(ctx, nullptr, md, nullptr, key) == 1 &&
                    EVP_DigestSign(ctx, nullptr, &len, data.data(), data.size()) == 1;
    if (ok) {
        sig.resize(len);
        check(EVP_DigestSign(ctx, sig.data(), &len, data.data(), data.size()) == 1, "sign");
        sig.resize(len);
    }
    EVP_MD_CTX_free(ctx);
    check(ok, "EVP_DigestSign");
    return sig;
}

// RFC 8230 §4 RSA key: kty 3, alg -257, n, e.
Bytes coseRs256(EVP_PKEY* key) {
    const auto param = [key](const char* name) {
        BIGNUM* bn = nullptr;
        check(EVP_PKEY_get_bn_param(key, name, &bn) == 1, name);
        Bytes out(static_cast<std::size_t>(BN_num_bytes(bn)));
        BN_bn2bin(bn, out.data());
        BN_free(bn);
        return out;
    };
    CborWriter w;
    w.map(4).integer(1).integer(3).integer(3).integer(-257);
    w.integer(-1)
        .bytes(param(OSSL_PKEY_PARAM_RSA_N))
        .integer(-2)
        .bytes(param(OSSL_PKEY_PARAM_RSA_E));
    return w.take();
}

} // namespace madoguchi::devices::test
