// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "devices/DeviceTypes.h"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::devices {

// The x509 side of attestation, which fido_cred_verify leaves to us: it checks the statement's
// signature with the first x5c certificate but not where that certificate comes from.
//
// verifyAttestationChain: `x5c` (DER, leaf first, as in the attestation statement) must chain
// to one of `rootsPem` with OpenSSL's X509_verify_cert (validity dates included; a configured
// certificate is a trust anchor even when it is an intermediate, so IT may configure the
// vendor CA the FIDO metadata names). The leaf must not be a CA, and when it carries the FIDO
// AAGUID extension (1.3.6.1.4.1.45724.1.1.4) that must name `aaguid`.
// DeviceAttestationUntrusted when it does not chain, DeviceAttestationInvalid when the
// certificates are malformed or contradict the authenticator data.
Status verifyAttestationChain(const std::vector<Bytes>& x5c,
                              const std::vector<std::string>& rootsPem, const Aaguid& aaguid);

// Every certificate in a PEM text (a single certificate or a bundle), one PEM block each.
// InvalidArgument when the text holds no certificate or a block that does not parse.
Result<std::vector<std::string>> splitPemCertificates(std::string_view pem);

// The policy from the kiosk configuration's [kiosk.fido2] values: AAGUIDs in text form and
// the attestation root files (each a PEM certificate or bundle). ConfigInvalid naming the
// value or file that is unusable.
Result<AttestationPolicy> attestationPolicyFromSettings(
    const std::vector<std::string>& allowAaguids, const std::vector<std::string>& denyAaguids,
    const std::vector<std::filesystem::path>& rootFiles, bool acceptUnverified);

// DeviceAaguidDenied when `aaguid` is on the deny list, or the allow list is not empty and
// does not name it.
Status checkAaguid(const AttestationPolicy& policy, const Aaguid& aaguid);

} // namespace madoguchi::devices
