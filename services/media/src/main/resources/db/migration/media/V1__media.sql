-- Images by their public file name, which carries a hash of the content: a name never changes meaning, so its
-- responses are cached as immutable. bytea is PostgreSQL's binary type and an alias of H2's VARBINARY.
create table images (
    file_name    varchar(200)             primary key,
    content_type varchar(100)             not null,
    content      bytea                    not null,
    sha256       varchar(64)              not null,
    size_bytes   integer                  not null,
    created_at   timestamp with time zone not null
);
