// SPDX-License-Identifier: Apache-2.0
// The central's roster CSV parser (RFC 4180 quoting, BOM, CRLF) on any bytes.
#include "central/RosterCsv.h"

#include <cstddef>
#include <cstdint>
#include <span>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const madoguchi::SecureBuffer csv(std::span<const std::uint8_t>(data, size));
    auto parsed = madoguchi::central::RosterCsv::parse(csv);
    if (parsed) {
        // No more rows and errors than line breaks (LF or CR) + 1: each record gives one at most.
        std::size_t lines = 1;
        for (std::size_t i = 0; i < size; ++i) {
            lines += data[i] == '\n' || data[i] == '\r' ? 1 : 0;
        }
        if (parsed->rows.size() + parsed->errors.size() > lines) {
            __builtin_trap();
        }
    }
    return 0;
}
