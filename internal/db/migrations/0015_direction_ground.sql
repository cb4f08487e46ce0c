-- A s.38 direction records its statutory ground ('prevents' or
-- 'likely-to-prevent': both partners consider that the plan prevents, or is
-- likely to prevent, them carrying out their functions appropriately) and
-- the bodies that joined in giving it, one name a line: the health board
-- and every council of the partnership.
ALTER TABLE replacement_directions ADD COLUMN ground TEXT NOT NULL DEFAULT '';
ALTER TABLE replacement_directions ADD COLUMN joined_by TEXT NOT NULL DEFAULT '';
