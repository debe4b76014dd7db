// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Result.h"

#include <functional>
#include <string>
#include <vector>

namespace madoguchi::sqlite {

class Database;

// Versioned schema changes. Version N is the schema after migration N; the version a
// database has reached is kept in PRAGMA user_version (in the file header, so it changes
// in the same transaction as the schema). Migrations are numbered 1, 2, 3, ... with no gap.
class Migrations {
public:
    using Step = std::function<Status(Database&)>;

    // Adds migration `version` as SQL (may hold several statements) or as code.
    Migrations& add(int version, std::string sql);
    Migrations& add(int version, Step step);

    int latestVersion() const { return static_cast<int>(m_steps.size()); }

    // Brings `db` to latestVersion(): every pending migration runs, in order, inside ONE
    // transaction, so a failure leaves the database exactly as it was.
    // StorageSchemaTooNew if the database is newer than this program knows;
    // StorageMigrationFailed if a migration fails (detail names its version).
    // Returns the version the database had before.
    Result<int> apply(Database& db) const;

    static Result<int> currentVersion(Database& db);

private:
    std::vector<Step> m_steps; // m_steps[i] is version i + 1
    bool m_misnumbered = false;
};

} // namespace madoguchi::sqlite
