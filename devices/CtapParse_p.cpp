// SPDX-License-Identifier: Apache-2.0
#include "devices/CtapParse_p.h"

#include "devices/CborItem.h"

#include <cbor.h>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace madoguchi::devices {

namespace {

// True when every length and count in the CBOR item at the start of data[0..len) fits in the
// bytes that follow it (an element takes at least one byte). libcbor 0.8 allocates a definite
// array or map at its declared size before reading it, so a key that declares 2^32 elements
// in a few bytes made cbor_load allocate and clear gigabytes (found by fuzz_ctap).
bool cborSizesFit(const unsigned char* data, std::size_t len) {
    constexpr std::uint64_t kIndefinite = UINT64_MAX;
    constexpr std::size_t kMaxDepth = 64;
    std::vector<std::uint64_t> pending{1}; // items still to read, per open container
    std::size_t pos = 0;
    while (!pending.empty()) {
        if (pending.back() == 0) {
            pending.pop_back();
            continue;
        }
        if (pos >= len) {
            return false;
        }
        const unsigned char initial = data[pos++];
        if (initial == 0xff) { // "break": ends an indefinite container
            if (pending.back() != kIndefinite) {
                return false;
            }
            pending.pop_back();
            continue;
        }
        if (pending.back() != kIndefinite) {
            --pending.back();
        }
        const unsigned major = initial >> 5U;
        const unsigned info = initial & 0x1fU;
        std::uint64_t value = info;
        if (info >= 24 && info <= 27) {
            const std::size_t n = std::size_t{1} << (info - 24);
            if (len - pos < n) {
                return false;
            }
            value = 0;
            for (std::size_t i = 0; i < n; ++i) {
                value = (value << 8U) | data[pos++];
            }
        } else if (info >= 28 && info <= 30) {
            return false;
        }
        const bool indefinite = info == 31;
        const std::uint64_t left = len - pos;
        switch (major) {
        case 2: // byte string
        case 3: // text string
            if (indefinite) {
                pending.push_back(kIndefinite);
            } else if (value > left) {
                return false;
            } else {
                pos += static_cast<std::size_t>(value);
            }
            break;
        case 4: // array
            if (!indefinite && value > left) {
                return false;
            }
            pending.push_back(indefinite ? kIndefinite : value);
            break;
        case 5: // map: two items per entry
            if (!indefinite && value > left / 2) {
                return false;
            }
            pending.push_back(indefinite ? kIndefinite : 2 * value);
            break;
        case 6: // tag: one item follows
            if (indefinite) {
                return false;
            }
            pending.push_back(1);
            break;
        default: // integers, simple values, floats
            if (indefinite) {
                return false;
            }
            break;
        }
        if (pending.size() > kMaxDepth) {
            return false;
        }
    }
    return true;
}

} // namespace

Bytes copyBytes(const unsigned char* ptr, std::size_t len) {
    return ptr != nullptr ? Bytes(ptr, ptr + len) : Bytes{};
}

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
    if (!cborSizesFit(authData.data() + keyOffset, authData.size() - keyOffset)) {
        return Error{ErrorCode::DeviceMalformedResponse, "COSE key does not parse"};
    }
    cbor_load_result load{};
    const CborItem item(cbor_load(authData.data() + keyOffset, authData.size() - keyOffset, &load));
    if (!item) {
        return Error{ErrorCode::DeviceMalformedResponse, "COSE key does not parse"};
    }
    return Bytes(authData.begin() + static_cast<std::ptrdiff_t>(keyOffset),
                 authData.begin() + static_cast<std::ptrdiff_t>(keyOffset + load.read));
}

