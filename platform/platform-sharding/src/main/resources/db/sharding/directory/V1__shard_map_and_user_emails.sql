-- The bucket -> shard map. Every bucket (0..4095) has one row; a move changes a bucket's shard and stamps the
-- map version it changed in. shard_map_version holds the current version in its single row: services poll it and
-- reload the map only when it has moved on.
create table shard_map (
    bucket   integer     not null primary key check (bucket between 0 and 4095),
    shard_id varchar(32) not null,
    version  bigint      not null
);

create table shard_map_version (
    id         integer not null primary key check (id = 1),
    version    bigint  not null,
    updated_at timestamp with time zone not null
);

-- Email -> user id, so that login finds a user's shard without asking every shard. Emails are stored normalised
-- (trimmed, lower-cased) by identity, which owns this table's content.
create table user_emails (
    email      varchar(254) not null primary key,
    user_id    varchar(36)  not null,
    created_at timestamp with time zone not null
);

-- Bucket moves, one row per requested move, so their progress survives the coordinator and is visible to every
-- instance. state: RUNNING, DONE or FAILED; next_bucket is the first bucket not yet moved, and current_source the
-- shard it is being moved from (so a coordinator that takes over a move can finish that bucket's steps).
create table shard_moves (
    id                varchar(36)  not null primary key,
    first_bucket      integer      not null,
    last_bucket       integer      not null,
    target_shard      varchar(32)  not null,
    state             varchar(16)  not null,
    next_bucket       integer      not null,
    current_source    varchar(32),
    buckets_moved     integer      not null,
    rows_copied       bigint       not null,
    longest_freeze_ms bigint       not null,
    error             varchar(1000),
    started_at        timestamp with time zone not null,
    updated_at        timestamp with time zone not null,
    finished_at       timestamp with time zone
);
