-- Orders are sharded by user (DESIGN §4): every row carries its user's bucket, so a bucket's rows can be found,
-- copied and deleted when the bucket moves to another shard, and the latest orders of all users can be found on
-- each shard. Shard databases start empty, so no backfill.
alter table orders add column bucket integer not null;
alter table order_lines add column bucket integer not null;
create index orders_bucket on orders (bucket);
create index order_lines_bucket on order_lines (bucket);
create index orders_created on orders (created_at desc, id desc);
