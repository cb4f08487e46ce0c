-- Partnerships (integration authorities), their statutory partners and
-- localities, staff accounts, sessions, sign-in limits and the audit log.

CREATE TABLE partnerships (
    id {{id}},
    slug TEXT NOT NULL UNIQUE,
    code TEXT UNIQUE,
    name TEXT NOT NULL UNIQUE,
    model TEXT NOT NULL CHECK (model IN ('ijb', 'lead-agency')),
    health_board TEXT NOT NULL,
    demo BOOLEAN NOT NULL DEFAULT FALSE,
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL
);

CREATE TABLE local_authorities (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    position INTEGER NOT NULL,
    UNIQUE (partnership_id, name)
);

CREATE TABLE localities (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    position INTEGER NOT NULL,
    UNIQUE (partnership_id, name)
);

CREATE TABLE delegated_functions (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    partner TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('health', 'social-care')),
    UNIQUE (partnership_id, name)
);

CREATE TABLE users (
    id {{id}},
    partnership_id BIGINT REFERENCES partnerships(id) ON DELETE CASCADE,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('administrator', 'officer', 'spg-member', 'board-member', 'scrutiny')),
    password_hash TEXT NOT NULL,
    created_at {{timestamp}} NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at {{timestamp}} NOT NULL,
    expires_at {{timestamp}} NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE signin_failures (
    id {{id}},
    subject TEXT NOT NULL,
    at {{timestamp}} NOT NULL
);
CREATE INDEX signin_failures_subject ON signin_failures (subject, at);

CREATE TABLE audit_log (
    id {{id}},
    partnership_id BIGINT REFERENCES partnerships(id) ON DELETE SET NULL,
    actor_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
    actor TEXT NOT NULL,
    at {{timestamp}} NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BIGINT,
    summary TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT
);
CREATE INDEX audit_log_partnership ON audit_log (partnership_id, at);
