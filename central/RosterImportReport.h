// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "central/RosterCsv.h"

#include <cstdint>
#include <vector>

namespace madoguchi::central {

struct RosterImportReport {
    std::int64_t imported = 0;
    std::vector<RosterLineError> errors; // one per refused line, in file order
};

} // namespace madoguchi::central
