-- A refusal is recorded with what it said, so a command repeated with a new message id (orders re-driving a stalled
-- order) is answered in the same words, whatever the stock is by then: the products that lacked units, and a reason a
-- customer can read. A refused commit leaves its reservation FAILED (nothing held, nothing sold).
alter table reservations add column reason varchar(500);

create table reservation_shortages (
    order_id   varchar(64) not null references reservations (order_id),
    product_id varchar(64) not null,
    primary key (order_id, product_id)
);
