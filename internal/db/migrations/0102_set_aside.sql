-- A delegated function may be a hospital service whose budget is set aside
-- by the health board (issue 14 item 1; MSG proposal 2(iii)).
ALTER TABLE delegated_functions ADD COLUMN set_aside BOOLEAN NOT NULL DEFAULT FALSE;
