-- Governance bodies (the Strategic Planning Group, the integration joint
-- board, its committees and locality planning groups), their members and
-- seats with a history of every appointment, meetings and papers, and
-- members' expenses.

CREATE TABLE bodies (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('spg', 'ijb', 'committee', 'locality-group', 'other')),
    name TEXT NOT NULL,
    locality_id BIGINT REFERENCES localities(id),
    notice_days INTEGER NOT NULL DEFAULT 7,
    description TEXT NOT NULL DEFAULT '',
    created_at {{timestamp}} NOT NULL,
    UNIQUE (partnership_id, name)
);

-- A member is a person who sits on one or more bodies.
CREATE TABLE members (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    publish_name BOOLEAN NOT NULL DEFAULT FALSE,
    support_needs TEXT NOT NULL DEFAULT '',
    support_notes TEXT NOT NULL DEFAULT '',
    paper_format TEXT NOT NULL DEFAULT 'standard',
    calendar_token TEXT NOT NULL UNIQUE,
    created_at {{timestamp}} NOT NULL
);

-- A seat is one member's place on one body in one capacity. Dates are
-- YYYY-MM-DD. A seat is never deleted: ending it sets ended_on and adds an
-- event, so the membership on any past date can be rebuilt.
CREATE TABLE seats (
    id {{id}},
    body_id BIGINT NOT NULL REFERENCES bodies(id) ON DELETE CASCADE,
    member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    capacity TEXT NOT NULL CHECK (capacity IN ('prescribed-group', 'health-board-nominee', 'local-authority-nominee', 'locality', 'other')),
    prescribed_group TEXT NOT NULL DEFAULT '',
    local_authority_id BIGINT REFERENCES local_authorities(id),
    voting BOOLEAN NOT NULL DEFAULT FALSE,
    nominated_on TEXT NOT NULL DEFAULT '',
    appointed_on TEXT NOT NULL DEFAULT '',
    term_ends_on TEXT NOT NULL DEFAULT '',
    ended_on TEXT NOT NULL DEFAULT '',
    end_reason TEXT NOT NULL DEFAULT '',
    replaces_seat_id BIGINT REFERENCES seats(id),
    created_at {{timestamp}} NOT NULL
);
CREATE INDEX seats_body ON seats (body_id);

CREATE TABLE seat_localities (
    seat_id BIGINT NOT NULL REFERENCES seats(id) ON DELETE CASCADE,
    locality_id BIGINT NOT NULL REFERENCES localities(id),
    PRIMARY KEY (seat_id, locality_id)
);

CREATE TABLE seat_events (
    id {{id}},
    seat_id BIGINT NOT NULL REFERENCES seats(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    on_date TEXT NOT NULL,
    actor TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    recorded_at {{timestamp}} NOT NULL
);
CREATE INDEX seat_events_seat ON seat_events (seat_id);

CREATE TABLE meetings (
    id {{id}},
    body_id BIGINT NOT NULL REFERENCES bodies(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    starts_at {{timestamp}} NOT NULL,
    ends_at {{timestamp}},
    place TEXT NOT NULL DEFAULT '',
    online_link TEXT NOT NULL DEFAULT '',
    minutes TEXT NOT NULL DEFAULT '',
    created_at {{timestamp}} NOT NULL
);
CREATE INDEX meetings_body ON meetings (body_id, starts_at);

CREATE TABLE agenda_items (
    id {{id}},
    meeting_id BIGINT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT ''
);

-- Papers are stored in the database so that every instance serves them.
CREATE TABLE papers (
    id {{id}},
    meeting_id BIGINT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    agenda_item_id BIGINT REFERENCES agenda_items(id) ON DELETE SET NULL,
    title TEXT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    content {{blob}} NOT NULL,
    issued_at {{timestamp}},
    uploaded_by TEXT NOT NULL,
    created_at {{timestamp}} NOT NULL
);
CREATE INDEX papers_meeting ON papers (meeting_id);

CREATE TABLE decisions (
    id {{id}},
    meeting_id BIGINT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    agenda_item_id BIGINT REFERENCES agenda_items(id) ON DELETE SET NULL,
    text TEXT NOT NULL,
    voting_record TEXT NOT NULL DEFAULT '',
    non_voting_views TEXT NOT NULL DEFAULT '',
    created_at {{timestamp}} NOT NULL
);

-- The partnership's published expenses policy: rates in pence.
CREATE TABLE expense_policies (
    partnership_id BIGINT PRIMARY KEY REFERENCES partnerships(id) ON DELETE CASCADE,
    mileage_pence_per_mile INTEGER NOT NULL,
    public_transport TEXT NOT NULL,
    care_cover_pence_per_hour INTEGER NOT NULL,
    meal_allowance_pence INTEGER NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    updated_at {{timestamp}} NOT NULL
);

CREATE TABLE expense_claims (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    member_id BIGINT NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    meeting_id BIGINT REFERENCES meetings(id) ON DELETE SET NULL,
    status TEXT NOT NULL CHECK (status IN ('submitted', 'approved', 'rejected')),
    submitted_at {{timestamp}} NOT NULL,
    decided_at {{timestamp}},
    decided_by TEXT NOT NULL DEFAULT '',
    rejection_reason TEXT NOT NULL DEFAULT '',
    total_pence INTEGER NOT NULL
);
CREATE INDEX expense_claims_partnership ON expense_claims (partnership_id, status);

CREATE TABLE expense_lines (
    id {{id}},
    claim_id BIGINT NOT NULL REFERENCES expense_claims(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('mileage', 'public-transport', 'care-cover', 'meal', 'other')),
    on_date TEXT NOT NULL,
    description TEXT NOT NULL,
    quantity TEXT NOT NULL DEFAULT '',
    amount_pence INTEGER NOT NULL
);

CREATE TABLE receipts (
    id {{id}},
    claim_id BIGINT NOT NULL REFERENCES expense_claims(id) ON DELETE CASCADE,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    content {{blob}} NOT NULL
);
