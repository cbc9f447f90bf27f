#!/usr/bin/env bash
# HTTP read benchmark of `zhengwu serve` (release build) on loopback with wrk, for a bounded time.
#
#   bash crates/server/bench/http.sh                 # GET /api/v1/profiles, then GET /healthz
#   BENCH_PATHS="/healthz" DURATION=30s bash crates/server/bench/http.sh
#
# Server and load generator share the machine (2 cores here): the figure is a floor for the server
# alone. Needs wrk (`apt-get install wrk`). Traffic goes to 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/../../.."

TARGET_DIR=${CARGO_TARGET_DIR:-target}
PORT=${PORT:-18080}
DURATION=${DURATION:-15s}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-2}
BENCH_PATHS=${BENCH_PATHS:-"/api/v1/profiles /healthz"}

command -v wrk >/dev/null || { echo "wrk not found: apt-get install wrk" >&2; exit 1; }
# ZHENGWU_BIN: an already built release binary (skips the build).
BIN=${ZHENGWU_BIN:-}
if [ -z "$BIN" ]; then
  cargo build --release -q -p zhengwu-cli
  BIN="$TARGET_DIR/release/zhengwu"
fi

tmp=$(mktemp -d)
"$BIN" serve --db "$tmp/bench.db" --bind "127.0.0.1:$PORT" --log warn &
pid=$!
cleanup() { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT

# Wait (at most 30 s) until the server answers.
for _ in $(seq 1 300); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then break; fi
  sleep 0.1
done

for path in $BENCH_PATHS; do
  echo "== GET $path: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency"
  # A short warm-up, then the measured run.
  wrk -t"$THREADS" -c"$CONNECTIONS" -d2s "http://127.0.0.1:$PORT$path" >/dev/null
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 5s --latency "http://127.0.0.1:$PORT$path"
done
