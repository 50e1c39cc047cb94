-- Accounts. Emails are stored trimmed and lower-cased, so the unique index makes them unique case-insensitively.
-- password_hash carries its scheme as a prefix ({bcrypt}..., later {argon2}...); roles is a comma-separated list.
create table users (
    id            varchar(36)  not null primary key,
    email         varchar(254) not null,
    name          varchar(100) not null,
    password_hash varchar(255) not null,
    roles         varchar(100) not null,
    created_at    timestamp with time zone not null
);

create unique index users_email_uk on users (email);

-- Refresh tokens, by the SHA-256 (hex) of the token: the token itself is never stored. A token is single-use:
-- used_at is set when it is exchanged (or revoked), after which it is rejected.
create table refresh_tokens (
    token_hash varchar(64) not null primary key,
    user_id    varchar(36) not null references users (id) on delete cascade,
    issued_at  timestamp with time zone not null,
    expires_at timestamp with time zone not null,
    used_at    timestamp with time zone
);

create index refresh_tokens_user_idx on refresh_tokens (user_id);
