// SPDX-License-Identifier: Apache-2.0
#include "SoftAuthenticator.h"

#include "TestCose.h"
#include "devices/CborItem.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/param_build.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cbor.h>
#include <chrono>
#include <cstring>
#include <stdexcept>

namespace madoguchi::devices::test {

namespace {

// CTAPHID commands (without the 0x80 init bit) and CTAP2 status codes used here.
constexpr std::uint8_t kPing = 0x01;
constexpr std::uint8_t kMsg = 0x03;
constexpr std::uint8_t kInit = 0x06;
constexpr std::uint8_t kWink = 0x08;
constexpr std::uint8_t kCbor = 0x10;
constexpr std::uint8_t kCancel = 0x11;
constexpr std::uint8_t kKeepalive = 0x3b;
constexpr std::uint8_t kError = 0x3f;

constexpr std::uint8_t kOk = 0x00;
constexpr std::uint8_t kErrInvalidCommand = 0x01;
constexpr std::uint8_t kErrInvalidParameter = 0x02;
constexpr std::uint8_t kErrInvalidSeq = 0x04;
constexpr std::uint8_t kErrInvalidCbor = 0x12;
constexpr std::uint8_t kErrMissingParameter = 0x14;
constexpr std::uint8_t kErrCredentialExcluded = 0x19;
constexpr std::uint8_t kErrUnsupportedAlgorithm = 0x26;
constexpr std::uint8_t kErrOperationDenied = 0x27;
constexpr std::uint8_t kErrUnsupportedOption = 0x2b;
constexpr std::uint8_t kErrKeepaliveCancel = 0x2d;
constexpr std::uint8_t kErrNoCredentials = 0x2e;
constexpr std::uint8_t kErrUserActionTimeout = 0x2f;
constexpr std::uint8_t kErrPinInvalid = 0x31;
constexpr std::uint8_t kErrPinBlocked = 0x32;
constexpr std::uint8_t kErrPinAuthInvalid = 0x33;
constexpr std::uint8_t kErrPinAuthBlocked = 0x34;
constexpr std::uint8_t kErrPinNotSet = 0x35;
constexpr std::uint8_t kErrPinRequired = 0x36;
constexpr std::uint8_t kErrPinPolicyViolation = 0x37;

constexpr std::uint8_t kKeepaliveProcessing = 1;
constexpr std::uint8_t kKeepaliveUpNeeded = 2;
constexpr int kTimeoutKeepalives = 3;

// ---- libcbor reading helpers ----

std::optional<std::int64_t> asInt(const cbor_item_t* item) {
    if (cbor_isa_uint(item)) {
        return static_cast<std::int64_t>(cbor_get_int(item));
    }
    if (cbor_isa_negint(item)) {
        return -1 - static_cast<std::int64_t>(cbor_get_int(item));
    }
    return std::nullopt;
}

std::optional<std::string> asText(const cbor_item_t* item) {
    if (item == nullptr || !cbor_isa_string(item) || !cbor_string_is_definite(item)) {
        return std::nullopt;
    }
    return std::string(reinterpret_cast<const char*>(cbor_string_handle(item)),
                       cbor_string_length(item));
}

std::optional<Bytes> asBytes(const cbor_item_t* item) {
    if (item == nullptr || !cbor_isa_bytestring(item) || !cbor_bytestring_is_definite(item)) {
        return std::nullopt;
    }
    return Bytes(cbor_bytestring_handle(item),
                 cbor_bytestring_handle(item) + cbor_bytestring_length(item));
}

const cbor_item_t* mapGet(const cbor_item_t* map, std::int64_t key) {
    if (map == nullptr || !cbor_isa_map(map)) {
        return nullptr;
    }
    const cbor_pair* pairs = cbor_map_handle(map);
    for (std::size_t i = 0; i < cbor_map_size(map); ++i) {
        if (auto k = asInt(pairs[i].key); k && *k == key) {
            return pairs[i].value;
        }
    }
    return nullptr;
}

const cbor_item_t* mapGet(const cbor_item_t* map, const std::string& key) {
    if (map == nullptr || !cbor_isa_map(map)) {
        return nullptr;
    }
    const cbor_pair* pairs = cbor_map_handle(map);
    for (std::size_t i = 0; i < cbor_map_size(map); ++i) {
        if (auto k = asText(pairs[i].key); k && *k == key) {
            return pairs[i].value;
        }
    }
    return nullptr;
}

std::optional<bool> mapBool(const cbor_item_t* map, const std::string& key) {
    const cbor_item_t* v = mapGet(map, key);
    if (v == nullptr || !cbor_isa_float_ctrl(v) || !cbor_float_ctrl_is_ctrl(v)) {
        return std::nullopt;
    }
    return cbor_get_bool(v);
}

// ECDH with the platform's COSE key: the shared point's x coordinate Z.
std::optional<Bytes> ecdhZ(EVP_PKEY* ours, const cbor_item_t* platformCose) {
    auto x = asBytes(mapGet(platformCose, -2));
    auto y = asBytes(mapGet(platformCose, -3));
    if (!x || !y || x->size() != 32 || y->size() != 32) {
        return std::nullopt;
    }
    Bytes point{0x04};
    point.insert(point.end(), x->begin(), x->end());
    point.insert(point.end(), y->begin(), y->end());
    OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
    check(bld != nullptr, "OSSL_PARAM_BLD_new");
    check(OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) == 1 &&
              OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                               point.size()) == 1,
          "param push");
    OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
    OSSL_PARAM_BLD_free(bld);
    EVP_PKEY_CTX* fromCtx = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr);
    EVP_PKEY* peer = nullptr;
    const bool built = fromCtx != nullptr && EVP_PKEY_fromdata_init(fromCtx) == 1 &&
                       EVP_PKEY_fromdata(fromCtx, &peer, EVP_PKEY_PUBLIC_KEY, params) == 1;
    EVP_PKEY_CTX_free(fromCtx);
    OSSL_PARAM_free(params);
    if (!built) {
        return std::nullopt; // not a point on the curve: the platform sent garbage
    }
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new(ours, nullptr);
    Bytes z(32);
    std::size_t zLen = z.size();
    const bool derived = ctx != nullptr && EVP_PKEY_derive_init(ctx) == 1 &&
                         EVP_PKEY_derive_set_peer(ctx, peer) == 1 &&
                         EVP_PKEY_derive(ctx, z.data(), &zLen) == 1 && zLen == 32;
    EVP_PKEY_CTX_free(ctx);
    EVP_PKEY_free(peer);
    if (!derived) {
        return std::nullopt;
    }
    return z;
}

