// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "devices/DeviceTypes.h"
#include "devices/HidTransport.h"

#include <openssl/evp.h>

#include <array>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace madoguchi::devices::test {

struct EvpPkeyDeleter {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using EvpPkey = std::unique_ptr<EVP_PKEY, EvpPkeyDeleter>;

// A CTAP2.0 authenticator in software, speaking CTAPHID at report level so that libfido2's
// own framing, CBOR parsing and checks run against it. PIN protocols 1 and 2 (ECDH P-256,
// AES-256-CBC, HMAC-SHA-256, HKDF for protocol 2), ES256 and EdDSA (Ed25519) credentials,
// packed self or certificate attestation, fido-u2f attestation, or "none". Faults can be
// switched on to make it misbehave on purpose.
class SoftAuthenticator {
public:
    // Certificate: packed with x5c = attestationCertificateDer + attestationIntermediatesDer.
    // U2f: fido-u2f (ES256 credentials only, zero AAGUID in authData, same certificates).
    enum class Attestation { Self, Certificate, U2f, None };
    enum class Touch {
        Immediate,      // the member touches at once (after one PROCESSING keepalive)
        Never,          // UPNEEDED keepalives, then CTAP2_ERR_USER_ACTION_TIMEOUT
        UntilCancelled, // UPNEEDED keepalives until CTAPHID_CANCEL arrives
        Deny,           // CTAP2_ERR_OPERATION_DENIED after one keepalive
    };
    enum class Fault {
        None,
        Removed,            // unplugged: reads and writes fail, enumeration hides it
        RemovedDuringTouch, // unplugged after a makeCredential/getAssertion arrived
        GetInfoFails,       // getInfo answers an error: libfido2 falls back to U2F
        MalformedReply,     // touch replies: status OK followed by bytes that are not CBOR
        TruncatedReply,     // touch replies: CBOR cut in half (framing intact)
        OversizedReply,     // touch replies: an init frame announcing 65535 bytes
        BadContinuation,    // touch replies: continuation frames with a wrong sequence
    };
    struct Options {
        Aaguid aaguid{0x6d, 0x61, 0x64, 0x6f, 0x67, 0x75, 0x63, 0x68,
                      0x69, 0x2d, 0x73, 0x6f, 0x66, 0x74, 0x00, 0x01};
        std::string product = "Soft FIDO2 Key";
        std::string manufacturer = "Madoguchi Tests";
        bool residentKeys = true;
        std::size_t minPinLength = 4;
        int pinRetries = 8;
        std::vector<int> pinProtocols = {1}; // offered in getInfo, preferred first
        Attestation attestation = Attestation::Self;
        std::shared_ptr<EVP_PKEY> attestationKey; // for Certificate and U2f (P-256)
        Bytes attestationCertificateDer;
        std::vector<Bytes> attestationIntermediatesDer; // after the leaf in x5c
        // COSE algorithms offered in getInfo, in the key's order; makeCredential uses the first
        // of the platform's pubKeyCredParams that is among them (-7 ES256, -8 EdDSA).
        std::vector<int> algorithms = {-7};
        // A key with its own user verification (a fingerprint reader): getInfo says "uv", and
        // the uv option is honoured without a PIN. Without clientPinSupported getInfo has no
        // "clientPin" option at all (a key that cannot have a PIN).
        bool builtInUv = false;
        bool clientPinSupported = true;
    };
    struct Credential {
        Bytes id;
        std::string rpId;
        Bytes userId;
        bool resident = false;
        std::shared_ptr<EVP_PKEY> key;
    };
    struct LastMakeCredential {
        bool rkRequested = false;
        bool uvOptionSent = false;
        bool pinAuthSent = false;
        std::size_t excludeCount = 0;
        int algorithm = 0;
        std::string rpId;
        std::string rpName;
        std::string userName;
        std::string userDisplayName;
        Bytes userId;
    };

    explicit SoftAuthenticator(Options options);
    SoftAuthenticator(const SoftAuthenticator&) = delete;
    SoftAuthenticator& operator=(const SoftAuthenticator&) = delete;

    // HID report level (what libfido2's io functions reach).
    int write(std::span<const std::uint8_t> report); // 65 bytes, report ID first
    int read(std::span<std::uint8_t> report, int timeoutMs);

    void setFault(Fault fault);
    void setTouch(Touch touch);
    void setPin(const std::string& pin); // as if set earlier by someone else
    // Power cycle: clears the "three wrong PINs in a row" block and open channels.
    void replug();

    bool removed() const;
    bool pinSet() const;
    int pinRetries() const;
    std::size_t credentialCount() const;
    std::uint32_t signCount() const;
    LastMakeCredential lastMakeCredential() const;
    int cancelsReceived() const;
    // Waits until the key has asked for a touch (sent an UPNEEDED keepalive) since it was
    // made; false only after `guard` (a hang guard, not a measure of speed).
    bool waitUntilTouchRequested(std::chrono::milliseconds guard);
    int lastPinProtocol() const; // PIN protocol of the last clientPIN request
    const Options& options() const { return m_options; }

private:
    using Frame = std::array<std::uint8_t, 64>;
    struct Pending {
        std::uint32_t cid = 0;
        std::function<Bytes()> complete; // runs on touch; returns status byte + CBOR
        int keepalivesSent = 0;
        bool cancelled = false;
    };

    void dispatch(std::uint32_t cid, std::uint8_t cmd, const Bytes& payload);
    void queueMessage(std::uint32_t cid, std::uint8_t cmd, const Bytes& payload);
    void queueCbor(std::uint32_t cid, const Bytes& statusAndBody);
    void queueTouchReply(std::uint32_t cid, const Bytes& statusAndBody);
    void queueKeepalive(std::uint32_t cid, std::uint8_t status);

    Bytes handleCbor(std::uint32_t cid, const Bytes& request);
    Bytes getInfo() const;
    Bytes clientPin(const Bytes& request);
    Bytes makeCredential(std::uint32_t cid, const Bytes& request);
    Bytes getAssertion(std::uint32_t cid, const Bytes& request);

    Options m_options;
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    std::deque<Frame> m_out;
    std::optional<Pending> m_pending;
    Fault m_fault = Fault::None;
    Touch m_touch = Touch::Immediate;
    bool m_removed = false;

    // Request being assembled from continuation frames.
    std::uint32_t m_rxCid = 0;
    std::uint8_t m_rxCmd = 0;
    std::size_t m_rxExpected = 0;
    std::uint8_t m_rxSeq = 0;
    Bytes m_rxData;
    bool m_rxActive = false;
    std::uint32_t m_nextCid = 0x01020304;

    // CTAP state.
    std::optional<Bytes> m_pinHash; // LEFT(SHA-256(PIN), 16)
    int m_pinRetries;
    int m_consecutiveWrongPins = 0;
    EvpPkey m_keyAgreement;
    Bytes m_pinToken;
    std::vector<Credential> m_credentials;
    std::uint32_t m_signCount = 0;
    LastMakeCredential m_last;
    int m_cancels = 0;
    int m_upNeededSent = 0;
    int m_lastPinProtocol = 0;
};

// Exposes SoftAuthenticators as HID devices at paths "soft://<n>".
class SoftHidTransport final : public HidTransport {
public:
    std::string add(std::shared_ptr<SoftAuthenticator> device);
    std::vector<DeviceEntry> enumerate() override;
    std::unique_ptr<HidConnection> open(const std::string& path) override;

private:
    std::mutex m_mutex;
    std::map<std::string, std::shared_ptr<SoftAuthenticator>> m_devices;
};

} // namespace madoguchi::devices::test
