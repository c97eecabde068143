-- API tokens are named and may expire: after expires_at a token opens nothing, as a revoked one.
ALTER TABLE api_tokens ADD COLUMN expires_at DATETIME;