Bytes hkdfSha256(const Bytes& ikm, const std::string& info) {
    EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_id(EVP_PKEY_HKDF, nullptr);
    const std::uint8_t salt[32] = {};
    Bytes out(32);
    std::size_t len = out.size();
    const bool ok =
        ctx != nullptr && EVP_PKEY_derive_init(ctx) == 1 &&
        EVP_PKEY_CTX_set_hkdf_md(ctx, EVP_sha256()) == 1 &&
        EVP_PKEY_CTX_set1_hkdf_salt(ctx, salt, sizeof(salt)) == 1 &&
        EVP_PKEY_CTX_set1_hkdf_key(ctx, ikm.data(), static_cast<int>(ikm.size())) == 1 &&
        EVP_PKEY_CTX_add1_hkdf_info(ctx, reinterpret_cast<const unsigned char*>(info.data()),
                                    static_cast<int>(info.size())) == 1 &&
        EVP_PKEY_derive(ctx, out.data(), &len) == 1 && len == 32;
    EVP_PKEY_CTX_free(ctx);
    check(ok, "HKDF");
    return out;
}

Bytes aes256Cbc(const Bytes& key, const Bytes& iv, const Bytes& in, bool encrypt) {
    check(in.size() % 16 == 0 && iv.size() == 16, "AES input not block-aligned");
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    check(ctx != nullptr, "EVP_CIPHER_CTX_new");
    Bytes out(in.size() + 16);
    int len = 0;
    int tail = 0;
    const bool ok =
        EVP_CipherInit_ex(ctx, EVP_aes_256_cbc(), nullptr, key.data(), iv.data(),
                          encrypt ? 1 : 0) == 1 &&
        EVP_CIPHER_CTX_set_padding(ctx, 0) == 1 &&
        EVP_CipherUpdate(ctx, out.data(), &len, in.data(), static_cast<int>(in.size())) == 1 &&
        EVP_CipherFinal_ex(ctx, out.data() + len, &tail) == 1;
    EVP_CIPHER_CTX_free(ctx);
    check(ok, "AES-256-CBC");
    out.resize(static_cast<std::size_t>(len + tail));
    return out;
}

Bytes left16(const Bytes& b) {
    return Bytes(b.begin(), b.begin() + 16);
}

bool constantTimeEqual(const Bytes& a, const Bytes& b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

// CTAP 2.1 §6.5.6/§6.5.7: the two PIN/UV auth protocols.
struct PinProtocol {
    int version = 1;

    // Protocol 1: SHA-256(Z). Protocol 2: HMAC key ‖ AES key, each HKDF-SHA-256 of Z.
    Bytes kdf(const Bytes& z) const {
        if (version == 1) {
            return sha256(z);
        }
        Bytes out = hkdfSha256(z, "CTAP2 HMAC key");
        const Bytes aes = hkdfSha256(z, "CTAP2 AES key");
        out.insert(out.end(), aes.begin(), aes.end());
        return out;
    }
    Bytes aesKey(const Bytes& shared) const {
        return version == 1 ? shared : Bytes(shared.begin() + 32, shared.end());
    }
    std::optional<Bytes> decrypt(const Bytes& shared, const Bytes& ct) const {
        if (version == 1) {
            if (ct.size() % 16 != 0 || ct.empty()) {
                return std::nullopt;
            }
            return aes256Cbc(aesKey(shared), Bytes(16, 0), ct, false);
        }
        if (ct.size() < 32 || ct.size() % 16 != 0) {
            return std::nullopt;
        }
        return aes256Cbc(aesKey(shared), Bytes(ct.begin(), ct.begin() + 16),
                         Bytes(ct.begin() + 16, ct.end()), false);
    }
    Bytes encrypt(const Bytes& shared, const Bytes& pt) const {
        if (version == 1) {
            return aes256Cbc(aesKey(shared), Bytes(16, 0), pt, true);
        }
        Bytes iv = randomBytes(16);
        Bytes out = iv;
        const Bytes body = aes256Cbc(aesKey(shared), iv, pt, true);
        out.insert(out.end(), body.begin(), body.end());
        return out;
    }
    // `key` is a shared secret (protocol 2 uses its HMAC half) or a pinUvAuthToken.
    Bytes authenticate(const Bytes& key, const Bytes& message) const {
        if (version == 1) {
            return left16(hmacSha256(key, message));
        }
        return hmacSha256(Bytes(key.begin(), key.begin() + 32), message);
    }
};

Bytes status(std::uint8_t code) {
    return Bytes{code};
}

Bytes statusWith(std::uint8_t code, Bytes body) {
    body.insert(body.begin(), code);
    return body;
}

void appendBe32(Bytes& out, std::uint32_t v) {
    for (int i = 3; i >= 0; --i) {
        out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
    }
}

} // namespace

