// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "core/Error.h"

#include <string_view>

struct sqlite3;

namespace madoguchi::sqlite {

// The one place where SQLite result codes become ErrorCodes. `rc` may be an extended code;
// `db` (may be null) supplies sqlite3_errmsg for the detail. The detail names the operation
// and SQLite's message, which names tables and columns, never bound values.
Error toStorageError(int rc, sqlite3* db, std::string_view what);

// The ErrorCode alone, for callers that only need to classify.
ErrorCode toStorageErrorCode(int rc);

} // namespace madoguchi::sqlite
