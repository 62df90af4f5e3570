-- Leases written behind (docs/architecture.md, "Leases written behind"): a collector answers a
-- group of leases before it writes their rows. An event that arrives before its lease's rows is
-- counted in the quota's counter at once and its use is kept here, keyed by lease, quota and
-- period; the writer that inserts the lease then charges it to the lease's grant (as if the event
-- had come after), under the same per-lease advisory lock, and deletes the row. Rows whose lease
-- never arrives (an id that names nothing, an instance that died) are deleted after a minute.
CREATE TABLE quota_unwritten_uses (
    lease_id     UUID        NOT NULL,
    team_id      UUID        NOT NULL,
    quota_id     UUID        NOT NULL,
    period_start TIMESTAMPTZ NOT NULL,
    amount       NUMERIC     NOT NULL CHECK (amount > 0),
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (lease_id, quota_id, period_start)
);

CREATE INDEX quota_unwritten_uses_created ON quota_unwritten_uses (created_at);
