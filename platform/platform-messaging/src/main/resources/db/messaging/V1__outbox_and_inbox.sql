-- The outbox: events written in the same transaction as the change they announce, published afterwards by the
-- relay (with the broker's confirm) and then marked sent. On a shard, bucket is the user's bucket, so the rows move
-- with the bucket and only the bucket's owner publishes them; elsewhere it is null.
create table outbox (
    id          varchar(36)              primary key,
    exchange    varchar(100)             not null,
    type        varchar(100)             not null,
    envelope    text                     not null,
    created_at  timestamp with time zone not null,
    sent_at     timestamp with time zone,
    bucket      integer
);
create index outbox_unsent on outbox (sent_at, created_at);
create index outbox_bucket on outbox (bucket);

-- The inbox: one row per message a consumer has acted on, written in the same transaction as the effect, so a
-- message delivered again is recognised and has no second effect.
create table inbox (
    consumer    varchar(100)             not null,
    message_id  varchar(36)              not null,
    received_at timestamp with time zone not null,
    bucket      integer,
    primary key (consumer, message_id)
);
create index inbox_received on inbox (received_at);
create index inbox_bucket on inbox (bucket);
