-- One payment per order, on the user's shard (DESIGN §4: payments are sharded by user like orders). PENDING from
-- just before the provider is asked until its answer is recorded: CAPTURED, DECLINED or FAILED (the provider could
-- not be reached; nothing charged), and REFUNDED after a capture was paid back. The order id is the idempotency key
-- at the provider, so every attempt for one order is one charge there.
create table payments (
    id                 varchar(36)  primary key,
    order_id           varchar(36)  not null unique,
    user_id            varchar(100) not null,
    status             varchar(16)  not null,
    amount_minor       bigint       not null check (amount_minor > 0),
    currency           varchar(3)   not null,
    provider_charge_id varchar(40),
    reason             varchar(500),
    created_at         timestamp with time zone not null,
    updated_at         timestamp with time zone not null,
    bucket             integer      not null
);
create index payments_bucket on payments (bucket);
