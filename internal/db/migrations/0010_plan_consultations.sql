-- A consultation is linked to a plan at a stage by staff (issue 10, item 2),
-- not implied by the views imported from it: a consultation whose
-- respondents all chose not to be published, or that drew no written
-- answers, still counts as the second draft's consultation. Links implied
-- by the views imported so far become explicit.
CREATE TABLE plan_consultations (
    plan_id BIGINT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    consultation_id BIGINT NOT NULL REFERENCES consultations(id),
    stage TEXT NOT NULL,
    linked_by TEXT NOT NULL,
    linked_at {{timestamp}} NOT NULL,
    PRIMARY KEY (plan_id, consultation_id)
);

INSERT INTO plan_consultations (plan_id, consultation_id, stage, linked_by, linked_at)
SELECT plan_id, consultation_id,
    CASE WHEN SUM(CASE WHEN stage = 'consultation' THEN 1 ELSE 0 END) > 0 THEN 'consultation' ELSE MIN(stage) END,
    'coplan (from the views imported before links were made explicit)', MIN(created_at)
FROM plan_views WHERE consultation_id IS NOT NULL GROUP BY plan_id, consultation_id;

-- Every submitted response reaches the planning team as views (issue 10,
-- item 1), whatever its publishing preference: a view brought in from a
-- response remembers the question it answers, so that public outputs show
-- that answer only as it may be published (redactions applied), or not at
-- all. NULL for a view standing for a response with no written answer.
ALTER TABLE plan_views ADD COLUMN question_id BIGINT REFERENCES questions(id) ON DELETE SET NULL;
