#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Puts one undelivered result in a kiosk store (schema v2 of engine/store/StoreSchema.cpp),
as a kiosk that lost its network would have it, or counts the queued ones.

usage: queue_outbox.py create STORE | queue_outbox.py count STORE
"""
import sqlite3
import sys

SCHEMA_V2 = """
CREATE TABLE enrollments (uuid TEXT PRIMARY KEY NOT NULL CHECK (length(uuid) > 0),
    created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (length(state) > 0), user_id TEXT, method TEXT, device_name TEXT,
    resume_verifier TEXT, resumable_until INTEGER, otp_locked_at INTEGER) STRICT;
CREATE INDEX enrollments_by_user ON enrollments(user_id) WHERE user_id IS NOT NULL;
CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT,
    enrollment_uuid TEXT NOT NULL REFERENCES enrollments(uuid),
    kind TEXT NOT NULL CHECK (length(kind) > 0), payload BLOB NOT NULL,
    created_at INTEGER NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL, delivered_at INTEGER, last_error TEXT) STRICT;
CREATE INDEX outbox_pending ON outbox(next_attempt_at) WHERE delivered_at IS NULL;
CREATE INDEX outbox_by_enrollment ON outbox(enrollment_uuid);
CREATE TABLE audit (seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, kind TEXT NOT NULL,
    subject TEXT NOT NULL, detail TEXT NOT NULL,
    prev_hash BLOB NOT NULL CHECK (length(prev_hash) = 32),
    hash BLOB NOT NULL CHECK (length(hash) = 32)) STRICT;
CREATE INDEX audit_by_subject ON audit(subject);
CREATE TABLE kv (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) STRICT;
PRAGMA user_version=2;
"""


def main() -> int:
    action, path = sys.argv[1], sys.argv[2]
    db = sqlite3.connect(path)
    if action == "create":
        db.execute("PRAGMA journal_mode=WAL")  # as the kiosk's store (it refuses others)
        db.executescript(SCHEMA_V2)
        uuid = "00000000-0000-4000-8000-000000000016"
        db.execute("INSERT INTO enrollments(uuid, created_at, updated_at, state, user_id)"
                   " VALUES (?, 1764720000000, 1764720000000, 'complete', 'member16')", (uuid,))
        db.execute("INSERT INTO outbox(enrollment_uuid, kind, payload, created_at,"
                   " next_attempt_at) VALUES (?, 'submission', ?, 1764720000000,"
                   " 1764720000000)", (uuid, bytes(range(256))))
        db.commit()
    print(db.execute("SELECT count(*) FROM outbox WHERE delivered_at IS NULL").fetchone()[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
