-- Synthetic charges for the FOCUS export benchmark, generated inside PostgreSQL:
-- :events events over November 2026 (30 days, in time order), 20 teams, 100 clients
-- (client c belongs to team c % 20 + 1), 4 models, every 7th event in the flex tier, tags
-- that agree per feature but not per request; 2 or 3 charge lines per event priced by
-- real price-book entries (default and flex tiers).
INSERT INTO teams (id, name, status, created_at, updated_at)
SELECT md5('team' || t)::uuid, 'team ' || lpad(t::text, 2, '0'), 'active', now(), now()
FROM generate_series(1, 20) t;

INSERT INTO clients (id, team_id, name, client_id, secret_hash, status, created_at, updated_at)
SELECT md5('client' || c)::uuid, md5('team' || (c % 20 + 1))::uuid, 'app-' || c, 'tg_focus_' || c, 'x', 'active',
       now(), now()
FROM generate_series(1, 100) c;

INSERT INTO prices (id, model, element, price, per, currency, effective_from, created_at, service_tier)
SELECT md5(m || e || t)::uuid, m || '*', e, 0.5, 1000000, 'USD', '2026-01-01', now(), t
FROM unnest(ARRAY['gpt-4o-mini', 'gpt-4o', 'o3-mini', 'gpt-4.1']) m,
     unnest(ARRAY['prompt_tokens', 'cached_prompt_tokens', 'completion_tokens']) e,
     unnest(ARRAY['default', 'flex']) t;

SELECT tollgate_create_usage_month(date '2026-11-01');

INSERT INTO usage_events (id, ts, received_at, team_id, client_id, endpoint, source, request_model, model,
    rated_model, status_code, latency_ms, tags, prompt_tokens, cached_prompt_tokens, completion_tokens, subtotal,
    markup_percent, markup, total_cost, rated_at, service_tier, billing_month)
SELECT md5('ev' || g)::uuid, ts, ts, md5('team' || ((g % 100 + 1) % 20 + 1))::uuid, md5('client' || (g % 100 + 1))::uuid,
       '/v1/chat/completions', 'chat.completions', model, model, model, 200, 100,
       CASE g % 3 WHEN 0 THEN '{}'::jsonb WHEN 1 THEN jsonb_build_object('feature', 'f' || (g % 5))
         ELSE jsonb_build_object('feature', 'f' || (g % 5), 'request', md5('r' || g)) END,
       1000, cached, 200, 0.0006, 10, 0.00006, 0.00066, ts, CASE WHEN g % 7 = 0 THEN 'flex' ELSE 'default' END,
       date '2026-11-01'
FROM (SELECT g, timestamptz '2026-11-01T00:00:00Z' + (g - 1) * (interval '30 days' / :events) AS ts,
             (ARRAY['gpt-4o-mini-2024-07-18', 'gpt-4o', 'o3-mini', 'gpt-4.1'])[g % 4 + 1] AS model,
             CASE WHEN g % 2 = 0 THEN 500 ELSE 0 END AS cached
      FROM generate_series(1, :events) g) a;

INSERT INTO charge_lines (event_id, event_ts, element, quantity, unit_price, per, amount, price_id, service_tier)
SELECT e.id, e.ts, x.element, x.q, 0.5, 1000000, x.q * 0.5 / 1000000,
       md5(split_part(e.rated_model, '-2024', 1) || x.element || e.service_tier)::uuid, e.service_tier
FROM usage_events e
CROSS JOIN LATERAL (VALUES ('prompt_tokens', e.prompt_tokens - e.cached_prompt_tokens),
  ('cached_prompt_tokens', e.cached_prompt_tokens), ('completion_tokens', e.completion_tokens)) AS x(element, q)
WHERE x.q > 0;
