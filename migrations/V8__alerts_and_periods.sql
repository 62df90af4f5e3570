-- Budget alerts and closed billing months (issue 17).

-- Closing a month: a row per closed month (its first day); a closed month is never reopened.
CREATE TABLE billing_periods (
    month     DATE        PRIMARY KEY CHECK (extract(day FROM month) = 1),
    closed_at TIMESTAMPTZ NOT NULL,
    -- Who closed it, as the audit log names callers ('api_key:<id>', 'bootstrap').
    closed_by TEXT        NOT NULL
);

-- The month an event is billed to: its own month, or the first open month after it when its
-- own month was closed before it arrived. Chargeback (and FOCUS) select by it; time-based
-- reports keep using ts.
ALTER TABLE usage_events ADD COLUMN billing_month DATE;
UPDATE usage_events SET billing_month = date_trunc('month', ts AT TIME ZONE 'UTC')::date;
ALTER TABLE usage_events ALTER COLUMN billing_month SET NOT NULL;
CREATE INDEX usage_events_billing_month ON usage_events (billing_month, team_id);

-- The daily rollup keeps the billing month in its key, so a late event adds a row of its own
-- (its own day, the open month it is billed to) and a closed month's rows never change.
ALTER TABLE usage_daily ADD COLUMN billing_month DATE;
UPDATE usage_daily SET billing_month = date_trunc('month', day)::date;
ALTER TABLE usage_daily ALTER COLUMN billing_month SET NOT NULL;
ALTER TABLE usage_daily DROP CONSTRAINT usage_daily_pkey;
ALTER TABLE usage_daily ADD PRIMARY KEY
    (day, team_id, client_id, product_id, model, source, is_error, currency, billing_month);
CREATE INDEX usage_daily_billing_month ON usage_daily (billing_month, team_id);

-- Alert thresholds in percent of the limit, set with the subscription's quotas.
ALTER TABLE quotas ADD COLUMN alert_thresholds INTEGER[] NOT NULL DEFAULT '{50,80,100}';

-- Leases refused by a hard quota in the period (what a 100 % alert reports).
ALTER TABLE quota_counters ADD COLUMN refusals BIGINT NOT NULL DEFAULT 0;

-- Where alerts go. The URL (a Slack webhook URL is itself a credential) and a webhook's signing
-- secret are AES-GCM encrypted like provider keys; reads show url_hint only.
CREATE TABLE alert_channels (
    id                UUID PRIMARY KEY,
    type              TEXT        NOT NULL CHECK (type IN ('webhook', 'slack')),
    url_ciphertext    BYTEA,
    url_hint          TEXT        NOT NULL,
    secret_ciphertext BYTEA,
    -- Only this team's alerts (NULL: every team's, and alerts of no team).
    team_id           UUID        REFERENCES teams (id),
    -- Only these alert types (empty: every type).
    types             TEXT[]      NOT NULL DEFAULT '{}',
    enabled           BOOLEAN     NOT NULL DEFAULT TRUE,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL,
    -- A deleted channel keeps its row for the delivery history; its ciphertexts are erased.
    deleted_at        TIMESTAMPTZ
);

-- One row per alert raised. dedup_key makes "once per threshold per period", "once per model"
-- and "once per team and day" hold however many collector instances ingest.
CREATE TABLE alerts (
    id          UUID PRIMARY KEY,
    type        TEXT        NOT NULL CHECK (type IN ('quota_threshold', 'unpriced_model', 'spend_spike')),
    dedup_key   TEXT        NOT NULL UNIQUE,
    occurred_at TIMESTAMPTZ NOT NULL,
    team_id     UUID,
    -- The payload as sent, text kept exactly (json, not jsonb) so every retry sends the same bytes.
    payload     JSON        NOT NULL
);
CREATE INDEX alerts_occurred_at ON alerts (occurred_at DESC, id DESC);

-- The outbox: one row per alert and channel, written in the transaction that raised the alert;
-- a test send has no alert and carries its sample payloads. A sender claims due rows with
-- FOR UPDATE SKIP LOCKED and pushes next_attempt_at ahead as its lease.
CREATE TABLE alert_deliveries (
    id              UUID PRIMARY KEY,
    alert_id        UUID        REFERENCES alerts (id),
    channel_id      UUID        NOT NULL REFERENCES alert_channels (id),
    samples         JSON,
    status          TEXT        NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER     NOT NULL DEFAULT 0,
    last_error      TEXT,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    delivered_at    TIMESTAMPTZ,
    UNIQUE (alert_id, channel_id),
    CHECK ((alert_id IS NULL) <> (samples IS NULL))
);
CREATE INDEX alert_deliveries_due ON alert_deliveries (next_attempt_at) WHERE status = 'pending';
