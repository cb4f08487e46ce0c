-- Other formats of a meeting paper (large print, easy read, audio,
-- braille), for members who asked for papers in that format
-- (members.paper_format). One file per paper and format.
CREATE TABLE paper_versions (
    id {{id}},
    paper_id BIGINT NOT NULL REFERENCES papers(id) ON DELETE CASCADE,
    format TEXT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    content {{blob}} NOT NULL,
    uploaded_by TEXT NOT NULL,
    created_at {{timestamp}} NOT NULL,
    UNIQUE (paper_id, format)
);
