-- (mention, school) pairs the triage stage looked at that needed no case,
-- so a rerun does not look at them again.
CREATE TABLE triage_log (
    mention_id   VARCHAR NOT NULL,
    school_id    VARCHAR NOT NULL,
    triaged_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (mention_id, school_id)
);
