-- Shard s1: each sharded service's database.
create database emporium_identity_s1;
create database emporium_cart_s1;
create database emporium_orders_s1;
create database emporium_payments_s1;
