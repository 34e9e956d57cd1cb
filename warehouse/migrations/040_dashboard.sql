-- Dashboard: login sessions, and indexes the inbox and case pages need.

-- Server-side login sessions. The cookie carries a random token; only its
-- SHA-256 is stored, so a copy of the warehouse cannot be used to log in.
CREATE TABLE web_sessions (
    token_hash    VARCHAR PRIMARY KEY,
    username      VARCHAR NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    last_seen_at  TIMESTAMPTZ NOT NULL,
    expires_at    TIMESTAMPTZ NOT NULL,
    client_ip     VARCHAR
);

-- Point look-ups by case (case page, inbox previews) and by mention.
-- Only insert-only tables get indexes: DuckDB rewrites updated rows of
-- indexed tables as delete + insert, which the status updates on `cases` avoid.
CREATE INDEX case_mentions_case_idx ON case_mentions (case_id);
CREATE INDEX classifications_mention_idx ON classifications (mention_id);
CREATE INDEX decisions_case_idx ON decisions (case_id);
CREATE INDEX audit_log_object_idx ON audit_log (object_id);
