// SPDX-License-Identifier: Apache-2.0
#include "devices/Fido2Authenticator_p.h"

#include "core/Log.h"
#include "devices/AttestationChain.h"
#include "devices/AttestedCredential_p.h"
#include "devices/ClientData.h"
#include "devices/CtapParse_p.h"
#include "devices/FidoError_p.h"
#include "devices/PinPolicy.h"

#include <openssl/rand.h>

#include <algorithm>
#include <cbor.h>
#include <cstring>

namespace madoguchi::devices {

namespace {

constexpr std::uint8_t kFlagUv = 0x04;
constexpr std::size_t kMinChallenge = 16;
constexpr std::size_t kMaxUserHandle = 64;

// libfido2 wants the PIN as a C string: a NUL-terminated copy that wipes itself.
SecureBuffer pinAsCString(const SecureBuffer& pin) {
    SecureBuffer copy(pin.size() + 1);
    std::copy(pin.bytes().begin(), pin.bytes().end(), copy.data());
    return copy;
}

const char* pinPointer(const SecureBuffer& cString) {
    return cString.size() > 1 ? reinterpret_cast<const char*>(cString.data()) : nullptr;
}

std::vector<std::string> copyStrings(char** ptr, std::size_t len) {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < len && ptr != nullptr; ++i) {
        out.emplace_back(ptr[i] != nullptr ? ptr[i] : "");
    }
    return out;
}

// ES256 first, then EdDSA, then RS256; a key that lists no algorithms gets ES256.
int chooseAlgorithm(const std::vector<int>& supported) {
    if (supported.empty()) {
        return COSE_ES256;
    }
    for (const int preferred : {COSE_ES256, COSE_EDDSA, COSE_RS256}) {
        if (std::find(supported.begin(), supported.end(), preferred) != supported.end()) {
            return preferred;
        }
    }
    return COSE_UNSPEC;
}

Status validateRegistration(const RegistrationRequest& r) {
    if (r.rpId.empty() || r.rpName.empty() || r.origin.empty()) {
        return Error{ErrorCode::InvalidArgument, "relying party id, name and origin required"};
    }
    if (r.challenge.size() < kMinChallenge) {
        return Error{ErrorCode::InvalidArgument, "challenge shorter than 16 bytes"};
    }
    if (r.userHandle.empty() || r.userHandle.size() > kMaxUserHandle) {
        return Error{ErrorCode::InvalidArgument, "user handle must be 1..64 bytes"};
    }
    if (r.userName.empty()) {
        return Error{ErrorCode::InvalidArgument, "user name required"};
    }
    return {};
}

// The relying-party codes for a key that answered wrongly, in the kiosk's security-key terms:
// a key that did not verify the user is a key the kiosk cannot use (as before the check was
// shared); anything else it answered is an attestation that does not hold.
Error keyAnswerError(Error error) {
    switch (error.code) {
    case ErrorCode::WebAuthnUserNotVerified:
        return Error{ErrorCode::DeviceUnsupported, "key did not verify the user"};
    case ErrorCode::WebAuthnRpIdMismatch:
    case ErrorCode::WebAuthnUserNotPresent:
    case ErrorCode::WebAuthnAlgorithmNotAllowed:
    case ErrorCode::WebAuthnAttestationFormatUnsupported:
        return Error{ErrorCode::DeviceAttestationInvalid, std::move(error.detail)};
    default:
        return error;
    }
}

} // namespace

Fido2Authenticator::Fido2Authenticator(FidoDev dev, std::function<bool()> stillPresent)
    : m_dev(std::move(dev)), m_stillPresent(std::move(stillPresent)) {}

Result<std::unique_ptr<IAuthenticator>>
Fido2Authenticator::open(FidoDev dev, DeviceEntry entry, std::function<bool()> stillPresent) {
    if (!fido_dev_is_fido2(dev.get())) {
        // libfido2 falls back to U2F silently when getInfo fails or CTAP2 is not offered;
        // registration needs CTAP2 (PIN, resident keys, user verification).
        return Error{ErrorCode::DeviceUnsupported,
                     "key answers only as U2F/CTAP1 (getInfo failed or FIDO2 not offered): " +
                         entry.path};
    }
    std::unique_ptr<Fido2Authenticator> self(
        new Fido2Authenticator(std::move(dev), std::move(stillPresent)));
    self->m_info.entry = std::move(entry);
    if (auto status = self->refreshInfo(); !status) {
        return status.error();
    }
    return std::unique_ptr<IAuthenticator>(std::move(self));
}

