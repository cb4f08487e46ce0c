-- A representative's round (MSG review, proposal 6(iii)): before a
-- meeting, a member who represents a group or locality gathers the views of
-- the people they speak for on an agenda item. Counts are by the
-- commissioning room's groups (commissioning.Groups).
CREATE TABLE rounds (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    meeting_id BIGINT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    agenda_item_id BIGINT NOT NULL REFERENCES agenda_items(id) ON DELETE CASCADE,
    member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    seat_id BIGINT NOT NULL REFERENCES seats(id) ON DELETE CASCADE,
    held_on TEXT NOT NULL,
    method TEXT NOT NULL,
    summary TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    created_at {{timestamp}} NOT NULL
);
CREATE INDEX rounds_meeting ON rounds (partnership_id, meeting_id);

CREATE TABLE round_groups (
    round_id BIGINT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    grp TEXT NOT NULL,
    people INTEGER NOT NULL,
    PRIMARY KEY (round_id, grp)
);

CREATE TABLE round_localities (
    round_id BIGINT NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
    locality_id BIGINT NOT NULL REFERENCES localities(id),
    PRIMARY KEY (round_id, locality_id)
);
