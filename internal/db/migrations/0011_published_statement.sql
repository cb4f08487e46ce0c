-- What was published stays as published (issue 10, item 12): the
-- consultation statement (s.35) is stored, as JSON, with the version of the
-- plan it was published with, so a response keyed in after the
-- consultation closed changes no published figure. A correction is a new
-- published version with its own statement. '' for a version not
-- published, or published before statements were kept.
ALTER TABLE plan_versions ADD COLUMN statement_json TEXT NOT NULL DEFAULT '';
