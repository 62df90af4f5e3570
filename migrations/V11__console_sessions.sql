-- Web console sessions (issue 20): kept in PostgreSQL so that any collector instance serves them.

CREATE TABLE console_sessions (
    id           UUID        PRIMARY KEY,
    -- SHA-256 of the cookie's random token: a leaked table row opens no console.
    token_hash   TEXT        NOT NULL UNIQUE,
    -- The per-session token every console form must echo (CSRF).
    csrf_token   TEXT        NOT NULL,
    role         TEXT        NOT NULL CHECK (role IN ('admin', 'finance')),
    -- As the audit log names callers ('api_key:<id>', 'bootstrap').
    actor        TEXT        NOT NULL,
    -- The API key signed in with; revoking it ends its sessions. Null for the bootstrap key.
    api_key_id   UUID        REFERENCES api_keys (id) ON DELETE CASCADE,
    created_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX console_sessions_last_seen ON console_sessions (last_seen_at);
