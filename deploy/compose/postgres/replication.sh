#!/usr/bin/env bash
# Runs once when a primary's data directory is created: a replication role, and replication connections from the
# compose network with a password.
set -euo pipefail
psql -v ON_ERROR_STOP=1 -U postgres -c "create role replicator with replication login password '${EMPORIUM_REPLICATION_PASSWORD}'"
echo "host replication replicator all scram-sha-256" >> "$PGDATA/pg_hba.conf"
