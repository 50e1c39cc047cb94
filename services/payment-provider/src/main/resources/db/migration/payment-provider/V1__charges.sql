-- Charges and refunds as the provider records them. An idempotency key names one request for good: the same key
-- answers the stored answer (status code and body), and a different request under it is refused.
create table charges (
    id              varchar(40)  primary key,
    idempotency_key varchar(200) not null unique,
    request         varchar(500) not null,
    amount          bigint       not null,
    currency        varchar(3)   not null,
    source          varchar(100) not null,
    http_status     integer      not null,
    response        text         not null,
    succeeded       boolean      not null,
    refunded        boolean      not null default false,
    created_at      timestamp with time zone not null
);

create table refunds (
    id              varchar(40)  primary key,
    idempotency_key varchar(200) not null unique,
    charge_id       varchar(40)  not null unique references charges (id),
    amount          bigint       not null,
    response        text         not null,
    created_at      timestamp with time zone not null
);
