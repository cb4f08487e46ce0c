-- Mail to one address is limited per hour (mail.MaxPerRecipientHour), so
-- nobody can use coplan to flood someone's inbox; this index counts it.
CREATE INDEX outbox_recipient ON outbox (LOWER(to_address), created_at);
