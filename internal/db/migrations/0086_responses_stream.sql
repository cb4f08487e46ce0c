-- Streaming a consultation's submitted answers in response order
-- (consult.EachTextAnswer, read by suggested themes, coding and exports)
-- without sorting them: on SQLite, with only responses_tally, reading
-- 1,000,000 answers sorted them all in a temporary B-tree (44.7 s in
-- coplan bench analysis, 17 times the 2.6 s of 100,000).
CREATE INDEX responses_stream ON responses (consultation_id, status, id);
