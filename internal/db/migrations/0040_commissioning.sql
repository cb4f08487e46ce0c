-- Co-production in commissioning (issue 12): pieces of commissioning work,
-- each passing through Audit Scotland's seven stages
-- (statute.CommissioningStages); the involvement keyed in at each stage;
-- and links to coplan's own records (consultations, plan views, s.36
-- decisions, option appraisals, board and SPG decisions), which are read
-- from where they are kept and never keyed in twice.
--
-- Lists of ids (localities, delegated functions, plan arrangements) are
-- kept comma-separated, as consultation responses keep relationships: they
-- are short, read whole and never joined on.
CREATE TABLE work_items (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL,
    localities TEXT NOT NULL DEFAULT '',
    functions TEXT NOT NULL DEFAULT '',
    arrangements TEXT NOT NULL DEFAULT '',
    published_at {{timestamp}},
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL
);
CREATE INDEX work_items_partnership ON work_items (partnership_id);

-- Where each stage has got to; a stage with no row has not started.
CREATE TABLE work_item_stages (
    work_item_id BIGINT NOT NULL REFERENCES work_items(id) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    status TEXT NOT NULL,
    started_on TEXT NOT NULL DEFAULT '',
    finished_on TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (work_item_id, stage)
);

-- Involvement keyed in: who took part (taking: JSON counts by group), how
-- deeply (depth: 1 Inform to 5 Empower, the IAP2 Spectrum), what was asked
-- and what came of it. named holds the names of those who agreed to be
-- named, for staff pages only.
CREATE TABLE involvements (
    id {{id}},
    work_item_id BIGINT NOT NULL REFERENCES work_items(id) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    on_date TEXT NOT NULL,
    activity TEXT NOT NULL,
    depth INTEGER NOT NULL,
    taking TEXT NOT NULL DEFAULT '{}',
    localities TEXT NOT NULL DEFAULT '',
    asked TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL DEFAULT '',
    changed BOOLEAN NOT NULL DEFAULT FALSE,
    named TEXT NOT NULL DEFAULT '',
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL
);
CREATE INDEX involvements_work_item ON involvements (work_item_id);

-- A record of another room linked at a stage: kind is a
-- commissioning.SourceKind, record_id the record's id in its room, depth
-- the level chosen when linking.
CREATE TABLE work_item_links (
    id {{id}},
    work_item_id BIGINT NOT NULL REFERENCES work_items(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    record_id BIGINT NOT NULL,
    stage TEXT NOT NULL,
    depth INTEGER NOT NULL,
    created_at {{timestamp}} NOT NULL,
    UNIQUE (work_item_id, kind, record_id, stage)
);
