-- The plan arrangements a direction serves, picked from the partnership's
-- plans (issue 14 item 2) instead of described in words. The arrangement's
-- id is kept with its title and plan's title as they were when the
-- direction was issued, so the register still reads as issued after the
-- plan moves on. The old free text (directions.arrangements) stays and is
-- still shown.
CREATE TABLE direction_arrangements (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    direction_id BIGINT NOT NULL REFERENCES directions(id) ON DELETE CASCADE,
    arrangement_id BIGINT NOT NULL,
    title TEXT NOT NULL,
    plan_title TEXT NOT NULL DEFAULT '',
    UNIQUE (direction_id, arrangement_id)
);
