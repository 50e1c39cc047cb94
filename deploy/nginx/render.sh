#!/usr/bin/env bash
# Renders the edge configuration into a directory of its own and checks it with nginx -t (see README.md).
# Usage: deploy/nginx/render.sh OUT_DIR [LISTEN] [GATEWAY...]
#   LISTEN defaults to 127.0.0.1:8000; GATEWAY (host:port) defaults to 127.0.0.1:8080 and may be repeated.
# Then: nginx -p OUT_DIR -c edge.conf -e run/error.log (add -g 'daemon off;' to keep it in the foreground); stop it
# with the same options and -s quit.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: render.sh OUT_DIR [LISTEN] [GATEWAY...]}
listen=${2:-127.0.0.1:8000}
shift $(( $# >= 2 ? 2 : 1 ))
gateways=("${@:-127.0.0.1:8080}")

mkdir -p "$out/run" "$out/cache"
out=$(cd "$out" && pwd)
upstreams=""
for gateway in "${gateways[@]}"; do
  upstreams+="server $gateway max_fails=2 fail_timeout=5s; "
done
# As root, nginx would run its workers as nobody, who cannot write to these directories: keep the caller's user.
user=""
if [[ $(id -u) -eq 0 ]]; then
  user="user $(id -un);"
fi
sed -e "s|@USER@|$user|g" -e "s|@LISTEN@|$listen|g" -e "s|@UPSTREAMS@|$upstreams|g" -e "s|@RUN_DIR@|$out/run|g" \
    -e "s|@CACHE_DIR@|$out/cache|g" -e "s|@CONF_DIR@|$out|g" "$here/edge.conf.template" > "$out/edge.conf"
cp "$here/edge-cache.conf" "$out/edge-cache.conf"
# -e: the error log before the configuration is read is ours too, not /var/log/nginx (not writable unless root).
nginx=$(command -v nginx || echo /usr/sbin/nginx)
"$nginx" -t -q -p "$out" -c edge.conf -e run/error.log
echo "$out/edge.conf"
