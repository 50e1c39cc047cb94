-- Admin uploads of product images. Their bytes (originals and variants) live in the image storage, under storage
-- keys; these tables describe them. The demo SVGs keep their bytes inline in images.content: each row of images has
-- its bytes in exactly one of the two places.
alter table images alter column content drop not null;
alter table images add column storage_key varchar(300);
alter table images add constraint images_bytes_in_one_place check ((content is null) <> (storage_key is null));

-- One row per distinct original of a product (its SHA-256): the same file uploaded again is the same row.
create table product_images (
    product_id   varchar(64)              not null,
    sha256       varchar(64)              not null,
    content_type varchar(100)             not null,
    width        integer                  not null,
    height       integer                  not null,
    size_bytes   integer                  not null,
    storage_key  varchar(300)             not null,
    created_at   timestamp with time zone not null,
    primary key (product_id, sha256)
);

create index product_images_by_product_and_age on product_images (product_id, created_at);

-- The variants of an upload, each a servable file of images. Two uploads with the same pixels share those files.
create table product_image_variants (
    product_id varchar(64)  not null,
    sha256     varchar(64)  not null,
    variant    varchar(20)  not null,
    file_name  varchar(200) not null references images (file_name),
    width      integer      not null,
    height     integer      not null,
    primary key (product_id, sha256, variant),
    foreign key (product_id, sha256) references product_images (product_id, sha256)
);
