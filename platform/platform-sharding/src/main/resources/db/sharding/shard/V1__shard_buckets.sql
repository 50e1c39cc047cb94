-- The write fence of this shard database: the buckets it owns. Every transaction on sharded data first reads its
-- bucket's row here (writes lock it shared), so a bucket move can freeze a bucket (state FROZEN, taken with an
-- exclusive lock that waits for writes in flight) and hand it over (row deleted here, OWNED on the target).
-- A bucket without a row is not this shard's: the caller's map is stale.
create table shard_buckets (
    bucket integer    not null primary key check (bucket between 0 and 4095),
    state  varchar(8) not null check (state in ('OWNED', 'FROZEN'))
);
