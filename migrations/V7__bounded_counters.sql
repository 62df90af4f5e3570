-- Hardening (issue 15): sums that cannot overflow, leases one client cannot hoard, and
-- failed token attempts that can be pruned.

-- The daily rollups add up every event of a day and key: NUMERIC never wraps, where BIGINT
-- sums raised "bigint out of range" and failed whole ingest batches. (Each event's own
-- counts stay BIGINT: ingest bounds them to 10^9.)
ALTER TABLE usage_daily
    ALTER COLUMN requests                  TYPE NUMERIC,
    ALTER COLUMN prompt_tokens             TYPE NUMERIC,
    ALTER COLUMN cached_prompt_tokens      TYPE NUMERIC,
    ALTER COLUMN cache_write_prompt_tokens TYPE NUMERIC,
    ALTER COLUMN audio_prompt_tokens       TYPE NUMERIC,
    ALTER COLUMN completion_tokens         TYPE NUMERIC,
    ALTER COLUMN reasoning_tokens          TYPE NUMERIC,
    ALTER COLUMN audio_completion_tokens   TYPE NUMERIC;

-- A client holds at most one open lease per (endpoint, model): asking again settles the
-- previous one. Rows from before this migration have neither and are never matched.
ALTER TABLE quota_leases
    ADD COLUMN endpoint TEXT,
    ADD COLUMN model    TEXT;
CREATE INDEX quota_leases_client_open ON quota_leases (client_id, expires_at) WHERE settled_at IS NULL;

-- Failed token attempts older than the counting window are deleted in bulk.
CREATE INDEX auth_failures_at ON auth_failures (at);
