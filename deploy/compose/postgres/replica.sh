#!/usr/bin/env bash
# A streaming replica of $EMPORIUM_PRIMARY: on first start a base backup through a replication slot named after this
# host (-R writes standby.signal and the connection), then the server. Promote it by hand if its primary is lost:
#   docker-compose exec pg-s0-replica pg_ctl promote -D /var/lib/postgresql/data
set -euo pipefail
export PGDATA=/var/lib/postgresql/data PGPASSWORD="$EMPORIUM_REPLICATION_PASSWORD"
if [[ ! -s "$PGDATA/PG_VERSION" ]]; then
  until pg_basebackup -h "$EMPORIUM_PRIMARY" -U replicator -D "$PGDATA" -R -X stream -C -S "$(hostname | tr -c 'a-z0-9_\n' _)"; do
    echo "replica: waiting for $EMPORIUM_PRIMARY"; rm -rf "${PGDATA:?}"/*; sleep 2
  done
  chmod 700 "$PGDATA"
fi
exec postgres -c hot_standby=on
