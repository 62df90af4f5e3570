-- Ingest, quota leases and the token endpoint (issue 4).

-- Failed token attempts, counted in the database so that the limit holds across every
-- collector instance. key is 'client:<client_id>' or 'addr:<remote address>'.
CREATE TABLE auth_failures (
    key TEXT        NOT NULL,
    at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX auth_failures_key_at ON auth_failures (key, at);

-- Leasing releases the expired grants of the quotas it touches; this finds them.
CREATE INDEX quota_lease_grants_open ON quota_lease_grants (quota_id, period_start) WHERE NOT released;

-- Re-rating and the lease lookups of ingest.
CREATE INDEX quota_leases_team ON quota_leases (team_id);

-- Loading the price book snapshot and checking whether it changed.
CREATE INDEX prices_created_at ON prices (created_at);
