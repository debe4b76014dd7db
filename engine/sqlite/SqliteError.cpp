// SPDX-License-Identifier: Apache-2.0
#include "sqlite/SqliteError.h"

#include <sqlite3.h>

#include <string>

namespace madoguchi::sqlite {

ErrorCode toStorageErrorCode(int rc) {
    switch (rc & 0xff) { // primary code; extended codes only refine it
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return ErrorCode::StorageBusy;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
    case SQLITE_FORMAT:
        return ErrorCode::StorageCorrupt;
    case SQLITE_CANTOPEN:
        return ErrorCode::StorageOpenFailed;
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_PROTOCOL:
    case SQLITE_NOLFS:
    case SQLITE_AUTH:
        return ErrorCode::StorageIo;
    case SQLITE_CONSTRAINT:
        return ErrorCode::StorageConstraint;
    case SQLITE_INTERRUPT:
        return ErrorCode::Cancelled;
    case SQLITE_TOOBIG:
    case SQLITE_MISMATCH:
    case SQLITE_RANGE:
        return ErrorCode::InvalidArgument;
    default: // SQLITE_ERROR (bad SQL), SQLITE_MISUSE, SQLITE_NOMEM, SQLITE_SCHEMA, ...
        return ErrorCode::Internal;
    }
}

Error toStorageError(int rc, sqlite3* db, std::string_view what) {
    std::string detail(what);
    detail += ": ";
    // sqlite3_errmsg describes the most recent failure on `db`; when there is none that
    // matches `rc` (e.g. an error from a pragma check), sqlite3_errstr names the code.
    if (db != nullptr && sqlite3_extended_errcode(db) == rc) {
        detail += sqlite3_errmsg(db);
    } else {
        detail += sqlite3_errstr(rc);
    }
    detail += " (sqlite rc=" + std::to_string(rc) + ")";
    return Error{toStorageErrorCode(rc), std::move(detail)};
}

} // namespace madoguchi::sqlite
