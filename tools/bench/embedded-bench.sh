#!/usr/bin/env bash
# Benchmarks embedded mode and prints figures (never fails on speed):
#   - time from `./emporium up` (already built) to every service ready, on a fresh data directory (first start,
#     seeding included) and again on the same directory (restart);
#   - resident memory of the JVM after start;
#   - storefront home and product page latency, p50/p99, under a short single-client loop.
# Usage: ./emporium bench [requests-per-page]   (default 300)
set -euo pipefail
cd "$(dirname "$0")/../.."
REQUESTS=${1:-300}
PORT=${EMPORIUM_BENCH_PORT:-18080}
DATA=$(mktemp -d /tmp/emporium-bench.XXXXXX)
LOG="$DATA/emporium.log"
PID=""
cleanup() { if [[ -n "$PID" ]]; then kill -TERM "$PID" 2>/dev/null || true; wait "$PID" 2>/dev/null || true; fi; rm -rf "$DATA"; }
trap cleanup EXIT

all_ready() {
  local offset
  for offset in 0 1 2 3 4 5 6 7 8 9 10; do
    curl -fs -o /dev/null "http://localhost:$((PORT + offset))/actuator/health/readiness" || return 1
  done
}

start_and_time() {
  local label=$1 start end
  start=$(date +%s.%N)
  EMPORIUM_DATA_DIR="$DATA" EMPORIUM_PORT=$PORT ./emporium up >>"$LOG" 2>&1 &
  PID=$!
  until all_ready; do
    kill -0 "$PID" 2>/dev/null || { echo "emporium exited; see $LOG"; tail -50 "$LOG"; exit 1; }
    sleep 0.1
  done
  end=$(date +%s.%N)
  local java_pid rss
  java_pid=$(pgrep -P "$PID" java || echo "$PID")
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$java_pid/status" 2>/dev/null || echo 0)
  printf '%-34s %6.1f s   RSS %5d MiB\n' "$label: up → all 11 services ready" "$(echo "$end - $start" | bc)" $((rss / 1024))
}

stop() {
  # SIGTERM runs the same shutdown hook as Ctrl-C (a background job of a script ignores SIGINT).
  kill -TERM "$PID"; wait "$PID" 2>/dev/null || true; PID=""
}

latency() {
  local label=$1 url=$2
  for _ in $(seq 1 20); do curl -fs -o /dev/null "$url"; done   # warm-up, not measured
  for _ in $(seq 1 "$REQUESTS"); do curl -fs -o /dev/null -w '%{time_total}\n' "$url"; done | sort -n | awk -v label="$label" '
    { t[NR] = $1 * 1000 }
    END { p50 = t[int(NR * 0.50 + 0.5)]; p99 = t[int(NR * 0.99 + 0.5)];
          printf "%-34s p50 %6.1f ms   p99 %6.1f ms   (%d requests, one client)\n", label, p50, p99, NR }'
}

echo "Emporium embedded-mode benchmark ($(nproc) cores, $("${JAVA_HOME:-/usr}/bin/java" -version 2>&1 | head -1))"
start_and_time "first start (seeds the demo data)"
stop
start_and_time "restart (data already there)"
latency "storefront home /" "http://localhost:$PORT/"
latency "storefront product page /p/p8" "http://localhost:$PORT/p/p8"
latency "API product /api/catalog/products/p8" "http://localhost:$PORT/api/catalog/products/p8"
java_pid=$(pgrep -P "$PID" java || echo "$PID")
printf '%-34s %5d MiB\n' "RSS after the latency loops" $(( $(awk '/VmRSS/ {print $2}' "/proc/$java_pid/status") / 1024 ))