bool Fido2Authenticator::isPlatform() const {
#ifdef _WIN32
    return fido_dev_is_winhello(m_dev.get());
#else
    return false;
#endif
}

Status Fido2Authenticator::refreshInfo() {
    FidoCborInfo ci(fido_cbor_info_new());
    if (!ci) {
        return Error{ErrorCode::Internal, "fido_cbor_info_new"};
    }
    if (const int rc = fido_dev_get_cbor_info(m_dev.get(), ci.get()); rc != FIDO_OK) {
        return failure(rc, "fido_dev_get_cbor_info");
    }
    DeviceInfo& info = m_info;
    info.versions =
        copyStrings(fido_cbor_info_versions_ptr(ci.get()), fido_cbor_info_versions_len(ci.get()));
    info.extensions = copyStrings(fido_cbor_info_extensions_ptr(ci.get()),
                                  fido_cbor_info_extensions_len(ci.get()));
    info.transports = copyStrings(fido_cbor_info_transports_ptr(ci.get()),
                                  fido_cbor_info_transports_len(ci.get()));
    info.options.clear();
    char** names = fido_cbor_info_options_name_ptr(ci.get());
    const bool* values = fido_cbor_info_options_value_ptr(ci.get());
    for (std::size_t i = 0; i < fido_cbor_info_options_len(ci.get()); ++i) {
        info.options.emplace_back(names[i], values[i]);
    }
    info.algorithms.clear();
    for (std::size_t i = 0; i < fido_cbor_info_algorithm_count(ci.get()); ++i) {
        info.algorithms.push_back(fido_cbor_info_algorithm_cose(ci.get(), i));
    }
    info.pinProtocols.clear();
    const std::uint8_t* protocols = fido_cbor_info_protocols_ptr(ci.get());
    for (std::size_t i = 0; i < fido_cbor_info_protocols_len(ci.get()); ++i) {
        info.pinProtocols.push_back(protocols[i]);
    }
    info.aaguid = {};
    if (fido_cbor_info_aaguid_len(ci.get()) == info.aaguid.size()) {
        std::memcpy(info.aaguid.data(), fido_cbor_info_aaguid_ptr(ci.get()), info.aaguid.size());
    }
    info.maxMessageSize = fido_cbor_info_maxmsgsiz(ci.get());
    info.firmwareVersion = fido_cbor_info_fwversion(ci.get());
    const std::uint64_t minPin = fido_cbor_info_minpinlen(ci.get());
    info.minPinLength = minPin > 0 ? static_cast<std::size_t>(minPin) : 4;
    info.residentKeys = info.option("rk").value_or(false);
    info.builtInUv = info.option("uv").value_or(false);
    if (isPlatform()) {
        info.pinState = PinState::ManagedByPlatform;
    } else if (const auto clientPin = info.option("clientPin"); clientPin.has_value()) {
        info.pinState = *clientPin ? PinState::Set : PinState::NotSet;
    } else {
        info.pinState = PinState::NotSupported;
    }
    return {};
}

Error Fido2Authenticator::failure(int fidoRc, std::string_view operation) const {
    Error error = fidoError(fidoRc, operation);
    if (m_cancelled.load()) {
        // Whatever the key answered after a cancel (often an error or a dropped read), the
        // member asked to stop.
        return Error{ErrorCode::DeviceCancelled, error.detail};
    }
    // libfido2 reports a key pulled mid-exchange as RX, TX or even INTERNAL (a failed key
    // agreement); whether the key is still attached tells removal from a garbled answer.
    if (error.code == ErrorCode::DeviceIo || error.code == ErrorCode::Internal ||
        error.code == ErrorCode::DeviceMalformedResponse) {
        const bool present = m_stillPresent ? m_stillPresent() : true;
        if (!present) {
            error.code = ErrorCode::DeviceRemoved;
        } else if (fidoRc == FIDO_ERR_RX) {
            error.code = ErrorCode::DeviceMalformedResponse;
        }
    }
    logger()->info("device {}: {} -> {}", m_info.entry.path, error.detail, toString(error.code));
    return error;
}

