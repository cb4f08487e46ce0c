-- s.36: the people who use, or may use, a service are involved and
-- consulted before a significant decision. Where that was not (only) a
-- consultation in coplan, the decision records the "appropriate action"
-- taken instead: what was done, when, and with whom. It replaces the free
-- reason for not consulting; a reason recorded before is kept, marked as
-- such, in what was done.
ALTER TABLE significant_decisions ADD COLUMN involved_what TEXT NOT NULL DEFAULT '';
ALTER TABLE significant_decisions ADD COLUMN involved_on TEXT NOT NULL DEFAULT '';
ALTER TABLE significant_decisions ADD COLUMN involved_with TEXT NOT NULL DEFAULT '';
UPDATE significant_decisions SET involved_what = 'Reason recorded for not consulting: ' || no_consultation_reason WHERE no_consultation_reason <> '';
ALTER TABLE significant_decisions DROP COLUMN no_consultation_reason;
