-- Whether a body meets in public (seed 000: meetings' agendas, papers and
-- minutes should be open). Only such a body's meetings, issued papers,
-- minutes and decisions appear on the public pages.
ALTER TABLE bodies ADD COLUMN meets_in_public BOOLEAN NOT NULL DEFAULT FALSE;
