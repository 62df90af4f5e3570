-- Synthetic usage for the reports benchmark, generated inside PostgreSQL.
-- :events events spread evenly over 92 days from 2026-08-01 (August to October), in time
-- order as ingest would write them,
-- 50 teams, 200 clients (client c belongs to team c % 50), 20 models, 5 products.
-- Each client uses 3 of the 20 models and one source per model, as an application does;
-- about 3 % of calls fail. usage_daily is derived from the events by GROUP BY, so it
-- holds exactly what ingest would have maintained. Each month has its partition (as the
-- collector creates them ahead); usage_event_ids, which only ingest reads, is not filled.
INSERT INTO products (id, name, markup_percent, created_at, updated_at)
SELECT md5('product' || p)::uuid, 'Product ' || p, p * 5, now(), now()
FROM generate_series(0, 4) p;

INSERT INTO teams (id, name, description, status, created_at, updated_at)
SELECT md5('team' || t)::uuid, 'Team ' || lpad(t::text, 2, '0'), 'benchmark team', 'active', now(), now()
FROM generate_series(0, 49) t;

INSERT INTO clients (id, team_id, name, client_id, secret_hash, status, created_at, updated_at)
SELECT md5('client' || c)::uuid, md5('team' || (c % 50))::uuid, 'app-' || c, 'tg_bench_' || c, 'x', 'active', now(), now()
FROM generate_series(0, 199) c;

SELECT tollgate_create_usage_month(m::date)
FROM generate_series(date '2026-08-01', date '2026-10-01', interval '1 month') m;

INSERT INTO usage_events (id, ts, received_at, team_id, client_id, endpoint, method, source,
    request_model, model, rated_model, status_code, latency_ms, ttft_ms, streamed, end_user, tags,
    prompt_tokens, cached_prompt_tokens, completion_tokens, reasoning_tokens,
    product_id, subtotal, markup_percent, markup, total_cost, currency, unpriced,
    price_effective_from, rated_at, billing_month)
SELECT id, ts, ts, team_id, client_id,
       CASE WHEN m % 4 = 3 THEN '/v1/embeddings' WHEN m % 4 = 2 THEN '/v1/responses' ELSE '/v1/chat/completions' END,
       'POST',
       CASE WHEN m % 4 = 3 THEN 'embeddings' WHEN m % 4 = 2 THEN 'responses' ELSE 'chat.completions' END,
       model, model, model, status_code, latency_ms,
       CASE WHEN streamed THEN latency_ms / 4 END, streamed,
       'user-' || (g % 5000), jsonb_build_object('feature', 'f' || (g % 7)),
       prompt, cached, completion, 0,
       product_id, subtotal, markup_percent, subtotal * markup_percent / 100,
       subtotal + subtotal * markup_percent / 100, 'USD', false,
       timestamptz '2026-01-01T00:00:00Z', ts, date_trunc('month', ts AT TIME ZONE 'UTC')::date
FROM (
  SELECT g, id, ts, team_id, client_id, m, model, status_code, latency_ms, streamed, product_id, markup_percent,
         prompt, cached, completion,
         ((prompt - cached) * (m + 1) * 0.1 + cached * (m + 1) * 0.05 + completion * (m + 1) * 0.4) / 1000000 AS subtotal
  FROM (
    SELECT g, id, ts, team_id, client_id, m, 'model-' || lpad(m::text, 2, '0') AS model,
           status_code, latency_ms, streamed, product_id, markup_percent,
           CASE WHEN status_code >= 400 THEN 0 ELSE 100 + floor(r1 * 4000)::bigint END AS prompt,
           CASE WHEN status_code >= 400 THEN 0 ELSE floor(r1 * 1000)::bigint END AS cached,
           CASE WHEN status_code >= 400 THEN 0 ELSE 20 + floor(r2 * 1000)::bigint END AS completion
    FROM (
      SELECT g, md5('ev' || g)::uuid AS id,
             timestamptz '2026-08-01T00:00:00Z' + ((g - 1) + random()) * (interval '92 days' / :events) AS ts,
             md5('team' || (g % 200 % 50))::uuid AS team_id,
             md5('client' || (g % 200))::uuid AS client_id,
             ((g % 200) * 7 + floor(random() * 3)::int) % 20 AS m,
             CASE WHEN random() < 0.03 THEN (ARRAY[429, 500, 400])[1 + (g % 3)] ELSE 200 END AS status_code,
             (50 + floor(-ln(1 - random()) * 700))::int AS latency_ms,
             (g % 3 = 0) AS streamed,
             md5('product' || (g % 200 % 50 % 5))::uuid AS product_id,
             (g % 200 % 50 % 5) * 5 AS markup_percent,
             random() AS r1, random() AS r2
      FROM generate_series(1, :events) g
    ) a
  ) b
) c;

INSERT INTO usage_daily (day, team_id, client_id, product_id, model, source, is_error, currency,
    requests, prompt_tokens, cached_prompt_tokens, cache_write_prompt_tokens, audio_prompt_tokens,
    completion_tokens, reasoning_tokens, audio_completion_tokens, cost, billing_month)
SELECT (ts AT TIME ZONE 'UTC')::date, team_id, client_id,
       coalesce(product_id, '00000000-0000-0000-0000-000000000000'), coalesce(rated_model, ''), source,
       status_code >= 400, currency,
       count(*), sum(prompt_tokens), sum(cached_prompt_tokens), sum(cache_write_prompt_tokens),
       sum(audio_prompt_tokens), sum(completion_tokens), sum(reasoning_tokens),
       sum(audio_completion_tokens), sum(total_cost), billing_month
FROM usage_events
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, billing_month;

-- The daily latency histograms, as migration V16 builds them from stored events.
SELECT tollgate_latency_daily_backfill();
