#!/usr/bin/env bash
# Renders the edge configuration into a directory of its own and checks it with nginx -t.
# Usage: deploy/nginx/render.sh OUT_DIR [LISTEN] [GATEWAY...]
#   LISTEN defaults to 127.0.0.1:8000; GATEWAY (host:port) defaults to 127.0.0.1:8080 and may be repeated.
# Then: nginx -p OUT_DIR -c edge.conf, OUT_DIR absolute (add -g 'daemon off;' to keep it in the foreground);
# stop it with nginx -p OUT_DIR -c edge.conf -s quit.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: render.sh OUT_DIR [LISTEN] [GATEWAY...]}
listen=${2:-127.0.0.1:8000}
shift $(( $# >= 2 ? 2 : 1 ))
gateways=("${@:-127.0.0.1:8080}")
[[ ${#gateways[@]} -gt 0 ]] || gateways=(127.0.0.1:8080)

mkdir -p "$out/run" "$out/cache"
out=$(cd "$out" && pwd)
upstreams=""
for gateway in "${gateways[@]}"; do
  upstreams+="server $gateway max_fails=2 fail_timeout=5s; "
done
user=""
[[ $(id -u) -eq 0 ]] && user="user $(id -un);"
sed -e "s|@USER@|$user|g" -e "s|@LISTEN@|$listen|g" -e "s|@UPSTREAMS@|$upstreams|g" -e "s|@RUN_DIR@|$out/run|g" \
    -e "s|@CACHE_DIR@|$out/cache|g" -e "s|@CONF_DIR@|$out|g" "$here/edge.conf.template" > "$out/edge.conf"
cp "$here/edge-cache.conf" "$out/edge-cache.conf"
nginx=$(command -v nginx || echo /usr/sbin/nginx)
"$nginx" -t -q -p "$out" -c "$out/edge.conf"
echo "$out/edge.conf"
