-- Carts are sharded by user (DESIGN §4): every row carries its user's bucket, so a bucket's rows can be found,
-- copied and deleted when the bucket moves to another shard. Shard databases start empty, so no backfill.
alter table cart_items add column bucket integer not null;
create index cart_items_bucket on cart_items (bucket);
