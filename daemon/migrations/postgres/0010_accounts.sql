-- The accounts of the people who use dsrd (issue 14): officers log in to
-- the HTTP API with a name and password (and, optionally, a TOTP code), or
-- a script presents an API token.
--
-- A password is kept only as its Argon2id hash (PHC string, with its own
-- salt). Session cookies and API tokens are long random values kept only as
-- SHA-256 hashes (no salt is needed: they cannot be found by trying). The
-- TOTP secret is kept itself, as RFC 6238 requires of the server; a copy of
-- the store therefore gives the second factor but no password or token.
--
-- `name_key` is the name trimmed and in lower case: names are unique
-- regardless of letter case, as the [[officers]] names are, so that one
-- person cannot count twice under the four-eyes rule. `name` keeps it as
-- written, for display and the audit log.
--
-- `failed_logins` counts failed logins since the last success or lock;
-- reaching the configured maximum sets `locked_until` and starts again at
-- 0. `totp_last_step` is the last accepted TOTP step: a code is accepted
-- once.
CREATE TABLE accounts (
    id              BIGSERIAL PRIMARY KEY,
    name            TEXT    NOT NULL,
    name_key        TEXT    NOT NULL UNIQUE,
    role            TEXT    NOT NULL,
    password_hash   TEXT    NOT NULL,
    totp_secret     TEXT,
    totp_last_step  BIGINT,
    failed_logins   BIGINT  NOT NULL DEFAULT 0,
    locked_until    TIMESTAMPTZ,
    disabled_at     TIMESTAMPTZ,
    last_login_at   TIMESTAMPTZ,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);

-- One row per login session. A session ends when unused for the configured
-- idle time (`last_seen_at`), at `expires_at` (its lifetime from the
-- login) however busy, at logout, and when its account is disabled or its
-- password reset; an ended session's row is deleted.
CREATE TABLE account_sessions (
    id            BIGSERIAL PRIMARY KEY,
    account_id    BIGINT  NOT NULL REFERENCES accounts (id),
    token_hash    TEXT    NOT NULL UNIQUE,
    created_at    TIMESTAMPTZ NOT NULL,
    last_seen_at  TIMESTAMPTZ NOT NULL,
    expires_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX account_sessions_account ON account_sessions (account_id);

-- API tokens for scripts (`dsrd users token NAME --expires 90d`), shown
-- once when issued. A revoked token's row stays, for the record of what
-- was issued to whom.
CREATE TABLE api_tokens (
    id            BIGSERIAL PRIMARY KEY,
    account_id    BIGINT  NOT NULL REFERENCES accounts (id),
    token_hash    TEXT    NOT NULL UNIQUE,
    label         TEXT,
    created_at    TIMESTAMPTZ NOT NULL,
    expires_at    TIMESTAMPTZ NOT NULL,
    revoked_at    TIMESTAMPTZ,
    last_used_at  TIMESTAMPTZ
);
CREATE INDEX api_tokens_account ON api_tokens (account_id);
