-- Two-level quota leases (docs/architecture.md, "Quota leases"): a collector instance reserves a
-- slice of a busy quota (an instance lease, counted in quota_counters.reserved like a grant) and
-- grants client leases from it in memory. The client lease is still a quota_leases row with a
-- grant, so any instance can settle it and ingest can charge it; its grant names the instance
-- lease it was carved from and does not count in the counter on its own.
CREATE TABLE quota_instance_leases (
    id           UUID PRIMARY KEY,
    quota_id     UUID        NOT NULL REFERENCES quotas (id),
    period_start TIMESTAMPTZ NOT NULL,
    -- Which collector instance holds it (for operators; nothing relies on it).
    instance     TEXT        NOT NULL,
    -- What the counter still holds for it: what was reserved, less what its instance gave back
    -- early and what events took from its client grants (that part turned into used).
    amount       NUMERIC     NOT NULL CHECK (amount >= 0),
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    released     BOOLEAN     NOT NULL DEFAULT FALSE
);
CREATE INDEX quota_instance_leases_open ON quota_instance_leases (quota_id, period_start, expires_at)
    WHERE NOT released;

-- A client grant carved from an instance lease, and what it was granted at first (settling
-- lowers amount; the difference is what returned to the instance lease).
ALTER TABLE quota_lease_grants
    ADD COLUMN instance_lease_id UUID REFERENCES quota_instance_leases (id),
    ADD COLUMN granted           NUMERIC;
CREATE INDEX quota_lease_grants_instance ON quota_lease_grants (instance_lease_id)
    WHERE instance_lease_id IS NOT NULL;

-- A client's recent demand on a quota: what its leases of the last lease lifetime used.
CREATE INDEX quota_leases_client_created ON quota_leases (client_id, created_at);