SoftAuthenticator::SoftAuthenticator(Options options)
    : m_options(std::move(options)), m_pinRetries(m_options.pinRetries),
      m_keyAgreement(newP256Key()) {}

void SoftAuthenticator::setFault(Fault fault) {
    std::lock_guard lock(m_mutex);
    m_fault = fault;
    m_removed = fault == Fault::Removed;
}

void SoftAuthenticator::setTouch(Touch touch) {
    std::lock_guard lock(m_mutex);
    m_touch = touch;
}

void SoftAuthenticator::setPin(const std::string& pin) {
    std::lock_guard lock(m_mutex);
    m_pinHash = left16(sha256(Bytes(pin.begin(), pin.end())));
    m_pinRetries = m_options.pinRetries;
}

void SoftAuthenticator::replug() {
    std::lock_guard lock(m_mutex);
    m_consecutiveWrongPins = 0;
    m_removed = false;
    m_fault = Fault::None;
    m_out.clear();
    m_pending.reset();
    m_rxActive = false;
    m_keyAgreement = newP256Key();
    m_pinToken.clear();
}

bool SoftAuthenticator::removed() const {
    std::lock_guard lock(m_mutex);
    return m_removed;
}
bool SoftAuthenticator::pinSet() const {
    std::lock_guard lock(m_mutex);
    return m_pinHash.has_value();
}
int SoftAuthenticator::pinRetries() const {
    std::lock_guard lock(m_mutex);
    return m_pinRetries;
}
std::size_t SoftAuthenticator::credentialCount() const {
    std::lock_guard lock(m_mutex);
    return m_credentials.size();
}
std::uint32_t SoftAuthenticator::signCount() const {
    std::lock_guard lock(m_mutex);
    return m_signCount;
}
SoftAuthenticator::LastMakeCredential SoftAuthenticator::lastMakeCredential() const {
    std::lock_guard lock(m_mutex);
    return m_last;
}
int SoftAuthenticator::lastPinProtocol() const {
    std::lock_guard lock(m_mutex);
    return m_lastPinProtocol;
}
int SoftAuthenticator::cancelsReceived() const {
    std::lock_guard lock(m_mutex);
    return m_cancels;
}
bool SoftAuthenticator::waitUntilTouchRequested(std::chrono::milliseconds guard) {
    std::unique_lock lock(m_mutex);
    return m_cv.wait_for(lock, guard, [this] { return m_upNeededSent > 0; });
}

// ---------------------------------------------------------------- HID framing

