-- Data protection (issue 8): dedup hashes, evidence holds, pupil roster hashes.

-- What is left of a post once its content is gone (unmatched, purged or
-- erased): enough to recognise it if a source offers it again, nothing more.
-- mention_id is a hash of source + id at the source; the two content hashes
-- cannot be turned back into text.
CREATE TABLE seen_items (
    mention_id      VARCHAR PRIMARY KEY,
    source          VARCHAR NOT NULL,
    content_sha256  VARCHAR NOT NULL,   -- hash of title, body and raw record
    text_sha256     VARCHAR NOT NULL,   -- hash of title and body only (spots edits)
    reason          VARCHAR NOT NULL,   -- unmatched, dismissed_case, closed_case, matched_expired, erased
    first_seen_at   TIMESTAMPTZ NOT NULL,
    reduced_at      TIMESTAMPTZ NOT NULL
);

-- Evidence kept for a complaint, the police or a court. While a hold is
-- active (released_at IS NULL) retention and erasure leave the object alone.
CREATE TABLE evidence_holds (
    hold_id       VARCHAR PRIMARY KEY,
    object_type   VARCHAR NOT NULL,     -- case, mention
    object_id     VARCHAR NOT NULL,
    reason        VARCHAR NOT NULL,
    placed_by     VARCHAR NOT NULL,
    placed_at     TIMESTAMPTZ NOT NULL,
    released_by   VARCHAR,
    released_at   TIMESTAMPTZ,
    release_reason VARCHAR
);

-- Pupil names from a school's roster, only ever as keyed hashes (HMAC-SHA256
-- with the install's secret key) so posts can be checked against the roster
-- without the names being stored.
CREATE TABLE pupil_name_hashes (
    school_id    VARCHAR NOT NULL,
    name_hash    VARCHAR NOT NULL,
    token_count  INTEGER NOT NULL,
    synced_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (school_id, name_hash)
);
