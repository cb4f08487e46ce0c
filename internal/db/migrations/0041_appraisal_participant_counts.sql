-- How many took part in an option appraisal, by group (people who use
-- services, unpaid carers, third sector, providers, staff, communities: the
-- codes of commissioning.Groups), as JSON: entered once on the appraisal,
-- and counted as involvement by commissioning work linked to it (issue
-- 12). The free text of who took part is kept beside it.
ALTER TABLE appraisals ADD COLUMN participant_counts TEXT NOT NULL DEFAULT '{}';
