#!/usr/bin/env bash
# Renders the HAProxy edge into a directory of its own and checks it with haproxy -c (see README.md).
# Usage: deploy/haproxy/render.sh OUT_DIR [LISTEN] [GATEWAY...]
#   LISTEN defaults to 127.0.0.1:8000; GATEWAY (host:port) defaults to 127.0.0.1:8080 and may be repeated.
#   EMPORIUM_HAPROXY_STATS sets where the stats page listens (default 127.0.0.1:8404; keep it on loopback).
# Then: haproxy -db -f OUT_DIR/haproxy.cfg (in the foreground; SIGUSR1 stops it after the requests under way,
# SIGTERM at once).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: render.sh OUT_DIR [LISTEN] [GATEWAY...]}
listen=${2:-127.0.0.1:8000}
shift $(( $# >= 2 ? 2 : 1 ))
gateways=("${@:-127.0.0.1:8080}")
stats=${EMPORIUM_HAPROXY_STATS:-127.0.0.1:8404}

mkdir -p "$out/run"
out=$(cd "$out" && pwd)
servers=""
i=0
for gateway in "${gateways[@]}"; do
  [[ "$gateway" =~ ^[A-Za-z0-9._:-]+$ ]] || { echo "render.sh: invalid gateway '$gateway'" >&2; exit 2; }
  i=$((i + 1))
  servers+="    server gateway-$i $gateway"$'\n'
done
awk -v listen="$listen" -v stats="$stats" -v run="$out/run" -v servers="${servers%$'\n'}" '
  { gsub(/@LISTEN@/, listen); gsub(/@STATS@/, stats); gsub(/@RUN_DIR@/, run) }
  /^@SERVERS@$/ { print servers; next }
  { print }
' "$here/haproxy.cfg.template" > "$out/haproxy.cfg"
haproxy=$(command -v haproxy || echo /usr/sbin/haproxy)
"$haproxy" -c -q -f "$out/haproxy.cfg"
echo "$out/haproxy.cfg"
