-- A link to a plan the strategic plan should correlate with names which of
-- the guidance's plans it is, by its code in statute.RelatedPlans
-- ('carer-strategy', 'community-justice', ...). Empty for a plan it must
-- take account of (s.30), and for correlate links made before the code was
-- recorded.
ALTER TABLE plan_links ADD COLUMN related_plan TEXT NOT NULL DEFAULT '';
