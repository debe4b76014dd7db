// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "sqlite/Migrations.h"

namespace madoguchi::store {

// The local store's schema, version by version. Append a migration; never edit one that
// has shipped.
class StoreSchema {
public:
    static const sqlite::Migrations& migrations();
};

} // namespace madoguchi::store
