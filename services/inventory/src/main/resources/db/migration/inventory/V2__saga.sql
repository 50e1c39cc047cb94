-- Reservations take part in the order saga (DESIGN §5): a reservation is held until orders commits it (the sale)
-- or releases it (the order was cancelled), or until it expires and its stock returns. A shortage is recorded as a
-- REJECTED reservation, so a repeated request answers the same; a release that comes first leaves a RELEASED row,
-- so a late request reserves nothing.
alter table reservations add column expires_at timestamp with time zone;
alter table reservations add column updated_at timestamp with time zone;
update reservations set updated_at = created_at, status = 'COMMITTED';
-- The sweeper's search: held reservations, by when they expire.
create index reservations_expiry on reservations (status, expires_at);
