import GRDB

/// The store's schema as named migration steps; a step once shipped is never edited, only followed.
enum StoreMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: submissions, findings, runs") { db in
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
                        run_id INTEGER REFERENCES runs(id),
                        source_path TEXT NOT NULL,
                        sha256 TEXT NOT NULL,
                        size INTEGER NOT NULL,
                        intake_at TEXT NOT NULL,
                        status TEXT NOT NULL DEFAULT 'pending'
                            CHECK (status IN ('pending', 'valid', 'invalid', 'rejected', 'superseded', 'duplicate')),
                        form TEXT,
                        identity TEXT,
                        reason TEXT,
                        record_json TEXT,
                        duplicate_of INTEGER REFERENCES submissions(id),
                        superseded_by INTEGER REFERENCES submissions(id),
                        processed_at TEXT
                    );
                    CREATE INDEX submissions_sha256 ON submissions(sha256);
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
                    """)
        }
        return migrator
    }
}
