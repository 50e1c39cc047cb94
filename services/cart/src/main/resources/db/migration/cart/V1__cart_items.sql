-- One row per product in a user's cart. Name, image and price are snapshots taken from the catalog when the item
-- was added or its quantity last changed, so the cart reads without calling the catalog.
create table cart_items (
    user_id          varchar(100) not null,
    product_id       varchar(64)  not null,
    name             varchar(200) not null,
    image_url        varchar(300),
    unit_price_minor bigint       not null check (unit_price_minor >= 0),
    currency         varchar(3)   not null,
    quantity         integer      not null check (quantity between 1 and 99),
    added_at         timestamp with time zone not null,
    updated_at       timestamp with time zone not null,
    primary key (user_id, product_id)
);
