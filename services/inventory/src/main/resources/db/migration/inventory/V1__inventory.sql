-- Units on hand per product. The CHECK is the last line of defence against oversell; the conditional UPDATE of a
-- reservation is the first.
create table stock (
    product_id varchar(64)              primary key,
    available  integer                  not null check (available >= 0),
    updated_at timestamp with time zone not null
);

-- One reservation per order: the order id is the idempotency key of a reservation.
create table reservations (
    order_id   varchar(64)              primary key,
    status     varchar(16)              not null,
    created_at timestamp with time zone not null
);

create table reservation_lines (
    order_id   varchar(64) not null references reservations (order_id),
    product_id varchar(64) not null,
    quantity   integer     not null check (quantity > 0),
    primary key (order_id, product_id)
);