int SoftAuthenticator::write(std::span<const std::uint8_t> report) {
    std::lock_guard lock(m_mutex);
    if (m_removed) {
        return -1;
    }
    if (report.size() != 65 || report[0] != 0) {
        return -1; // libfido2 always writes report ID 0 plus 64 bytes
    }
    const auto* p = report.data() + 1;
    const std::uint32_t cid = (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) |
                              (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
    if ((p[4] & 0x80U) != 0) {
        const auto cmd = static_cast<std::uint8_t>(p[4] & 0x7fU);
        const std::size_t bcnt = (std::size_t{p[5]} << 8) | p[6];
        if (cmd == kCancel) {
            ++m_cancels;
            if (m_pending && m_pending->cid == cid) {
                m_pending->cancelled = true;
                m_cv.notify_all();
            }
            return static_cast<int>(report.size());
        }
        m_rxCid = cid;
        m_rxCmd = cmd;
        m_rxExpected = bcnt;
        m_rxSeq = 0;
        m_rxData.assign(p + 7, p + 7 + std::min<std::size_t>(bcnt, 57));
        m_rxActive = true;
    } else {
        if (!m_rxActive || cid != m_rxCid || p[4] != m_rxSeq) {
            m_rxActive = false;
            queueMessage(cid, kError, Bytes{kErrInvalidSeq});
            return static_cast<int>(report.size());
        }
        ++m_rxSeq;
        const std::size_t take = std::min<std::size_t>(m_rxExpected - m_rxData.size(), 59);
        m_rxData.insert(m_rxData.end(), p + 5, p + 5 + take);
    }
    if (m_rxActive && m_rxData.size() >= m_rxExpected) {
        m_rxActive = false;
        dispatch(m_rxCid, m_rxCmd, m_rxData);
    }
    return static_cast<int>(report.size());
}

int SoftAuthenticator::read(std::span<std::uint8_t> report, int /*timeoutMs*/) {
    std::unique_lock lock(m_mutex);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    for (;;) {
        if (m_removed || report.size() != 64) {
            return -1;
        }
        if (!m_out.empty()) {
            std::memcpy(report.data(), m_out.front().data(), 64);
            m_out.pop_front();
            return 64;
        }
        if (!m_pending) {
            return -1; // nothing to say: libfido2 treats this as a receive failure
        }
        Pending& pending = *m_pending;
        if (pending.cancelled) {
            const std::uint32_t cid = pending.cid;
            m_pending.reset();
            queueCbor(cid, status(kErrKeepaliveCancel));
            continue;
        }
        switch (m_touch) {
        case Touch::Immediate:
            if (pending.keepalivesSent == 0) {
                ++pending.keepalivesSent;
                queueKeepalive(pending.cid, kKeepaliveProcessing);
            } else {
                const std::uint32_t cid = pending.cid;
                auto complete = std::move(pending.complete);
                m_pending.reset();
                queueTouchReply(cid, complete());
            }
            break;
        case Touch::Never:
            if (pending.keepalivesSent < kTimeoutKeepalives) {
                ++pending.keepalivesSent;
                queueKeepalive(pending.cid, kKeepaliveUpNeeded);
            } else {
                const std::uint32_t cid = pending.cid;
                m_pending.reset();
                queueCbor(cid, status(kErrUserActionTimeout));
            }
            break;
        case Touch::Deny:
            if (pending.keepalivesSent == 0) {
                ++pending.keepalivesSent;
                queueKeepalive(pending.cid, kKeepaliveUpNeeded);
            } else {
                const std::uint32_t cid = pending.cid;
                m_pending.reset();
                queueCbor(cid, status(kErrOperationDenied));
            }
            break;
        case Touch::UntilCancelled:
            // Wait for a CANCEL written from another thread, sending UPNEEDED meanwhile.
            m_cv.wait_for(lock, std::chrono::milliseconds(20));
            if (m_pending && !m_pending->cancelled) {
                if (std::chrono::steady_clock::now() > deadline) {
                    const std::uint32_t cid = m_pending->cid;
                    m_pending.reset();
                    queueCbor(cid, status(kErrUserActionTimeout));
                } else {
                    ++m_pending->keepalivesSent;
                    queueKeepalive(m_pending->cid, kKeepaliveUpNeeded);
                }
            }
            break;
        }
    }
}

void SoftAuthenticator::queueMessage(std::uint32_t cid, std::uint8_t cmd, const Bytes& payload) {
    Frame frame{};
    auto putCid = [&](Frame& f) {
        f[0] = static_cast<std::uint8_t>(cid >> 24);
        f[1] = static_cast<std::uint8_t>(cid >> 16);
        f[2] = static_cast<std::uint8_t>(cid >> 8);
        f[3] = static_cast<std::uint8_t>(cid);
    };
    putCid(frame);
    frame[4] = static_cast<std::uint8_t>(0x80U | cmd);
    frame[5] = static_cast<std::uint8_t>(payload.size() >> 8);
    frame[6] = static_cast<std::uint8_t>(payload.size());
    std::size_t offset = std::min<std::size_t>(payload.size(), 57);
    std::memcpy(frame.data() + 7, payload.data(), offset);
    m_out.push_back(frame);
    std::uint8_t seq = 0;
    while (offset < payload.size()) {
        Frame cont{};
        putCid(cont);
        cont[4] = seq++;
        const std::size_t take = std::min<std::size_t>(payload.size() - offset, 59);
        std::memcpy(cont.data() + 5, payload.data() + offset, take);
        offset += take;
        m_out.push_back(cont);
    }
}

void SoftAuthenticator::queueCbor(std::uint32_t cid, const Bytes& statusAndBody) {
    queueMessage(cid, kCbor, statusAndBody);
}

void SoftAuthenticator::queueKeepalive(std::uint32_t cid, std::uint8_t keepaliveStatus) {
    queueMessage(cid, kKeepalive, Bytes{keepaliveStatus});
    if (keepaliveStatus == kKeepaliveUpNeeded) {
        ++m_upNeededSent;
        m_cv.notify_all(); // waitUntilTouchRequested
    }
}

// Replies that followed a touch are where the reply faults apply.
void SoftAuthenticator::queueTouchReply(std::uint32_t cid, const Bytes& statusAndBody) {
    switch (m_fault) {
    case Fault::MalformedReply:
        queueCbor(cid, Bytes{kOk, 0xff, 0xfe, 0x1c, 0x00, 0x5b});
        return;
    case Fault::TruncatedReply: {
        Bytes cut(statusAndBody.begin(),
                  statusAndBody.begin() + static_cast<std::ptrdiff_t>(statusAndBody.size() / 2));
        queueCbor(cid, cut);
        return;
    }
    case Fault::OversizedReply: {
        Frame frame{};
        frame[0] = static_cast<std::uint8_t>(cid >> 24);
        frame[1] = static_cast<std::uint8_t>(cid >> 16);
        frame[2] = static_cast<std::uint8_t>(cid >> 8);
        frame[3] = static_cast<std::uint8_t>(cid);
        frame[4] = 0x80U | kCbor;
        frame[5] = 0xff;
        frame[6] = 0xff;
        m_out.push_back(frame);
        return;
    }
    case Fault::BadContinuation: {
        queueCbor(cid, statusAndBody);
        if (m_out.size() >= 2) {
            m_out[1][4] = 0x05; // the first continuation should carry sequence 0
        }
        return;
    }
    default:
        queueCbor(cid, statusAndBody);
        return;
    }
}

void SoftAuthenticator::dispatch(std::uint32_t cid, std::uint8_t cmd, const Bytes& payload) {
    switch (cmd) {
    case kInit: {
        if (payload.size() != 8) {
            queueMessage(cid, kError, Bytes{kErrInvalidParameter});
            return;
        }
        Bytes reply(payload);
        const std::uint32_t newCid = cid == 0xffffffffU ? m_nextCid++ : cid;
        appendBe32(reply, newCid);
        reply.insert(reply.end(), {2, 1, 0, 0, 0x04 | 0x08}); // CTAPHID v2, CBOR, no MSG
        queueMessage(cid, kInit, reply);
        return;
    }
    case kPing:
        queueMessage(cid, kPing, payload);
        return;
    case kWink:
        queueMessage(cid, kWink, {});
        return;
    case kCbor: {
        Bytes reply = handleCbor(cid, payload);
        if (!reply.empty()) {
            queueCbor(cid, reply);
        }
        return;
    }
    case kMsg: // no U2F: this key advertises NMSG
    default:
        queueMessage(cid, kError, Bytes{kErrInvalidCommand});
        return;
    }
}

// ---------------------------------------------------------------- CTAP2

Bytes SoftAuthenticator::handleCbor(std::uint32_t cid, const Bytes& request) {
    if (request.empty()) {
        return status(kErrInvalidCommand);
    }
    switch (request[0]) {
    case 0x04:
        if (m_fault == Fault::GetInfoFails) {
            return status(kErrInvalidCommand);
        }
        return getInfo();
    case 0x06:
        return clientPin(request);
    case 0x01:
        return makeCredential(cid, request);
    case 0x02:
        return getAssertion(cid, request);
    default:
        return status(kErrInvalidCommand);
    }
}

Bytes SoftAuthenticator::getInfo() const {
    CborWriter w;
    w.map(9);
    w.integer(1).array(1).text("FIDO_2_0");
    w.integer(2).array(0);
    w.integer(3).bytes(Bytes(m_options.aaguid.begin(), m_options.aaguid.end()));
    // Option keys in canonical order: shorter first, then bytewise.
    w.integer(4).map(3U + (m_options.builtInUv ? 1U : 0U) +
                     (m_options.clientPinSupported ? 1U : 0U));
    w.text("rk").boolean(m_options.residentKeys);
    w.text("up").boolean(true);
    if (m_options.builtInUv) {
        w.text("uv").boolean(true);
    }
    w.text("plat").boolean(false);
    if (m_options.clientPinSupported) {
        w.text("clientPin").boolean(m_pinHash.has_value());
    }
    w.integer(5).integer(1200);
    w.integer(6).array(m_options.pinProtocols.size());
    for (const int protocol : m_options.pinProtocols) {
        w.integer(protocol);
    }
    w.integer(9).array(1).text("usb");
    w.integer(10).array(m_options.algorithms.size());
    for (const int alg : m_options.algorithms) {
        w.map(2).text("alg").integer(alg).text("type").text("public-key");
    }
    w.integer(13).integer(static_cast<std::int64_t>(m_options.minPinLength));
    return statusWith(kOk, w.take());
}

Bytes SoftAuthenticator::clientPin(const Bytes& request) {
    cbor_load_result load{};
    CborItem root(cbor_load(request.data() + 1, request.size() - 1, &load));
    if (!root || !cbor_isa_map(root.get())) {
        return status(kErrInvalidCbor);
    }
    const auto protocol = mapGet(root.get(), 1) ? asInt(mapGet(root.get(), 1)) : std::nullopt;
    const auto sub = mapGet(root.get(), 2) ? asInt(mapGet(root.get(), 2)) : std::nullopt;
    if (!protocol || !sub) {
        return status(kErrMissingParameter);
    }
    if (std::find(m_options.pinProtocols.begin(), m_options.pinProtocols.end(), *protocol) ==
        m_options.pinProtocols.end()) {
        return status(kErrInvalidParameter);
    }
    m_lastPinProtocol = static_cast<int>(*protocol);
    const PinProtocol pp{static_cast<int>(*protocol)};
    auto shared = [&]() -> std::optional<Bytes> {
        auto z = ecdhZ(m_keyAgreement.get(), mapGet(root.get(), 3));
        if (!z) {
            return std::nullopt;
        }
        return pp.kdf(*z);
    };
    switch (*sub) {
    case 1: { // getRetries
        CborWriter w;
        w.map(1).integer(3).integer(m_pinRetries);
        return statusWith(kOk, w.take());
    }
    case 2: { // getKeyAgreement
        CborWriter w;
        w.map(1).integer(1).raw(coseEs256(m_keyAgreement.get(), -25));
        return statusWith(kOk, w.take());
    }
    case 3: { // setPIN
        if (m_pinHash) {
            return status(kErrPinAuthInvalid); // changePIN would be needed
        }
        const auto secret = shared();
        const auto pinAuth = asBytes(mapGet(root.get(), 4));
        const auto newPinEnc = asBytes(mapGet(root.get(), 5));
        if (!secret || !pinAuth || !newPinEnc) {
            return status(kErrMissingParameter);
        }
        if (!constantTimeEqual(pp.authenticate(*secret, *newPinEnc), *pinAuth)) {
            return status(kErrPinAuthInvalid);
        }
        auto decrypted = pp.decrypt(*secret, *newPinEnc);
        if (!decrypted || decrypted->size() < 64) {
            return status(kErrPinPolicyViolation);
        }
        Bytes padded = std::move(*decrypted);
        const auto end = std::find(padded.begin(), padded.end(), 0);
        const Bytes pin(padded.begin(), end);
        OPENSSL_cleanse(padded.data(), padded.size());
        if (pin.size() < m_options.minPinLength || pin.size() > 63) {
            return status(kErrPinPolicyViolation);
        }
        m_pinHash = left16(sha256(pin));
        m_pinRetries = m_options.pinRetries;
        return status(kOk);
    }
    case 5:   // getPinToken
    case 9: { // getPinUvAuthTokenUsingPinWithPermissions (same checks for our purposes)
        if (!m_pinHash) {
            return status(kErrPinNotSet);
        }
        if (m_pinRetries <= 0) {
            return status(kErrPinBlocked);
        }
        if (m_consecutiveWrongPins >= 3) {
            return status(kErrPinAuthBlocked);
        }
        const auto secret = shared();
        const auto pinHashEnc = asBytes(mapGet(root.get(), 6));
        if (!secret || !pinHashEnc) {
            return status(kErrMissingParameter);
        }
        const auto pinHash = pp.decrypt(*secret, *pinHashEnc);
        if (!pinHash || !constantTimeEqual(*pinHash, *m_pinHash)) {
            --m_pinRetries;
            ++m_consecutiveWrongPins;
            m_keyAgreement = newP256Key();
            if (m_pinRetries <= 0) {
                return status(kErrPinBlocked);
            }
            if (m_consecutiveWrongPins >= 3) {
                return status(kErrPinAuthBlocked);
            }
            return status(kErrPinInvalid);
        }
        m_pinRetries = m_options.pinRetries;
        m_consecutiveWrongPins = 0;
        m_pinToken = randomBytes(32);
        CborWriter w;
        w.map(1).integer(2).bytes(pp.encrypt(*secret, m_pinToken));
        return statusWith(kOk, w.take());
    }
    default:
        return status(kErrInvalidCommand);
    }
}

Bytes SoftAuthenticator::makeCredential(std::uint32_t cid, const Bytes& request) {
    cbor_load_result load{};
    CborItem root(cbor_load(request.data() + 1, request.size() - 1, &load));
    if (!root || !cbor_isa_map(root.get())) {
        return status(kErrInvalidCbor);
    }
    const auto cdh = asBytes(mapGet(root.get(), 1));
    const cbor_item_t* rp = mapGet(root.get(), 2);
    const cbor_item_t* user = mapGet(root.get(), 3);
    const cbor_item_t* params = mapGet(root.get(), 4);
    const auto rpId = asText(mapGet(rp, "id"));
    const auto userId = asBytes(mapGet(user, "id"));
    if (!cdh || !rpId || !userId || params == nullptr || !cbor_isa_array(params)) {
        return status(kErrMissingParameter);
    }
    LastMakeCredential last;
    last.rpId = *rpId;
    last.rpName = asText(mapGet(rp, "name")).value_or("");
    last.userId = *userId;
    last.userName = asText(mapGet(user, "name")).value_or("");
    last.userDisplayName = asText(mapGet(user, "displayName")).value_or("");
    // The first of the platform's algorithms (in its order of preference) this key has.
    int algorithm = 0;
    for (std::size_t i = 0; i < cbor_array_size(params) && algorithm == 0; ++i) {
        const auto alg = asInt(mapGet(cbor_array_handle(params)[i], "alg"));
        if (alg && std::find(m_options.algorithms.begin(), m_options.algorithms.end(), *alg) !=
                       m_options.algorithms.end()) {
            algorithm = static_cast<int>(*alg);
        }
    }
    last.algorithm = algorithm;
    const cbor_item_t* options = mapGet(root.get(), 7);
    last.rkRequested = mapBool(options, "rk").value_or(false);
    last.uvOptionSent = mapBool(options, "uv").has_value();
    const auto pinAuth = asBytes(mapGet(root.get(), 8));
    last.pinAuthSent = pinAuth.has_value();
    const cbor_item_t* exclude = mapGet(root.get(), 5);
    last.excludeCount =
        exclude != nullptr && cbor_isa_array(exclude) ? cbor_array_size(exclude) : 0;
    m_last = last;

    if (algorithm == 0 || (m_options.attestation == Attestation::U2f && algorithm != -7)) {
        return status(kErrUnsupportedAlgorithm); // U2F attestation covers P-256 keys only
    }
    bool uv = false;
    if (pinAuth) {
        if (!m_pinHash) {
            return status(kErrPinNotSet);
        }
        const auto version = asInt(mapGet(root.get(), 9)).value_or(1);
        if (m_pinToken.empty() ||
            !constantTimeEqual(
                PinProtocol{static_cast<int>(version)}.authenticate(m_pinToken, *cdh), *pinAuth)) {
            return status(kErrPinAuthInvalid);
        }
        uv = true;
    } else if (m_options.builtInUv && mapBool(options, "uv").value_or(false)) {
        uv = true; // the member's fingerprint, say
    } else if (m_pinHash) {
        return status(kErrPinRequired);
    } else if (mapBool(options, "uv").value_or(false)) {
        return status(kErrUnsupportedOption); // no built-in user verification
    }
    if (last.rkRequested && !m_options.residentKeys) {
        return status(kErrUnsupportedOption);
    }
    for (std::size_t i = 0; exclude != nullptr && i < last.excludeCount; ++i) {
        const auto id = asBytes(mapGet(cbor_array_handle(exclude)[i], "id"));
        for (const Credential& c : m_credentials) {
            if (id && c.id == *id && c.rpId == *rpId) {
                return status(kErrCredentialExcluded);
            }
        }
    }
    if (m_fault == Fault::RemovedDuringTouch) {
        m_removed = true;
        return {};
    }
    Pending pending;
    pending.cid = cid;
    pending.complete = [this, rpIdValue = *rpId, userIdValue = *userId, cdhValue = *cdh, uv,
                        rk = last.rkRequested, algorithm]() {
        std::shared_ptr<EVP_PKEY> key((algorithm == -8 ? newEd25519Key() : newP256Key()).release(),
                                      EVP_PKEY_free);
        Credential credential{randomBytes(32), rpIdValue, userIdValue, rk, key};
        ++m_signCount;
        Bytes authData = sha256(Bytes(rpIdValue.begin(), rpIdValue.end()));
        authData.push_back(static_cast<std::uint8_t>(0x01 | (uv ? 0x04 : 0) | 0x40));
        appendBe32(authData, m_signCount);
        // A U2F attestation comes from a CTAP1 key, which has no AAGUID.
        const Aaguid aaguid =
            m_options.attestation == Attestation::U2f ? Aaguid{} : m_options.aaguid;
        authData.insert(authData.end(), aaguid.begin(), aaguid.end());
        authData.push_back(static_cast<std::uint8_t>(credential.id.size() >> 8));
        authData.push_back(static_cast<std::uint8_t>(credential.id.size()));
        authData.insert(authData.end(), credential.id.begin(), credential.id.end());
        const Bytes cose = algorithm == -8 ? coseEd25519(key.get()) : coseEs256(key.get(), -7);
        authData.insert(authData.end(), cose.begin(), cose.end());
        Bytes signedData = authData;
        signedData.insert(signedData.end(), cdhValue.begin(), cdhValue.end());
        auto writeX5c = [this](CborWriter& out) {
            out.text("x5c").array(1 + m_options.attestationIntermediatesDer.size());
            out.bytes(m_options.attestationCertificateDer);
            for (const Bytes& der : m_options.attestationIntermediatesDer) {
                out.bytes(der);
            }
        };
        CborWriter w;
        w.map(3).integer(1);
        switch (m_options.attestation) {
        case Attestation::None:
            w.text("none").integer(2).bytes(authData).integer(3).map(0);
            break;
        case Attestation::Self:
            w.text("packed").integer(2).bytes(authData).integer(3).map(2);
            w.text("alg").integer(algorithm).text("sig").bytes(signData(key.get(), signedData));
            break;
        case Attestation::Certificate:
            w.text("packed").integer(2).bytes(authData).integer(3).map(3);
            w.text("alg").integer(-7);
            w.text("sig").bytes(signData(m_options.attestationKey.get(), signedData));
            writeX5c(w);
            break;
        case Attestation::U2f: {
            // FIDO U2F raw message §4.3: 0x00 || appParam || challengeParam || keyHandle || pubKey.
            auto [x, y] = publicXY(key.get());
            Bytes u2f{0x00};
            const Bytes rpHash = sha256(Bytes(rpIdValue.begin(), rpIdValue.end()));
            u2f.insert(u2f.end(), rpHash.begin(), rpHash.end());
            u2f.insert(u2f.end(), cdhValue.begin(), cdhValue.end());
            u2f.insert(u2f.end(), credential.id.begin(), credential.id.end());
            u2f.push_back(0x04);
            u2f.insert(u2f.end(), x.begin(), x.end());
            u2f.insert(u2f.end(), y.begin(), y.end());
            w.text("fido-u2f").integer(2).bytes(authData).integer(3).map(2);
            w.text("sig").bytes(signData(m_options.attestationKey.get(), u2f));
            writeX5c(w);
            break;
        }
        }
        m_credentials.push_back(std::move(credential));
        return statusWith(kOk, w.take());
    };
    m_pending = std::move(pending);
    return {}; // the reply comes from read() once the touch is decided
}

Bytes SoftAuthenticator::getAssertion(std::uint32_t cid, const Bytes& request) {
    cbor_load_result load{};
    CborItem root(cbor_load(request.data() + 1, request.size() - 1, &load));
    if (!root || !cbor_isa_map(root.get())) {
        return status(kErrInvalidCbor);
    }
    const auto rpId = asText(mapGet(root.get(), 1));
    const auto cdh = asBytes(mapGet(root.get(), 2));
    if (!rpId || !cdh) {
        return status(kErrMissingParameter);
    }
    const cbor_item_t* options = mapGet(root.get(), 5);
    const bool up = mapBool(options, "up").value_or(true);
    const auto pinAuth = asBytes(mapGet(root.get(), 6));
    bool uv = false;
    if (pinAuth) {
        const auto version = asInt(mapGet(root.get(), 7)).value_or(1);
        if (m_pinToken.empty() ||
            !constantTimeEqual(
                PinProtocol{static_cast<int>(version)}.authenticate(m_pinToken, *cdh), *pinAuth)) {
            return status(kErrPinAuthInvalid);
        }
        uv = true;
    } else if (mapBool(options, "uv").value_or(false)) {
        if (!m_options.builtInUv) {
            return status(kErrUnsupportedOption);
        }
        uv = true;
    }
    const cbor_item_t* allow = mapGet(root.get(), 3);
    const Credential* found = nullptr;
    const bool useAllowList =
        allow != nullptr && cbor_isa_array(allow) && cbor_array_size(allow) > 0;
    for (const Credential& c : m_credentials) {
        if (c.rpId != *rpId) {
            continue;
        }
        if (useAllowList) {
            for (std::size_t i = 0; i < cbor_array_size(allow); ++i) {
                if (asBytes(mapGet(cbor_array_handle(allow)[i], "id")) == c.id) {
                    found = &c;
                }
            }
        } else if (c.resident) {
            found = &c;
        }
        if (found != nullptr) {
            break;
        }
    }
    if (found == nullptr) {
        return status(kErrNoCredentials);
    }
    if (m_fault == Fault::RemovedDuringTouch) {
        m_removed = true;
        return {};
    }
    Credential credential = *found;
    auto complete = [this, credential, rpIdValue = *rpId, cdhValue = *cdh, up, uv, useAllowList]() {
        ++m_signCount;
        Bytes authData = sha256(Bytes(rpIdValue.begin(), rpIdValue.end()));
        authData.push_back(static_cast<std::uint8_t>((up ? 0x01 : 0) | (uv ? 0x04 : 0)));
        appendBe32(authData, m_signCount);
        Bytes signedData = authData;
        signedData.insert(signedData.end(), cdhValue.begin(), cdhValue.end());
        const bool withUser = !useAllowList;
        CborWriter w;
        w.map(withUser ? 4 : 3);
        w.integer(1).map(2).text("id").bytes(credential.id).text("type").text("public-key");
        w.integer(2).bytes(authData);
        w.integer(3).bytes(signData(credential.key.get(), signedData));
        if (withUser) {
            w.integer(4).map(1).text("id").bytes(credential.userId);
        }
        return statusWith(kOk, w.take());
    };
    if (!up) {
        return complete();
    }
    Pending pending;
    pending.cid = cid;
    pending.complete = std::move(complete);
    m_pending = std::move(pending);
    return {};
}

// ---------------------------------------------------------------- transport

namespace {

class SoftConnection final : public HidConnection {
public:
    explicit SoftConnection(std::shared_ptr<SoftAuthenticator> device)
        : m_device(std::move(device)) {}
    int read(std::span<std::uint8_t> report, int timeoutMs) override {
        return m_device->read(report, timeoutMs);
    }
    int write(std::span<const std::uint8_t> report) override { return m_device->write(report); }

private:
    std::shared_ptr<SoftAuthenticator> m_device;
};

} // namespace

std::string SoftHidTransport::add(std::shared_ptr<SoftAuthenticator> device) {
    std::lock_guard lock(m_mutex);
    const std::string path = "soft://" + std::to_string(m_devices.size() + 1);
    m_devices.emplace(path, std::move(device));
    return path;
}

std::vector<DeviceEntry> SoftHidTransport::enumerate() {
    std::lock_guard lock(m_mutex);
    std::vector<DeviceEntry> out;
    for (const auto& [path, device] : m_devices) {
        if (device->removed()) {
            continue;
        }
        DeviceEntry entry;
        entry.path = path;
        entry.product = device->options().product;
        entry.manufacturer = device->options().manufacturer;
        entry.vendorId = 0x1209; // pid.codes test range
        entry.productId = 0x000f;
        entry.transport = DeviceTransport::Usb;
        out.push_back(std::move(entry));
    }
    return out;
}

std::unique_ptr<HidConnection> SoftHidTransport::open(const std::string& path) {
    std::lock_guard lock(m_mutex);
    const auto it = m_devices.find(path);
    if (it == m_devices.end() || it->second->removed()) {
        return nullptr;
    }
    return std::make_unique<SoftConnection>(it->second);
}

} // namespace madoguchi::devices::test
