// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"
#include "devices/DeviceTypes.h"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace madoguchi::devices {

// Readable model names ("YubiKey 5 NFC") from a local FIDO Metadata Service (MDS3) blob.
// The blob is a JWT; it is used only after its signature verifies (ES256 or RS256) with the
// first x5c certificate and that certificate chains (X509_verify_cert) to the configured root.
class MetadataService {
public:
    MetadataService() = default; // empty: describe() knows no names

    // `blob`: the JWT text; `rootPem`: the configured MDS root certificate (PEM).
    static Result<MetadataService> fromBlob(std::string_view blob, std::string_view rootPem);
    static Result<MetadataService> fromFiles(const std::filesystem::path& blob,
                                             const std::filesystem::path& rootPem);

    std::optional<std::string> describe(const Aaguid& aaguid) const;
    std::size_t size() const { return m_names.size(); }
    std::uint64_t blobNumber() const { return m_number; }

private:
    std::map<Aaguid, std::string> m_names;
    std::uint64_t m_number = 0;
};

} // namespace madoguchi::devices
