// SPDX-License-Identifier: Apache-2.0
// What Madoguchi reads itself of a security key's CTAP replies (libfido2 parses the rest):
// the attested credential data's COSE key, a CBOR-wrapped authData, the attestation
// statement's x5c, and the x5c certificates through the attestation chain check.
#include "devices/AttestationChain.h"
#include "devices/CtapParse_p.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace madoguchi::devices;
    const Bytes bytes(data, data + size);

    if (auto key = extractCoseKey(bytes); key && key->size() > size) {
        __builtin_trap();
    }
    if (auto unwrapped = unwrapCborBytes(data, size); unwrapped && unwrapped->size() > size) {
        __builtin_trap();
    }
    if (auto x5c = x5cFromStatement(bytes); x5c && !x5c->empty()) {
        // Certificates a key sent: they chain to no configured root here, so nothing passes.
        Aaguid aaguid{};
        if (verifyAttestationChain(*x5c, {}, aaguid).ok()) {
            __builtin_trap();
        }
    }
    return 0;
}
