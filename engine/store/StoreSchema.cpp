// SPDX-License-Identifier: Apache-2.0
#include "store/StoreSchema.h"

namespace madoguchi::store {

namespace {

// Times are milliseconds since the Unix epoch (UTC). STRICT tables refuse a value of the
// wrong type instead of storing it silently.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE enrollments (
    uuid            TEXT PRIMARY KEY NOT NULL CHECK (length(uuid) > 0),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    state           TEXT NOT NULL CHECK (length(state) > 0),
    user_id         TEXT,
    method          TEXT,
    device_name     TEXT,
    resume_verifier TEXT,
    resumable_until INTEGER
) STRICT;
CREATE INDEX enrollments_by_user ON enrollments(user_id) WHERE user_id IS NOT NULL;

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    enrollment_uuid TEXT NOT NULL REFERENCES enrollments(uuid),
    kind            TEXT NOT NULL CHECK (length(kind) > 0),
    payload         BLOB NOT NULL,
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    delivered_at    INTEGER,
    last_error      TEXT
) STRICT;
CREATE INDEX outbox_pending ON outbox(next_attempt_at) WHERE delivered_at IS NULL;
CREATE INDEX outbox_by_enrollment ON outbox(enrollment_uuid);

CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY,
    at        INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    subject   TEXT NOT NULL,
    detail    TEXT NOT NULL,
    prev_hash BLOB NOT NULL CHECK (length(prev_hash) = 32),
    hash      BLOB NOT NULL CHECK (length(hash) = 32)
) STRICT;
CREATE INDEX audit_by_subject ON audit(subject);

CREATE TABLE kv (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;
)sql";

// v2: an OTP step locked after too many wrong codes stays locked across cancel, timeout and
// resume until staff restart it; NULL when not locked.
constexpr const char* kSchemaV2 = R"sql(
ALTER TABLE enrollments ADD COLUMN otp_locked_at INTEGER;
)sql";

// v3: wrong resume passwords are counted per registration (a restart must not reset the
// count); at the cap the resume locks until staff unlock it. NULL when not locked.
constexpr const char* kSchemaV3 = R"sql(
ALTER TABLE enrollments ADD COLUMN resume_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE enrollments ADD COLUMN resume_locked_at INTEGER;
)sql";

// v4: the flow's step and the method are stored under fixed names (kiosk/StoredNames.h), not
// the C++ spellings earlier kiosks wrote ("BasicDone", "security-key"). Rows a member may come
// back to are rewritten here, once.
constexpr const char* kSchemaV4 = R"sql(
UPDATE enrollments SET state = CASE state
    WHEN 'Attract' THEN 'attract'
    WHEN 'TempLogin' THEN 'temp_login'
    WHEN 'Terms' THEN 'terms'
    WHEN 'UserId' THEN 'user_id'
    WHEN 'MfaChoice' THEN 'mfa_choice'
    WHEN 'Password' THEN 'password'
    WHEN 'Email' THEN 'email'
    WHEN 'BasicDone' THEN 'basic_done'
    WHEN 'MfaChoiceAfterCommit' THEN 'mfa_choice_after_commit'
    WHEN 'OtpInstallApp' THEN 'otp_install_app'
    WHEN 'OtpDeviceName' THEN 'otp_device_name'
    WHEN 'OtpScan' THEN 'otp_scan'
    WHEN 'OtpVerify' THEN 'otp_verify'
    WHEN 'KeyInsert' THEN 'key_insert'
    WHEN 'KeyPin' THEN 'key_pin'
    WHEN 'KeyTouch' THEN 'key_touch'
    WHEN 'KeyName' THEN 'key_name'
    WHEN 'KeyTry' THEN 'key_try'
    WHEN 'PhoneHandoff' THEN 'phone_handoff'
    WHEN 'Complete' THEN 'complete'
    WHEN 'ResumeLogin' THEN 'resume_login'
    ELSE state END;
UPDATE enrollments SET method = CASE method
    WHEN 'security-key' THEN 'security_key'
    WHEN 'phone-passkey' THEN 'phone_passkey'
    ELSE method END
WHERE method IS NOT NULL;
)sql";

sqlite::Migrations build() {
    sqlite::Migrations migrations;
    migrations.add(1, kSchemaV1);
    migrations.add(2, kSchemaV2);
    migrations.add(3, kSchemaV3);
    migrations.add(4, kSchemaV4);
    return migrations;
}

} // namespace

const sqlite::Migrations& StoreSchema::migrations() {
    static const sqlite::Migrations kMigrations = build();
    return kMigrations;
}

} // namespace madoguchi::store
