-- The main server: the directory and every unsharded service's database.
create database emporium_directory;
create database emporium_catalog;
create database emporium_inventory;
create database emporium_media;
create database emporium_notifications;
create database emporium_payment_provider;
