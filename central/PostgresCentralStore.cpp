// SPDX-License-Identifier: Apache-2.0
#include "central/PostgresCentralStore.h"

#include "core/Try.h"

#include <openssl/crypto.h>

#include <array>
#include <charconv>
#include <chrono>
#include <functional>
#include <libpq-fe.h>
#include <mutex>
#include <optional>
#include <random>
#include <span>
#include <thread>

namespace madoguchi::central {

namespace {

// The same tables and meaning as SqliteCentralStore's schema v4 (its migrations 1–4 in one,
// as no PostgreSQL database predates them), with what PostgreSQL adds:
// - `seq` identity columns give the arrival order SQLite's rowid gave;
// - no result_json columns: no opened result is ever written;
// - enrollments.temp_id and verifications.registration_id are UNIQUE, so even a bug in the
//   checks could not store a second registration for a temp ID or a session.
constexpr const char* kSchemaV1 = R"SQL(
CREATE TABLE roster (
    temp_id       TEXT PRIMARY KEY,
    verifier      TEXT NOT NULL,
    kana_name     TEXT NOT NULL,
    member_number TEXT NOT NULL,
    imported_at   BIGINT NOT NULL,
    enrolled_at   BIGINT
);
CREATE TABLE temp_attempts (
    temp_id    TEXT PRIMARY KEY,
    attempts   BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE TABLE sessions (
    token_digest TEXT PRIMARY KEY,
    temp_id      TEXT NOT NULL,
    kiosk_id     TEXT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE TABLE deliveries (
    enrollment_id TEXT PRIMARY KEY,
    body_sha256   TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('in_flight', 'done')),
    claimed_at    BIGINT NOT NULL,
    answer        TEXT
);
CREATE TABLE verifications (
    session_id      TEXT PRIMARY KEY,
    temp_id         TEXT NOT NULL,
    kiosk_id        TEXT NOT NULL,
    verified_at     BIGINT NOT NULL,
    registration_id TEXT UNIQUE
);
CREATE TABLE enrollments (
    seq           BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    enrollment_id TEXT PRIMARY KEY REFERENCES deliveries (enrollment_id),
    kiosk_id      TEXT NOT NULL,
    temp_id       TEXT NOT NULL UNIQUE,
    user_id       TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('accepted', 'user_id_conflict')),
    stage         TEXT NOT NULL DEFAULT 'complete' CHECK (stage IN ('complete', 'registration')),
    session_id    TEXT NOT NULL DEFAULT '',
    envelope      BYTEA NOT NULL,
    received_at   BIGINT NOT NULL
);
CREATE TABLE user_ids (
    user_id       TEXT PRIMARY KEY,
    enrollment_id TEXT NOT NULL UNIQUE REFERENCES enrollments (enrollment_id)
);
CREATE TABLE staff_items (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    created_at    BIGINT NOT NULL,
    kind          TEXT NOT NULL,
    enrollment_id TEXT NOT NULL DEFAULT '',
    kiosk_id      TEXT NOT NULL DEFAULT '',
    temp_id       TEXT NOT NULL DEFAULT '',
    user_id       TEXT NOT NULL DEFAULT '',
    detail        TEXT NOT NULL,
    resolved      BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE TABLE handoffs (
    token_digest  TEXT PRIMARY KEY,
    enrollment_id TEXT NOT NULL,
    kiosk_id      TEXT NOT NULL,
    temp_id       TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    expires_at    BIGINT NOT NULL,
    confirmed_at  BIGINT
);
CREATE TABLE second_factors (
    seq             BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    enrollment_id   TEXT PRIMARY KEY REFERENCES deliveries (enrollment_id),
    registration_id TEXT NOT NULL REFERENCES enrollments (enrollment_id),
    kiosk_id        TEXT NOT NULL,
    temp_id         TEXT NOT NULL,
    user_id         TEXT NOT NULL,
    method          TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('accepted', 'user_id_conflict')),
    envelope        BYTEA NOT NULL,
    received_at     BIGINT NOT NULL,
    superseded_by   TEXT
);
CREATE INDEX second_factors_by_registration ON second_factors (registration_id, method);
)SQL";

// The Keycloak push queue (SQLite's schema v5): one row per user to push, written with the
// acceptance.
constexpr const char* kSchemaV2 = R"SQL(
CREATE TABLE keycloak_push (
    seq             BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    enrollment_id   TEXT PRIMARY KEY REFERENCES enrollments (enrollment_id),
    state           TEXT NOT NULL CHECK (state IN ('pending', 'done', 'failed')),
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    queued_at       BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX keycloak_push_due ON keycloak_push (state, next_attempt_at);
)SQL";

// Staff actions from kiosks (SQLite's schema v6): the audit and the replay guard. `seq` keeps
// the order actions were done in.
constexpr const char* kSchemaV3 = R"SQL(
CREATE TABLE staff_actions (
    seq       BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    action_id TEXT PRIMARY KEY,
    kiosk_id  TEXT NOT NULL,
    kind      TEXT NOT NULL,
    temp_id   TEXT NOT NULL,
    done_at   BIGINT NOT NULL,
    outcome   TEXT NOT NULL
);
CREATE INDEX staff_actions_by_kiosk ON staff_actions (kiosk_id, done_at);
)SQL";

// Migration N is kMigrations[N - 1]; append, never edit a released one.
constexpr std::array kMigrations{kSchemaV1, kSchemaV2, kSchemaV3};

// Taken for the whole migration so that two processes starting at once apply it once.
constexpr const char* kMigrationLockKey = "7164206511338153015";

constexpr int kMaxAttempts = 8;     // serialization failures retried per transaction
constexpr std::size_t kMaxIdle = 8; // connections kept open for reuse

struct PgConnCloser {
    void operator()(PGconn* conn) const { PQfinish(conn); }
};
using PgConn = std::unique_ptr<PGconn, PgConnCloser>;

struct PgResultClearer {
    void operator()(PGresult* result) const { PQclear(result); }
};
using PgResult = std::unique_ptr<PGresult, PgResultClearer>;

// Statement parameters: text, or binary for bytea. Values are copied (the pointers libpq
// gets are taken only when the statement runs).
class Params {
public:
    Params& text(std::string_view value) {
        if (value.find('\0') != std::string_view::npos) {
            m_hasNul = true; // libpq would cut the text there: refuse instead of matching a prefix
        }
        m_values.emplace_back(value);
        m_formats.push_back(0);
        return *this;
    }
    Params& integer(std::int64_t value) { return text(std::to_string(value)); }
    Params& bytes(std::span<const std::uint8_t> value) {
        m_values.emplace_back(reinterpret_cast<const char*>(value.data()), value.size());
        m_formats.push_back(1);
        return *this;
    }

