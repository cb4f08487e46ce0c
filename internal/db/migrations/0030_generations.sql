-- Generations (issue 11, item 4): a number per partnership, raised in the
-- same transaction as every change that can alter one of its public pages,
-- and one under partnership_id 0 for the list of partnerships itself (the
-- home page and the API list). Each instance keeps pages and the list in
-- memory while the numbers it last read are unchanged, and reads them again
-- at most every quarter of a second, so a change through one instance shows
-- on every other within a second. Not a foreign key: 0 is no partnership,
-- and a generation outliving its partnership does no harm.
CREATE TABLE generations (
    partnership_id BIGINT PRIMARY KEY,
    generation BIGINT NOT NULL
);
INSERT INTO generations (partnership_id, generation) VALUES (0, 1);
