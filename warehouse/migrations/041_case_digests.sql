-- One row per case with what the inbox lists and searches: post count, sources,
-- the first post's title and snippet, and the lower-cased text of all its posts.
-- It is derived data, rebuilt for cases whose updated_at moved on
-- (warehouse.case_digests.refresh), so the inbox never joins a million mentions.
-- No primary key on purpose: rows are replaced in batches, and an index would
-- only slow those batches and every reopen of the file.
CREATE TABLE case_digests (
    case_id        VARCHAR NOT NULL,
    refreshed_at   TIMESTAMPTZ NOT NULL,   -- the cases.updated_at this row reflects
    mention_count  INTEGER NOT NULL,
    sources        VARCHAR[] NOT NULL,
    first_title    VARCHAR,
    first_snippet  VARCHAR,
    first_seen_at  TIMESTAMPTZ,
    last_seen_at   TIMESTAMPTZ,
    search_text    VARCHAR NOT NULL
);
