-- Reports: indexes for the transaction log filtered by client, and for the raw-event
-- paths (percentiles, sub-day edges of the usage report) filtered by client.
-- The log by time and by team uses V2's usage_events_ts and usage_events_team_ts;
-- usage and chargeback over whole days read usage_daily (its primary key leads with day).
CREATE INDEX usage_events_client_ts ON usage_events (client_id, ts DESC, id DESC);