Result<PinStatus> Fido2Authenticator::pinStatus() {
    if (auto status = refreshInfo(); !status) {
        return status.error();
    }
    PinStatus out;
    out.state = m_info.pinState;
    out.minLength = m_info.minPinLength;
    if (out.state == PinState::Set) {
        int retries = 0;
        if (const int rc = fido_dev_get_retry_count(m_dev.get(), &retries); rc != FIDO_OK) {
            return failure(rc, "fido_dev_get_retry_count");
        }
        out.retriesLeft = retries;
    }
    return out;
}

Status Fido2Authenticator::setPin(const SecureBuffer& newPin) {
    if (m_info.pinState == PinState::NotSupported ||
        m_info.pinState == PinState::ManagedByPlatform) {
        return Error{ErrorCode::DeviceUnsupported, "key has no client PIN"};
    }
    if (auto policy = checkNewPin(newPin, m_info.minPinLength); !policy) {
        return policy;
    }
    m_cancelled = false;
    const SecureBuffer cPin = pinAsCString(newPin);
    if (const int rc = fido_dev_set_pin(m_dev.get(), pinPointer(cPin), nullptr); rc != FIDO_OK) {
        return failure(rc, "fido_dev_set_pin");
    }
    return refreshInfo();
}

Status Fido2Authenticator::verifyPin(const SecureBuffer& pin) {
    if (pin.empty()) {
        return Error{ErrorCode::DevicePinRequired, "empty PIN"};
    }
    m_cancelled = false;
    // A get-assertion for a relying party no key knows, without user presence: the key checks
    // the PIN (getPinToken) and then answers NO_CREDENTIALS, so no touch is needed.
    FidoAssert assertion(fido_assert_new());
    Bytes challenge(32);
    if (!assertion || RAND_bytes(challenge.data(), static_cast<int>(challenge.size())) != 1) {
        return Error{ErrorCode::Internal, "assert allocation or RAND_bytes"};
    }
    static constexpr const char* kProbeRp = "pin-check.madoguchi.invalid";
    const Bytes clientData =
        buildClientDataJson("webauthn.get", challenge, std::string("https://") + kProbeRp);
    int rc = fido_assert_set_rp(assertion.get(), kProbeRp);
    if (rc == FIDO_OK) {
        rc = fido_assert_set_clientdata(assertion.get(), clientData.data(), clientData.size());
    }
    if (rc == FIDO_OK) {
        rc = fido_assert_set_up(assertion.get(), FIDO_OPT_FALSE);
    }
    if (rc != FIDO_OK) {
        return failure(rc, "fido_assert_set");
    }
    const SecureBuffer cPin = pinAsCString(pin);
    rc = fido_dev_get_assert(m_dev.get(), assertion.get(), pinPointer(cPin));
    if (rc == FIDO_OK || rc == FIDO_ERR_NO_CREDENTIALS) {
        return {};
    }
    return failure(rc, "fido_dev_get_assert (PIN check)");
}

