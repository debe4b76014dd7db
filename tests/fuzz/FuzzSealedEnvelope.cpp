// SPDX-License-Identifier: Apache-2.0
// The sealed-envelope opener on any bytes. The first byte picks the mode:
//   even: the rest is an envelope, opened with a fixed test key (a forged or truncated
//         envelope must fail cleanly; nothing may open without the key and tag);
//   odd:  the rest is a plaintext, sealed to the test key and opened again; it must come
//         back unchanged, and the central's result parser reads it.
#include "crypto/Opener.h"
#include "crypto/Sealer.h"
#include "crypto/SealingKeyPair.h"
#include "protocol/EnrollmentResult.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace {

using namespace madoguchi;

// A key for this fuzzer only (the committed seed envelopes are sealed to it).
constexpr std::string_view kTestPrivateKeyPem =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VuBCIEIBDU57e1eTTnUHxrTW/pFCUSbIfiW2Pn37KUlNtHoA1y\n"
    "-----END PRIVATE KEY-----\n";

struct Keys {
    crypto::Opener opener;
    std::string publicKeyPem;
};

const Keys& keys() {
    static const Keys k = [] {
        auto pem = SecureBuffer::fromText(kTestPrivateKeyPem);
        auto opener = crypto::Opener::fromPrivateKeyPem(pem);
        auto publicKey = crypto::SealingKeyPair::publicKeyOf(pem);
        if (!opener || !publicKey) {
            __builtin_trap();
        }
        return Keys{std::move(opener).value(), std::move(publicKey).value()};
    }();
    return k;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    const auto aad = crypto::Sealer::enrollmentAad("kiosk-fuzz-01", "enrollment-fuzz");
    const std::span<const std::uint8_t> rest(data + 1, size - 1);
    if ((data[0] & 1U) == 0) {
        auto opened = keys().opener.open(rest, aad);
        if (opened) {
            (void)protocol::EnrollmentResult::fromPlaintext(*opened);
        }
        return 0;
    }
    const SecureBuffer plaintext(rest);
    auto sealed = crypto::Sealer::seal(keys().publicKeyPem, plaintext, aad);
    if (!sealed) {
        return 0;
    }
    auto opened = keys().opener.open(*sealed, aad);
    if (!opened || opened->size() != plaintext.size() ||
        !std::equal(opened->bytes().begin(), opened->bytes().end(), plaintext.bytes().begin())) {
        __builtin_trap();
    }
    // The same envelope under other associated data does not open.
    const auto otherAad = crypto::Sealer::enrollmentAad("kiosk-fuzz-01", "enrollment-fuzy");
    if (keys().opener.open(*sealed, otherAad)) {
        __builtin_trap();
    }
    (void)protocol::EnrollmentResult::fromPlaintext(*opened);
    return 0;
}
