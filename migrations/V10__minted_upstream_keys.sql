-- Upstream keys minted per team (issue 21). An openai_admin provider key holds an OpenAI admin
-- key (encrypted like every provider key) and the project the collector mints service-account
-- keys in; rotation_period_seconds is how long a minted key is the current one.
ALTER TABLE provider_keys
    ADD COLUMN project_id TEXT,
    ADD COLUMN rotation_period_seconds BIGINT CHECK (rotation_period_seconds IS NULL OR rotation_period_seconds > 0);

-- One row per service account the collector asked the provider for. The row is written in
-- state 'minting' before the provider is called, so a collector that stops mid-call leaves a row
-- that the next run resolves (finds the account by its unique name and deletes it), never an
-- orphan. 'active': the team's current key for that provider key (at most one); 'retiring': to
-- be deleted at the provider at delete_at; 'deleted': gone at the provider.
CREATE TABLE minted_keys (
    id                 UUID PRIMARY KEY,
    team_id            UUID        NOT NULL REFERENCES teams (id),
    provider_key_id    UUID        NOT NULL REFERENCES provider_keys (id),
    -- Where the account lives, kept so that it can be deleted after the provider key changes.
    base_url           TEXT        NOT NULL,
    project_id         TEXT        NOT NULL,
    account_name       TEXT        NOT NULL UNIQUE,
    state              TEXT        NOT NULL CHECK (state IN ('minting', 'active', 'retiring', 'deleted')),
    service_account_id TEXT,
    -- AES-GCM like provider_keys.api_key_ciphertext; NULL until the provider answered.
    api_key_ciphertext BYTEA,
    api_key_hint       TEXT,
    created_at         TIMESTAMPTZ NOT NULL,
    rotate_at          TIMESTAMPTZ NOT NULL,
    -- The key's scheduled deletion: no lease of it expires later.
    delete_at          TIMESTAMPTZ NOT NULL,
    deleted_at         TIMESTAMPTZ,
    -- Failed attempts at the pending operation: deletion (retiring, minting) or rotation (active).
    attempts           INT         NOT NULL DEFAULT 0,
    next_attempt_at    TIMESTAMPTZ,
    last_error         TEXT
);
CREATE UNIQUE INDEX minted_keys_one_active ON minted_keys (team_id, provider_key_id) WHERE state = 'active';
CREATE INDEX minted_keys_pending ON minted_keys (delete_at) WHERE state IN ('minting', 'retiring');
CREATE INDEX minted_keys_provider_key ON minted_keys (provider_key_id, created_at);

-- An azure_entra provider key: the Entra ID application the collector obtains access tokens
-- for (client credentials). Its client secret is held in api_key_ciphertext like any key.
ALTER TABLE provider_keys
    ADD COLUMN tenant_id TEXT,
    ADD COLUMN client_id TEXT;