Result<Bytes> unwrapCborBytes(const unsigned char* ptr, std::size_t len) {
    if (ptr == nullptr || len == 0) {
        return Error{ErrorCode::DeviceMalformedResponse, "no authData"};
    }
    if (!cborSizesFit(ptr, len)) {
        return Error{ErrorCode::DeviceMalformedResponse, "authData does not parse"};
    }
    cbor_load_result load{};
    const CborItem item(cbor_load(ptr, len, &load));
    if (!item) {
        return Error{ErrorCode::DeviceMalformedResponse, "authData does not parse"};
    }
    if (!cbor_isa_bytestring(item.get()) || !cbor_bytestring_is_definite(item.get())) {
        return Error{ErrorCode::DeviceMalformedResponse, "authData is not a byte string"};
    }
    return Bytes(cbor_bytestring_handle(item.get()),
                 cbor_bytestring_handle(item.get()) + cbor_bytestring_length(item.get()));
}

Result<std::vector<Bytes>> x5cFromStatement(const Bytes& attStmt) {
    if (!cborSizesFit(attStmt.data(), attStmt.size())) {
        return Error{ErrorCode::DeviceMalformedResponse, "attestation statement does not parse"};
    }
    cbor_load_result load{};
    const CborItem owner(cbor_load(attStmt.data(), attStmt.size(), &load));
    const cbor_item_t* root = owner.get();
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
    return out;
}

Result<AttestationObjectParts> parseAttestationObject(const Bytes& attestationObject) {
    const auto malformed = [](std::string detail) {
        return Error{ErrorCode::DeviceMalformedResponse,
                     "attestation object: " + std::move(detail)};
    };
    if (attestationObject.empty() ||
        !cborSizesFit(attestationObject.data(), attestationObject.size())) {
        return malformed("does not parse");
    }
    cbor_load_result load{};
    const CborItem root(cbor_load(attestationObject.data(), attestationObject.size(), &load));
    if (!root || load.read != attestationObject.size()) {
        return malformed("does not parse, or bytes follow it");
    }
    if (!cbor_isa_map(root.get()) || !cbor_map_is_definite(root.get())) {
        return malformed("not a map");
    }
    AttestationObjectParts parts;
    bool haveFmt = false;
    bool haveAuthData = false;
    bool haveStatement = false;
    for (std::size_t i = 0; i < cbor_map_size(root.get()); ++i) {
        const cbor_pair pair = cbor_map_handle(root.get())[i];
        if (!cbor_isa_string(pair.key) || !cbor_string_is_definite(pair.key)) {
            return malformed("a key that is not text");
        }
        const std::string_view key(reinterpret_cast<const char*>(cbor_string_handle(pair.key)),
                                   cbor_string_length(pair.key));
        if (key == "fmt" && !haveFmt) {
            if (!cbor_isa_string(pair.value) || !cbor_string_is_definite(pair.value)) {
                return malformed("fmt is not text");
            }
            parts.fmt.assign(reinterpret_cast<const char*>(cbor_string_handle(pair.value)),
                             cbor_string_length(pair.value));
            haveFmt = true;
        } else if (key == "authData" && !haveAuthData) {
            if (!cbor_isa_bytestring(pair.value) || !cbor_bytestring_is_definite(pair.value)) {
                return malformed("authData is not a byte string");
            }
            parts.authData =
                copyBytes(cbor_bytestring_handle(pair.value), cbor_bytestring_length(pair.value));
            haveAuthData = true;
        } else if (key == "attStmt" && !haveStatement) {
            if (!cbor_isa_map(pair.value)) {
                return malformed("attStmt is not a map");
            }
            unsigned char* buffer = nullptr;
            std::size_t bufferSize = 0;
            const std::size_t written = cbor_serialize_alloc(pair.value, &buffer, &bufferSize);
            parts.attStmt = copyBytes(buffer, written);
            std::free(buffer); // libcbor allocates with malloc
            if (written == 0) {
                return malformed("attStmt cannot be encoded again");
            }
            haveStatement = true;
        } else {
            return malformed("unexpected or repeated key '" + std::string(key) + "'");
        }
    }
    if (!haveFmt || !haveAuthData || !haveStatement) {
        return malformed("fmt, authData and attStmt are required");
    }
    return parts;
}

} // namespace madoguchi::devices
