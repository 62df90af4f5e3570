-- Tollgate core schema: who may call (teams, clients, keys), what they may call
-- (sources, products, subscriptions, quotas), what it costs (price book), and who
-- changed what (audit log). Usage, charges and rollups follow in V2.

CREATE TABLE provider_keys (
    id                 UUID PRIMARY KEY,
    provider           TEXT        NOT NULL,
    name               TEXT        NOT NULL UNIQUE,
    base_url           TEXT        NOT NULL,
    -- AES-GCM: 12-byte nonce followed by ciphertext and tag. Never returned by any read.
    api_key_ciphertext BYTEA       NOT NULL,
    api_key_hint       TEXT        NOT NULL,
    labels             JSONB       NOT NULL DEFAULT '{}'::jsonb,
    is_default         BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at         TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL
);
-- At most one default key.
CREATE UNIQUE INDEX provider_keys_one_default ON provider_keys (is_default) WHERE is_default;

CREATE TABLE teams (
    id              UUID PRIMARY KEY,
    name            TEXT        NOT NULL,
    description     TEXT,
    status          TEXT        NOT NULL CHECK (status IN ('active', 'disabled')),
    provider_key_id UUID        REFERENCES provider_keys (id),
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX teams_name_unique ON teams (lower(name));

CREATE TABLE clients (
    id          UUID PRIMARY KEY,
    team_id     UUID        NOT NULL REFERENCES teams (id),
    name        TEXT        NOT NULL,
    -- The public id (tg_...).
    client_id   TEXT        NOT NULL UNIQUE,
    -- PBKDF2-HMAC-SHA256 with a per-secret salt, encoded with its parameters.
    secret_hash TEXT        NOT NULL,
    status      TEXT        NOT NULL CHECK (status IN ('active', 'disabled')),
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX clients_team ON clients (team_id);

CREATE TABLE api_keys (
    id         UUID PRIMARY KEY,
    name       TEXT        NOT NULL,
    role       TEXT        NOT NULL CHECK (role IN ('admin', 'finance')),
    -- SHA-256 of the key: the keys are 256-bit random, so a fast hash is safe and
    -- lets every request be authenticated with one indexed lookup.
    key_hash   TEXT        NOT NULL UNIQUE,
    key_prefix TEXT        NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    revoked_at TIMESTAMPTZ
);

CREATE TABLE sources (
    id         UUID PRIMARY KEY,
    name       TEXT        NOT NULL UNIQUE,
    path_regex TEXT        NOT NULL,
    -- Lower numbers are tried first; the first matching rule classifies a path.
    priority   INTEGER     NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);

INSERT INTO sources (id, name, path_regex, priority, created_at, updated_at) VALUES
    ('00000000-0000-4000-8000-000000000001', 'chat.completions', '^/v1/chat/completions$', 10, now(), now()),
    ('00000000-0000-4000-8000-000000000002', 'responses',        '^/v1/responses(/.*)?$', 20, now(), now()),
    ('00000000-0000-4000-8000-000000000003', 'embeddings',       '^/v1/embeddings$',      30, now(), now()),
    ('00000000-0000-4000-8000-000000000004', 'moderations',      '^/v1/moderations$',     40, now(), now()),
    ('00000000-0000-4000-8000-000000000005', 'images',           '^/v1/images/.*$',       50, now(), now()),
    ('00000000-0000-4000-8000-000000000006', 'audio',            '^/v1/audio/.*$',        60, now(), now()),
    ('00000000-0000-4000-8000-000000000007', 'fine_tuning',      '^/v1/fine_tuning/.*$',  70, now(), now()),
    ('00000000-0000-4000-8000-000000000008', 'other',            '.*',                  1000, now(), now());

CREATE TABLE products (
    id             UUID PRIMARY KEY,
    name           TEXT        NOT NULL UNIQUE,
    markup_percent NUMERIC     NOT NULL DEFAULT 0 CHECK (markup_percent >= 0),
    created_at     TIMESTAMPTZ NOT NULL,
    updated_at     TIMESTAMPTZ NOT NULL
);

CREATE TABLE product_sources (
    product_id UUID NOT NULL REFERENCES products (id),
    source_id  UUID NOT NULL REFERENCES sources (id),
    PRIMARY KEY (product_id, source_id)
);

-- The price book: append-only, effective-dated. An entry never changes; a newer
-- effective_from supersedes it. `model` is an exact name or a prefix rule ending in '*'.
CREATE TABLE prices (
    id             UUID PRIMARY KEY,
    model          TEXT        NOT NULL,
    element        TEXT        NOT NULL CHECK (element IN (
                       'prompt_tokens', 'cached_prompt_tokens', 'cache_write_prompt_tokens',
                       'audio_prompt_tokens', 'completion_tokens', 'reasoning_tokens',
                       'audio_completion_tokens', 'requests')),
    price          NUMERIC     NOT NULL CHECK (price >= 0),
    per            NUMERIC     NOT NULL CHECK (per > 0),
    currency       TEXT        NOT NULL,
    effective_from TIMESTAMPTZ NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    UNIQUE (model, element, effective_from)
);

-- Every model seen in traffic (auto-discovery). Whether it is priced is derived
-- from the price book when read.
CREATE TABLE models_seen (
    model         TEXT PRIMARY KEY,
    first_seen_at TIMESTAMPTZ NOT NULL,
    last_seen_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE subscriptions (
    id         UUID PRIMARY KEY,
    team_id    UUID        NOT NULL REFERENCES teams (id),
    product_id UUID        NOT NULL REFERENCES products (id),
    starts_at  TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ,
    status     TEXT        NOT NULL CHECK (status IN ('active', 'disabled')),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CHECK (expires_at IS NULL OR expires_at > starts_at)
);
CREATE INDEX subscriptions_team ON subscriptions (team_id);

CREATE TABLE quotas (
    id              UUID PRIMARY KEY,
    subscription_id UUID        NOT NULL REFERENCES subscriptions (id),
    unit            TEXT        NOT NULL CHECK (unit IN ('cost', 'tokens', 'requests')),
    period          TEXT        NOT NULL CHECK (period IN ('day', 'week', 'month', 'total')),
    "limit"         NUMERIC     NOT NULL CHECK ("limit" > 0),
    enforcement     TEXT        NOT NULL CHECK (enforcement IN ('hard', 'soft')),
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX quotas_subscription ON quotas (subscription_id);

CREATE TABLE audit_log (
    id          BIGSERIAL PRIMARY KEY,
    at          TIMESTAMPTZ NOT NULL,
    -- Who: 'api_key:<id>', 'bootstrap', 'client:<client_id>', 'system'.
    actor       TEXT        NOT NULL,
    action      TEXT        NOT NULL,
    target_type TEXT        NOT NULL,
    target_id   TEXT,
    -- What changed; never a secret.
    details     JSONB       NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_at ON audit_log (at);
