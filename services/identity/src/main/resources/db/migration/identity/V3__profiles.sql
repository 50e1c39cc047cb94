-- Profiles (issue 10): a customer's preferences on their users row, and their saved shipping addresses beside it, on
-- the user's shard (every row carries the user's bucket, so addresses move with their user). default_address_id has
-- no foreign key: the two tables reference each other, and a bucket move copies users before addresses; the profile
-- code keeps it pointing at one of the user's own addresses, under the users row's lock.
alter table users add column marketing_opt_in boolean default false not null;
alter table users add column default_address_id varchar(36);

create table addresses (
    id          varchar(36)  not null primary key,
    user_id     varchar(36)  not null references users (id) on delete cascade,
    bucket      integer      not null,
    name        varchar(200) not null,
    line1       varchar(200) not null,
    city        varchar(200) not null,
    postal_code varchar(16)  not null,
    country     char(2)      not null,
    created_at  timestamp with time zone not null
);

create index addresses_user on addresses (user_id, created_at);
create index addresses_bucket on addresses (bucket);
