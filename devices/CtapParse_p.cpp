// SPDX-License-Identifier: Apache-2.0
#include "devices/CtapParse_p.h"

#include <cbor.h>

namespace madoguchi::devices {

namespace {

Bytes copyBytes(const unsigned char* ptr, std::size_t len) {
    return ptr != nullptr ? Bytes(ptr, ptr + len) : Bytes{};
}

} // namespace

Result<Bytes> extractCoseKey(const Bytes& authData) {
    constexpr std::size_t kFixed = 32 + 1 + 4 + 16;
    if (authData.size() < kFixed + 2) {
        return Error{ErrorCode::DeviceMalformedResponse, "authData too short"};
    }
    const std::size_t idLength =
        (std::size_t{authData[kFixed]} << 8) | std::size_t{authData[kFixed + 1]};
    const std::size_t keyOffset = kFixed + 2 + idLength;
    if (keyOffset >= authData.size()) {
        return Error{ErrorCode::DeviceMalformedResponse, "authData has no public key"};
    }
    cbor_load_result load{};
    cbor_item_t* item = cbor_load(authData.data() + keyOffset, authData.size() - keyOffset, &load);
    if (item == nullptr) {
        return Error{ErrorCode::DeviceMalformedResponse, "COSE key does not parse"};
    }
    cbor_decref(&item);
    return Bytes(authData.begin() + static_cast<std::ptrdiff_t>(keyOffset),
                 authData.begin() + static_cast<std::ptrdiff_t>(keyOffset + load.read));
}

Result<Bytes> unwrapCborBytes(const unsigned char* ptr, std::size_t len) {
    if (ptr == nullptr || len == 0) {
        return Error{ErrorCode::DeviceMalformedResponse, "no authData"};
    }
    cbor_load_result load{};
    cbor_item_t* item = cbor_load(ptr, len, &load);
    if (item == nullptr) {
        return Error{ErrorCode::DeviceMalformedResponse, "authData does not parse"};
    }
    Result<Bytes> out = Error{ErrorCode::DeviceMalformedResponse, "authData is not a byte string"};
    if (cbor_isa_bytestring(item) && cbor_bytestring_is_definite(item)) {
        out = Bytes(cbor_bytestring_handle(item),
                    cbor_bytestring_handle(item) + cbor_bytestring_length(item));
    }
    cbor_decref(&item);
    return out;
}

Result<std::vector<Bytes>> x5cFromStatement(const Bytes& attStmt) {
    cbor_load_result load{};
    cbor_item_t* root = cbor_load(attStmt.data(), attStmt.size(), &load);
    if (root == nullptr) {
        return Error{ErrorCode::DeviceMalformedResponse, "attestation statement does not parse"};
    }
    Result<std::vector<Bytes>> out = std::vector<Bytes>{};
    if (!cbor_isa_map(root)) {
        out = Error{ErrorCode::DeviceMalformedResponse, "attestation statement is not a map"};
    }
    for (std::size_t i = 0; out.ok() && cbor_isa_map(root) && i < cbor_map_size(root); ++i) {
        const cbor_pair pair = cbor_map_handle(root)[i];
        if (!cbor_isa_string(pair.key) || !cbor_string_is_definite(pair.key) ||
            std::string_view(reinterpret_cast<const char*>(cbor_string_handle(pair.key)),
                             cbor_string_length(pair.key)) != "x5c") {
            continue;
        }
        if (!cbor_isa_array(pair.value)) {
            out = Error{ErrorCode::DeviceMalformedResponse, "x5c is not an array"};
            break;
        }
        for (std::size_t k = 0; k < cbor_array_size(pair.value); ++k) {
            const cbor_item_t* cert = cbor_array_handle(pair.value)[k];
            if (!cbor_isa_bytestring(cert) || !cbor_bytestring_is_definite(cert)) {
                out = Error{ErrorCode::DeviceMalformedResponse, "x5c entry is not a byte string"};
                break;
            }
            out->push_back(copyBytes(cbor_bytestring_handle(cert), cbor_bytestring_length(cert)));
        }
    }
    cbor_decref(&root);
    return out;
}

} // namespace madoguchi::devices
