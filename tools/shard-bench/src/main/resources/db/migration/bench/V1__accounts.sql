-- One row per user: what the benchmark reads and writes by user id, sharded by the user's bucket.
create table accounts (
    user_id varchar(40) primary key,
    bucket  integer     not null,
    balance bigint      not null,
    updated integer     not null
);
create index accounts_bucket on accounts (bucket);
