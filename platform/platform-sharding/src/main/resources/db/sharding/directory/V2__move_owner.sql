-- The coordinator instance running a move. A coordinator that takes over a stopped move becomes its owner; the one
-- it replaced finds it is no longer the owner before its next step that changes the map or a fence, and stops.
alter table shard_moves add column owner varchar(36);
