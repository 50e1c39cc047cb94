#!/usr/bin/env bash
# Creates and operates extra PostgreSQL servers on 127.0.0.1: shard primaries, streaming replicas, promotion and
# crashes on purpose. Users run it as `./emporium pg ...`; the Java test fixture PostgresServer (test-support) runs
# this same script, so servers are set up one way only. See docs/postgres-servers.md.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: pgctl.sh <command> [arguments]    (./emporium pg <command> ...)
  primary NAME PORT [--sync]        create and start a primary (starts it if it exists); --sync makes every commit
                                    wait until one replica has flushed it (synchronous_standby_names='ANY 1 (*)')
  replica NAME PORT --from PRIMARY  create and start a streaming replica of PRIMARY (starts it if it exists)
  start NAME | stop NAME            start, or stop with a fast shutdown
  kill NAME                         SIGKILL the postmaster (a crash) and wait until its processes and port are gone
  promote NAME                      turn a replica into a primary; prints how long it took
  status [NAME]                     name, port, role, state and a replica's replay lag in bytes behind its primary;
                                    with NAME it exits 0 when the server runs and 3 when it does not
  createdb NAME DB...               create the databases that do not exist yet on primary NAME
  destroy NAME | destroy-all        stop and delete one server, or every server under the state root
State root: $EMPORIUM_PG_ROOT, default <repo>/var/pg; one directory per server with data/, log and port.
Binaries: $EMPORIUM_PG_BIN, default the newest /usr/lib/postgresql/*/bin (else `pg_config --bindir`).
EOF
}

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# Absolute, because the PostgreSQL programs run from / (the postgres OS user may not enter the caller's directory).
ROOT=$(realpath -m "${EMPORIUM_PG_ROOT:-$REPO/var/pg}")
BIN=""

say() { echo "pgctl: $*"; }
die() { echo "pgctl: $*" >&2; exit 1; }

find_bindir() {
  if [[ -n "${EMPORIUM_PG_BIN:-}" ]]; then
    [[ -x "$EMPORIUM_PG_BIN/postgres" ]] || die "EMPORIUM_PG_BIN=$EMPORIUM_PG_BIN holds no postgres binary"
    BIN=$EMPORIUM_PG_BIN
    return
  fi
  local candidates=() dir
  for dir in /usr/lib/postgresql/*/bin; do
    [[ -x "$dir/postgres" ]] && candidates+=("$dir")
  done
  if (( ${#candidates[@]} > 0 )); then
    BIN=$(printf '%s\n' "${candidates[@]}" | sort -V | tail -n 1)
  elif command -v pg_config >/dev/null && [[ -x "$(pg_config --bindir)/postgres" ]]; then
    BIN=$(pg_config --bindir)
  else
    die "no PostgreSQL server binaries found (install Debian's postgresql package or set EMPORIUM_PG_BIN)"
  fi
}

# initdb, pg_ctl and postgres refuse to run as root: run them as the postgres OS user, from a directory it may enter.
as_pg() {
  if (( EUID == 0 )); then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

own() {
  if (( EUID == 0 )); then
    chown -R postgres:postgres "$1"
  fi
}

# Queries a server over TCP as the superuser; psql variables (-v name=value) bind values into stdin scripts.
sql() {
  local port=$1
  shift
  PGCONNECT_TIMEOUT=5 "$BIN/psql" -X -q -A -t -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres "$@"
}

check_name() {
  [[ "$1" =~ ^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$ ]] || die "invalid server name '$1' (letters, digits, '-' and '_')"
}

check_port() {
  if [[ ! "$1" =~ ^[1-9][0-9]{3,4}$ ]] || (( $1 < 1024 || $1 > 65535 )); then
    die "invalid port '$1' (1024-65535)"
  fi
}

server_dir() { echo "$ROOT/$1"; }
exists() { [[ -f "$ROOT/$1/data/PG_VERSION" ]]; }
require() { exists "$1" || die "no server named '$1' under $ROOT"; }
port_of() { cat "$ROOT/$1/port"; }
is_sync() { grep -q "^synchronous_standby_names = 'ANY" "$ROOT/$1/data/emporium.conf" 2>/dev/null; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A process that has exited but was not reaped yet (a zombie) counts as gone.
alive() {
  local state
  state=$(awk '/^State:/ { print $2 }' "/proc/$1/status" 2>/dev/null) || return 1
  [[ -n "$state" && "$state" != Z ]]
}

# Like `pg_ctl status`, except that a postmaster killed but not yet reaped by its parent counts as stopped.
is_running() {
  local pid
  pid=$(head -n 1 "$ROOT/$1/data/postmaster.pid" 2>/dev/null) || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] && alive "$pid" && [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" =~ ^(postgres|postmaster)$ ]]
}

# Replication slot names allow lower-case letters, digits and '_' only.
slot_of() {
  local slot=${1,,}
  echo "${slot//[^a-z0-9_]/_}"
}

role_of() {
  local name=$1
  if is_running "$name"; then
    case $(sql "$(port_of "$name")" -c 'select pg_is_in_recovery()' 2>/dev/null || true) in
      t) echo replica ;;
      f) echo primary ;;
      *) echo unknown ;;
    esac
  elif [[ -f "$ROOT/$name/data/standby.signal" ]]; then
    echo replica
  else
    echo primary
  fi
}

ensure_root() {
  if [[ ! -d "$ROOT" ]]; then
    mkdir -p "$ROOT"
    chmod 755 "$ROOT"
  fi
  if (( EUID == 0 )) && ! (cd / && runuser -u postgres -- test -x "$ROOT"); then
    die "the postgres OS user cannot enter $ROOT: make it and its parents searchable (chmod o+x) or set EMPORIUM_PG_ROOT"
  fi
}

# The settings of one server, included at the end of its postgresql.conf. A replica gets its own copy (its port, its
# socket directory, and no synchronous standbys: once promoted it must not wait for a replica it does not have).
write_conf() {
  local name=$1 port=$2 sync=$3 dir socket_dir
  dir=$(server_dir "$name")
  socket_dir=$dir
  # A Unix socket path longer than 107 bytes cannot be bound; everything here connects over TCP anyway.
  if (( ${#dir} + 14 + ${#port} > 107 )); then
    say "$dir is too long for a Unix socket path: $name listens on TCP only"
    socket_dir=""
  fi
  {
    echo "# Written by tools/pg/pgctl.sh for server '$name'."
    echo "listen_addresses = '127.0.0.1'"
    echo "port = $port"
    echo "unix_socket_directories = '${socket_dir//\'/\'\'}'"
    # The whole platform on one server opens up to ~200 connections under load (a pool per service and shard).
    echo "max_connections = 300"
    echo "shared_buffers = 32MB"
    echo "wal_level = replica"
    echo "max_wal_senders = 10"
    echo "max_replication_slots = 10"
    echo "wal_keep_size = 256MB"
    echo "hot_standby = on"
    echo "synchronous_commit = on"
    if [[ "$sync" == on ]]; then
      echo "synchronous_standby_names = 'ANY 1 (*)'"
    else
      echo "synchronous_standby_names = ''"
    fi
  } >"$dir/data/emporium.conf"
  echo "$port" >"$dir/port"
}

write_hba() {
  cat >"$1/data/pg_hba.conf" <<'EOF'
# Written by tools/pg/pgctl.sh: trust, for loopback and this server's own socket only.
local   all          all                 trust
local   replication  all                 trust
host    all          all   127.0.0.1/32  trust
host    replication  all   127.0.0.1/32  trust
EOF
}

start_server() {
  local name=$1 dir port
  dir=$(server_dir "$name")
  port=$(port_of "$name")
  if is_running "$name"; then
    say "$name is already running on 127.0.0.1:$port"
    return
  fi
  port_open "$port" && die "port $port is in use by another process: $name cannot start"
  local output
  if ! output=$(as_pg "$BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w -t 60 start 2>&1); then
    echo "$output" >&2
    tail -n 20 "$dir/log" >&2 || true
    die "$name did not start (log: $dir/log)"
  fi
  say "$name ($(role_of "$name")) running on 127.0.0.1:$port"
}

cmd_primary() {
  (( $# >= 2 )) || die "usage: primary NAME PORT [--sync]"
  local name=$1 port=$2 sync=off dir locale=C option
  shift 2
  for option in "$@"; do
    case $option in
      --sync) sync=on ;;
      *) die "primary: unknown option '$option'" ;;
    esac
  done
  check_name "$name"
  check_port "$port"
  dir=$(server_dir "$name")
  if exists "$name"; then
    [[ "$(port_of "$name")" == "$port" ]] || die "$name exists with port $(port_of "$name"), not $port (destroy it first)"
    [[ ! -f "$dir/data/standby.signal" ]] || die "$name exists as a replica"
    local has_sync=off
    is_sync "$name" && has_sync=on
    [[ "$has_sync" == "$sync" ]] || die "$name exists with synchronous replication $has_sync (destroy it first)"
    start_server "$name"
    return
  fi
  ensure_root
  if [[ -d "$dir" ]]; then
    say "removing the remains of an unfinished $name"
    rm -rf "$dir"
  fi
  port_open "$port" && die "port $port is in use by another process"
  mkdir -m 755 "$dir"
  own "$dir"
  local locales
  locales=$(locale -a 2>/dev/null || true)
  grep -qiE '^c\.utf-?8$' <<<"$locales" && locale=C.UTF-8
  say "initialising $name (UTF8, locale $locale, synchronous replication $sync)"
  if ! as_pg "$BIN/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale="$locale" >>"$dir/log" 2>&1; then
    tail -n 20 "$dir/log" >&2 || true
    rm -rf "$dir"
    die "initdb failed for $name"
  fi
  echo "include 'emporium.conf'" >>"$dir/data/postgresql.conf"
  write_conf "$name" "$port" "$sync"
  write_hba "$dir"
  own "$dir"
  start_server "$name"
}

cmd_replica() {
  if (( $# != 4 )) || [[ "$3" != --from ]]; then
    die "usage: replica NAME PORT --from PRIMARY"
  fi
  local name=$1 port=$2 upstream=$4 dir slot upstream_port
  check_name "$name"
  check_port "$port"
  check_name "$upstream"
  dir=$(server_dir "$name")
  if exists "$name"; then
    [[ "$(port_of "$name")" == "$port" ]] || die "$name exists with port $(port_of "$name"), not $port (destroy it first)"
    [[ "$(cat "$dir/upstream" 2>/dev/null)" == "$upstream" ]] || die "$name exists, but not as a replica of $upstream"
    start_server "$name"
    return
  fi
  require "$upstream"
  is_running "$upstream" || die "$upstream is not running"
  [[ "$(role_of "$upstream")" == primary ]] || die "$upstream is not a primary"
  port_open "$port" && die "port $port is in use by another process"
  ensure_root
  if [[ -d "$dir" ]]; then
    say "removing the remains of an unfinished $name"
    rm -rf "$dir"
  fi
  upstream_port=$(port_of "$upstream")
  slot=$(slot_of "$name")
  local create_slot=(-C) slot_state
  slot_state=$(sql "$upstream_port" -v slot="$slot" <<<"select active from pg_replication_slots where slot_name = :'slot'")
  if [[ "$slot_state" == t ]]; then
    die "replication slot $slot on $upstream is in use by another replica"
  elif [[ "$slot_state" == f ]]; then
    create_slot=()
  fi
  mkdir -m 755 "$dir"
  own "$dir"
  say "copying $upstream into $name (replication slot $slot on $upstream)"
  if ! as_pg "$BIN/pg_basebackup" -D "$dir/data" -h 127.0.0.1 -p "$upstream_port" -U postgres \
      -X stream -R -c fast "${create_slot[@]}" -S "$slot" >>"$dir/log" 2>&1; then
    tail -n 20 "$dir/log" >&2 || true
    rm -rf "$dir"
    die "pg_basebackup from $upstream failed"
  fi
  # -R wrote a primary_conninfo without an application name: replace it, so that the primary's
  # pg_stat_replication and synchronous_standby_names see this replica by name.
  sed -i -e '/^primary_conninfo/d' -e '/^primary_slot_name/d' "$dir/data/postgresql.auto.conf"
  {
    echo "primary_conninfo = 'host=127.0.0.1 port=$upstream_port user=postgres application_name=$name'"
    echo "primary_slot_name = '$slot'"
  } >>"$dir/data/postgresql.auto.conf"
  write_conf "$name" "$port" off
  echo "$upstream" >"$dir/upstream"
  own "$dir"
  start_server "$name"
}

cmd_start() {
  (( $# == 1 )) || die "usage: start NAME"
  check_name "$1"
  require "$1"
  start_server "$1"
}

cmd_stop() {
  (( $# == 1 )) || die "usage: stop NAME"
  local name=$1
  check_name "$name"
  require "$name"
  if ! is_running "$name"; then
    say "$name is not running"
    return
  fi
  as_pg "$BIN/pg_ctl" -D "$(server_dir "$name")/data" -m fast -w -t 60 stop >/dev/null || die "$name did not stop"
  say "$name stopped"
}

cmd_kill() {
  (( $# == 1 )) || die "usage: kill NAME"
  local name=$1 dir pid port children=() deadline child
  check_name "$name"
  require "$name"
  dir=$(server_dir "$name")
  port=$(port_of "$name")
  if ! is_running "$name"; then
    say "$name is not running"
    return
  fi
  pid=$(head -n 1 "$dir/data/postmaster.pid")
  # Stopped, the postmaster forks no new child while its children are listed; SIGKILL ends a stopped process too.
  kill -STOP "$pid"
  mapfile -t children < <(pgrep -P "$pid" || true)
  kill -KILL "$pid"
  # Children notice the postmaster's death and exit on their own; a backend busy in a long query may not.
  deadline=$((SECONDS + 10))
  local remaining=1
  while (( remaining )); do
    remaining=0
    for child in "$pid" "${children[@]}"; do
      alive "$child" && remaining=1
    done
    port_open "$port" && remaining=1
    (( remaining )) || break
    if (( SECONDS >= deadline )); then
      say "processes of $name still running after 10 s: killing them"
      for child in "${children[@]}"; do
        kill -KILL "$child" 2>/dev/null || true
      done
      deadline=$((SECONDS + 10))
    fi
    sleep 0.05
  done
  # Until its parent reaps it, the dead postmaster's PID in postmaster.pid would stop a new postmaster from starting.
  deadline=$((SECONDS + 10))
  while [[ -e "/proc/$pid" ]] && (( SECONDS < deadline )); do
    sleep 0.05
  done
  [[ ! -e "/proc/$pid" ]] || say "warning: the killed postmaster $pid was not reaped by its parent: start $name may fail until it is"
  say "$name killed (postmaster $pid and its children are gone, port $port is closed)"
}

cmd_promote() {
  (( $# == 1 )) || die "usage: promote NAME"
  local name=$1 started elapsed
  check_name "$name"
  require "$name"
  is_running "$name" || die "$name is not running"
  [[ -f "$(server_dir "$name")/data/standby.signal" ]] || die "$name is not a replica"
  started=$(date +%s%N)
  as_pg "$BIN/pg_ctl" -D "$(server_dir "$name")/data" -w -t 60 promote >/dev/null || die "$name was not promoted"
  elapsed=$((($(date +%s%N) - started) / 1000000))
  say "$name promoted to primary in $elapsed ms"
}

# Bytes of WAL its primary has written that the replica has not replayed yet; "?" when either is down.
replay_lag() {
  local name=$1 upstream primary_lsn
  upstream=$(cat "$ROOT/$name/upstream" 2>/dev/null || true)
  if [[ -z "$upstream" ]] || ! exists "$upstream" || ! is_running "$upstream"; then
    echo "?"
    return
  fi
  # The primary's position first: a replica at or past it has everything committed before this call.
  primary_lsn=$(sql "$(port_of "$upstream")" -c 'select pg_current_wal_lsn()' 2>/dev/null) || { echo "?"; return; }
  sql "$(port_of "$name")" -v lsn="$primary_lsn" 2>/dev/null \
    <<<"select greatest(0, pg_wal_lsn_diff(:'lsn', pg_last_wal_replay_lsn()))::bigint" || echo "?"
}

cmd_status() {
  (( $# <= 1 )) || die "usage: status [NAME]"
  local names=() name state role lag dir
  if (( $# == 1 )); then
    check_name "$1"
    require "$1"
    names=("$1")
  elif [[ -d "$ROOT" ]]; then
    for dir in "$ROOT"/*/; do
      name=$(basename "$dir")
      exists "$name" && names+=("$name")
    done
  fi
  if (( ${#names[@]} == 0 )); then
    say "no servers under $ROOT"
    return
  fi
  printf '%-24s %-6s %-8s %-8s %s\n' NAME PORT ROLE STATE LAG_BYTES
  for name in "${names[@]}"; do
    state=stopped
    is_running "$name" && state=running
    role=$(role_of "$name")
    lag=-
    [[ "$role" == replica && "$state" == running ]] && lag=$(replay_lag "$name")
    printf '%-24s %-6s %-8s %-8s %s\n' "$name" "$(port_of "$name")" "$role" "$state" "$lag"
  done
  if (( $# == 1 )) && [[ "$state" != running ]]; then
    exit 3
  fi
}

cmd_createdb() {
  (( $# >= 2 )) || die "usage: createdb NAME DB..."
  local name=$1 port db
  shift
  check_name "$name"
  require "$name"
  is_running "$name" || die "$name is not running"
  [[ "$(role_of "$name")" == primary ]] || die "$name is a replica: create databases on its primary"
  port=$(port_of "$name")
  for db in "$@"; do
    if [[ -n "$(sql "$port" -v db="$db" <<<"select 1 from pg_database where datname = :'db'")" ]]; then
      say "database $db exists on $name"
    else
      PGCONNECT_TIMEOUT=5 "$BIN/createdb" -h 127.0.0.1 -p "$port" -U postgres -- "$db" || die "could not create $db on $name"
      say "created database $db on $name"
    fi
  done
}

# Drops a destroyed replica's slot on its primary, which would otherwise keep WAL for it forever.
drop_slot() {
  local name=$1 upstream slot upstream_port state attempt
  upstream=$(cat "$ROOT/$name/upstream" 2>/dev/null || true)
  if [[ -z "$upstream" ]] || ! exists "$upstream" || ! is_running "$upstream"; then
    return 0
  fi
  [[ "$(role_of "$upstream")" == primary ]] || return 0
  slot=$(slot_of "$name")
  upstream_port=$(port_of "$upstream")
  # The primary's WAL sender lets go of the slot shortly after the replica disconnects.
  for attempt in $(seq 1 40); do
    state=$(sql "$upstream_port" -v slot="$slot" <<<"select active from pg_replication_slots where slot_name = :'slot'" \
      2>/dev/null || true)
    case $state in
      f)
        sql "$upstream_port" -v slot="$slot" <<<"select pg_drop_replication_slot(:'slot')" >/dev/null 2>&1 || true
        say "dropped replication slot $slot on $upstream"
        return
        ;;
      t) sleep 0.05 ;;
      *) return ;;
    esac
  done
  say "replication slot $slot on $upstream is still in use after $attempt attempts: left in place"
}

cmd_destroy() {
  (( $# == 1 )) || die "usage: destroy NAME"
  local name=$1 dir
  check_name "$name"
  dir=$(server_dir "$name")
  if [[ ! -d "$dir" ]]; then
    say "no server named $name"
    return
  fi
  if exists "$name" && is_running "$name"; then
    as_pg "$BIN/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 || cmd_kill "$name"
  fi
  drop_slot "$name"
  rm -rf "$dir"
  say "$name destroyed"
}

cmd_destroy_all() {
  (( $# == 0 )) || die "usage: destroy-all"
  [[ -d "$ROOT" ]] || { say "no servers under $ROOT"; return; }
  local dir name replicas=() others=()
  for dir in "$ROOT"/*/; do
    [[ -d "$dir" ]] || continue
    if [[ -f "$dir/upstream" ]]; then replicas+=("$(basename "$dir")"); else others+=("$(basename "$dir")"); fi
  done
  # Replicas first, while their primaries still run to drop their slots.
  for name in "${replicas[@]}" "${others[@]}"; do
    cmd_destroy "$name"
  done
  rmdir "$ROOT" 2>/dev/null || true
}

main() {
  local command=${1:-help}
  shift || true
  case $command in
    help | -h | --help) usage; return ;;
  esac
  find_bindir
  if (( EUID == 0 )) && ! id postgres >/dev/null 2>&1; then
    die "running as root needs a postgres OS user to run the server as"
  fi
  case $command in
    primary) cmd_primary "$@" ;;
    replica) cmd_replica "$@" ;;
    start) cmd_start "$@" ;;
    stop) cmd_stop "$@" ;;
    kill) cmd_kill "$@" ;;
    promote) cmd_promote "$@" ;;
    status) cmd_status "$@" ;;
    createdb) cmd_createdb "$@" ;;
    destroy) cmd_destroy "$@" ;;
    destroy-all) cmd_destroy_all "$@" ;;
    *) usage >&2; die "unknown command '$command'" ;;
  esac
}

main "$@"
