-- Policy engine, evidence and drafts (issue 5). All times UTC.

-- What each piece of evidence looked like when it was attached to a case:
-- written once per (case, mention) and never updated. record_sha256 is the
-- SHA-256 of the canonical JSON of the raw_mentions row (see warehouse/evidence.py),
-- so a later change to the stored record is detectable.
CREATE TABLE evidence_snapshots (
    case_id          VARCHAR NOT NULL,
    mention_id       VARCHAR NOT NULL,
    taken_at         TIMESTAMPTZ NOT NULL,
    url              VARCHAR NOT NULL,
    content_sha256   VARCHAR NOT NULL,
    record_sha256    VARCHAR NOT NULL,
    labels           VARCHAR[] NOT NULL,
    scores           JSON NOT NULL,
    model_version    VARCHAR,
    PRIMARY KEY (case_id, mention_id)
);

-- Every recommendation the policy engine made for a case, with the rules that
-- fired, the clauses they rest on and the inputs (append-only).
CREATE SEQUENCE policy_explanation_seq START 1;
CREATE TABLE policy_explanations (
    explanation_id  BIGINT PRIMARY KEY DEFAULT nextval('policy_explanation_seq'),
    case_id         VARCHAR NOT NULL,
    explained_at    TIMESTAMPTZ NOT NULL,
    engine_version  VARCHAR NOT NULL,
    action          VARCHAR NOT NULL,
    severity        INTEGER NOT NULL,
    explanation     JSON NOT NULL
);

-- Drafted letters and reports. A person edits and approves them and sends them
-- by hand; schoolwatch never sends a draft to anyone. Each edit is a new version.
CREATE TABLE drafts (
    draft_id     VARCHAR PRIMARY KEY,
    case_id      VARCHAR NOT NULL,
    kind         VARCHAR NOT NULL,   -- removal_request, complaints_referral, platform_report, dsl_referral, police_referral
    version      INTEGER NOT NULL,
    body         VARCHAR NOT NULL,
    status       VARCHAR NOT NULL,   -- draft, approved, sent_by_hand
    created_by   VARCHAR NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    approved_by  VARCHAR,
    approved_at  TIMESTAMPTZ,
    sent_by      VARCHAR,
    sent_at      TIMESTAMPTZ,
    sent_note    VARCHAR,
    UNIQUE (case_id, kind, version)
);

-- Deletion watch: keep the HTTP status of each re-check as well.
ALTER TABLE mention_observations ADD COLUMN http_status INTEGER;
