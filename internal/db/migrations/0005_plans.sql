-- The strategic plan (ss.29-38): plans and their stages, the communication
-- and engagement plan, versions with sections and locality arrangements,
-- who each draft was sent to, the views received and what became of them,
-- supporting documents, the Annex C checklist, reviews, s.38 directions,
-- option appraisals and significant decisions outside the plan (s.36).

CREATE TABLE plans (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    effective_on TEXT NOT NULL DEFAULT '',
    stage TEXT NOT NULL,
    replaces_plan_id BIGINT REFERENCES plans(id),
    housing_statement TEXT NOT NULL DEFAULT '',
    published_at {{timestamp}},
    last_review_on TEXT NOT NULL DEFAULT '',
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL
);
CREATE INDEX plans_partnership ON plans (partnership_id);

CREATE TABLE plan_stage_events (
    id {{id}},
    plan_id BIGINT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    from_stage TEXT NOT NULL,
    to_stage TEXT NOT NULL,
    on_date TEXT NOT NULL,
    actor TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    recorded_at {{timestamp}} NOT NULL
);

CREATE TABLE engagement_plans (
    plan_id BIGINT PRIMARY KEY REFERENCES plans(id) ON DELETE CASCADE,
    who TEXT NOT NULL,
    how TEXT NOT NULL,
    timing TEXT NOT NULL,
    support TEXT NOT NULL,
    updated_at {{timestamp}} NOT NULL
);

-- A version is the plan's text at one stage. Published versions are never
-- changed: a correction is a new version with a note.
CREATE TABLE plan_versions (
    id {{id}},
    plan_id BIGINT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    stage TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    frozen BOOLEAN NOT NULL DEFAULT FALSE,
    created_by TEXT NOT NULL,
    created_at {{timestamp}} NOT NULL,
    UNIQUE (plan_id, number)
);

CREATE TABLE plan_sections (
    id {{id}},
    version_id BIGINT NOT NULL REFERENCES plan_versions(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    key TEXT NOT NULL,
    title TEXT NOT NULL,
    locality_id BIGINT REFERENCES localities(id),
    body TEXT NOT NULL DEFAULT ''
);

-- Arrangements for carrying out the integration functions (s.29(2)), each
-- for a locality (or the whole area), with the national outcomes (codes,
-- comma-separated), principles and measures set at the outset.
CREATE TABLE arrangements (
    id {{id}},
    version_id BIGINT NOT NULL REFERENCES plan_versions(id) ON DELETE CASCADE,
    locality_id BIGINT REFERENCES localities(id),
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    outcomes TEXT NOT NULL DEFAULT '',
    principles TEXT NOT NULL DEFAULT '',
    measures TEXT NOT NULL DEFAULT ''
);

-- Other plans: those it must take account of (s.30: shared services,
-- facilities or resources), linked to another partnership's plan on this
-- service where there is one, and those it should correlate with.
CREATE TABLE plan_links (
    id {{id}},
    plan_id BIGINT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('take-account', 'correlate')),
    title TEXT NOT NULL,
    url TEXT NOT NULL DEFAULT '',
    other_plan_id BIGINT REFERENCES plans(id),
    note TEXT NOT NULL DEFAULT ''
);

-- Who a stage's text was sent to: the SPG (proposals, first draft), and for
-- the second draft the health board, each local authority, representatives
-- of each prescribed group (group code) and others.
CREATE TABLE plan_recipients (
    id {{id}},
    plan_id BIGINT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('spg', 'health-board', 'local-authority', 'prescribed-group', 'other')),
    name TEXT NOT NULL,
    group_code TEXT NOT NULL DEFAULT '',
    sent_on TEXT NOT NULL
);

-- A view received at a stage, from a consultation response or recorded
-- from a meeting or event, linked to the section it concerns, with what
-- became of it.
CREATE TABLE plan_views (
    id {{id}},
    plan_id BIGINT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    stage TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('consultation', 'spg', 'meeting', 'event', 'other')),
    consultation_id BIGINT REFERENCES consultations(id),
    from_whom TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL,
    section_key TEXT NOT NULL DEFAULT '',
    outcome TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', 'changed', 'not-changed', 'already-covered')),
    outcome_note TEXT NOT NULL DEFAULT '',
    changed_in_version_id BIGINT REFERENCES plan_versions(id),
    created_at {{timestamp}} NOT NULL
);
CREATE INDEX plan_views_plan ON plan_views (plan_id, stage);

CREATE TABLE plan_documents (
    id {{id}},
    plan_id BIGINT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('eia', 'easy-read', 'translation', 'financial-statement', 'implementation-plan', 'market-facilitation-plan', 'jsna', 'other')),
    title TEXT NOT NULL,
    language TEXT NOT NULL DEFAULT 'en',
    url TEXT NOT NULL DEFAULT '',
    filename TEXT NOT NULL DEFAULT '',
    content_type TEXT NOT NULL DEFAULT '',
    size BIGINT NOT NULL DEFAULT 0,
    content {{blob}},
    created_at {{timestamp}} NOT NULL
);

CREATE TABLE annex_c_ticks (
    plan_id BIGINT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    item TEXT NOT NULL,
    evidence TEXT NOT NULL,
    ticked_by TEXT NOT NULL,
    ticked_at {{timestamp}} NOT NULL,
    PRIMARY KEY (plan_id, item)
);

CREATE TABLE plan_reviews (
    id {{id}},
    plan_id BIGINT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    reviewed_on TEXT NOT NULL,
    outcomes_note TEXT NOT NULL,
    principles_note TEXT NOT NULL,
    spg_views_note TEXT NOT NULL,
    conclusion TEXT NOT NULL CHECK (conclusion IN ('no-change', 'replace')),
    recorded_by TEXT NOT NULL,
    created_at {{timestamp}} NOT NULL
);

-- A joint direction by the health board and local authority to prepare a
-- replacement plan (s.38; integration joint boards only).
CREATE TABLE replacement_directions (
    id {{id}},
    plan_id BIGINT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    given_on TEXT NOT NULL,
    reason TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    created_at {{timestamp}} NOT NULL
);

CREATE TABLE appraisals (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    plan_id BIGINT REFERENCES plans(id),
    title TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('investment', 'disinvestment')),
    decision TEXT NOT NULL DEFAULT '',
    participants TEXT NOT NULL DEFAULT '',
    views TEXT NOT NULL DEFAULT '',
    options_json TEXT NOT NULL DEFAULT '[]',
    criteria_json TEXT NOT NULL DEFAULT '[]',
    scores_json TEXT NOT NULL DEFAULT '[]',
    published_at {{timestamp}},
    created_at {{timestamp}} NOT NULL
);

-- Significant decisions outside the plan (s.36).
CREATE TABLE significant_decisions (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    service TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '',
    spg_views TEXT NOT NULL DEFAULT '',
    spg_views_on TEXT NOT NULL DEFAULT '',
    consultation_id BIGINT REFERENCES consultations(id),
    no_consultation_reason TEXT NOT NULL DEFAULT '',
    taken_on TEXT NOT NULL DEFAULT '',
    created_at {{timestamp}} NOT NULL
);
