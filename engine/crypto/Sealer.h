// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "core/SecureBuffer.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace madoguchi::crypto {

// Seals a plaintext to a recipient's X25519 public key so that only the holder of the
// private key can open it; the sender keeps nothing that opens it again.
//
// Envelope v1 (binary; base64 on the wire):
//   offset 0   1 byte   version = 0x01
//   offset 1   32 bytes ephemeral X25519 public key
//   offset 33  12 bytes AES-GCM nonce (random)
//   offset 45  n bytes  ciphertext (n = plaintext length)
//   last       16 bytes GCM tag
// key = HKDF-SHA256(IKM = X25519(ephemeral, recipient), salt = "madoguchi-seal-v1",
//                   info = ephemeral public key || recipient public key), 32 bytes.
// GCM associated data = version byte || caller's associated data.
class Sealer {
public:
    static constexpr std::uint8_t kVersion = 1;
    static constexpr std::size_t kPublicKeySize = 32;
    static constexpr std::size_t kNonceSize = 12;
    static constexpr std::size_t kTagSize = 16;
    static constexpr std::size_t kOverhead = 1 + kPublicKeySize + kNonceSize + kTagSize;

    static Result<std::vector<std::uint8_t>> seal(std::string_view recipientPublicKeyPem,
                                                  const SecureBuffer& plaintext,
                                                  std::span<const std::uint8_t> aad);

    // The associated data for an enrollment result: both IDs, each length-prefixed so
    // that no two pairs of IDs give the same bytes.
    static std::vector<std::uint8_t> enrollmentAad(std::string_view kioskId,
                                                   std::string_view enrollmentId);
};

} // namespace madoguchi::crypto
