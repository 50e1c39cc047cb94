-- Orders and their lines. The id is derived from (user id, idempotency key), and the pair is unique as well, so a
-- retried or concurrent checkout with the same key can never insert a second order.
create table orders (
    id               varchar(36)  primary key,
    user_id          varchar(100) not null,
    idempotency_key  varchar(100) not null,
    status           varchar(16)  not null,
    reason           varchar(500),
    total_minor      bigint       not null check (total_minor >= 0),
    currency         varchar(3)   not null,
    item_count       integer      not null,
    ship_name        varchar(200) not null,
    ship_line1       varchar(200) not null,
    ship_city        varchar(200) not null,
    ship_postal_code varchar(16)  not null,
    ship_country     varchar(2)   not null,
    payment_token    varchar(100) not null,
    created_at       timestamp with time zone not null,
    updated_at       timestamp with time zone not null,
    constraint orders_user_idempotency_key unique (user_id, idempotency_key)
);

-- The caller's orders, newest first.
create index orders_user_created on orders (user_id, created_at desc);

create table order_lines (
    order_id         varchar(36)  not null references orders (id),
    line_no          integer      not null,
    product_id       varchar(64)  not null,
    name             varchar(200) not null,
    image_url        varchar(300),
    quantity         integer      not null check (quantity > 0),
    unit_price_minor bigint       not null check (unit_price_minor >= 0),
    currency         varchar(3)   not null,
    primary key (order_id, line_no)
);