Result<EnrolledCredential> Fido2Authenticator::makeCredential(const RegistrationRequest& request,
                                                              const AttestationPolicy& policy,
                                                              const SecureBuffer& pin) {
    if (auto valid = validateRegistration(request); !valid) {
        return valid.error();
    }
    // Refuse a denied model before the member touches it (the attested AAGUID is checked again).
    const Aaguid zero{};
    if (m_info.aaguid != zero) {
        if (auto allowed = checkAaguid(policy, m_info.aaguid); !allowed) {
            return allowed.error();
        }
    }
    if (pin.empty() && !isPlatform() && !m_info.builtInUv) {
        return Error{ErrorCode::DevicePinRequired, "user verification needs the key's PIN"};
    }
    const int algorithm = chooseAlgorithm(m_info.algorithms);
    if (algorithm == COSE_UNSPEC) {
        return Error{ErrorCode::DeviceUnsupported, "key offers none of ES256, EdDSA, RS256"};
    }
    m_cancelled = false;
    FidoCred cred(fido_cred_new());
    if (!cred) {
        return Error{ErrorCode::Internal, "fido_cred_new"};
    }
    const Bytes clientData =
        buildClientDataJson("webauthn.create", request.challenge, request.origin);
    int rc = fido_cred_set_type(cred.get(), algorithm);
    if (rc == FIDO_OK) {
        // The _clientdata setter, not _hash: on Windows webauthn.dll hashes client data itself.
        rc = fido_cred_set_clientdata(cred.get(), clientData.data(), clientData.size());
    }
    if (rc == FIDO_OK) {
        rc = fido_cred_set_rp(cred.get(), request.rpId.c_str(), request.rpName.c_str());
    }
    if (rc == FIDO_OK) {
        rc = fido_cred_set_user(cred.get(), request.userHandle.data(), request.userHandle.size(),
                                request.userName.c_str(),
                                request.userDisplayName.empty() ? request.userName.c_str()
                                                                : request.userDisplayName.c_str(),
                                nullptr);
    }
    for (const Bytes& id : request.excludeCredentialIds) {
        if (rc == FIDO_OK) {
            rc = fido_cred_exclude(cred.get(), id.data(), id.size());
        }
    }
    if (rc == FIDO_OK) {
        rc = fido_cred_set_rk(cred.get(), m_info.residentKeys ? FIDO_OPT_TRUE : FIDO_OPT_OMIT);
    }
    if (rc == FIDO_OK) {
        // With a PIN libfido2 sends pinUvAuthParam instead of the uv option; either way the
        // authenticator data must come back with UV set (fido_cred_verify checks it).
        rc = fido_cred_set_uv(cred.get(), FIDO_OPT_TRUE);
    }
    if (rc != FIDO_OK) {
        return failure(rc, "fido_cred_set");
    }

    const SecureBuffer cPin = pinAsCString(pin);
    rc = fido_dev_make_cred(m_dev.get(), cred.get(), pinPointer(cPin));
    if (rc != FIDO_OK) {
        return failure(rc, "fido_dev_make_cred");
    }

    // Attestation (packed with a certificate, packed self, fido-u2f, or none) is checked by the
    // same code that checks a phone's registration at the central service.
    const char* fmtPtr = fido_cred_fmt(cred.get());
    if (fmtPtr == nullptr) {
        return Error{ErrorCode::DeviceMalformedResponse, "no attestation format"};
    }
    AttestedParts parts;
    parts.rpId = request.rpId;
    parts.fmt = fmtPtr;
    parts.authData =
        copyBytes(fido_cred_authdata_raw_ptr(cred.get()), fido_cred_authdata_raw_len(cred.get()));
    parts.attStmt = copyBytes(fido_cred_attstmt_ptr(cred.get()), fido_cred_attstmt_len(cred.get()));
    if (parts.fmt == "none") {
        parts.attStmt = Bytes{0xa0}; // libfido2 keeps no statement for "none"
    }
    parts.clientDataJson = clientData;
    parts.requireUserVerification = true;
    parts.algorithms = {algorithm};
    auto verified = verifyAttested(parts, policy);
    if (!verified) {
        return keyAnswerError(verified.error());
    }
    EnrolledCredential out = std::move(verified).value();
    out.transports = m_info.transports;
    out.deviceName = m_info.entry.product;
    out.userHandle = request.userHandle;
    out.discoverable = m_info.residentKeys;
    return out;
}

