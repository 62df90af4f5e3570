-- Usage: the events the SDK ships, their rated charge lines, the quota counters and
-- leases that admission uses, and the daily rollups the reports read.

CREATE TABLE usage_events (
    -- Made by the SDK; the idempotency key across clients and batches.
    id                        UUID PRIMARY KEY,
    ts                        TIMESTAMPTZ NOT NULL,
    received_at               TIMESTAMPTZ NOT NULL,
    team_id                   UUID        NOT NULL REFERENCES teams (id),
    client_id                 UUID        NOT NULL REFERENCES clients (id),
    endpoint                  TEXT        NOT NULL,
    method                    TEXT,
    source                    TEXT        NOT NULL,
    request_model             TEXT,
    model                     TEXT,
    -- The model the rates were chosen for: model, else request_model.
    rated_model               TEXT,
    status_code               INTEGER     NOT NULL,
    latency_ms                INTEGER     NOT NULL,
    ttft_ms                   INTEGER,
    streamed                  BOOLEAN     NOT NULL DEFAULT FALSE,
    lease_id                  UUID,
    trace_id                  TEXT,
    end_user                  TEXT,
    tags                      JSONB       NOT NULL DEFAULT '{}'::jsonb,
    error                     JSONB,
    estimated                 BOOLEAN     NOT NULL DEFAULT FALSE,
    prompt_tokens             BIGINT      NOT NULL DEFAULT 0,
    cached_prompt_tokens      BIGINT      NOT NULL DEFAULT 0,
    cache_write_prompt_tokens BIGINT      NOT NULL DEFAULT 0,
    audio_prompt_tokens       BIGINT      NOT NULL DEFAULT 0,
    completion_tokens         BIGINT      NOT NULL DEFAULT 0,
    reasoning_tokens          BIGINT      NOT NULL DEFAULT 0,
    audio_completion_tokens   BIGINT      NOT NULL DEFAULT 0,
    -- Rating. NUMERIC without scale keeps every digit of quantity x price / per.
    product_id                UUID        REFERENCES products (id),
    subtotal                  NUMERIC     NOT NULL DEFAULT 0,
    markup_percent            NUMERIC     NOT NULL DEFAULT 0,
    markup                    NUMERIC     NOT NULL DEFAULT 0,
    total_cost                NUMERIC     NOT NULL DEFAULT 0,
    currency                  TEXT        NOT NULL DEFAULT 'USD',
    unpriced                  BOOLEAN     NOT NULL DEFAULT FALSE,
    price_effective_from      TIMESTAMPTZ,
    rated_at                  TIMESTAMPTZ NOT NULL
);
-- The transaction log: newest first, with a stable tie-break for cursor paging.
CREATE INDEX usage_events_ts ON usage_events (ts DESC, id DESC);
CREATE INDEX usage_events_team_ts ON usage_events (team_id, ts DESC, id DESC);
CREATE INDEX usage_events_unpriced ON usage_events (rated_model) WHERE unpriced;

-- How each event's total was computed: one line per charged element.
CREATE TABLE charge_lines (
    event_id       UUID        NOT NULL REFERENCES usage_events (id) ON DELETE CASCADE,
    element        TEXT        NOT NULL,
    quantity       BIGINT      NOT NULL,
    unit_price     NUMERIC     NOT NULL,
    per            NUMERIC     NOT NULL,
    amount         NUMERIC     NOT NULL,
    price_id       UUID        REFERENCES prices (id),
    PRIMARY KEY (event_id, element)
);

-- Quota consumption per calendar period. A period's row is created on first use,
-- so periods roll over in UTC without any job.
CREATE TABLE quota_counters (
    quota_id     UUID        NOT NULL REFERENCES quotas (id),
    period_start TIMESTAMPTZ NOT NULL,
    used         NUMERIC     NOT NULL DEFAULT 0,
    reserved     NUMERIC     NOT NULL DEFAULT 0 CHECK (reserved >= 0),
    PRIMARY KEY (quota_id, period_start)
);

CREATE TABLE quota_leases (
    id         UUID PRIMARY KEY,
    team_id    UUID        NOT NULL REFERENCES teams (id),
    client_id  UUID        NOT NULL REFERENCES clients (id),
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    settled_at TIMESTAMPTZ
);
CREATE INDEX quota_leases_open ON quota_leases (expires_at) WHERE settled_at IS NULL;

-- The slice of each quota a lease reserved, and how much of it events have used.
CREATE TABLE quota_lease_grants (
    lease_id     UUID        NOT NULL REFERENCES quota_leases (id),
    quota_id     UUID        NOT NULL REFERENCES quotas (id),
    period_start TIMESTAMPTZ NOT NULL,
    amount       NUMERIC     NOT NULL,
    used         NUMERIC     NOT NULL DEFAULT 0,
    released     BOOLEAN     NOT NULL DEFAULT FALSE,
    PRIMARY KEY (lease_id, quota_id)
);

-- Daily rollups maintained in the ingest transaction, so usage and chargeback
-- reports over a month read at most a few thousand rows instead of every event.
CREATE TABLE usage_daily (
    day                       DATE    NOT NULL,
    team_id                   UUID    NOT NULL,
    client_id                 UUID    NOT NULL,
    -- The zero UUID when the event matched no subscription (keys cannot be NULL).
    product_id                UUID    NOT NULL,
    model                     TEXT    NOT NULL,
    source                    TEXT    NOT NULL,
    is_error                  BOOLEAN NOT NULL,
    currency                  TEXT    NOT NULL,
    requests                  BIGINT  NOT NULL DEFAULT 0,
    prompt_tokens             BIGINT  NOT NULL DEFAULT 0,
    cached_prompt_tokens      BIGINT  NOT NULL DEFAULT 0,
    cache_write_prompt_tokens BIGINT  NOT NULL DEFAULT 0,
    audio_prompt_tokens       BIGINT  NOT NULL DEFAULT 0,
    completion_tokens         BIGINT  NOT NULL DEFAULT 0,
    reasoning_tokens          BIGINT  NOT NULL DEFAULT 0,
    audio_completion_tokens   BIGINT  NOT NULL DEFAULT 0,
    cost                      NUMERIC NOT NULL DEFAULT 0,
    PRIMARY KEY (day, team_id, client_id, product_id, model, source, is_error, currency)
);
CREATE INDEX usage_daily_team_day ON usage_daily (team_id, day);