    bool hasNul() const { return m_hasNul; }
    int size() const { return static_cast<int>(m_values.size()); }
    std::vector<const char*> pointers() const {
        std::vector<const char*> out;
        for (const auto& v : m_values) {
            out.push_back(v.data());
        }
        return out;
    }
    std::vector<int> lengths() const {
        std::vector<int> out;
        for (const auto& v : m_values) {
            out.push_back(static_cast<int>(v.size()));
        }
        return out;
    }
    const int* formats() const { return m_formats.data(); }

private:
    std::vector<std::string> m_values;
    std::vector<int> m_formats;
    bool m_hasNul = false;
};

std::string text(const PGresult* r, int row, int column) {
    return std::string(PQgetvalue(r, row, column),
                       static_cast<std::size_t>(PQgetlength(r, row, column)));
}

bool isNull(const PGresult* r, int row, int column) {
    return PQgetisnull(r, row, column) == 1;
}

std::int64_t integer(const PGresult* r, int row, int column) {
    std::int64_t value = 0;
    const char* begin = PQgetvalue(r, row, column);
    (void)std::from_chars(begin, begin + PQgetlength(r, row, column), value);
    return value;
}

std::optional<std::int64_t> optionalInteger(const PGresult* r, int row, int column) {
    if (isNull(r, row, column)) {
        return std::nullopt;
    }
    return integer(r, row, column);
}

std::vector<std::uint8_t> bytea(const PGresult* r, int row, int column) {
    std::size_t length = 0;
    unsigned char* raw = PQunescapeBytea(
        reinterpret_cast<const unsigned char*>(PQgetvalue(r, row, column)), &length);
    if (raw == nullptr) {
        return {};
    }
    std::vector<std::uint8_t> out(raw, raw + length);
    PQfreemem(raw);
    return out;
}

std::int64_t affectedRows(const PGresult* r) {
    std::int64_t n = 0;
    const std::string_view tuples = PQcmdTuples(const_cast<PGresult*>(r));
    (void)std::from_chars(tuples.data(), tuples.data() + tuples.size(), n);
    return n;
}

// One connection in use: runs statements and remembers the SQLSTATE of the last failure, so the
// transaction runner can tell a serialization failure (retry) from a real error.
class PgSession {
public:
    explicit PgSession(PGconn* conn) : m_conn(conn) {}

    Result<PgResult> run(const char* sql, const Params& params = {}) {
        if (params.hasNul()) {
            return Error{ErrorCode::InvalidArgument, "text with a NUL byte"};
        }
        const auto values = params.pointers();
        const auto lengths = params.lengths();
        PgResult r(PQexecParams(m_conn, sql, params.size(), nullptr, values.data(), lengths.data(),
                                params.formats(), 0));
        return checked(std::move(r));
    }

    // Several statements, no parameters (migrations).
    Status script(const char* sql) {
        auto r = checked(PgResult(PQexec(m_conn, sql)));
        if (!r) {
            return r.error();
        }
        return {};
    }

    // The transaction must be run again (serialization failure, deadlock, lost race).
    bool retryable() const { return m_retry; }
    void markRetryable() { m_retry = true; }

private:
    Result<PgResult> checked(PgResult r) {
        const ExecStatusType status = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
        if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) {
            return r;
        }
        if (!r || PQstatus(m_conn) != CONNECTION_OK) {
            return Error{ErrorCode::StorageBusy,
                         std::string("PostgreSQL connection lost: ") + PQerrorMessage(m_conn)};
        }
        const char* state = PQresultErrorField(r.get(), PG_DIAG_SQLSTATE);
        const std::string sqlState = state != nullptr ? state : "";
        const char* primary = PQresultErrorField(r.get(), PG_DIAG_MESSAGE_PRIMARY);
        // The primary message only: DETAIL would quote the values of a violated key.
        const std::string detail =
            "PostgreSQL " + sqlState + ": " + (primary != nullptr ? primary : "error");
        if (sqlState == "40001" || sqlState == "40P01") {
            m_retry = true;
            return Error{ErrorCode::StorageBusy, detail};
        }
        if (sqlState.starts_with("23")) {
            return Error{ErrorCode::StorageConstraint, detail};
        }
        if (sqlState.starts_with("08") || sqlState.starts_with("57") ||
            sqlState.starts_with("53")) {
            return Error{ErrorCode::StorageBusy, detail}; // connection, shutdown, resources
        }
        return Error{ErrorCode::StorageIo, detail};
    }

    PGconn* m_conn;
    bool m_retry = false;
};

} // namespace

class PostgresCentralStore::Pool {
public:
    explicit Pool(std::string connection) : m_connection(std::move(connection)) {}
    ~Pool() { OPENSSL_cleanse(m_connection.data(), m_connection.size()); }
    Pool(const Pool&) = delete;
    Pool& operator=(const Pool&) = delete;

    // A connection for one method call, given back when it goes out of scope.
    class Lease {
    public:
        Lease(Pool& pool, PgConn conn) : m_pool(&pool), m_conn(std::move(conn)) {}
        Lease(Lease&& other) noexcept = default;
        Lease& operator=(Lease&&) = delete;
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        ~Lease() {
            if (m_conn) {
                m_pool->release(std::move(m_conn));
            }
        }
        PGconn* get() const { return m_conn.get(); }

    private:
        Pool* m_pool;
        PgConn m_conn;
    };

