-- /healthz writes here, so that a database that can be read but not
-- written (a full disk, a read-only file) is reported as unhealthy.
CREATE TABLE health_checks (
    id INTEGER PRIMARY KEY,
    checked_at {{timestamp}} NOT NULL
);
