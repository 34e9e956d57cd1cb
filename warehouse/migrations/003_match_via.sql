-- How a school match was made: 'text' (the alias is in the item's own text)
-- or 'thread' (a reply inherits the school of the post or article it replies to).
ALTER TABLE school_matches ADD COLUMN via VARCHAR NOT NULL DEFAULT 'text';
