-- usage_events and charge_lines partitioned by month of the event's time (ts, UTC months), with a
-- DEFAULT partition for events outside the created months. Reports, re-rating and the FOCUS
-- export select by ts, so they read only the months they touch; retention drops whole months.
--
-- A unique key on a partitioned table must contain the partition key, so the primary key becomes
-- (id, ts) and the idempotency key, unique across all months, lives in the unpartitioned
-- usage_event_ids: ingest inserts an event only when its id was new there (docs/architecture.md).

ALTER TABLE charge_lines DROP CONSTRAINT charge_lines_event_id_fkey;
ALTER TABLE usage_events RENAME TO usage_events_unpartitioned;
ALTER TABLE charge_lines RENAME TO charge_lines_unpartitioned;
-- Index names are per schema: free the old ones for the partitioned tables.
DROP INDEX usage_events_ts, usage_events_team_ts, usage_events_unpriced, usage_events_client_ts,
    usage_events_billing_month, usage_events_trace_id_ts, usage_events_end_user_ts, usage_events_tags;
ALTER TABLE usage_events_unpartitioned DROP CONSTRAINT usage_events_pkey;
ALTER TABLE charge_lines_unpartitioned DROP CONSTRAINT charge_lines_pkey;

CREATE TABLE usage_events (LIKE usage_events_unpartitioned INCLUDING DEFAULTS INCLUDING CONSTRAINTS,
    PRIMARY KEY (id, ts),
    CONSTRAINT usage_events_team_id_fkey FOREIGN KEY (team_id) REFERENCES teams (id),
    CONSTRAINT usage_events_client_id_fkey FOREIGN KEY (client_id) REFERENCES clients (id),
    CONSTRAINT usage_events_product_id_fkey FOREIGN KEY (product_id) REFERENCES products (id)
) PARTITION BY RANGE (ts);

-- Each line carries its event's ts (the partition key), so an event and its lines share a month.
-- Lines are written only with their event, in the same statement; there is no foreign key (one
-- between partitioned tables would block dropping a month).
CREATE TABLE charge_lines (
    event_id     UUID        NOT NULL,
    event_ts     TIMESTAMPTZ NOT NULL,
    element      TEXT        NOT NULL,
    quantity     BIGINT      NOT NULL,
    unit_price   NUMERIC     NOT NULL,
    per          NUMERIC     NOT NULL,
    amount       NUMERIC     NOT NULL,
    price_id     UUID        REFERENCES prices (id),
    service_tier TEXT        NOT NULL DEFAULT 'default',
    PRIMARY KEY (event_id, element, event_ts)
) PARTITION BY RANGE (event_ts);

CREATE TABLE usage_events_default PARTITION OF usage_events DEFAULT;
CREATE TABLE charge_lines_default PARTITION OF charge_lines DEFAULT;

-- The ids of every stored event, and of dropped months' events while an SDK could still replay
-- them (usage.retention in docs/operations.md). BRIN on ts: retention deletes by time, and a
-- BRIN index costs ingest next to nothing since ids arrive roughly in time order.
CREATE TABLE usage_event_ids (
    id UUID        PRIMARY KEY,
    ts TIMESTAMPTZ NOT NULL
);
CREATE INDEX usage_event_ids_ts ON usage_event_ids USING BRIN (ts);

-- Creates the partitions of the UTC month starting at first_day unless they exist; rows of that
-- month already in a DEFAULT partition are moved into the new ones. Answers whether it created
-- them. Serialized by an advisory lock, so instances starting together do not race.
CREATE FUNCTION tollgate_create_usage_month(first_day DATE) RETURNS BOOLEAN LANGUAGE plpgsql AS $$
DECLARE
  lo     TIMESTAMPTZ := date_trunc('month', first_day)::timestamp AT TIME ZONE 'UTC';
  hi     TIMESTAMPTZ := (date_trunc('month', first_day) + interval '1 month')::timestamp AT TIME ZONE 'UTC';
  events TEXT := 'usage_events_' || to_char(first_day, 'YYYY_MM');
  lines  TEXT := 'charge_lines_' || to_char(first_day, 'YYYY_MM');
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('tollgate_create_usage_month'));
  IF to_regclass(events) IS NOT NULL THEN
    RETURN FALSE;
  END IF;
  IF EXISTS (SELECT 1 FROM usage_events_default WHERE ts >= lo AND ts < hi)
      OR EXISTS (SELECT 1 FROM charge_lines_default WHERE event_ts >= lo AND event_ts < hi) THEN
    EXECUTE format('CREATE TABLE %I (LIKE usage_events INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', events);
    EXECUTE format('CREATE TABLE %I (LIKE charge_lines INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', lines);
    EXECUTE format('WITH moved AS (DELETE FROM usage_events_default WHERE ts >= $1 AND ts < $2 RETURNING *) '
        || 'INSERT INTO %I SELECT * FROM moved', events) USING lo, hi;
    EXECUTE format('WITH moved AS (DELETE FROM charge_lines_default WHERE event_ts >= $1 AND event_ts < $2 '
        || 'RETURNING *) INSERT INTO %I SELECT * FROM moved', lines) USING lo, hi;
    EXECUTE format('ALTER TABLE usage_events ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', events, lo, hi);
    EXECUTE format('ALTER TABLE charge_lines ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', lines, lo, hi);
  ELSE
    EXECUTE format('CREATE TABLE %I PARTITION OF usage_events FOR VALUES FROM (%L) TO (%L)', events, lo, hi);
    EXECUTE format('CREATE TABLE %I PARTITION OF charge_lines FOR VALUES FROM (%L) TO (%L)', lines, lo, hi);
  END IF;
  RETURN TRUE;
END $$;

-- Months of the stored events, and the current one.
SELECT tollgate_create_usage_month(m)
FROM (SELECT DISTINCT date_trunc('month', ts AT TIME ZONE 'UTC')::date AS m FROM usage_events_unpartitioned
      UNION SELECT date_trunc('month', now() AT TIME ZONE 'UTC')::date) months
ORDER BY m;

INSERT INTO usage_events SELECT * FROM usage_events_unpartitioned;
INSERT INTO charge_lines (event_id, event_ts, element, quantity, unit_price, per, amount, price_id, service_tier)
SELECT l.event_id, e.ts, l.element, l.quantity, l.unit_price, l.per, l.amount, l.price_id, l.service_tier
FROM charge_lines_unpartitioned l JOIN usage_events_unpartitioned e ON e.id = l.event_id;
INSERT INTO usage_event_ids (id, ts) SELECT id, ts FROM usage_events_unpartitioned;
DROP TABLE charge_lines_unpartitioned;
DROP TABLE usage_events_unpartitioned;

CREATE INDEX usage_events_ts ON usage_events (ts DESC, id DESC);
CREATE INDEX usage_events_team_ts ON usage_events (team_id, ts DESC, id DESC);
CREATE INDEX usage_events_client_ts ON usage_events (client_id, ts DESC, id DESC);
CREATE INDEX usage_events_unpriced ON usage_events (rated_model) WHERE unpriced;
CREATE INDEX usage_events_billing_month ON usage_events (billing_month, team_id);
CREATE INDEX usage_events_trace_id_ts ON usage_events (trace_id, ts DESC) WHERE trace_id IS NOT NULL;
CREATE INDEX usage_events_end_user_ts ON usage_events (end_user, ts DESC) WHERE end_user IS NOT NULL;
CREATE INDEX usage_events_tags ON usage_events USING GIN (tags jsonb_path_ops);
