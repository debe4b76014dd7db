// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "central/ICentralStore.h"
#include "core/Result.h"

#include <filesystem>
#include <memory>
#include <string>

namespace madoguchi::central {

// Where the central service keeps its state ([storage] in central.toml).
struct StoreSettings {
    enum class Kind { Sqlite, Postgresql };
    Kind kind = Kind::Sqlite;
    std::filesystem::path databaseFile; // sqlite: the database file
    // postgresql: a libpq connection string, passed as is (sslmode, sslrootcert, passfile, ...).
    // May hold a password: never logged.
    std::string connection;
};

// Opens (and migrates) the configured store.
Result<std::unique_ptr<ICentralStore>> openStore(const StoreSettings& settings);

} // namespace madoguchi::central
