#!/usr/bin/env bash
# Live queries over GET /v1/ws (bench/LiveQueriesBenchmark.java says what is measured): change
# latency from an INSERT's HTTP answer to the WebSocket message, then the most subscriptions one
# server holds with every one still receiving its changes, and the server heap per subscription.
#   bench/live-queries.sh                  500 timed inserts, 10,000 subscriptions on 100 connections
#   bench/live-queries.sh 200 2000 20 10   inserts, subscriptions, connections, distinct predicates
set -euo pipefail
bench_name=live-queries
inserts="${1:-500}"
subscriptions="${2:-10000}"
connections="${3:-100}"
predicates="${4:-10}"
source "$(dirname "${BASH_SOURCE[0]}")/server.sh"
export TARN_REALTIME_RATE_LIMIT_PER_SECOND=0
# one user holds every subscription here; the default of 10 per user would measure the limit
export TARN_LIVE_MAX_SUBSCRIPTIONS_PER_USER=$((subscriptions + 100))
start_tarn_server "-Xmx2g"
if ! java --enable-native-access=ALL-UNNAMED -Xmx1g -cp "$jar" bench/LiveQueriesBenchmark.java \
    --url "$url" --user "$user" --password "$password" --pid "$server_pid" \
    --inserts "$inserts" --subscriptions "$subscriptions" --connections "$connections" --predicates "$predicates"; then
  echo "live-queries: the benchmark failed; the end of the server log:" >&2
  tail -n 40 "$server_log" >&2
  exit 1
fi