Result<AssertionResult> Fido2Authenticator::getAssertion(const AssertionRequest& request,
                                                         const SecureBuffer& pin) {
    if (request.rpId.empty() || request.origin.empty() ||
        request.challenge.size() < kMinChallenge) {
        return Error{ErrorCode::InvalidArgument, "assertion needs rpId, origin and challenge"};
    }
    if (pin.empty() && !isPlatform() && !m_info.builtInUv) {
        return Error{ErrorCode::DevicePinRequired, "user verification needs the key's PIN"};
    }
    m_cancelled = false;
    FidoAssert assertion(fido_assert_new());
    if (!assertion) {
        return Error{ErrorCode::Internal, "fido_assert_new"};
    }
    const Bytes clientData = buildClientDataJson("webauthn.get", request.challenge, request.origin);
    int rc = fido_assert_set_rp(assertion.get(), request.rpId.c_str());
    if (rc == FIDO_OK) {
        rc = fido_assert_set_clientdata(assertion.get(), clientData.data(), clientData.size());
    }
    for (const Bytes& id : request.allowCredentialIds) {
        if (rc == FIDO_OK) {
            rc = fido_assert_allow_cred(assertion.get(), id.data(), id.size());
        }
    }
    if (rc == FIDO_OK) {
        rc = fido_assert_set_up(assertion.get(), FIDO_OPT_TRUE);
    }
    if (rc == FIDO_OK) {
        rc = fido_assert_set_uv(assertion.get(), FIDO_OPT_TRUE);
    }
    if (rc != FIDO_OK) {
        return failure(rc, "fido_assert_set");
    }
    const SecureBuffer cPin = pinAsCString(pin);
    rc = fido_dev_get_assert(m_dev.get(), assertion.get(), pinPointer(cPin));
    if (rc != FIDO_OK) {
        return failure(rc, "fido_dev_get_assert");
    }
    if (fido_assert_count(assertion.get()) < 1) {
        return Error{ErrorCode::DeviceMalformedResponse, "no assertion returned"};
    }
    AssertionResult out;
    out.credentialId =
        copyBytes(fido_assert_id_ptr(assertion.get(), 0), fido_assert_id_len(assertion.get(), 0));
    auto authData = unwrapCborBytes(fido_assert_authdata_ptr(assertion.get(), 0),
                                    fido_assert_authdata_len(assertion.get(), 0));
    if (!authData) {
        return authData.error();
    }
    out.authenticatorData = std::move(authData).value();
    out.signature =
        copyBytes(fido_assert_sig_ptr(assertion.get(), 0), fido_assert_sig_len(assertion.get(), 0));
    out.userHandle = copyBytes(fido_assert_user_id_ptr(assertion.get(), 0),
                               fido_assert_user_id_len(assertion.get(), 0));
    out.clientDataJson = clientData;
    out.signCount = fido_assert_sigcount(assertion.get(), 0);
    out.userVerified = (fido_assert_flags(assertion.get(), 0) & kFlagUv) != 0;
    if (!request.allowCredentialIds.empty() &&
        std::find(request.allowCredentialIds.begin(), request.allowCredentialIds.end(),
                  out.credentialId) == request.allowCredentialIds.end()) {
        return Error{ErrorCode::DeviceMalformedResponse, "assertion for a credential not asked"};
    }
    if (request.publicKey.has_value()) {
        const auto& [alg, raw] = *request.publicKey;
        int verifyRc = FIDO_ERR_INVALID_ARGUMENT;
        if (alg == COSE_ES256) {
            Es256Pk pk(es256_pk_new());
            if (pk && (verifyRc = es256_pk_from_ptr(pk.get(), raw.data(), raw.size())) == FIDO_OK) {
                verifyRc = fido_assert_verify(assertion.get(), 0, alg, pk.get());
            }
        } else if (alg == COSE_RS256) {
            Rs256Pk pk(rs256_pk_new());
            if (pk && (verifyRc = rs256_pk_from_ptr(pk.get(), raw.data(), raw.size())) == FIDO_OK) {
                verifyRc = fido_assert_verify(assertion.get(), 0, alg, pk.get());
            }
        } else if (alg == COSE_EDDSA) {
            EddsaPk pk(eddsa_pk_new());
            if (pk && (verifyRc = eddsa_pk_from_ptr(pk.get(), raw.data(), raw.size())) == FIDO_OK) {
                verifyRc = fido_assert_verify(assertion.get(), 0, alg, pk.get());
            }
        }
        if (verifyRc != FIDO_OK) {
            const Error mapped = fidoError(verifyRc, "fido_assert_verify");
            return Error{ErrorCode::DeviceMalformedResponse,
                         mapped.detail + " [" + std::string(toString(mapped.code)) + "]"};
        }
        out.signatureVerified = true;
    }
    return out;
}

void Fido2Authenticator::cancel() {
    m_cancelled = true;
    // Sends CTAPHID_CANCEL on the device's channel; the blocked call then returns
    // KEEPALIVE_CANCEL (or fails to read), and failure() reports DeviceCancelled.
    const int rc = fido_dev_cancel(m_dev.get());
    if (rc != FIDO_OK) {
        logger()->debug("fido_dev_cancel: {}", fido_strerr(rc));
    }
}

} // namespace madoguchi::devices
