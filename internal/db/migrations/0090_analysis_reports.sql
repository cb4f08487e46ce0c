-- A consultation's published analysis report (issue 13, item 9). Each
-- publication is a new version and is never changed: what was published
-- stays as published, and a correction is a later version. figures holds
-- the report's numbers as published (method, reach, tallies, themes with
-- their counts) as JSON, and the quotes only as references to the coded
-- answers: their words are read, and checked against the respondent's
-- publishing preference and any redaction, each time the report is shown,
-- so a quote leaves the report when its response is later withheld.
CREATE TABLE analysis_reports (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    consultation_id BIGINT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    next_steps TEXT NOT NULL DEFAULT '',
    figures TEXT NOT NULL,
    published_by TEXT NOT NULL,
    published_at {{timestamp}} NOT NULL,
    UNIQUE (consultation_id, version)
);
CREATE INDEX analysis_reports_partnership ON analysis_reports (partnership_id, consultation_id);
