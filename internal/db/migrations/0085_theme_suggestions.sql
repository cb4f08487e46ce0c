-- Suggested themes (issue 13, item 5): each time staff ask for themes for a
-- free-text question, a run records how many answers were read and the
-- themes suggested; each suggestion waits for a person to accept (it
-- becomes a code in the consultation's codebook), merge, rename or reject
-- it. Nothing is coded by a suggestion. The typical answers are kept as
-- response ids, not copies of their text, so a response deleted under the
-- retention rules leaves the page. Every table carries partnership_id so
-- each query is limited by it.
CREATE TABLE theme_runs (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    consultation_id BIGINT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    question_id BIGINT NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    k INTEGER NOT NULL,
    estimated BOOLEAN NOT NULL,
    answers INTEGER NOT NULL,
    ungrouped INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    created_at {{timestamp}} NOT NULL
);
CREATE INDEX theme_runs_question ON theme_runs (partnership_id, consultation_id, question_id);

-- status: pending, accepted, rejected or merged (into merged_into).
CREATE TABLE theme_suggestions (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    run_id BIGINT NOT NULL REFERENCES theme_runs(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    language TEXT NOT NULL,
    label TEXT NOT NULL,
    terms TEXT NOT NULL,
    size INTEGER NOT NULL,
    typical TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'pending',
    merged_into BIGINT REFERENCES theme_suggestions(id) ON DELETE SET NULL,
    code_id BIGINT REFERENCES codes(id) ON DELETE SET NULL,
    decided_by TEXT NOT NULL DEFAULT '',
    decided_at {{timestamp}}
);
CREATE INDEX theme_suggestions_run ON theme_suggestions (partnership_id, run_id, position);
