-- Qualitative coding of a consultation's free-text answers (issue 13,
-- item 4): a codebook of nested codes (themes), the codings each coder
-- makes, memos, and the agreed coding a lead reconciles from two coders'.
-- Every table carries partnership_id so each query is limited by it.

-- A codebook belongs to the consultation it was made for, or
-- (consultation_id NULL) to the partnership, for reuse across its
-- consultations.
CREATE TABLE codebooks (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    consultation_id BIGINT REFERENCES consultations(id) ON DELETE SET NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    created_at {{timestamp}} NOT NULL,
    updated_at {{timestamp}} NOT NULL
);
CREATE INDEX codebooks_partnership ON codebooks (partnership_id);

-- Which codebook a consultation is coded with (one at a time; several
-- consultations may share one).
CREATE TABLE consultation_codebooks (
    consultation_id BIGINT PRIMARY KEY REFERENCES consultations(id) ON DELETE CASCADE,
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    codebook_id BIGINT NOT NULL REFERENCES codebooks(id) ON DELETE CASCADE
);

-- A code (a theme), nested under its parent; position orders siblings.
CREATE TABLE codes (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    codebook_id BIGINT NOT NULL REFERENCES codebooks(id) ON DELETE CASCADE,
    parent_id BIGINT REFERENCES codes(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL,
    created_at {{timestamp}} NOT NULL
);
CREATE INDEX codes_codebook ON codes (partnership_id, codebook_id, parent_id, position);

-- One code applied by one coder to an answer (response x question): the
-- whole answer (start_at and end_at NULL) or an extract, given by offsets
-- in characters (Unicode code points, not bytes) of the answer's text,
-- end exclusive, with the extract's text as it was.
CREATE TABLE codings (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    consultation_id BIGINT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    response_id BIGINT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
    question_id BIGINT NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    code_id BIGINT NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
    coder_id BIGINT NOT NULL,
    coder_name TEXT NOT NULL DEFAULT '',
    start_at INTEGER,
    end_at INTEGER,
    extract TEXT NOT NULL DEFAULT '',
    created_at {{timestamp}} NOT NULL
);
CREATE INDEX codings_answer ON codings (partnership_id, consultation_id, question_id, response_id);
CREATE INDEX codings_code ON codings (partnership_id, code_id);

-- An answer a coder has finished coding (even with no code applied), so
-- agreement counts "not applied" only over answers both coders read.
CREATE TABLE coded_answers (
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    consultation_id BIGINT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    response_id BIGINT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
    question_id BIGINT NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    coder_id BIGINT NOT NULL,
    coder_name TEXT NOT NULL DEFAULT '',
    coded_at {{timestamp}} NOT NULL,
    PRIMARY KEY (response_id, question_id, coder_id)
);
CREATE INDEX coded_answers_consultation ON coded_answers (partnership_id, consultation_id, question_id);

-- A lead's decision on a code the coders disagreed about for one answer:
-- accepted into the agreed coding or not.
CREATE TABLE coding_decisions (
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    consultation_id BIGINT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    response_id BIGINT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
    question_id BIGINT NOT NULL REFERENCES questions(id) ON DELETE CASCADE,
    code_id BIGINT NOT NULL REFERENCES codes(id) ON DELETE CASCADE,
    accepted BOOLEAN NOT NULL,
    decided_by TEXT NOT NULL,
    decided_at {{timestamp}} NOT NULL,
    PRIMARY KEY (response_id, question_id, code_id)
);

-- A memo on a code, on a response, or on the consultation's analysis as a
-- whole (the project): code_id and response_id both NULL.
CREATE TABLE memos (
    id {{id}},
    partnership_id BIGINT NOT NULL REFERENCES partnerships(id) ON DELETE CASCADE,
    consultation_id BIGINT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    code_id BIGINT REFERENCES codes(id) ON DELETE CASCADE,
    response_id BIGINT REFERENCES responses(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    author_id BIGINT NOT NULL,
    author_name TEXT NOT NULL DEFAULT '',
    created_at {{timestamp}} NOT NULL
);
CREATE INDEX memos_consultation ON memos (partnership_id, consultation_id);
