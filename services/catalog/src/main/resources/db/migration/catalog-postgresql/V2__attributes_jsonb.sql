-- PostgreSQL only (ADR 0003): product attributes become JSONB, the flexible schema of DESIGN §4, checked as JSON on
-- every write. The GIN index (jsonb_path_ops: containment queries, smaller than the default operator class) serves
-- attribute filters such as attributes @> '{"brand":"Tidewater"}'. H2 keeps the text column of V1.
alter table products alter column attributes type jsonb using attributes::jsonb;

create index products_attributes on products using gin (attributes jsonb_path_ops);
