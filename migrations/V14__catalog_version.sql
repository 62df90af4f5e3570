-- One counter that every change to what a team's plan is made of moves: teams, subscriptions,
-- quotas, products and the sources they include. An instance caches plans and rereads one only
-- when this counter moved (one index lookup instead of three joins per ingest batch). Only
-- admin writes touch these tables, so the single row is never hot.
CREATE TABLE catalog_version (
    only_row BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (only_row),
    version  BIGINT  NOT NULL
);
INSERT INTO catalog_version (only_row, version) VALUES (TRUE, 0);

CREATE FUNCTION tollgate_bump_catalog_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE catalog_version SET version = version + 1;
  RETURN NULL;
END $$;

CREATE TRIGGER teams_catalog_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON teams
    FOR EACH STATEMENT EXECUTE FUNCTION tollgate_bump_catalog_version();
CREATE TRIGGER subscriptions_catalog_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON subscriptions
    FOR EACH STATEMENT EXECUTE FUNCTION tollgate_bump_catalog_version();
CREATE TRIGGER quotas_catalog_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON quotas
    FOR EACH STATEMENT EXECUTE FUNCTION tollgate_bump_catalog_version();
CREATE TRIGGER products_catalog_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON products
    FOR EACH STATEMENT EXECUTE FUNCTION tollgate_bump_catalog_version();
CREATE TRIGGER product_sources_catalog_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON product_sources
    FOR EACH STATEMENT EXECUTE FUNCTION tollgate_bump_catalog_version();
CREATE TRIGGER sources_catalog_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON sources
    FOR EACH STATEMENT EXECUTE FUNCTION tollgate_bump_catalog_version();
