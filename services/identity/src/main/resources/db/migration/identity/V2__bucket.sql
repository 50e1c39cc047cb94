-- Users and their refresh tokens are sharded by user (DESIGN §4): every row carries its user's bucket, so a bucket's
-- rows can be found, copied and deleted when the bucket moves to another shard. Emails are unique across shards
-- through the directory's email index; the unique index here stays as a check within one shard. Shard databases
-- start empty, so no backfill.
alter table users add column bucket integer not null;
alter table refresh_tokens add column bucket integer not null;
create index users_bucket on users (bucket);
create index refresh_tokens_bucket on refresh_tokens (bucket);
