-- A consultation's responses listed, paged and counted without reading or
-- sorting them all (issue 11): at 100,000 responses the first page of the
-- staff's list reads 50 index entries, and its counts (consult.Store.Tally)
-- read one index in its order, not the table.
--   responses_consultation: those left to check (or checked, accepted...),
--     oldest first: the list's pages;
--   responses_submitted: every submitted response oldest first: the
--     exports' order, and the count of those entered after closing;
--   responses_tally: the counts by check, preference and channel, grouped
--     in the index's own order.
-- Each submission updates these (its status changes), a few microseconds
-- beside the commit it waits for.
DROP INDEX responses_consultation;
CREATE INDEX responses_consultation ON responses (consultation_id, status, check_status, submitted_at);
CREATE INDEX responses_submitted ON responses (consultation_id, status, submitted_at);
CREATE INDEX responses_tally ON responses (consultation_id, status, check_status, publish, channel);
