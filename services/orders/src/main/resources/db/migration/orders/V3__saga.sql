-- The order saga (DESIGN §5): a pending order records which step it waits for, how often a stalled step was sent
-- again, and who to tell about the outcome. Orders placed before the saga existed were confirmed synchronously, so
-- they are done.
alter table orders add column saga_step varchar(16) not null default 'DONE';
alter table orders add column redrives integer not null default 0;
alter table orders add column customer_email varchar(320);
alter table orders add column customer_name varchar(200);
-- Stalled pending orders, oldest first, for the re-drive.
create index orders_pending on orders (status, updated_at);
