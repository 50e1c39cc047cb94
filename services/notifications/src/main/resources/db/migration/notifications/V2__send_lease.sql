-- The lease of the delivery that is sending a PENDING email: another delivery of the same email (the event repeated
-- under a new message id, handled at the same moment) waits for its outcome instead of sending a second copy. A lease
-- left behind by a crash expires, and the email is sent again.
alter table sent_emails add column sending_until timestamp with time zone;
