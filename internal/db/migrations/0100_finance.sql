-- Money (issue 14, items 1, 3 and 4). Every child row carries the
-- partnership's id so that each query is limited by it without a join.
-- Amounts are pence. A year is the financial year named by the calendar
-- year it starts in (2026 for 2026-27).
--
-- budgets: what one partner (the health board or a council, by name)
-- delegates for a year, its set-aside hospital share, and the dates the
-- partner and the integration joint board agreed it ('' while not agreed).
CREATE TABLE budgets (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    partner TEXT NOT NULL,
    amount_pence BIGINT NOT NULL,
    set_aside_pence BIGINT NOT NULL DEFAULT 0,
    partner_agreed_on TEXT NOT NULL DEFAULT '',
    board_agreed_on TEXT NOT NULL DEFAULT '',
    UNIQUE (partnership_id, year, partner)
);

-- finance_settings: the link to the medium-term financial plan and the
-- reserves policy's text, one row a partnership.
CREATE TABLE finance_settings (
    partnership_id BIGINT NOT NULL PRIMARY KEY REFERENCES partnerships(id) ON DELETE CASCADE,
    financial_plan_link TEXT NOT NULL DEFAULT '',
    reserves_policy TEXT NOT NULL DEFAULT '',
    updated_at {{timestamp}} NOT NULL
);

-- reserves: earmarked (a purpose and the date by which it will be used) or
-- a general contingency; its balance is the sum of its movements.
CREATE TABLE reserves (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    purpose TEXT NOT NULL,
    use_by TEXT NOT NULL DEFAULT '',
    created_at {{timestamp}} NOT NULL
);

CREATE TABLE reserve_movements (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    reserve_id BIGINT NOT NULL REFERENCES reserves(id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    amount_pence BIGINT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX reserve_movements_reserve ON reserve_movements (reserve_id);

-- financial_statements: each publication of a year's statement (s.39), the
-- whole statement as it stood (JSON): what was published stays as
-- published, and a later publication is a new version.
CREATE TABLE financial_statements (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    number INTEGER NOT NULL,
    published_at {{timestamp}} NOT NULL,
    published_by TEXT NOT NULL,
    content TEXT NOT NULL,
    UNIQUE (partnership_id, year, number)
);
