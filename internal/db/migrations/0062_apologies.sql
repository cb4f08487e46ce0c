-- A member's apologies for a coming meeting: recorded for the clerk, and
-- withdrawn (deleted, with an audit entry) before the meeting if the member
-- can come after all.
CREATE TABLE apologies (
    id {{id}},
    meeting_id BIGINT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    note TEXT NOT NULL DEFAULT '',
    sent_at {{timestamp}} NOT NULL,
    UNIQUE (meeting_id, member_id)
);
