// SPDX-License-Identifier: Apache-2.0
#include "devices/AttestedCredential_p.h"

#include "core/Log.h"
#include "devices/AttestationChain.h"
#include "devices/CborItem.h"
#include "devices/CtapParse_p.h"
#include "devices/FidoError_p.h"
#include "devices/FidoHandles_p.h"

#include <openssl/sha.h>

#include <algorithm>
#include <cbor.h>
#include <cstring>
#include <optional>

namespace madoguchi::devices {

namespace {

constexpr std::uint8_t kFlagUp = 0x01;
constexpr std::uint8_t kFlagUv = 0x04;
constexpr std::uint8_t kFlagAt = 0x40;
constexpr std::size_t kRpIdHashSize = 32;
constexpr std::size_t kFlagsOffset = 32;
constexpr std::size_t kCredentialIdLengthOffset = 32 + 1 + 4 + 16;
constexpr std::size_t kMaxCredentialId = 1023; // WebAuthn L2 §7.1 step 18 (credentialIdLength)

// The "alg" (label 3) of a COSE_Key.
std::optional<int> coseAlgorithm(const Bytes& coseKey) {
    cbor_load_result load{};
    const CborItem key(cbor_load(coseKey.data(), coseKey.size(), &load));
    if (!key || !cbor_isa_map(key.get())) {
        return std::nullopt;
    }
    for (std::size_t i = 0; i < cbor_map_size(key.get()); ++i) {
        const cbor_pair pair = cbor_map_handle(key.get())[i];
        if (!cbor_isa_uint(pair.key) || cbor_get_int(pair.key) != 3) {
            continue;
        }
        if (cbor_isa_negint(pair.value) && cbor_get_int(pair.value) < 0x10000) {
            return -1 - static_cast<int>(cbor_get_int(pair.value));
        }
        if (cbor_isa_uint(pair.value) && cbor_get_int(pair.value) < 0x10000) {
            return static_cast<int>(cbor_get_int(pair.value));
        }
        return std::nullopt;
    }
    return std::nullopt;
}

Status checkAuthenticatorData(const AttestedParts& parts) {
    const Bytes& a = parts.authData;
    if (a.size() < kCredentialIdLengthOffset + 2) {
        return Error{ErrorCode::DeviceMalformedResponse,
                     "authenticator data too short for attested credential data"};
    }
    unsigned char rpHash[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(parts.rpId.data()), parts.rpId.size(), rpHash);
    if (!std::equal(rpHash, rpHash + kRpIdHashSize, a.begin())) {
        return Error{ErrorCode::WebAuthnRpIdMismatch,
                     "rpIdHash is not SHA-256 of '" + parts.rpId + "'"};
    }
    const std::uint8_t flags = a[kFlagsOffset];
    if ((flags & kFlagUp) == 0) {
        return Error{ErrorCode::WebAuthnUserNotPresent, "UP flag not set"};
    }
    if (parts.requireUserVerification && (flags & kFlagUv) == 0) {
        return Error{ErrorCode::WebAuthnUserNotVerified, "UV flag not set"};
    }
    if ((flags & kFlagAt) == 0) {
        return Error{ErrorCode::DeviceMalformedResponse, "no attested credential data (AT)"};
    }
    const std::size_t idLength = (std::size_t{a[kCredentialIdLengthOffset]} << 8) |
                                 std::size_t{a[kCredentialIdLengthOffset + 1]};
    if (idLength == 0 || idLength > kMaxCredentialId) {
        return Error{ErrorCode::DeviceMalformedResponse,
                     "credential ID of " + std::to_string(idLength) + " bytes"};
    }
    return {};
}

// With attestation roots configured: does the certificate libfido2 verified the signature with
// chain to one of them? Sets credential.trust, or refuses (DeviceAttestationUntrusted, or
// DeviceAttestationInvalid for certificates that contradict the credential).
Status checkTrust(const fido_cred_t* cred, const std::string& fmt, const AttestationPolicy& policy,
                  EnrolledCredential& credential) {
    if (policy.trustedRootsPem.empty()) {
        credential.trust = AttestationTrust::NotChecked;
        return {};
    }
    Status chained = Error{ErrorCode::DeviceAttestationUntrusted,
                           "'" + fmt + "' attestation carries no certificate to chain"};
    if (fido_cred_x5c_len(cred) > 0) {
        auto x5c = x5cFromStatement(credential.attestationStatement);
        if (!x5c) {
            return x5c.error();
        }
        const Bytes verifiedWith = copyBytes(fido_cred_x5c_ptr(cred), fido_cred_x5c_len(cred));
        if (x5c->empty() || x5c->front() != verifiedWith) {
            return Error{ErrorCode::DeviceAttestationInvalid,
                         "x5c[0] is not the certificate the signature was verified with"};
        }
        chained = verifyAttestationChain(*x5c, policy.trustedRootsPem, credential.aaguid);
    }
    if (chained) {
        credential.trust = AttestationTrust::Chained;
        return {};
    }
    if (chained.code() == ErrorCode::DeviceAttestationUntrusted && policy.acceptUnverified) {
        logger()->warn("attestation not chained, accepted as unverified by policy: {}",
                       chained.error().detail);
        credential.trust = AttestationTrust::Unverified;
        return {};
    }
    return chained;
}

bool isEmptyMap(const Bytes& cbor) {
    return cbor.size() == 1 && cbor[0] == 0xa0;
}

} // namespace

Result<EnrolledCredential> verifyAttested(const AttestedParts& parts,
                                          const AttestationPolicy& policy) {
    if (auto data = checkAuthenticatorData(parts); !data) {
        return data.error();
    }
    auto cose = extractCoseKey(parts.authData);
    if (!cose) {
        return cose.error();
    }
    const std::optional<int> algorithm = coseAlgorithm(*cose);
    if (!algorithm) {
        return Error{ErrorCode::DeviceMalformedResponse, "COSE key without an algorithm"};
    }
    if (std::find(parts.algorithms.begin(), parts.algorithms.end(), *algorithm) ==
        parts.algorithms.end()) {
        return Error{ErrorCode::WebAuthnAlgorithmNotAllowed,
                     "COSE algorithm " + std::to_string(*algorithm) + " not offered"};
    }
    const bool none = parts.fmt == "none";
    if (none && !policy.allowNoneAttestation) {
        return Error{ErrorCode::DeviceAttestationInvalid, "attestation 'none' not accepted"};
    }
    if (none && !isEmptyMap(parts.attStmt)) {
        return Error{ErrorCode::DeviceAttestationInvalid, "'none' with a statement"};
    }

    FidoCred cred(fido_cred_new());
    if (!cred) {
        return Error{ErrorCode::Internal, "fido_cred_new"};
    }
    if (fido_cred_set_type(cred.get(), *algorithm) != FIDO_OK) {
        return Error{ErrorCode::WebAuthnAlgorithmNotAllowed,
                     "COSE algorithm " + std::to_string(*algorithm) + " not supported"};
    }
    int rc = fido_cred_set_clientdata(cred.get(), parts.clientDataJson.data(),
                                      parts.clientDataJson.size());
    if (rc == FIDO_OK) {
        rc = fido_cred_set_rp(cred.get(), parts.rpId.c_str(), nullptr);
    }
    if (rc == FIDO_OK && parts.requireUserVerification) {
        rc = fido_cred_set_uv(cred.get(), FIDO_OPT_TRUE);
    }
    if (rc != FIDO_OK) {
        return fidoError(rc, "fido_cred_set");
    }
    // Decodes the attested credential data: the COSE key must be of the type set above.
    rc = fido_cred_set_authdata_raw(cred.get(), parts.authData.data(), parts.authData.size());
    if (rc != FIDO_OK) {
        return Error{ErrorCode::DeviceMalformedResponse,
                     "authenticator data does not decode: " + fidoError(rc, "authdata").detail};
    }
    if (!none) {
        if (fido_cred_set_fmt(cred.get(), parts.fmt.c_str()) != FIDO_OK) {
            return Error{ErrorCode::WebAuthnAttestationFormatUnsupported,
                         "attestation format '" + parts.fmt + "'"};
        }
        rc = fido_cred_set_attstmt(cred.get(), parts.attStmt.data(), parts.attStmt.size());
        if (rc != FIDO_OK) {
            return Error{ErrorCode::DeviceAttestationInvalid,
                         "'" + parts.fmt + "' statement does not decode"};
        }
    }

    EnrolledCredential out;
    out.rpId = parts.rpId;
    out.authenticatorData = parts.authData;
    out.attestationFormat = parts.fmt;
    out.attestationStatement = parts.attStmt;
    out.clientDataJson = parts.clientDataJson;
    if (!none) {
        const bool self = parts.fmt == "packed" && fido_cred_x5c_len(cred.get()) == 0;
        rc = self ? fido_cred_verify_self(cred.get()) : fido_cred_verify(cred.get());
        if (rc != FIDO_OK) {
            const Error mapped = fidoError(rc, self ? "fido_cred_verify_self" : "fido_cred_verify");
            return Error{ErrorCode::DeviceAttestationInvalid,
                         parts.fmt + ": " + mapped.detail + " [" +
                             std::string(toString(mapped.code)) + "]"};
        }
        out.selfAttested = self;
    }
    out.credentialId = copyBytes(fido_cred_id_ptr(cred.get()), fido_cred_id_len(cred.get()));
    out.publicKeyRaw =
        copyBytes(fido_cred_pubkey_ptr(cred.get()), fido_cred_pubkey_len(cred.get()));
    out.publicKeyCose = std::move(cose).value();
    out.coseAlgorithm = *algorithm;
    if (fido_cred_aaguid_len(cred.get()) == out.aaguid.size()) {
        std::memcpy(out.aaguid.data(), fido_cred_aaguid_ptr(cred.get()), out.aaguid.size());
    }
    out.signCount = fido_cred_sigcount(cred.get());
    if (out.credentialId.empty() || out.publicKeyRaw.empty()) {
        return Error{ErrorCode::DeviceMalformedResponse, "credential without id or key"};
    }
    if (auto allowed = checkAaguid(policy, out.aaguid); !allowed) {
        return allowed.error();
    }
    if (auto trusted = checkTrust(cred.get(), parts.fmt, policy, out); !trusted) {
        return trusted.error();
    }
    return out;
}

} // namespace madoguchi::devices
