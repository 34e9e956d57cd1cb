-- Foundation schema. All times are UTC (TIMESTAMPTZ).

-- Every item a source gave us, exactly as captured. Rows are never updated:
-- later sightings go to mention_observations.
CREATE TABLE raw_mentions (
    mention_id      VARCHAR PRIMARY KEY,      -- hash of source + external_id
    source          VARCHAR NOT NULL,         -- 'reddit', 'feed'
    source_key      VARCHAR NOT NULL,         -- which feed / listing it came from
    external_id     VARCHAR NOT NULL,         -- id at the source
    kind            VARCHAR NOT NULL,         -- submission, comment, article, feed_comment
    url             VARCHAR NOT NULL,
    canonical_url   VARCHAR,
    thread_key      VARCHAR,                  -- groups a conversation into one case
    author          VARCHAR,
    title           VARCHAR NOT NULL DEFAULT '',
    body            VARCHAR NOT NULL,
    posted_at       TIMESTAMPTZ,
    fetched_at      TIMESTAMPTZ NOT NULL,
    raw_json        JSON,
    content_sha256  VARCHAR NOT NULL,
    run_id          VARCHAR,
    UNIQUE (source, external_id)
);

-- The same article reached through two routes is linked, not doubled.
CREATE TABLE mention_links (
    mention_id    VARCHAR NOT NULL,
    duplicate_of  VARCHAR NOT NULL,
    reason        VARCHAR NOT NULL,
    linked_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (mention_id, duplicate_of)
);

-- Which mentions the matcher has looked at (matched or not).
CREATE TABLE match_log (
    mention_id    VARCHAR PRIMARY KEY,
    matched_at    TIMESTAMPTZ NOT NULL,
    school_count  INTEGER NOT NULL
);

CREATE TABLE school_matches (
    mention_id    VARCHAR NOT NULL,
    school_id     VARCHAR NOT NULL,
    alias         VARCHAR NOT NULL,
    start_offset  INTEGER NOT NULL,
    end_offset    INTEGER NOT NULL,
    PRIMARY KEY (mention_id, school_id)
);

CREATE TABLE classifications (
    mention_id     VARCHAR NOT NULL,
    model_version  VARCHAR NOT NULL,
    scores         JSON NOT NULL,
    labels         VARCHAR[] NOT NULL,
    spans          JSON NOT NULL,
    classified_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (mention_id, model_version)
);

-- A case is one conversation about one school that needs (or needed) a look.
CREATE TABLE cases (
    case_id       VARCHAR PRIMARY KEY,
    school_id     VARCHAR NOT NULL,
    thread_key    VARCHAR NOT NULL,
    status        VARCHAR NOT NULL DEFAULT 'new',
    action        VARCHAR NOT NULL DEFAULT 'none',
    severity      INTEGER NOT NULL DEFAULT 0,
    reason        VARCHAR NOT NULL DEFAULT '',
    clause        VARCHAR NOT NULL DEFAULT '',
    policy        VARCHAR NOT NULL DEFAULT '',
    flags         VARCHAR[] NOT NULL DEFAULT [],
    labels        VARCHAR[] NOT NULL DEFAULT [],
    safeguarding  BOOLEAN NOT NULL DEFAULT false,
    assigned_to   VARCHAR,
    legal_hold    BOOLEAN NOT NULL DEFAULT false,
    opened_at     TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL,
    closed_at     TIMESTAMPTZ,
    UNIQUE (school_id, thread_key)
);

CREATE TABLE case_mentions (
    case_id     VARCHAR NOT NULL,
    mention_id  VARCHAR NOT NULL,
    added_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (case_id, mention_id)
);

-- Every review decision, note and assignment, with who and when.
CREATE TABLE decisions (
    decision_id  VARCHAR PRIMARY KEY,
    case_id      VARCHAR NOT NULL,
    actor        VARCHAR NOT NULL,
    decision     VARCHAR NOT NULL,   -- confirm, dismiss, action, resolve, reopen, assign, note
    detail       JSON NOT NULL,
    decided_at   TIMESTAMPTZ NOT NULL
);

-- Deletion watch: each re-check of a mention's URL.
CREATE TABLE mention_observations (
    mention_id      VARCHAR NOT NULL,
    checked_at      TIMESTAMPTZ NOT NULL,
    status          VARCHAR NOT NULL,   -- present, edited, removed, unreachable
    content_sha256  VARCHAR,
    detail          VARCHAR,
    PRIMARY KEY (mention_id, checked_at)
);

-- Emails rendered and waiting or sent. message_id is the idempotency key.
CREATE TABLE outbox (
    message_id   VARCHAR PRIMARY KEY,
    kind         VARCHAR NOT NULL,   -- digest, alert
    recipient    VARCHAR NOT NULL,
    subject      VARCHAR NOT NULL,
    message      VARCHAR NOT NULL,   -- the full RFC 5322 message
    case_id      VARCHAR,
    status       VARCHAR NOT NULL DEFAULT 'queued',   -- queued, sending, sent, failed
    attempts     INTEGER NOT NULL DEFAULT 0,
    last_error   VARCHAR,
    created_at   TIMESTAMPTZ NOT NULL,
    sent_at      TIMESTAMPTZ
);

-- Incremental-loading state and health, one row per source.
CREATE TABLE connector_state (
    source_key            VARCHAR PRIMARY KEY,
    source                VARCHAR NOT NULL,
    display_name          VARCHAR NOT NULL DEFAULT '',
    cursor                VARCHAR,
    etag                  VARCHAR,
    last_modified         VARCHAR,
    state                 JSON,
    last_attempt_at       TIMESTAMPTZ,
    last_success_at       TIMESTAMPTZ,
    last_error            VARCHAR,
    last_error_at         TIMESTAMPTZ,
    consecutive_failures  INTEGER NOT NULL DEFAULT 0,
    items_fetched         BIGINT NOT NULL DEFAULT 0,
    last_items            INTEGER NOT NULL DEFAULT 0,
    healthy               BOOLEAN NOT NULL DEFAULT true
);

-- Append-only: the warehouse offers no update or delete for it.
CREATE SEQUENCE audit_seq START 1;
CREATE TABLE audit_log (
    audit_id     BIGINT PRIMARY KEY DEFAULT nextval('audit_seq'),
    logged_at    TIMESTAMPTZ NOT NULL,
    actor        VARCHAR NOT NULL,
    action       VARCHAR NOT NULL,
    object_type  VARCHAR NOT NULL,
    object_id    VARCHAR,
    detail       JSON
);

CREATE TABLE users (
    username       VARCHAR PRIMARY KEY,
    password_hash  VARCHAR NOT NULL,
    role           VARCHAR NOT NULL,
    schools        VARCHAR[] NOT NULL DEFAULT [],
    created_at     TIMESTAMPTZ NOT NULL,
    disabled       BOOLEAN NOT NULL DEFAULT false
);

CREATE TABLE runs (
    run_id       VARCHAR PRIMARY KEY,
    started_at   TIMESTAMPTZ NOT NULL,
    finished_at  TIMESTAMPTZ,
    status       VARCHAR NOT NULL,   -- running, completed, completed_with_errors, failed
    summary      JSON
);
