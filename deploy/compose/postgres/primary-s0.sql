-- Shard s0: each sharded service's database.
create database emporium_identity_s0;
create database emporium_cart_s0;
create database emporium_orders_s0;
create database emporium_payments_s0;
