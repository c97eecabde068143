-- Sign-in through the organisation's identity provider (OpenID Connect). An admin links a user
-- to who they are at the provider (its `sub`, or Entra ID's `oid`); one identity opens at most
-- one user. NULL for users who sign in only with a password (NULLs are not equal: many may).
ALTER TABLE users ADD COLUMN identity TEXT;
CREATE UNIQUE INDEX users_identity ON users (identity);

-- How each session began: a session begun at the provider is not sent to change a password the
-- user may never use (an account's one-time password stays owed at password sign-in).
ALTER TABLE sessions ADD COLUMN method TEXT NOT NULL DEFAULT 'password' CHECK (method IN ('password', 'oidc'));
