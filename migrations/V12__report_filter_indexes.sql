-- The reports' trace_id, end_user and tag.<key> filters (collector-api.md: "each repeatable and
-- served from an index"). Trace ids and end users are looked up by value within the time range;
-- tag filters are JSONB containment tests (tags @> '{"key": "value"}'), which a GIN index with
-- jsonb_path_ops serves.
CREATE INDEX usage_events_trace_id_ts ON usage_events (trace_id, ts DESC) WHERE trace_id IS NOT NULL;
CREATE INDEX usage_events_end_user_ts ON usage_events (end_user, ts DESC) WHERE end_user IS NOT NULL;
CREATE INDEX usage_events_tags ON usage_events USING GIN (tags jsonb_path_ops);
