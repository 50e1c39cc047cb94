-- A small sharded schema for the library's tests: a parent and a child with a foreign key, both carrying the user's
-- bucket, as a service's sharded tables do. The child has a binary and a timestamp column, so that a move's copy is
-- seen to compare and carry values that are not plain strings and numbers.
create table accounts (
    user_id    varchar(64)  not null primary key,
    bucket     integer      not null,
    name       varchar(100) not null,
    writes     integer      not null default 0
);
create index accounts_bucket on accounts (bucket);

create table entries (
    user_id    varchar(64)  not null references accounts (user_id),
    seq        bigint       not null,
    bucket     integer      not null,
    note       varchar(100) not null,
    data       bytea,
    written_at timestamp with time zone not null,
    primary key (user_id, seq)
);
create index entries_bucket on entries (bucket);
