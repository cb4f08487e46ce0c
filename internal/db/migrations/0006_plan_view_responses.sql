-- A view imported from a consultation response remembers the response, so
-- that public outputs can check, every time, that the response may still be
-- published as it stands (it may since have been withheld or redacted).
ALTER TABLE plan_views ADD COLUMN response_id BIGINT REFERENCES responses(id) ON DELETE SET NULL;
