-- The most recent classification of each mention, whatever model made it:
-- one definition for every query that shows or acts on "the" labels of a post.
CREATE VIEW latest_classifications AS
SELECT mention_id,
       arg_max(labels, classified_at)        AS labels,
       arg_max(scores, classified_at)        AS scores,
       arg_max(spans, classified_at)         AS spans,
       arg_max(model_version, classified_at) AS model_version,
       max(classified_at)                    AS classified_at
FROM classifications
GROUP BY mention_id;
