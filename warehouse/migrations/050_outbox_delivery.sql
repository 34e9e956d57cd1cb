-- Email delivery bookkeeping on top of the outbox table from 001.
-- status now also takes 'unconfirmed': a message handed to the mail server
-- whose delivery we could not confirm (crash or dropped connection). It is
-- never sent again; see dashboards/email/delivery.py for why.
ALTER TABLE outbox ADD COLUMN claimed_at TIMESTAMPTZ;   -- when it was marked 'sending'
ALTER TABLE outbox ADD COLUMN digest_date DATE;         -- digests: the day it covers
ALTER TABLE outbox ADD COLUMN note VARCHAR;             -- e.g. held back by the hourly alert cap
