-- Each locality's population as the partnership enters it (issue 13,
-- item 1), so reach can compare a locality's share of the responses with
-- its share of the people: 0 while not entered.
ALTER TABLE localities ADD COLUMN population BIGINT NOT NULL DEFAULT 0;
