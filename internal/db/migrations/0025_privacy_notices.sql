-- Each partnership's own privacy notice (issue 10, item 13): the text its
-- staff set, in Markdown. A partnership without a row shows the standard
-- notice (partnership.DefaultPrivacyNotice).
CREATE TABLE privacy_notices (
    partnership_id BIGINT PRIMARY KEY REFERENCES partnerships(id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    updated_at {{timestamp}} NOT NULL
);