    Result<Lease> acquire() {
        {
            std::lock_guard lock(m_mutex);
            while (!m_idle.empty()) {
                PgConn conn = std::move(m_idle.back());
                m_idle.pop_back();
                if (PQstatus(conn.get()) == CONNECTION_OK) {
                    return Lease(*this, std::move(conn));
                }
            }
        }
        PgConn conn(PQconnectdb(m_connection.c_str()));
        if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
            return Error{ErrorCode::StorageBusy,
                         std::string("cannot connect to PostgreSQL: ") +
                             (conn ? PQerrorMessage(conn.get()) : "out of memory")};
        }
        // Server notices ("already exists, skipping") would go to stderr: not ours to print.
        PQsetNoticeProcessor(
            conn.get(), [](void*, const char*) {}, nullptr);
        if (PQsetClientEncoding(conn.get(), "UTF8") != 0) {
            return Error{ErrorCode::StorageIo, "PostgreSQL: cannot use UTF8"};
        }
        return Lease(*this, std::move(conn));
    }

    // Runs `work` as one SERIALIZABLE transaction that every call of this thread on this pool
    // joins, each in a savepoint of its own (ICentralStore::inOneTransaction). No retry here:
    // `work` has effects beyond the store, so a serialization failure (or a connection lost)
    // fails the whole, which rolls back, and the caller's client sends it all again.
    Status inOneTransaction(const std::function<Status()>& work) {
        if (outerHere() != nullptr) {
            return work(); // already inside one: joins it
        }
        auto lease = acquire();
        if (!lease) {
            return lease.error();
        }
        PgSession session(lease->get());
        MADOGUCHI_TRY(session.run("BEGIN ISOLATION LEVEL SERIALIZABLE"));
        Outer outer{this, &session, std::nullopt};
        t_outer = &outer;
        Status done = work();
        t_outer = nullptr;
        if (done && outer.broken) {
            done = *outer.broken; // a call failed in a way its savepoint cannot undo
        }
        if (!done) {
            (void)session.run("ROLLBACK");
            return done;
        }
        auto committed = session.run("COMMIT");
        if (!committed) {
            // COMMIT failed (a serialization failure found at commit): PostgreSQL rolled back.
            return committed.error();
        }
        return {};
    }

    // Runs `body` in one SERIALIZABLE transaction and commits it; rolls back when it fails,
    // and runs it again (on a fresh snapshot) after a serialization failure or deadlock.
    // Inside inOneTransaction it runs in a savepoint of the outer transaction instead.
    template <class T, class F>
    Result<T> serializable(F&& body) {
        if (Outer* outer = outerHere()) {
            return inSavepoint<T>(*outer, body);
        }
        std::minstd_rand jitter(std::random_device{}());
        for (int attempt = 1;; ++attempt) {
            auto lease = acquire();
            if (!lease) {
                return lease.error();
            }
            PgSession session(lease->get());
            if (auto begun = session.run("BEGIN ISOLATION LEVEL SERIALIZABLE"); !begun) {
                return begun.error();
            }
            Result<T> result = body(session);
            if (result) {
                auto committed = session.run("COMMIT");
                if (committed) {
                    return result;
                }
                result = committed.error();
            } else {
                (void)session.run("ROLLBACK");
            }
            if (!session.retryable() || attempt == kMaxAttempts) {
                return result;
            }
            // The other transaction is committing: give it a moment, spread out the retries.
            std::this_thread::sleep_for(std::chrono::microseconds(
                std::uniform_int_distribution<int>(100, 1000 * attempt)(jitter)));
        }
    }

    // `body` on a connection of its own, its statements each in their own (implicit)
    // transaction; inside inOneTransaction, in a savepoint of the outer transaction.
    template <class T, class F>
    Result<T> autocommit(F&& body) {
        if (Outer* outer = outerHere()) {
            return inSavepoint<T>(*outer, body);
        }
        auto lease = acquire();
        if (!lease) {
            return lease.error();
        }
        PgSession session(lease->get());
        return body(session);
    }

    // One statement in its own (implicit) transaction.
    Result<PgResult> once(const char* sql, const Params& params = {}) {
        return autocommit<PgResult>(
            [&](PgSession& session) -> Result<PgResult> { return session.run(sql, params); });
    }

private:
    // The transaction of inOneTransaction running on this thread.
    struct Outer {
        Pool* pool;
        PgSession* session;
        std::optional<Error> broken; // set when a call failed in a way that dooms the whole
    };
    static thread_local Outer* t_outer;

    Outer* outerHere() const {
        return t_outer != nullptr && t_outer->pool == this ? t_outer : nullptr;
    }

    // One call inside the outer transaction: undone alone when it fails, as its own transaction
    // would have been. A serialization failure or deadlock cannot be undone alone (the outer
    // transaction must run again) and a lost connection took the outer transaction with it.
    template <class T, class F>
    Result<T> inSavepoint(Outer& outer, F& body) {
        PgSession& s = *outer.session;
        if (outer.broken) {
            return *outer.broken;
        }
        if (auto saved = s.run("SAVEPOINT madoguchi_call"); !saved) {
            outer.broken = saved.error();
            return saved.error();
        }
        Result<T> result = body(s);
        if (result) {
            if (auto released = s.run("RELEASE SAVEPOINT madoguchi_call"); !released) {
                outer.broken = released.error();
                return released.error();
            }
            return result;
        }
        if (s.retryable() || result.code() == ErrorCode::StorageBusy) {
            outer.broken = result.error();
            return result;
        }
        if (auto undone = s.run("ROLLBACK TO SAVEPOINT madoguchi_call"); !undone) {
            outer.broken = undone.error();
        } else if (auto released = s.run("RELEASE SAVEPOINT madoguchi_call"); !released) {
            outer.broken = released.error();
        }
        return result;
    }

    void release(PgConn conn) {
        if (PQstatus(conn.get()) != CONNECTION_OK ||
            PQtransactionStatus(conn.get()) != PQTRANS_IDLE) {
            return; // closed: a broken connection or one left inside a transaction
        }
        std::lock_guard lock(m_mutex);
        if (m_idle.size() < kMaxIdle) {
            m_idle.push_back(std::move(conn));
        }
    }

    std::string m_connection;
    std::mutex m_mutex;
    std::vector<PgConn> m_idle;
};

thread_local PostgresCentralStore::Pool::Outer* PostgresCentralStore::Pool::t_outer = nullptr;

