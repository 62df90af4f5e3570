-- Administration: names an admin picks are unique regardless of case, like team names
-- (V1's teams_name_unique), so that "Mobile app" and "mobile app" cannot both exist.
CREATE UNIQUE INDEX clients_team_name_unique ON clients (team_id, lower(name));
CREATE UNIQUE INDEX products_name_ci_unique ON products (lower(name));
CREATE UNIQUE INDEX sources_name_ci_unique ON sources (lower(name));
CREATE UNIQUE INDEX provider_keys_name_ci_unique ON provider_keys (lower(name));
-- The audit endpoint pages newest first within a time range.
CREATE INDEX audit_log_at_id ON audit_log (at DESC, id DESC);
