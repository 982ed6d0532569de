import GRDB

/// The database schema as named, append-only migrations: a released migration is never
/// edited; a change is a new migration at the end.
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-tickets-mail-outbox") { db in
            try db.execute(
                sql: """
                    CREATE TABLE tickets (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        subject TEXT NOT NULL,
                        status TEXT NOT NULL,
                        priority TEXT NOT NULL,
                        category TEXT,
                        requester_name TEXT NOT NULL,
                        requester_email TEXT NOT NULL,
                        assignee TEXT,
                        parent_id INTEGER REFERENCES tickets(id),
                        calendar TEXT,
                        skill TEXT,
                        tier INTEGER,
                        created_at DATETIME NOT NULL,
                        updated_at DATETIME NOT NULL,
                        resolved_at DATETIME,
                        closed_at DATETIME
                    );
                    CREATE INDEX tickets_by_status ON tickets(status, priority);
                    CREATE INDEX tickets_by_requester ON tickets(requester_email);
                    CREATE INDEX tickets_by_parent ON tickets(parent_id);

                    CREATE TABLE watchers (
                        ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
                        email TEXT NOT NULL,
                        PRIMARY KEY (ticket_id, email)
                    );

                    CREATE TABLE messages (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
                        message_id TEXT NOT NULL UNIQUE,
                        direction TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        from_name TEXT NOT NULL,
                        from_email TEXT NOT NULL,
                        subject TEXT NOT NULL,
                        body TEXT NOT NULL,
                        raw BLOB,
                        mailbox TEXT,
                        uid INTEGER,
                        arrived_at DATETIME NOT NULL
                    );
                    CREATE INDEX messages_by_ticket ON messages(ticket_id, arrived_at);

                    CREATE TABLE message_references (
                        message_row_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
                        referenced_id TEXT NOT NULL
                    );
                    CREATE INDEX message_references_by_id ON message_references(referenced_id);

                    CREATE TABLE attachments (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        message_row_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
                        filename TEXT NOT NULL,
                        content_type TEXT NOT NULL,
                        size INTEGER NOT NULL,
                        sha256 TEXT NOT NULL
                    );
                    CREATE INDEX attachments_by_message ON attachments(message_row_id);

                    CREATE TABLE events (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
                        type TEXT NOT NULL,
                        actor TEXT NOT NULL,
                        at DATETIME NOT NULL,
                        detail TEXT NOT NULL,
                        message_id TEXT
                    );
                    CREATE INDEX events_by_ticket ON events(ticket_id, id);

                    CREATE TABLE links (
                        ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
                        other_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
                        kind TEXT NOT NULL,
                        PRIMARY KEY (ticket_id, other_id, kind)
                    );

                    CREATE TABLE sla_clocks (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
                        name TEXT NOT NULL,
                        target_minutes INTEGER NOT NULL,
                        calendar TEXT NOT NULL,
                        started_at DATETIME NOT NULL,
                        due_at DATETIME,
                        state TEXT NOT NULL,
                        paused_at DATETIME,
                        paused_seconds INTEGER NOT NULL DEFAULT 0,
                        next_check_at DATETIME,
                        notices_sent INTEGER NOT NULL DEFAULT 0,
                        UNIQUE (ticket_id, name)
                    );
                    CREATE INDEX sla_clocks_due ON sla_clocks(next_check_at) WHERE next_check_at IS NOT NULL;

                    CREATE TABLE outbox (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        message_id TEXT NOT NULL UNIQUE,
                        ticket_id INTEGER REFERENCES tickets(id) ON DELETE SET NULL,
                        kind TEXT NOT NULL,
                        recipients TEXT NOT NULL,
                        envelope_from TEXT NOT NULL,
                        raw BLOB NOT NULL,
                        created_at DATETIME NOT NULL,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        next_attempt_at DATETIME NOT NULL,
                        sent_at DATETIME,
                        failed_at DATETIME,
                        last_error TEXT
                    );
                    CREATE INDEX outbox_unsent ON outbox(next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;

                    CREATE TABLE auto_replies (
                        recipient TEXT NOT NULL,
                        at DATETIME NOT NULL
                    );
                    CREATE INDEX auto_replies_by_recipient ON auto_replies(recipient, at);

                    CREATE TABLE checkpoints (
                        mailbox TEXT PRIMARY KEY,
                        uidvalidity INTEGER NOT NULL,
                        last_uid INTEGER NOT NULL,
                        updated_at DATETIME NOT NULL
                    );

                    CREATE TABLE pending_moves (
                        mailbox TEXT NOT NULL,
                        uidvalidity INTEGER NOT NULL,
                        uid INTEGER NOT NULL,
                        destination TEXT NOT NULL,
                        PRIMARY KEY (mailbox, uidvalidity, uid)
                    );

                    CREATE TABLE quarantine (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        mailbox TEXT NOT NULL,
                        uid INTEGER NOT NULL,
                        message_id TEXT,
                        sender TEXT NOT NULL,
                        subject TEXT NOT NULL,
                        reason TEXT NOT NULL,
                        raw BLOB NOT NULL,
                        arrived_at DATETIME NOT NULL,
                        quarantined_at DATETIME NOT NULL,
                        retried_at DATETIME,
                        ticket_id INTEGER
                    );
                    CREATE INDEX quarantine_by_message_id ON quarantine(message_id);

                    CREATE TABLE daemon_state (
                        key TEXT PRIMARY KEY,
                        value TEXT NOT NULL,
                        updated_at DATETIME NOT NULL
                    );
                    """)
        }
        migrator.registerMigration("v2-sla-warnings") { db in
            try db.execute(sql: "ALTER TABLE sla_clocks ADD COLUMN warned INTEGER NOT NULL DEFAULT 0")
        }
        migrator.registerMigration("v3-raw-mail-files") { db in
            // Large mail is kept as an fsynced file (its path here) instead of a blob, so that a
            // 50 MB mail is not copied into SQLite's memory on its way to disk.
            try db.execute(sql: "ALTER TABLE messages ADD COLUMN raw_path TEXT")
            try db.execute(sql: "ALTER TABLE quarantine ADD COLUMN raw_path TEXT")
        }
        migrator.registerMigration("v4-hostile-mail") { db in
            // A Message-ID alone no longer makes a duplicate: the content digest must match too.
            try db.execute(sql: "ALTER TABLE messages ADD COLUMN content_sha256 TEXT")
            try db.execute(sql: "ALTER TABLE quarantine ADD COLUMN content_sha256 TEXT")
            // The mail in hand while parsing and deciding, so that after a crash the mail that
            // caused it is known; and what earlier crashes suspect.
            try db.execute(
                sql: """
                    CREATE TABLE intake_in_hand (
                        mailbox TEXT NOT NULL,
                        uidvalidity INTEGER NOT NULL,
                        uid INTEGER NOT NULL,
                        alone INTEGER NOT NULL,
                        PRIMARY KEY (mailbox, uidvalidity, uid)
                    );
                    CREATE TABLE intake_suspects (
                        mailbox TEXT NOT NULL,
                        uidvalidity INTEGER NOT NULL,
                        uid INTEGER NOT NULL,
                        crashes INTEGER NOT NULL DEFAULT 0,
                        crashes_alone INTEGER NOT NULL DEFAULT 0,
                        PRIMARY KEY (mailbox, uidvalidity, uid)
                    );
                    CREATE INDEX auto_replies_by_time ON auto_replies(at);
                    """)
        }
        migrator.registerMigration("v5-typed-events") { db in
            try TypedEventsMigration.migrate(db)
        }
        migrator.registerMigration("v6-auto-reply-hours") { db in
            // The global cap reads a count per clock hour, not every reply of the last hour.
            try db.execute(
                sql: """
                    CREATE TABLE auto_reply_hours (hour INTEGER PRIMARY KEY, count INTEGER NOT NULL);
                    INSERT INTO auto_reply_hours (hour, count)
                        SELECT CAST(strftime('%s', at) AS INTEGER) / 3600, COUNT(*) FROM auto_replies GROUP BY 1;
                    """)
        }
        migrator.registerMigration("v7-analyst-events") { db in
            // New event kinds (command_refused, pending_reminder): the checks are rebuilt.
            try TypedEventsMigration.dropChecks(db)
            try TypedEventsMigration.checks(db)
            try db.execute(sql: "CREATE INDEX IF NOT EXISTS links_by_kind ON links(kind, ticket_id)")
        }
        migrator.registerMigration("v8-problems-broadcasts") { db in
            // Problems (global tickets), their broadcasts and who received them, an outbox priority
            // so a broadcast to thousands never delays acknowledgements and notices, and the event
            // kinds added since v7 (possible_outage, satisfaction, self_service).
            try TypedEventsMigration.dropChecks(db)
            try TypedEventsMigration.checks(db)
            try db.execute(
                sql: """
                    ALTER TABLE tickets ADD COLUMN is_problem INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE tickets ADD COLUMN match_words TEXT;
                    ALTER TABLE tickets ADD COLUMN topic_terms TEXT;
                    CREATE INDEX tickets_by_created ON tickets(created_at);
                    CREATE INDEX tickets_problems ON tickets(is_problem, status);
                    ALTER TABLE outbox ADD COLUMN priority INTEGER NOT NULL DEFAULT 0;
                    CREATE INDEX outbox_unsent_by_priority ON outbox(priority, next_attempt_at, id)
                        WHERE sent_at IS NULL AND failed_at IS NULL;
                    CREATE TABLE broadcasts (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        ticket_id INTEGER REFERENCES tickets(id) ON DELETE SET NULL,
                        key TEXT NOT NULL UNIQUE,
                        template TEXT NOT NULL,
                        recipients INTEGER NOT NULL,
                        text TEXT NOT NULL DEFAULT '',
                        created_at DATETIME NOT NULL
                    );
                    CREATE TABLE broadcast_recipients (
                        ticket_id INTEGER NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
                        email TEXT NOT NULL,
                        PRIMARY KEY (ticket_id, email)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v9-knowledge-base") { db in
            // Articles, searched through FTS5 (bm25 ranks; the score a threshold reads is the
            // share of the query's terms an article holds).
            try db.execute(
                sql: """
                    CREATE TABLE kb_articles (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        title TEXT NOT NULL,
                        body TEXT NOT NULL,
                        ticket_id INTEGER REFERENCES tickets(id) ON DELETE SET NULL,
                        created_by TEXT NOT NULL,
                        created_at DATETIME NOT NULL
                    );
                    CREATE VIRTUAL TABLE kb_search USING fts5(
                        title, body, content='kb_articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
                    INSERT INTO kb_search (kb_search, rank) VALUES ('rank', 'bm25(2.0, 1.0)');
                    CREATE TRIGGER kb_articles_indexed AFTER INSERT ON kb_articles BEGIN
                        INSERT INTO kb_search (rowid, title, body) VALUES (new.id, new.title, new.body);
                    END;
                    """)
        }
        migrator.registerMigration("v10-report-facts") { db in
            try ReportFactsMigration.migrate(db)
        }
        migrator.registerMigration("v11-kb-terms") { db in
            // Each article's distinctive terms (scored without reading its text again) and how
            // many articles hold each term (so a search asks the index for the rare ones).
            try db.execute(
                sql: """
                    ALTER TABLE kb_articles ADD COLUMN terms TEXT NOT NULL DEFAULT '';
                    CREATE TABLE kb_terms (term TEXT PRIMARY KEY, articles INTEGER NOT NULL) WITHOUT ROWID;
                    """)
            for row in try Row.fetchAll(db, sql: "SELECT id, title, body FROM kb_articles") {
                let terms = StoreSession.articleTerms(title: row["title"], body: row["body"])
                try db.execute(
                    sql: "UPDATE kb_articles SET terms = ? WHERE id = ?",
                    arguments: [terms.joined(separator: " "), row["id"] as Int64])
                try StoreSession.countHolders(of: terms, in: db)
            }
        }
        migrator.registerMigration("v12-sender-verdict") { db in
            // Each incoming mail's sender verdict (pass, fail, none; NULL for mail stored before),
            // and the event kind for what a failed one was not allowed to do.
            try db.execute(sql: "ALTER TABLE messages ADD COLUMN sender_verdict TEXT")
            // Verified senders' acknowledgements count in a bucket of their own, so forged mail
            // cannot spend the cap a verified nurse's acknowledgement needs.
            try db.execute(
                sql: "CREATE TABLE auto_reply_hours_verified (hour INTEGER PRIMARY KEY, count INTEGER NOT NULL)")
            try TypedEventsMigration.dropChecks(db)
            try TypedEventsMigration.checks(db)
        }
        migrator.registerMigration("v13-audiences") { db in
            // Each broadcast's audience (the groups it went to, `children` for the children's
            // requesters) and whether its text is for everyone; whether an analyst linked a child
            // (auto-linked children teach a problem no words and are not resolved with it); and
            // whether an article is published (only published ones are suggested). Links made
            // before stay as they were: an analyst's or an operator's are confirmed; articles
            // written from a ticket by `#kb` become drafts for a second look. And a log of the
            // notices mailed to analysts, for the hourly caps.
            try db.execute(
                sql: """
                    ALTER TABLE broadcasts ADD COLUMN audience TEXT NOT NULL DEFAULT '';
                    ALTER TABLE broadcasts ADD COLUMN is_public INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE tickets ADD COLUMN parent_confirmed INTEGER NOT NULL DEFAULT 0;
                    UPDATE tickets SET parent_confirmed = 1 WHERE parent_id IS NOT NULL AND EXISTS (
                        SELECT 1 FROM events e WHERE e.ticket_id = tickets.id AND e.type = 'link' AND e.role != 'system');
                    ALTER TABLE kb_articles ADD COLUMN published INTEGER NOT NULL DEFAULT 1;
                    UPDATE kb_articles SET published = 0 WHERE ticket_id IS NOT NULL;
                    CREATE TABLE notice_log (
                        kind TEXT NOT NULL,
                        recipient TEXT NOT NULL,
                        about TEXT NOT NULL,
                        ticket_id INTEGER REFERENCES tickets(id) ON DELETE CASCADE,
                        at DATETIME NOT NULL
                    );
                    CREATE INDEX notice_log_by_recipient ON notice_log(kind, recipient, at);
                    CREATE INDEX notice_log_by_about ON notice_log(kind, about, at);
                    """)
            try TypedEventsMigration.dropChecks(db)
            try TypedEventsMigration.checks(db)
        }
        migrator.registerMigration("v14-typed-report-fields") { db in
            try ReportFactsMigration.typedFields(db)
        }
        migrator.registerMigration("v15-assignee-load") { db in
            // Each analyst's open tickets, kept by triggers as tickets change, so choosing an
            // assignee reads a handful of rows, not every open ticket (a storm's 10,000th mail
            // costs what the first did).
            let active = "('new', 'open', 'pending')"
            try db.execute(
                sql: """
                    CREATE TABLE assignee_load (assignee TEXT PRIMARY KEY, open INTEGER NOT NULL) WITHOUT ROWID;
                    INSERT INTO assignee_load (assignee, open)
                        SELECT assignee, COUNT(*) FROM tickets
                        WHERE status IN \(active) AND assignee IS NOT NULL GROUP BY assignee;
                    CREATE TRIGGER assignee_load_insert AFTER INSERT ON tickets
                    WHEN NEW.assignee IS NOT NULL AND NEW.status IN \(active) BEGIN
                        INSERT INTO assignee_load (assignee, open) VALUES (NEW.assignee, 1)
                            ON CONFLICT (assignee) DO UPDATE SET open = open + 1;
                    END;
                    CREATE TRIGGER assignee_load_update AFTER UPDATE OF assignee, status ON tickets BEGIN
                        UPDATE assignee_load SET open = open - 1
                            WHERE OLD.assignee IS NOT NULL AND OLD.status IN \(active) AND assignee = OLD.assignee;
                        INSERT INTO assignee_load (assignee, open)
                            SELECT NEW.assignee, 1 WHERE NEW.assignee IS NOT NULL AND NEW.status IN \(active)
                            ON CONFLICT (assignee) DO UPDATE SET open = open + 1;
                    END;
                    CREATE TRIGGER assignee_load_delete AFTER DELETE ON tickets
                    WHEN OLD.assignee IS NOT NULL AND OLD.status IN \(active) BEGIN
                        UPDATE assignee_load SET open = open - 1 WHERE assignee = OLD.assignee;
                    END;
                    """)
        }
        return migrator
    }
}
