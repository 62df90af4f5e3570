-- Service tiers (issue 18): an event records the tier the provider's answer reported
-- ('default', 'flex', 'priority', ...), a price entry is for one tier, and a charge line
-- names the tier whose entry priced it. 'default' is what an absent tier means everywhere.
-- Adding a NOT NULL column with a constant default rewrites no table (PostgreSQL 11+).

ALTER TABLE prices ADD COLUMN service_tier TEXT NOT NULL DEFAULT 'default'
    CHECK (length(service_tier) BETWEEN 1 AND 64);
-- One entry per (model rule, tier, element, effective_from): a flex entry may start on the
-- same instant as the default tier's entry for the same rule and element.
ALTER TABLE prices DROP CONSTRAINT prices_model_element_effective_from_key;
ALTER TABLE prices ADD CONSTRAINT prices_model_tier_element_effective_from_key
    UNIQUE (model, service_tier, element, effective_from);

ALTER TABLE usage_events ADD COLUMN service_tier TEXT NOT NULL DEFAULT 'default';

ALTER TABLE charge_lines ADD COLUMN service_tier TEXT NOT NULL DEFAULT 'default';
