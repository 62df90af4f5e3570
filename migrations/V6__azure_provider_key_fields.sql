-- Azure OpenAI provider keys: the api-version every call names, and the deployment serving each
-- model (a model without an entry is served by the deployment of its own name). The token
-- endpoint's upstream lease carries both (collector-api.md, POST /v1/auth/token).
ALTER TABLE provider_keys
    ADD COLUMN api_version TEXT,
    ADD COLUMN deployments JSONB NOT NULL DEFAULT '{}'::jsonb;
