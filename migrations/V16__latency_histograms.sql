-- Daily latency histograms (issue 20): the performance report over a long range reads one row
-- per (day, team, client, model, source, error or not) instead of sorting every event's latency.
-- The bucket scheme is LatencyHistogram's (collector common package), repeated here for the
-- backfill and for the partial days at a range's edges; LatencyHistogramSqlIT checks that the
-- two agree. Latencies below 128 ms have a bucket each (exact); above, each power of two is cut
-- into 64 buckets, so a bucket's midpoint is within 1/128 (0.79 %) of any value in it.

-- One expression (inlined by the planner): e = length of v's binary form - 1.
CREATE FUNCTION tollgate_latency_bucket(v INTEGER) RETURNS INTEGER
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN v < 128 THEN v
    ELSE 128 + (length(ltrim(v::bit(32)::text, '0')) - 8) * 64
         + ((v >> (length(ltrim(v::bit(32)::text, '0')) - 7)) - 64) END
$$;

-- A histogram's stored form (LatencyHistogram.encode): for each non-empty bucket, ascending, the
-- gap from the previous bucket (bucket - previous - 1, the first from -1) and the count, each as
-- an unsigned LEB128 varint (7 bits a byte, low first, high bit set on all but the last byte).
-- About two bytes a bucket, so a month of histograms reads in a few megabytes.
CREATE FUNCTION tollgate_varint(v BIGINT) RETURNS BYTEA
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  out BYTEA := '';
BEGIN
  WHILE v >= 128 LOOP
    out := out || set_byte('\x00'::bytea, 0, ((v & 127) | 128)::int);
    v := v >> 7;
  END LOOP;
  RETURN out || set_byte('\x00'::bytea, 0, v::int);
END
$$;

CREATE FUNCTION tollgate_histogram_encode(buckets INTEGER[], counts BIGINT[]) RETURNS BYTEA
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  out BYTEA := '';
  previous INTEGER := -1;
BEGIN
  FOR i IN 1 .. coalesce(array_length(buckets, 1), 0) LOOP
    out := out || tollgate_varint(buckets[i] - previous - 1) || tollgate_varint(counts[i]);
    previous := buckets[i];
  END LOOP;
  RETURN out;
END
$$;

-- Written by ingest in the batch's transaction: each batch appends one row per key it touches
-- (no upsert, so batches of one client never wait on each other's rows), and the collector's
-- compaction (LatencyCompaction) merges a key's rows into one every few seconds. Readers add up
-- every row of a key, so a report is the same before and after a compaction. Keys follow
-- usage_daily's conventions (model is the rated model or ''). latency_histogram: every event's
-- latency; ttft_histogram: the time to first token of the events that have one. requests and
-- latency_sum give exact counts and averages; NUMERIC sums never wrap.
CREATE TABLE latency_daily (
    day             DATE      NOT NULL,
    team_id         UUID      NOT NULL,
    client_id       UUID      NOT NULL,
    model           TEXT      NOT NULL,
    source          TEXT      NOT NULL,
    is_error        BOOLEAN   NOT NULL,
    requests        NUMERIC   NOT NULL,
    latency_sum     NUMERIC   NOT NULL,
    latency_histogram BYTEA   NOT NULL,
    ttft_histogram  BYTEA     NOT NULL
);
CREATE INDEX latency_daily_key ON latency_daily (day, team_id, client_id, model, source, is_error);

-- Builds latency_daily from the stored events (this migration's backfill; the reports
-- benchmark's loader calls it after loading events directly).
CREATE FUNCTION tollgate_latency_daily_backfill() RETURNS VOID LANGUAGE sql AS $$
INSERT INTO latency_daily (day, team_id, client_id, model, source, is_error, requests, latency_sum,
    latency_histogram, ttft_histogram)
SELECT k.day, k.team_id, k.client_id, k.model, k.source, k.is_error, k.requests, k.latency_sum,
       coalesce(tollgate_histogram_encode(l.buckets, l.counts), ''), coalesce(tollgate_histogram_encode(t.buckets, t.counts), '')
FROM (SELECT (ts AT TIME ZONE 'UTC')::date AS day, team_id, client_id, coalesce(rated_model, '') AS model, source,
             status_code >= 400 AS is_error, count(*) AS requests, sum(latency_ms) AS latency_sum
      FROM usage_events GROUP BY 1, 2, 3, 4, 5, 6) AS k
LEFT JOIN (SELECT day, team_id, client_id, model, source, is_error,
                  array_agg(bucket ORDER BY bucket) AS buckets, array_agg(n ORDER BY bucket) AS counts
           FROM (SELECT (ts AT TIME ZONE 'UTC')::date AS day, team_id, client_id, coalesce(rated_model, '') AS model,
                        source, status_code >= 400 AS is_error, tollgate_latency_bucket(latency_ms) AS bucket,
                        count(*) AS n
                 FROM usage_events GROUP BY 1, 2, 3, 4, 5, 6, 7) AS b
           GROUP BY 1, 2, 3, 4, 5, 6) AS l USING (day, team_id, client_id, model, source, is_error)
LEFT JOIN (SELECT day, team_id, client_id, model, source, is_error,
                  array_agg(bucket ORDER BY bucket) AS buckets, array_agg(n ORDER BY bucket) AS counts
           FROM (SELECT (ts AT TIME ZONE 'UTC')::date AS day, team_id, client_id, coalesce(rated_model, '') AS model,
                        source, status_code >= 400 AS is_error, tollgate_latency_bucket(ttft_ms) AS bucket,
                        count(*) AS n
                 FROM usage_events WHERE ttft_ms IS NOT NULL GROUP BY 1, 2, 3, 4, 5, 6, 7) AS b
           GROUP BY 1, 2, 3, 4, 5, 6) AS t USING (day, team_id, client_id, model, source, is_error)
$$;

SELECT tollgate_latency_daily_backfill();
