-- Consultations: questionnaires anyone can answer, with the respondent
-- information form, publishing preferences, every channel, checking before
-- publication, and an outbox for the mail coplan sends.

CREATE TABLE consultations (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    audience TEXT NOT NULL CHECK (audience IN ('public', 'spg', 'consultees', 'organisations')),
    audience_note TEXT NOT NULL DEFAULT '',
    opens_at {{timestamp}} NOT NULL,
    closes_at {{timestamp}} NOT NULL,
    contact TEXT NOT NULL DEFAULT '',
    require_name BOOLEAN NOT NULL DEFAULT FALSE,
    require_email BOOLEAN NOT NULL DEFAULT FALSE,
    require_phone BOOLEAN NOT NULL DEFAULT FALSE,
    require_address BOOLEAN NOT NULL DEFAULT FALSE,
    require_postcode BOOLEAN NOT NULL DEFAULT FALSE,
    published_at {{timestamp}},
    analysed_at {{timestamp}},
    reported_at {{timestamp}},
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL
);
CREATE INDEX consultations_partnership ON consultations (partnership_id, closes_at);

CREATE TABLE consultation_localities (
    consultation_id BIGINT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    locality_id BIGINT NOT NULL REFERENCES localities(id),
    PRIMARY KEY (consultation_id, locality_id)
);

CREATE TABLE consultation_services (
    consultation_id BIGINT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    function_id BIGINT NOT NULL REFERENCES delegated_functions(id),
    PRIMARY KEY (consultation_id, function_id)
);

CREATE TABLE consultation_documents (
    id {{id}},
    consultation_id BIGINT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('draft', 'easy-read', 'translation', 'summary', 'other')),
    language TEXT NOT NULL DEFAULT 'en',
    title TEXT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    content {{blob}} NOT NULL,
    created_at {{timestamp}} NOT NULL
);

-- A questionnaire is one version of a consultation's questions. Once a
-- response exists its questions are locked; a change makes a new version
-- with the reason.
CREATE TABLE questionnaires (
    id {{id}},
    consultation_id BIGINT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    created_by TEXT NOT NULL,
    created_at {{timestamp}} NOT NULL,
    UNIQUE (consultation_id, version)
);

-- A section is one page of the form.
CREATE TABLE sections (
    id {{id}},
    questionnaire_id BIGINT NOT NULL REFERENCES questionnaires(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    title_gd TEXT NOT NULL DEFAULT '',
    intro TEXT NOT NULL DEFAULT '',
    intro_gd TEXT NOT NULL DEFAULT ''
);

-- options_json: [{"value","label","label_gd"}]; conditions_json:
-- {"match":"all"|"any","rules":[{"question":"Q1","values":["..."]}]}.
CREATE TABLE questions (
    id {{id}},
    questionnaire_id BIGINT NOT NULL REFERENCES questionnaires(id) ON DELETE CASCADE,
    section_id BIGINT NOT NULL REFERENCES sections(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    code TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('scale', 'single', 'multiple', 'text')),
    text TEXT NOT NULL,
    text_gd TEXT NOT NULL DEFAULT '',
    hint TEXT NOT NULL DEFAULT '',
    hint_gd TEXT NOT NULL DEFAULT '',
    required BOOLEAN NOT NULL DEFAULT FALSE,
    options_json TEXT NOT NULL DEFAULT '[]',
    has_other BOOLEAN NOT NULL DEFAULT FALSE,
    max_chars INTEGER NOT NULL DEFAULT 0,
    conditions_json TEXT NOT NULL DEFAULT '',
    UNIQUE (questionnaire_id, code)
);

-- The question bank: questions a partnership (or, with no partnership,
-- every partnership) reuses, such as equality monitoring and about you.
CREATE TABLE bank_questions (
    id {{id}},
    partnership_id BIGINT REFERENCES partnerships(id) ON DELETE CASCADE,
    topic TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('scale', 'single', 'multiple', 'text')),
    text TEXT NOT NULL,
    text_gd TEXT NOT NULL DEFAULT '',
    hint TEXT NOT NULL DEFAULT '',
    hint_gd TEXT NOT NULL DEFAULT '',
    options_json TEXT NOT NULL DEFAULT '[]',
    has_other BOOLEAN NOT NULL DEFAULT FALSE,
    max_chars INTEGER NOT NULL DEFAULT 0
);

-- Postcode districts (the outward code, e.g. "GM12") of a partnership's
-- localities, so a response's locality can be derived from its postcode.
CREATE TABLE postcode_districts (
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    district TEXT NOT NULL,
    locality_id BIGINT NOT NULL REFERENCES localities(id),
    PRIMARY KEY (partnership_id, district)
);

CREATE TABLE responses (
    id {{id}},
    consultation_id BIGINT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    questionnaire_id BIGINT NOT NULL REFERENCES questionnaires(id),
    reference TEXT UNIQUE,
    token_hash TEXT UNIQUE,
    channel TEXT NOT NULL CHECK (channel IN ('online', 'paper', 'email', 'event', 'focus-group', 'interview')),
    language TEXT NOT NULL DEFAULT 'en',
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
    respondent_type TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    postcode TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    locality_id BIGINT REFERENCES localities(id),
    publish TEXT NOT NULL DEFAULT '',
    contact_ok BOOLEAN NOT NULL DEFAULT FALSE,
    relationships TEXT NOT NULL DEFAULT '',
    entered_by TEXT NOT NULL DEFAULT '',
    check_status TEXT NOT NULL DEFAULT 'unchecked' CHECK (check_status IN ('unchecked', 'accepted', 'redacted', 'withheld')),
    checked_by TEXT NOT NULL DEFAULT '',
    checked_at {{timestamp}},
    withhold_reason TEXT NOT NULL DEFAULT '',
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL,
    submitted_at {{timestamp}},
    expires_at {{timestamp}} NOT NULL
);
CREATE INDEX responses_consultation ON responses (consultation_id, status, check_status);

-- One row per answered question. choices holds the chosen option values
-- joined by newlines; other_text the words behind "other, please specify".
CREATE TABLE answers (
    response_id BIGINT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
    question_id BIGINT NOT NULL REFERENCES questions(id),
    choices TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    other_text TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (response_id, question_id)
);

-- Redactions are kept apart: the original answer is never altered.
CREATE TABLE redactions (
    response_id BIGINT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
    question_id BIGINT NOT NULL REFERENCES questions(id),
    text TEXT NOT NULL,
    other_text TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (response_id, question_id)
);

CREATE TABLE consultation_feedback (
    id {{id}},
    consultation_id BIGINT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    name TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL,
    created_at {{timestamp}} NOT NULL
);

-- Mail waiting to go, or gone. Without an SMTP server configured, mail stays
-- here for staff to read, so nothing is silently dropped.
CREATE TABLE outbox (
    id {{id}},
    partnership_id BIGINT REFERENCES partnerships(id) ON DELETE CASCADE,
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at {{timestamp}} NOT NULL,
    sent_at {{timestamp}},
    error TEXT NOT NULL DEFAULT ''
);

-- Submissions per network address per hour, shared by every instance.
CREATE TABLE submission_counts (
    subject TEXT NOT NULL,
    hour TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (subject, hour)
);
