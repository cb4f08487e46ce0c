-- Delivery of the outbox's mail through an SMTP server. Several instances
-- may send at once: an instance claims a message by counting an attempt and
-- setting next_try_at ahead (a lease), so no two send the same message; a
-- message whose sender died is tried again once the lease has passed. After
-- a failure next_try_at says when to try again; a message that has failed
-- too often, or that the mail server refused outright, is given up
-- (attempts at the limit) and stays here, with its error, for staff to read.
ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN next_try_at {{timestamp}};
CREATE INDEX outbox_pending ON outbox (sent_at, next_try_at);
CREATE INDEX outbox_partnership ON outbox (partnership_id, created_at);
