-- One email per order and kind (confirmed, cancelled): PENDING while it is being sent, SENT once the SMTP server
-- took it, SKIPPED when the order names no address. The key makes each email go out once however often the event
-- is delivered.
create table sent_emails (
    order_id   varchar(36)  not null,
    kind       varchar(16)  not null,
    recipient  varchar(320),
    subject    varchar(300) not null,
    message_id varchar(200) not null,
    status     varchar(16)  not null,
    created_at timestamp with time zone not null,
    sent_at    timestamp with time zone,
    primary key (order_id, kind)
);
