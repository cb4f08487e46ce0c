-- Induction, training and mentoring for the members of a partnership's
-- bodies (seed 003 s.3.3: members of the Strategic Planning Group and the
-- board should have induction and support to take part). A record is due
-- (planned, or owed) until it has a completed_on date. Dates are YYYY-MM-DD.
CREATE TABLE member_training (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('induction', 'training', 'mentoring', 'other')),
    what TEXT NOT NULL,
    provider TEXT NOT NULL DEFAULT '',
    due_on TEXT NOT NULL DEFAULT '',
    completed_on TEXT NOT NULL DEFAULT '',
    recorded_by TEXT NOT NULL,
    created_at {{timestamp}} NOT NULL
);
CREATE INDEX member_training_member ON member_training (partnership_id, member_id);