namespace {

using Pool = PostgresCentralStore::Pool;

Result<int> migrate(Pool& pool) {
    auto lease = pool.acquire();
    if (!lease) {
        return lease.error();
    }
    PgSession session(lease->get());
    auto fail = [&](Error error) -> Result<int> {
        (void)session.run("ROLLBACK");
        if (error.code != ErrorCode::StorageSchemaTooNew) {
            error = Error{ErrorCode::StorageMigrationFailed, error.detail};
        }
        return error;
    };
    MADOGUCHI_TRY(session.run("BEGIN"));
    if (auto locked = session.run("SELECT pg_advisory_xact_lock($1::bigint)",
                                  Params().text(kMigrationLockKey));
        !locked) {
        return fail(locked.error());
    }
    if (auto made = session.run("CREATE TABLE IF NOT EXISTS madoguchi_schema_versions ("
                                "version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
        !made) {
        return fail(made.error());
    }
    auto current = session.run("SELECT COALESCE(MAX(version), 0) FROM madoguchi_schema_versions");
    if (!current) {
        return fail(current.error());
    }
    const int before = static_cast<int>(integer(current->get(), 0, 0));
    const int latest = static_cast<int>(kMigrations.size());
    if (before > latest) {
        return fail(
            Error{ErrorCode::StorageSchemaTooNew, "database schema " + std::to_string(before) +
                                                      " is newer than " + std::to_string(latest)});
    }
    for (int version = before + 1; version <= latest; ++version) {
        if (auto applied = session.script(kMigrations[static_cast<std::size_t>(version - 1)]);
            !applied) {
            return fail(Error{applied.error().code, "migration " + std::to_string(version) + ": " +
                                                        applied.error().detail});
        }
        if (auto noted = session.run("INSERT INTO madoguchi_schema_versions (version, applied_at) "
                                     "VALUES ($1, EXTRACT(EPOCH FROM now())::bigint)",
                                     Params().integer(version));
            !noted) {
            return fail(noted.error());
        }
    }
    if (auto committed = session.run("COMMIT"); !committed) {
        return fail(committed.error());
    }
    return before;
}

Result<std::int64_t> insertStaffItem(PgSession& s, const StaffItem& item) {
    auto r = s.run("INSERT INTO staff_items (created_at, kind, enrollment_id, kiosk_id, temp_id, "
                   "user_id, detail, resolved) VALUES ($1, $2, $3, $4, $5, $6, $7, $8::boolean) "
                   "RETURNING id",
                   Params()
                       .integer(item.createdAt)
                       .text(item.kind)
                       .text(item.enrollmentId)
                       .text(item.kioskId)
                       .text(item.tempId)
                       .text(item.userId)
                       .text(item.detail)
                       .text(item.resolved ? "true" : "false"));
    if (!r) {
        return r.error();
    }
    return integer(r->get(), 0, 0);
}

Status markDeliveryDone(PgSession& s, const std::string& enrollmentId, const std::string& answer) {
    auto r = s.run("UPDATE deliveries SET state = 'done', answer = $2 WHERE enrollment_id = $1 "
                   "AND state = 'in_flight'",
                   Params().text(enrollmentId).text(answer));
    if (!r) {
        return r.error();
    }
    if (affectedRows(r->get()) != 1) {
        return Error{ErrorCode::StorageConstraint, "delivery was not in flight"};
    }
    return {};
}

// Queues a user for the Keycloak push inside the caller's transaction (see SqliteCentralStore).
Status queuePush(PgSession& s, const std::string& enrollmentId, const std::string& kioskId,
                 const std::string& tempId, const std::string& userId, std::int64_t now) {
    auto existing = s.run("SELECT state FROM keycloak_push WHERE enrollment_id = $1 FOR UPDATE",
                          Params().text(enrollmentId));
    if (!existing) {
        return existing.error();
    }
    if (PQntuples(existing->get()) > 0) {
        // Still pending: the push reads the current factors when it runs. Already done or
        // failed: Keycloak keeps what it got (the push never overwrites a user), so a person
        // must add the new factor there.
        const std::string state = text(existing->get(), 0, 0);
        if (state == "pending") {
            return {};
        }
        MADOGUCHI_TRY(
            insertStaffItem(s, stalePushItem(now, enrollmentId, kioskId, tempId, userId, state)));
        return {};
    }
    auto inserted = s.run("INSERT INTO keycloak_push (enrollment_id, state, attempts, "
                          "next_attempt_at, last_error, queued_at, updated_at) VALUES ($1, "
                          "'pending', 0, $2, '', $2, $2)",
                          Params().text(enrollmentId).integer(now));
    if (!inserted) {
        return inserted.error();
    }
    return {};
}

constexpr const char* kPushColumns =
    "enrollment_id, state, attempts, next_attempt_at, last_error, queued_at, updated_at";

PushItem pushRow(const PGresult* r, int row) {
    PushItem p;
    p.enrollmentId = text(r, row, 0);
    p.state = text(r, row, 1);
    p.attempts = integer(r, row, 2);
    p.nextAttemptAt = integer(r, row, 3);
    p.lastError = text(r, row, 4);
    p.queuedAt = integer(r, row, 5);
    p.updatedAt = integer(r, row, 6);
    return p;
}

// The proof check of completeDelivery (see ICentralStore): a refusal, or nothing.
Result<std::optional<RegistrationOutcome>>
registrationRefusal(PgSession& s, const EnrollmentRecord& enrollment, std::int64_t verifiedSince) {
    using Refusal = std::optional<RegistrationOutcome>;
    if (enrollment.sessionId.empty()) {
        return Refusal(RegistrationOutcome::NoVerification);
    }
    auto v = s.run("SELECT temp_id, kiosk_id, verified_at, registration_id FROM verifications "
                   "WHERE session_id = $1",
                   Params().text(enrollment.sessionId));
    if (!v) {
        return v.error();
    }
    const PGresult* r = v->get();
    if (PQntuples(r) == 0) {
        return Refusal(RegistrationOutcome::NoVerification);
    }
    if (text(r, 0, 0) != enrollment.tempId || text(r, 0, 1) != enrollment.kioskId) {
        return Refusal(RegistrationOutcome::VerificationElsewhere);
    }
    if (integer(r, 0, 2) < verifiedSince) {
        return Refusal(RegistrationOutcome::VerificationTooOld);
    }
    if (!isNull(r, 0, 3) && text(r, 0, 3) != enrollment.enrollmentId) {
        return Refusal(RegistrationOutcome::AlreadyRegistered);
    }
    // One registration per temp ID, whichever session it came from.
    auto other = s.run("SELECT 1 FROM enrollments WHERE temp_id = $1 AND enrollment_id <> $2 "
                       "LIMIT 1",
                       Params().text(enrollment.tempId).text(enrollment.enrollmentId));
    if (!other) {
        return other.error();
    }
    if (PQntuples(other->get()) > 0) {
        return Refusal(RegistrationOutcome::AlreadyRegistered);
    }
    return Refusal();
}

} // namespace

PostgresCentralStore::PostgresCentralStore(std::unique_ptr<Pool> pool) : m_pool(std::move(pool)) {}

PostgresCentralStore::~PostgresCentralStore() = default;

Status PostgresCentralStore::inOneTransaction(const std::function<Status()>& work) {
    return m_pool->inOneTransaction(work);
}

int PostgresCentralStore::latestSchemaVersion() {
    return static_cast<int>(kMigrations.size());
}

Result<std::unique_ptr<PostgresCentralStore>>
PostgresCentralStore::open(const std::string& connection) {
    auto pool = std::make_unique<Pool>(connection);
    auto before = migrate(*pool);
    if (!before) {
        if (before.code() == ErrorCode::StorageBusy) {
            return Error{ErrorCode::StorageOpenFailed, before.error().detail};
        }
        return before.error();
    }
    std::unique_ptr<PostgresCentralStore> store(new PostgresCentralStore(std::move(pool)));
    store->m_versionBeforeOpen = *before;
    return store;
}

Status PostgresCentralStore::putRosterEntry(const RosterEntry& entry) {
    // One statement: the row lock ON CONFLICT takes makes a concurrent enrolment wait or win.
    auto r = m_pool->once(
        "INSERT INTO roster (temp_id, verifier, kana_name, member_number, imported_at, "
        "enrolled_at) VALUES ($1, $2, $3, $4, $5, NULL) ON CONFLICT (temp_id) DO UPDATE SET "
        "verifier = EXCLUDED.verifier, kana_name = EXCLUDED.kana_name, member_number = "
        "EXCLUDED.member_number, imported_at = EXCLUDED.imported_at, enrolled_at = NULL "
        "WHERE roster.enrolled_at IS NULL",
        Params()
            .text(entry.tempId)
            .text(entry.verifier)
            .text(entry.kanaName)
            .text(entry.memberNumber)
            .integer(entry.importedAt));
    if (!r) {
        return r.error();
    }
    if (affectedRows(r->get()) != 1) {
        return Error{ErrorCode::StorageConstraint, "temp ID already enrolled"};
    }
    return {};
}

Result<std::optional<RosterEntry>> PostgresCentralStore::findRosterEntry(std::string_view tempId) {
    auto r = m_pool->once("SELECT temp_id, verifier, kana_name, member_number, imported_at, "
                          "enrolled_at FROM roster WHERE temp_id = $1",
                          Params().text(tempId));
    if (!r) {
        return r.error();
    }
    const PGresult* p = r->get();
    if (PQntuples(p) == 0) {
        return std::optional<RosterEntry>();
    }
    RosterEntry e;
    e.tempId = text(p, 0, 0);
    e.verifier = text(p, 0, 1);
    e.kanaName = text(p, 0, 2);
    e.memberNumber = text(p, 0, 3);
    e.importedAt = integer(p, 0, 4);
    e.enrolledAt = optionalInteger(p, 0, 5);
    return std::optional<RosterEntry>(std::move(e));
}

Result<std::int64_t> PostgresCentralStore::countAttempt(std::string_view tempId, std::int64_t now) {
    // ON CONFLICT DO UPDATE is atomic: parallel guesses from several processes each count.
    auto r = m_pool->once("INSERT INTO temp_attempts (temp_id, attempts, updated_at) VALUES ($1, "
                          "1, $2) ON CONFLICT (temp_id) DO UPDATE SET attempts = "
                          "temp_attempts.attempts + 1, updated_at = $2 RETURNING attempts",
                          Params().text(tempId).integer(now));
    if (!r) {
        return r.error();
    }
    return integer(r->get(), 0, 0);
}

Result<std::int64_t> PostgresCentralStore::attemptCount(std::string_view tempId) {
    auto r = m_pool->once("SELECT attempts FROM temp_attempts WHERE temp_id = $1",
                          Params().text(tempId));
    if (!r) {
        return r.error();
    }
    return PQntuples(r->get()) > 0 ? integer(r->get(), 0, 0) : std::int64_t{0};
}

Status PostgresCentralStore::clearAttempts(std::string_view tempId) {
    auto r = m_pool->once("DELETE FROM temp_attempts WHERE temp_id = $1", Params().text(tempId));
    if (!r) {
        return r.error();
    }
    return {};
}

Status PostgresCentralStore::putSession(const SessionRecord& session) {
    auto r = m_pool->once("INSERT INTO sessions (token_digest, temp_id, kiosk_id, expires_at) "
                          "VALUES ($1, $2, $3, $4)",
                          Params()
                              .text(session.tokenDigest)
                              .text(session.tempId)
                              .text(session.kioskId)
                              .integer(session.expiresAt));
    if (!r) {
        return r.error();
    }
    return {};
}

Result<std::optional<SessionRecord>>
PostgresCentralStore::findSession(std::string_view tokenDigest) {
    auto r = m_pool->once("SELECT token_digest, temp_id, kiosk_id, expires_at FROM sessions "
                          "WHERE token_digest = $1",
                          Params().text(tokenDigest));
    if (!r) {
        return r.error();
    }
    const PGresult* p = r->get();
    if (PQntuples(p) == 0) {
        return std::optional<SessionRecord>();
    }
    return std::optional<SessionRecord>(
        SessionRecord{text(p, 0, 0), text(p, 0, 1), text(p, 0, 2), integer(p, 0, 3)});
}

Status PostgresCentralStore::recordVerification(const VerificationRecord& verification) {
    // A repeat of the same session id (random, so only a replayed call) changes nothing.
    auto r = m_pool->once("INSERT INTO verifications (session_id, temp_id, kiosk_id, verified_at) "
                          "VALUES ($1, $2, $3, $4) ON CONFLICT (session_id) DO NOTHING",
                          Params()
                              .text(verification.sessionId)
                              .text(verification.tempId)
                              .text(verification.kioskId)
                              .integer(verification.verifiedAt));
    if (!r) {
        return r.error();
    }
    return {};
}

Result<bool> PostgresCentralStore::userIdTaken(std::string_view userId) {
    auto r = m_pool->once("SELECT 1 FROM user_ids WHERE user_id = $1", Params().text(userId));
    if (!r) {
        return r.error();
    }
    return PQntuples(r->get()) > 0;
}

Result<DeliveryClaim> PostgresCentralStore::claimDelivery(std::string_view enrollmentId,
                                                          std::string_view bodyDigest,
                                                          std::int64_t now,
                                                          std::int64_t staleBefore) {
    return m_pool->serializable<DeliveryClaim>([&](PgSession& s) -> Result<DeliveryClaim> {
        auto found = s.run("SELECT body_sha256, state, claimed_at, answer FROM deliveries WHERE "
                           "enrollment_id = $1 FOR UPDATE",
                           Params().text(enrollmentId));
        if (!found) {
            return found.error();
        }
        const PGresult* p = found->get();
        if (PQntuples(p) > 0) {
            if (text(p, 0, 0) != bodyDigest) {
                return DeliveryClaim{DeliveryState::Mismatch, {}};
            }
            if (text(p, 0, 1) == "done") {
                return DeliveryClaim{DeliveryState::Completed, text(p, 0, 3)};
            }
            if (integer(p, 0, 2) >= staleBefore) {
                return DeliveryClaim{DeliveryState::InFlight, {}};
            }
            // A stale marker (its process died mid-way): take it over. The row lock makes a
            // second process wait and then see the fresh claimed_at (InFlight).
            auto update = s.run("UPDATE deliveries SET claimed_at = $2 WHERE enrollment_id = $1",
                                Params().text(enrollmentId).integer(now));
            if (!update) {
                return update.error();
            }
            return DeliveryClaim{DeliveryState::Claimed, {}};
        }
        auto insert = s.run("INSERT INTO deliveries (enrollment_id, body_sha256, state, "
                            "claimed_at) VALUES ($1, $2, 'in_flight', $3) "
                            "ON CONFLICT (enrollment_id) DO NOTHING",
                            Params().text(enrollmentId).text(bodyDigest).integer(now));
        if (!insert) {
            return insert.error();
        }
        if (affectedRows(insert->get()) != 1) {
            // Another process claimed it since our snapshot: read it again.
            s.markRetryable();
            return Error{ErrorCode::StorageBusy, "delivery claimed concurrently"};
        }
        return DeliveryClaim{DeliveryState::Claimed, {}};
    });
}

Result<RegistrationOutcome> PostgresCentralStore::completeDelivery(
    const EnrollmentRecord& enrollment, std::int64_t verifiedSince,
    const std::string& acceptedAnswer, const std::string& conflictAnswer) {
    return m_pool->serializable<RegistrationOutcome>([&](PgSession& s)
                                                         -> Result<RegistrationOutcome> {
        auto refusal = registrationRefusal(s, enrollment, verifiedSince);
        if (!refusal) {
            return refusal.error();
        }
        if (*refusal) {
            return **refusal;
        }
        auto taken = s.run("SELECT enrollment_id FROM user_ids WHERE user_id = $1",
                           Params().text(enrollment.userId));
        if (!taken) {
            return taken.error();
        }
        const bool conflict =
            PQntuples(taken->get()) > 0 && text(taken->get(), 0, 0) != enrollment.enrollmentId;
        const std::string status = conflict ? "user_id_conflict" : "accepted";

        MADOGUCHI_TRY(s.run("INSERT INTO enrollments (enrollment_id, kiosk_id, temp_id, "
                            "user_id, status, stage, session_id, envelope, received_at) "
                            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                            Params()
                                .text(enrollment.enrollmentId)
                                .text(enrollment.kioskId)
                                .text(enrollment.tempId)
                                .text(enrollment.userId)
                                .text(status)
                                .text(enrollment.stage)
                                .text(enrollment.sessionId)
                                .bytes(enrollment.envelope)
                                .integer(enrollment.receivedAt)));
        MADOGUCHI_TRY(s.run("UPDATE verifications SET registration_id = $2 WHERE session_id = $1",
                            Params().text(enrollment.sessionId).text(enrollment.enrollmentId)));
        if (conflict) {
            StaffItem item;
            item.createdAt = enrollment.receivedAt;
            item.kind = "user_id_conflict";
            item.enrollmentId = enrollment.enrollmentId;
            item.kioskId = enrollment.kioskId;
            item.tempId = enrollment.tempId;
            item.userId = enrollment.userId;
            item.detail = "user ID was taken by another enrollment before delivery";
            if (auto added = insertStaffItem(s, item); !added) {
                return added.error();
            }
        } else {
            MADOGUCHI_TRY(s.run("INSERT INTO user_ids (user_id, enrollment_id) VALUES ($1, $2)",
                                Params().text(enrollment.userId).text(enrollment.enrollmentId)));
            // A registration waits for its second factor (pushed whole, once).
            if (enrollment.queuePush && enrollment.stage == "complete") {
                MADOGUCHI_TRY(queuePush(s, enrollment.enrollmentId, enrollment.kioskId,
                                        enrollment.tempId, enrollment.userId,
                                        enrollment.receivedAt));
            }
        }
        MADOGUCHI_TRY(s.run("UPDATE roster SET enrolled_at = $2 WHERE temp_id = $1 AND "
                            "enrolled_at IS NULL",
                            Params().text(enrollment.tempId).integer(enrollment.receivedAt)));
        MADOGUCHI_TRY(markDeliveryDone(s, enrollment.enrollmentId,
                                       conflict ? conflictAnswer : acceptedAnswer));
        return conflict ? RegistrationOutcome::UserIdConflict : RegistrationOutcome::Accepted;
    });
}

Result<SecondFactorOutcome>
PostgresCentralStore::completeSecondFactor(const SecondFactorRecord& secondFactor,
                                           const std::string& acceptedAnswer,
                                           const std::string& conflictAnswer) {
    return m_pool->serializable<SecondFactorOutcome>(
        [&](PgSession& s) -> Result<SecondFactorOutcome> {
            auto reg = s.run("SELECT stage, user_id, status, temp_id, kiosk_id FROM enrollments "
                             "WHERE enrollment_id = $1",
                             Params().text(secondFactor.registrationId));
            if (!reg) {
                return reg.error();
            }
            const PGresult* p = reg->get();
            if (PQntuples(p) == 0) {
                return SecondFactorOutcome::RegistrationMissing;
            }
            if (text(p, 0, 0) != "registration") {
                return SecondFactorOutcome::NotARegistration;
            }
            if (text(p, 0, 4) != secondFactor.kioskId) {
                return SecondFactorOutcome::KioskMismatch;
            }
            if (text(p, 0, 1) != secondFactor.userId) {
                return SecondFactorOutcome::UserIdMismatch;
            }
            const std::string status = text(p, 0, 2);
            const std::string tempId = text(p, 0, 3);
            const bool conflict = status == "user_id_conflict";

            // At most one current binding per method: the later one supersedes.
            MADOGUCHI_TRY(s.run("UPDATE second_factors SET superseded_by = $3 WHERE "
                                "registration_id = $1 AND method = $2 AND superseded_by IS NULL",
                                Params()
                                    .text(secondFactor.registrationId)
                                    .text(secondFactor.method)
                                    .text(secondFactor.enrollmentId)));
            MADOGUCHI_TRY(s.run("INSERT INTO second_factors (enrollment_id, registration_id, "
                                "kiosk_id, temp_id, user_id, method, status, envelope, "
                                "received_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                                Params()
                                    .text(secondFactor.enrollmentId)
                                    .text(secondFactor.registrationId)
                                    .text(secondFactor.kioskId)
                                    .text(tempId)
                                    .text(secondFactor.userId)
                                    .text(secondFactor.method)
                                    .text(status)
                                    .bytes(secondFactor.envelope)
                                    .integer(secondFactor.receivedAt)));
            if (conflict) {
                StaffItem item;
                item.createdAt = secondFactor.receivedAt;
                item.kind = "user_id_conflict";
                item.enrollmentId = secondFactor.enrollmentId;
                item.kioskId = secondFactor.kioskId;
                item.tempId = tempId;
                item.userId = secondFactor.userId;
                item.detail = "second factor for registration " + secondFactor.registrationId +
                              ", whose user ID was taken by another enrollment";
                if (auto added = insertStaffItem(s, item); !added) {
                    return added.error();
                }
            } else if (secondFactor.queuePush) {
                MADOGUCHI_TRY(queuePush(s, secondFactor.registrationId, secondFactor.kioskId,
                                        tempId, secondFactor.userId, secondFactor.receivedAt));
            }
            MADOGUCHI_TRY(markDeliveryDone(s, secondFactor.enrollmentId,
                                           conflict ? conflictAnswer : acceptedAnswer));
            return conflict ? SecondFactorOutcome::UserIdConflict : SecondFactorOutcome::Accepted;
        });
}

Status PostgresCentralStore::abandonDelivery(std::string_view enrollmentId) {
    auto r = m_pool->once("DELETE FROM deliveries WHERE enrollment_id = $1 AND state = "
                          "'in_flight'",
                          Params().text(enrollmentId));
    if (!r) {
        return r.error();
    }
    return {};
}

Result<std::vector<EnrollmentRecord>> PostgresCentralStore::listEnrollments() {
    auto r = m_pool->once(
        "SELECT e.enrollment_id, e.kiosk_id, e.temp_id, e.user_id, e.status, e.envelope, "
        "e.received_at, COALESCE(r.kana_name, ''), COALESCE(r.member_number, ''), e.stage "
        "FROM enrollments e LEFT JOIN roster r ON r.temp_id = e.temp_id "
        "ORDER BY e.received_at, e.seq");
    if (!r) {
        return r.error();
    }
    const PGresult* p = r->get();
    std::vector<EnrollmentRecord> out;
    for (int i = 0; i < PQntuples(p); ++i) {
        EnrollmentRecord e;
        e.enrollmentId = text(p, i, 0);
        e.kioskId = text(p, i, 1);
        e.tempId = text(p, i, 2);
        e.userId = text(p, i, 3);
        e.status = text(p, i, 4);
        e.envelope = bytea(p, i, 5);
        e.receivedAt = integer(p, i, 6);
        e.kanaName = text(p, i, 7);
        e.memberNumber = text(p, i, 8);
        e.stage = text(p, i, 9);
        out.push_back(std::move(e));
    }
    return out;
}

Result<std::int64_t> PostgresCentralStore::countEnrollments(std::string_view enrollmentId) {
    auto r = m_pool->once(
        "SELECT COUNT(*) FROM enrollments WHERE $1::text = '' OR enrollment_id = $1::text",
        Params().text(enrollmentId));
    if (!r) {
        return r.error();
    }
    return integer(r->get(), 0, 0);
}

Result<std::vector<SecondFactorRecord>> PostgresCentralStore::listSecondFactors() {
    auto r = m_pool->once("SELECT enrollment_id, registration_id, kiosk_id, temp_id, user_id, "
                          "method, status, envelope, received_at, COALESCE(superseded_by, '') "
                          "FROM second_factors ORDER BY seq");
    if (!r) {
        return r.error();
    }
    const PGresult* p = r->get();
    std::vector<SecondFactorRecord> out;
    for (int i = 0; i < PQntuples(p); ++i) {
        SecondFactorRecord f;
        f.enrollmentId = text(p, i, 0);
        f.registrationId = text(p, i, 1);
        f.kioskId = text(p, i, 2);
        f.tempId = text(p, i, 3);
        f.userId = text(p, i, 4);
        f.method = text(p, i, 5);
        f.status = text(p, i, 6);
        f.envelope = bytea(p, i, 7);
        f.receivedAt = integer(p, i, 8);
        f.supersededBy = text(p, i, 9);
        out.push_back(std::move(f));
    }
    return out;
}

Result<std::int64_t> PostgresCentralStore::addStaffItem(const StaffItem& item) {
    return m_pool->autocommit<std::int64_t>(
        [&](PgSession& session) { return insertStaffItem(session, item); });
}

Result<std::vector<StaffItem>> PostgresCentralStore::listStaffItems(bool includeResolved) {
    auto r = m_pool->once("SELECT id, created_at, kind, enrollment_id, kiosk_id, temp_id, user_id, "
                          "detail, resolved FROM staff_items WHERE NOT resolved OR $1::boolean "
                          "ORDER BY id",
                          Params().text(includeResolved ? "true" : "false"));
    if (!r) {
        return r.error();
    }
    const PGresult* p = r->get();
    std::vector<StaffItem> out;
    for (int i = 0; i < PQntuples(p); ++i) {
        StaffItem item;
        item.id = integer(p, i, 0);
        item.createdAt = integer(p, i, 1);
        item.kind = text(p, i, 2);
        item.enrollmentId = text(p, i, 3);
        item.kioskId = text(p, i, 4);
        item.tempId = text(p, i, 5);
        item.userId = text(p, i, 6);
        item.detail = text(p, i, 7);
        item.resolved = text(p, i, 8) == "t";
        out.push_back(std::move(item));
    }
    return out;
}

Result<std::vector<PushItem>> PostgresCentralStore::duePushes(std::int64_t now,
                                                              std::int64_t limit) {
    auto r = m_pool->once((std::string("SELECT ") + kPushColumns +
                           " FROM keycloak_push WHERE state = 'pending' AND next_attempt_at <= $1 "
                           "ORDER BY next_attempt_at, seq LIMIT $2")
                              .c_str(),
                          Params().integer(now).integer(limit));
    if (!r) {
        return r.error();
    }
    std::vector<PushItem> out;
    for (int i = 0; i < PQntuples(r->get()); ++i) {
        out.push_back(pushRow(r->get(), i));
    }
    return out;
}

Result<std::optional<PushItem>> PostgresCentralStore::findPush(std::string_view enrollmentId) {
    auto r = m_pool->once(
        (std::string("SELECT ") + kPushColumns + " FROM keycloak_push WHERE enrollment_id = $1")
            .c_str(),
        Params().text(enrollmentId));
    if (!r) {
        return r.error();
    }
    if (PQntuples(r->get()) == 0) {
        return std::optional<PushItem>();
    }
    return std::optional<PushItem>(pushRow(r->get(), 0));
}

Status PostgresCentralStore::updatePush(const PushItem& item,
                                        const std::optional<StaffItem>& staff) {
    auto done = m_pool->serializable<bool>([&](PgSession& s) -> Result<bool> {
        // A row that is no longer pending (another central process finished it) is left alone.
        auto r = s.run("UPDATE keycloak_push SET state = $2, attempts = $3, next_attempt_at = $4, "
                       "last_error = $5, updated_at = $6 WHERE enrollment_id = $1 AND state = "
                       "'pending'",
                       Params()
                           .text(item.enrollmentId)
                           .text(item.state)
                           .integer(item.attempts)
                           .integer(item.nextAttemptAt)
                           .text(item.lastError)
                           .integer(item.updatedAt));
        if (!r) {
            return r.error();
        }
        if (affectedRows(r->get()) == 1 && staff) {
            if (auto added = insertStaffItem(s, *staff); !added) {
                return added.error();
            }
        }
        return true;
    });
    if (!done) {
        return done.error();
    }
    return {};
}

Result<std::optional<EnrollmentRecord>> PostgresCentralStore::findEnrollment(std::string_view id) {
    auto r = m_pool->once(
        "SELECT e.enrollment_id, e.kiosk_id, e.temp_id, e.user_id, e.status, e.envelope, "
        "e.received_at, COALESCE(r.kana_name, ''), COALESCE(r.member_number, ''), e.stage "
        "FROM enrollments e LEFT JOIN roster r ON r.temp_id = e.temp_id WHERE e.enrollment_id = $1",
        Params().text(id));
    if (!r) {
        return r.error();
    }
    const PGresult* p = r->get();
    if (PQntuples(p) == 0) {
        return std::optional<EnrollmentRecord>();
    }
    EnrollmentRecord e;
    e.enrollmentId = text(p, 0, 0);
    e.kioskId = text(p, 0, 1);
    e.tempId = text(p, 0, 2);
    e.userId = text(p, 0, 3);
    e.status = text(p, 0, 4);
    e.envelope = bytea(p, 0, 5);
    e.receivedAt = integer(p, 0, 6);
    e.kanaName = text(p, 0, 7);
    e.memberNumber = text(p, 0, 8);
    e.stage = text(p, 0, 9);
    return std::optional<EnrollmentRecord>(std::move(e));
}

Result<StaffUnlockResult>
PostgresCentralStore::staffUnlock(std::string_view actionId, std::string_view kioskId,
                                  std::string_view tempId, std::int64_t now,
                                  std::int64_t windowStart, std::int64_t maxPerWindow) {
    // SERIALIZABLE: two processes taking the same action, or a kiosk's last allowed unlock,
    // at once: one of them is run again and sees the other's.
    return m_pool->serializable<StaffUnlockResult>([&](PgSession& s) -> Result<StaffUnlockResult> {
        StaffUnlockResult result;
        auto known = s.run("SELECT kiosk_id, temp_id, kind, outcome FROM staff_actions WHERE "
                           "action_id = $1",
                           Params().text(actionId));
        if (!known) {
            return known.error();
        }
        const PGresult* k = known->get();
        if (PQntuples(k) > 0) {
            const bool same = text(k, 0, 0) == kioskId && text(k, 0, 1) == tempId &&
                              text(k, 0, 2) == "unlock_temp_id";
            result.outcome = same ? StaffUnlockOutcome::Replayed : StaffUnlockOutcome::Mismatch;
            result.firstUnlocked = text(k, 0, 3) == "unlocked";
            return result;
        }
        auto count = s.run("SELECT COUNT(*) FROM staff_actions WHERE kiosk_id = $1 AND kind = "
                           "'unlock_temp_id' AND done_at >= $2",
                           Params().text(kioskId).integer(windowStart));
        if (!count) {
            return count.error();
        }
        if (integer(count->get(), 0, 0) >= maxPerWindow) {
            result.outcome = StaffUnlockOutcome::RateLimited;
            return result;
        }
        auto cleared = s.run("DELETE FROM temp_attempts WHERE temp_id = $1 RETURNING attempts",
                             Params().text(tempId));
        if (!cleared) {
            return cleared.error();
        }
        const bool hadFailures = PQntuples(cleared->get()) > 0 && integer(cleared->get(), 0, 0) > 0;
        result.outcome =
            hadFailures ? StaffUnlockOutcome::Unlocked : StaffUnlockOutcome::NothingToUnlock;
        auto audit = s.run("INSERT INTO staff_actions (action_id, kiosk_id, kind, temp_id, "
                           "done_at, outcome) VALUES ($1, $2, 'unlock_temp_id', $3, $4, $5) "
                           "ON CONFLICT (action_id) DO NOTHING",
                           Params().text(actionId).text(kioskId).text(tempId).integer(now).text(
                               hadFailures ? "unlocked" : "nothing_to_unlock"));
        if (!audit) {
            return audit.error();
        }
        if (affectedRows(audit->get()) != 1) {
            // Another process recorded this action since our snapshot: read it again.
            s.markRetryable();
            return Error{ErrorCode::StorageBusy, "staff action recorded concurrently"};
        }
        return result;
    });
}

Result<std::vector<StaffAction>> PostgresCentralStore::listStaffActions() {
    auto r = m_pool->once("SELECT action_id, kiosk_id, kind, temp_id, done_at, outcome FROM "
                          "staff_actions ORDER BY done_at, seq");
    if (!r) {
        return r.error();
    }
    const PGresult* p = r->get();
    std::vector<StaffAction> out;
    for (int i = 0; i < PQntuples(p); ++i) {
        out.push_back({text(p, i, 0), text(p, i, 1), text(p, i, 2), text(p, i, 3), integer(p, i, 4),
                       text(p, i, 5)});
    }
    return out;
}

Status PostgresCentralStore::putHandoff(const HandoffRecord& handoff) {
    auto r = m_pool->once("INSERT INTO handoffs (token_digest, enrollment_id, kiosk_id, temp_id, "
                          "created_at, expires_at, confirmed_at) VALUES ($1, $2, $3, $4, $5, $6, "
                          "NULL)",
                          Params()
                              .text(handoff.tokenDigest)
                              .text(handoff.enrollmentId)
                              .text(handoff.kioskId)
                              .text(handoff.tempId)
                              .integer(handoff.createdAt)
                              .integer(handoff.expiresAt));
    if (!r) {
        return r.error();
    }
    return {};
}

Result<std::optional<HandoffRecord>>
PostgresCentralStore::findHandoff(std::string_view tokenDigest) {
    auto r = m_pool->once("SELECT token_digest, enrollment_id, kiosk_id, temp_id, created_at, "
                          "expires_at, confirmed_at FROM handoffs WHERE token_digest = $1",
                          Params().text(tokenDigest));
    if (!r) {
        return r.error();
    }
    const PGresult* p = r->get();
    if (PQntuples(p) == 0) {
        return std::optional<HandoffRecord>();
    }
    HandoffRecord h;
    h.tokenDigest = text(p, 0, 0);
    h.enrollmentId = text(p, 0, 1);
    h.kioskId = text(p, 0, 2);
    h.tempId = text(p, 0, 3);
    h.createdAt = integer(p, 0, 4);
    h.expiresAt = integer(p, 0, 5);
    h.confirmedAt = optionalInteger(p, 0, 6);
    return std::optional<HandoffRecord>(std::move(h));
}

Status PostgresCentralStore::confirmHandoff(std::string_view tokenDigest, std::int64_t now) {
    auto r = m_pool->once("UPDATE handoffs SET confirmed_at = $2 WHERE token_digest = $1 AND "
                          "confirmed_at IS NULL",
                          Params().text(tokenDigest).integer(now));
    if (!r) {
        return r.error();
    }
    return {};
}

} // namespace madoguchi::central
