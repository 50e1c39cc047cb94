create table categories (
    id          varchar(36)  primary key,
    slug        varchar(64)  not null unique,
    name        varchar(100) not null,
    tagline     varchar(200),
    position    integer      not null
);

create table products (
    id          varchar(64)  primary key,
    sku         varchar(64)  not null unique,
    name        varchar(200) not null,
    description text         not null,
    category_id varchar(36)  not null references categories (id),
    price_minor bigint       not null check (price_minor >= 0),
    currency    varchar(3)   not null,
    image_url   varchar(300),
    -- Flexible attributes as a JSON document (JSONB on PostgreSQL once the PostgreSQL profile lands).
    attributes  text         not null,
    popularity  integer      not null default 0,
    active      boolean      not null default true,
    updated_at  timestamp with time zone not null
);

create index products_category on products (category_id, name);
create index products_popularity on products (popularity desc, id);
