import Foundation
import GRDB

/// The store's fixed tables as named migration steps; a step once shipped is never edited, only followed.
/// The per-form tables are generated from the schemas instead (`FormTables`).
enum StoreMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: submissions, findings, runs, history") { db in
            try db.execute(
                sql: """
                    CREATE TABLE runs (
                        id INTEGER PRIMARY KEY,
                        command TEXT NOT NULL,
                        started_at TEXT NOT NULL,
                        finished_at TEXT
                    );
                    CREATE TABLE submissions (
                        id INTEGER PRIMARY KEY,
                        run_id INTEGER NOT NULL REFERENCES runs(id),
                        source_path TEXT NOT NULL,
                        sha256 TEXT NOT NULL,
                        size INTEGER NOT NULL,
                        intake_at TEXT NOT NULL,
                        status TEXT NOT NULL DEFAULT 'pending'
                            CHECK (status IN ('pending', 'valid', 'invalid', 'rejected', 'superseded', 'duplicate')),
                        form TEXT,
                        identity TEXT,              -- the identity values of FORMS.md as a JSON array
                        form_date TEXT,             -- the form's own date (x-form.date), to order corrections
                        reason TEXT,                -- why rejected
                        record_json TEXT,
                        duplicate_of INTEGER REFERENCES submissions(id),
                        superseded_by INTEGER REFERENCES submissions(id),
                        processed_at TEXT,
                        claim_pid INTEGER,          -- the process working on a pending submission
                        claim_at TEXT
                    );
                    CREATE INDEX submissions_sha256 ON submissions(sha256);
                    CREATE INDEX submissions_path ON submissions(source_path, sha256);
                    CREATE INDEX submissions_identity ON submissions(form, identity);
                    CREATE INDEX submissions_status ON submissions(status);
                    CREATE TABLE findings (
                        submission_id INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
                        position INTEGER NOT NULL,
                        path TEXT NOT NULL,
                        severity TEXT NOT NULL CHECK (severity IN ('error', 'warning')),
                        rule TEXT NOT NULL,
                        message TEXT NOT NULL,
                        PRIMARY KEY (submission_id, position)
                    );
                    CREATE TABLE revalidation_changes (
                        run_id INTEGER NOT NULL REFERENCES runs(id),
                        submission_id INTEGER NOT NULL REFERENCES submissions(id),
                        status_before TEXT NOT NULL,
                        status_after TEXT NOT NULL,
                        findings_added TEXT NOT NULL,     -- JSON array of "path rule" strings
                        findings_cleared TEXT NOT NULL,
                        PRIMARY KEY (run_id, submission_id)
                    );
                    CREATE TABLE field_labels (
                        table_name TEXT NOT NULL,
                        column_name TEXT NOT NULL,
                        label TEXT NOT NULL,
                        PRIMARY KEY (table_name, column_name)
                    );
                    CREATE TABLE schema_changes (
                        id INTEGER PRIMARY KEY,
                        at TEXT NOT NULL,
                        table_name TEXT NOT NULL,
                        change TEXT NOT NULL
                    );
                    -- Where everything stands now: corrections and duplicates are history, not current.
                    CREATE VIEW current_submissions AS
                    SELECT id, source_path, form, status, reason,
                           json_extract(record_json, '$.branch') AS branch,
                           json_extract(record_json, '$.name') AS name,
                           identity, intake_at, processed_at,
                           (SELECT COUNT(*) FROM findings f WHERE f.submission_id = s.id AND f.severity = 'error') AS errors,
                           (SELECT COUNT(*) FROM findings f WHERE f.submission_id = s.id AND f.severity = 'warning') AS warnings
                    FROM submissions s
                    WHERE status IN ('pending', 'valid', 'invalid', 'rejected');
                    """)
        }
        migrator.registerMigration("v2: originals in archive packs") { db in
            // Where each original lies in the append-only pack files of the archive. Written in the intake
            // transaction of its first submission; originals archived before packs are files named by hash
            // and have no row here.
            try db.execute(
                sql: """
                    CREATE TABLE archive_entries (
                        sha256 TEXT PRIMARY KEY,
                        pack TEXT NOT NULL,
                        offset INTEGER NOT NULL,
                        length INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v3: current submissions by identity") { db in
            // The corrections lookup when an outcome is loaded asks for the current submissions of one identity;
            // through the (form, identity) index it read every earlier, superseded version's row as well, so
            // loading a correction grew with the corrections before it.
            try db.execute(
                sql: """
                    CREATE INDEX submissions_current_identity ON submissions(form, identity)
                    WHERE status IN ('valid', 'invalid');
                    """)
        }
        migrator.registerMigration("v4: fewer indexes on submissions") { db in
            // Every loaded outcome updates its submission's row, and each index on a changed column is updated
            // with it: (form, identity) over all versions has had no reader since v3, and of the status index
            // only pending submissions (to resume) were ever looked up by it. Loading a submission cost ~40% less
            // in SQLite without the two (the profile of a 10,000-file batch, replayed).
            try db.execute(
                sql: """
                    DROP INDEX submissions_identity;
                    DROP INDEX submissions_status;
                    CREATE INDEX submissions_pending ON submissions(id) WHERE status = 'pending';
                    """)
        }
        migrator.registerMigration("v5: needs review, where a finding comes from, duplicates read as their first") { db in
            // 'review' (待核对): the only errors are formpipe's own reading problems, so the branch is not
            // blamed. SQLite cannot change a CHECK constraint in place: the table is rebuilt, as SQLite's
            // ALTER TABLE page describes, with the view and indexes that depend on it.
            try db.execute(
                sql: """
                    CREATE TABLE submissions_v5 (
                        id INTEGER PRIMARY KEY,
                        run_id INTEGER NOT NULL REFERENCES runs(id),
                        source_path TEXT NOT NULL,
                        sha256 TEXT NOT NULL,
                        size INTEGER NOT NULL,
                        intake_at TEXT NOT NULL,
                        status TEXT NOT NULL DEFAULT 'pending'
                            CHECK (status IN ('pending', 'valid', 'invalid', 'review', 'rejected', 'superseded', 'duplicate')),
                        form TEXT,
                        identity TEXT,
                        form_date TEXT,
                        reason TEXT,
                        record_json TEXT,
                        duplicate_of INTEGER REFERENCES submissions(id),
                        superseded_by INTEGER REFERENCES submissions(id),
                        processed_at TEXT,
                        claim_pid INTEGER,
                        claim_at TEXT
                    );
                    INSERT INTO submissions_v5 SELECT * FROM submissions;
                    DROP VIEW current_submissions;
                    DROP TABLE submissions;
                    ALTER TABLE submissions_v5 RENAME TO submissions;
                    CREATE INDEX submissions_sha256 ON submissions(sha256);
                    CREATE INDEX submissions_path ON submissions(source_path, sha256);
                    CREATE INDEX submissions_current_identity ON submissions(form, identity)
                        WHERE status IN ('valid', 'invalid', 'review');
                    CREATE INDEX submissions_pending ON submissions(id) WHERE status = 'pending';
                    -- A loaded outcome is copied to the duplicates of its submission (few rows, so a partial index).
                    CREATE INDEX submissions_duplicates ON submissions(duplicate_of) WHERE duplicate_of IS NOT NULL;
                    CREATE VIEW current_submissions AS
                    SELECT id, source_path, form, status, reason,
                           json_extract(record_json, '$.branch') AS branch,
                           json_extract(record_json, '$.name') AS name,
                           identity, intake_at, processed_at,
                           (SELECT COUNT(*) FROM findings f WHERE f.submission_id = s.id AND f.severity = 'error') AS errors,
                           (SELECT COUNT(*) FROM findings f WHERE f.submission_id = s.id AND f.severity = 'warning') AS warnings
                    FROM submissions s
                    WHERE status IN ('pending', 'valid', 'invalid', 'review', 'rejected');
                    -- content: about what the branch wrote; reading: formpipe could not read what is there.
                    ALTER TABLE findings ADD COLUMN source TEXT NOT NULL DEFAULT 'content'
                        CHECK (source IN ('content', 'reading'));
                    -- Duplicates taken in before this version carry their first submission's form and record.
                    UPDATE submissions AS d SET form = o.form, identity = o.identity, record_json = o.record_json
                    FROM submissions AS o WHERE d.duplicate_of = o.id AND d.status = 'duplicate';
                    """)
        }
        migrator.registerMigration("v6: the clerk's readings and supersessions") { db in
            // What the clerk read on the original where formpipe could not (formpipe review ID --set), or the
            // decision that the reading findings are the branch's after all (--to-branch). Kept apart from the
            // record, so every later re-extraction (revalidate) applies them again, and history shows who,
            // when, and what formpipe had read before.
            try db.execute(
                sql: """
                    CREATE TABLE clerk_readings (
                        id INTEGER PRIMARY KEY,
                        submission_id INTEGER NOT NULL REFERENCES submissions(id),
                        kind TEXT NOT NULL CHECK (kind IN ('value', 'to_branch')),
                        path TEXT,                  -- the field (items[2].measures) a value is for
                        value_json TEXT,            -- the value the clerk read, normalised
                        previous_json TEXT,         -- what formpipe had read there, if anything
                        who TEXT NOT NULL,
                        at TEXT NOT NULL
                    );
                    CREATE INDEX clerk_readings_submission ON clerk_readings(submission_id);
                    -- The clerk's word on which of two submissions of one identity corrects the other
                    -- (formpipe supersede OLD NEW), when the names and dates did not say it right.
                    CREATE TABLE clerk_supersessions (
                        id INTEGER PRIMARY KEY,
                        earlier_id INTEGER NOT NULL REFERENCES submissions(id),
                        later_id INTEGER NOT NULL REFERENCES submissions(id),
                        who TEXT NOT NULL,
                        at TEXT NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v7: the forms of a file that holds several") { db in
            // A merged file or a bundle holds several forms: the first is loaded into the file's own
            // submission (its part named there), each other into a submission of its own that points at it.
            // The original is archived once, under the file's submission.
            try db.execute(
                sql: """
                    ALTER TABLE submissions ADD COLUMN parent_id INTEGER REFERENCES submissions(id);
                    ALTER TABLE submissions ADD COLUMN part TEXT;    -- '#2', '/材料/1.docx', '/材料/2.docx#2'
                    CREATE UNIQUE INDEX submissions_parts ON submissions(parent_id, part) WHERE parent_id IS NOT NULL;
                    """)
        }
        migrator.registerMigration("v8: rejection codes") { db in
            // A stable code beside the reason's Chinese text (FormDocument's Rejection.Code), for programs; rows
            // rejected before keep NULL rather than a code guessed from their text.
            try db.execute(sql: "ALTER TABLE submissions ADD COLUMN reason_code TEXT")
        }
        migrator.registerMigration("v9: accounts and the audit trail") { db in
            // Who may sign in to the portal (`formpipe users`): an office account sees everything, a branch
            // account only its own branch. Passwords are kept as bcrypt hashes only.
            try db.execute(
                sql: """
                    CREATE TABLE accounts (
                        id INTEGER PRIMARY KEY,
                        name TEXT NOT NULL UNIQUE,
                        role TEXT NOT NULL CHECK (role IN ('office', 'branch')),
                        branch TEXT CHECK ((role = 'branch') = (branch IS NOT NULL)),
                        password_hash TEXT NOT NULL,
                        disabled INTEGER NOT NULL DEFAULT 0,
                        created_at TEXT NOT NULL,
                        password_set_at TEXT NOT NULL
                    );
                    -- Every sign-in, upload, download, revalidation and account change: who, from where, when.
                    CREATE TABLE audit (
                        id INTEGER PRIMARY KEY,
                        at TEXT NOT NULL,
                        account TEXT,               -- the account's name; NULL before anyone signed in
                        address TEXT NOT NULL,      -- the client's address, or 'local' for the command line
                        action TEXT NOT NULL,       -- sign-in, sign-in-refused, upload, download, revalidate, account-*
                        detail TEXT NOT NULL DEFAULT ''
                    );
                    CREATE INDEX audit_at ON audit(at);
                    """)
        }
        migrator.registerMigration("v10: portal sessions and uploads") { db in
            // A signed-in browser: the cookie holds a random token, the store only its SHA-256, so a copy of the
            // store signs nobody in. Each upload remembers the account and branch it came from: a branch account
            // sees the submissions its branch handed in, and nothing else.
            try db.execute(
                sql: """
                    CREATE TABLE sessions (
                        token_hash TEXT PRIMARY KEY,
                        account_id INTEGER NOT NULL REFERENCES accounts(id),
                        csrf TEXT NOT NULL,
                        created_at REAL NOT NULL,       -- seconds since 1970, for the expiry arithmetic
                        last_seen_at REAL NOT NULL
                    );
                    -- Recorded before the upload is taken in, by the name it is taken in under, so a portal killed
                    -- while reading it still knows whose it is when the file is finished after a restart.
                    CREATE TABLE uploads (
                        source_path TEXT PRIMARY KEY,   -- 'portal/<branch>/<name>', as submissions.source_path
                        account TEXT NOT NULL,          -- the account that first handed it in
                        branch TEXT,                    -- that account's branch; NULL for the office
                        at TEXT NOT NULL
                    );
                    CREATE INDEX uploads_branch ON uploads(branch);
                    """)
        }
        return migrator
    }
}
