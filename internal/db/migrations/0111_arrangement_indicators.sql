-- A plan's arrangement names the national indicators by which it will be
-- judged (issue 14, item 5), as statute codes separated by commas ("NI-2,
-- NI-18"), so the performance report can set each arrangement beside its
-- figures. The free-text measures stay, for local measures and for what
-- was written before.
ALTER TABLE arrangements ADD COLUMN indicators TEXT NOT NULL DEFAULT '';
