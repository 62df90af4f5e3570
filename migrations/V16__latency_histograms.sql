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

-- The sum of two histograms kept as parallel arrays (buckets ascending, counts).
CREATE FUNCTION tollgate_histogram_add(b1 INTEGER[], c1 BIGINT[], b2 INTEGER[], c2 BIGINT[],
    OUT buckets INTEGER[], OUT counts BIGINT[])
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(array_agg(b ORDER BY b), '{}'), coalesce(array_agg(c ORDER BY b), '{}')
  FROM (SELECT b, sum(c)::bigint AS c
        FROM (SELECT * FROM unnest(b1, c1) AS x(b, c) UNION ALL SELECT * FROM unnest(b2, c2) AS y(b, c)) AS u
        GROUP BY b) AS s
$$;

-- Maintained by ingest in the batch's transaction, like usage_daily. Keys follow usage_daily's
-- conventions (model is the rated model or ''). latency_*: every event's latency; ttft_*: the
-- time to first token of the events that have one. requests and latency_sum give exact counts
-- and averages; NUMERIC sums never wrap.
CREATE TABLE latency_daily (
    day             DATE      NOT NULL,
    team_id         UUID      NOT NULL,
    client_id       UUID      NOT NULL,
    model           TEXT      NOT NULL,
    source          TEXT      NOT NULL,
    is_error        BOOLEAN   NOT NULL,
    requests        NUMERIC   NOT NULL,
    latency_sum     NUMERIC   NOT NULL,
    latency_buckets INTEGER[] NOT NULL,
    latency_counts  BIGINT[]  NOT NULL,
    ttft_buckets    INTEGER[] NOT NULL,
    ttft_counts     BIGINT[]  NOT NULL,
    PRIMARY KEY (day, team_id, client_id, model, source, is_error)
);

-- Builds latency_daily from the stored events (this migration's backfill; the reports
-- benchmark's loader calls it after loading events directly).
CREATE FUNCTION tollgate_latency_daily_backfill() RETURNS VOID LANGUAGE sql AS $$
INSERT INTO latency_daily (day, team_id, client_id, model, source, is_error, requests, latency_sum,
    latency_buckets, latency_counts, ttft_buckets, ttft_counts)
SELECT k.day, k.team_id, k.client_id, k.model, k.source, k.is_error, k.requests, k.latency_sum,
       coalesce(l.buckets, '{}'), coalesce(l.counts, '{}'), coalesce(t.buckets, '{}'), coalesce(t.counts, '{}')
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
