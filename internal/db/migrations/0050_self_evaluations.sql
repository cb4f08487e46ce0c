-- The partnership's self-evaluation (issue 12, item 5): one per financial
-- year (year is the year it starts, 2026 for 2026-27), rated item by item
-- against the frameworks of statute.SelfEvaluationFrameworks, with evidence
-- (links to coplan's own records, by kind and id) and improvement actions.
-- Each child row carries the partnership's id so that every query is
-- limited by it without a join. Publishing keeps a copy of the whole
-- evaluation as it stood (content, JSON): what was published stays as
-- published, and each later publication is a new version.
CREATE TABLE self_evaluations (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL,
    UNIQUE (partnership_id, year)
);

CREATE TABLE self_evaluation_ratings (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    evaluation_id BIGINT NOT NULL REFERENCES self_evaluations(id) ON DELETE CASCADE,
    framework TEXT NOT NULL,
    item TEXT NOT NULL,
    grade INTEGER NOT NULL DEFAULT 0,
    commentary TEXT NOT NULL DEFAULT '',
    UNIQUE (evaluation_id, framework, item)
);

CREATE TABLE self_evaluation_evidence (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    evaluation_id BIGINT NOT NULL REFERENCES self_evaluations(id) ON DELETE CASCADE,
    framework TEXT NOT NULL,
    item TEXT NOT NULL,
    kind TEXT NOT NULL,
    record_id BIGINT NOT NULL,
    name TEXT NOT NULL,
    UNIQUE (evaluation_id, framework, item, kind, record_id)
);

CREATE TABLE self_evaluation_actions (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    evaluation_id BIGINT NOT NULL REFERENCES self_evaluations(id) ON DELETE CASCADE,
    framework TEXT NOT NULL DEFAULT '',
    item TEXT NOT NULL DEFAULT '',
    what TEXT NOT NULL,
    owner TEXT NOT NULL,
    due_on TEXT NOT NULL,
    done_on TEXT NOT NULL DEFAULT '',
    created_at {{timestamp}} NOT NULL
);
CREATE INDEX self_evaluation_actions_evaluation ON self_evaluation_actions (evaluation_id);

CREATE TABLE self_evaluation_versions (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    evaluation_id BIGINT NOT NULL REFERENCES self_evaluations(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    published_at {{timestamp}} NOT NULL,
    published_by TEXT NOT NULL,
    content TEXT NOT NULL,
    UNIQUE (evaluation_id, number)
);
