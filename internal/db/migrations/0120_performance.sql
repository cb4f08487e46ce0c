-- The annual performance report (s.42, SSI 2014/326; issue 14 item 6):
-- per partnership and reporting year (1 April to 31 March, named by the
-- year it starts), what only a person can write. Everything else in the
-- report (arrangements, indicator figures, s.36 decisions, reviews, "you
-- said, we did") is read from the other rooms when the report is built.

-- performance_narratives: the text of one report section (statute
-- ReportSections code), or of one locality (section 'locality',
-- locality_id set; 0 otherwise).
CREATE TABLE performance_narratives (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    section TEXT NOT NULL,
    locality_id BIGINT NOT NULL DEFAULT 0,
    body TEXT NOT NULL,
    updated_at {{timestamp}} NOT NULL,
    UNIQUE (partnership_id, year, section, locality_id)
);

-- performance_entries: a good-practice example, a lesson from what did
-- not work, or an inspection finding with the action taken (kind).
CREATE TABLE performance_entries (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    action TEXT NOT NULL DEFAULT '',
    created_at {{timestamp}} NOT NULL
);

-- performance_spend: spend on one matter of regulation 4(2), planned
-- (the financial statement's) and actual, with the reason for any
-- variance.
CREATE TABLE performance_spend (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    matter TEXT NOT NULL,
    planned_pence BIGINT NOT NULL,
    actual_pence BIGINT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    UNIQUE (partnership_id, year, matter)
);

-- performance_reports: each published version of a year's report, the
-- whole report as JSON as it was published; a correction is a new
-- version, the old ones stay.
CREATE TABLE performance_reports (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    version INTEGER NOT NULL,
    content TEXT NOT NULL,
    published_at {{timestamp}} NOT NULL,
    published_by TEXT NOT NULL,
    UNIQUE (partnership_id, year, version)
);
