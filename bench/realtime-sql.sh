#!/usr/bin/env bash
# Latency of single-row INSERT and primary-key SELECT through POST /v1/api/sql with 10 concurrent
# clients, beside the same statements run directly on DuckDB in the same run (see bench/README.md).
#   bench/realtime-sql.sh          about a minute
#   bench/realtime-sql.sh 2000     requests per client and statement (default 1000)
set -euo pipefail
bench_name=realtime-sql
requests="${1:-1000}"
source "$(dirname "${BASH_SOURCE[0]}")/server.sh"
# the per-user request limit (100/s by default) would measure the limiter, not the server
export TARN_REALTIME_RATE_LIMIT_PER_SECOND=0
start_tarn_server "-Xmx2g ${BENCH_SERVER_OPTS:-}"
if ! java --enable-native-access=ALL-UNNAMED -cp "$jar" bench/RealtimeSqlBenchmark.java \
    --url "$url" --user "$user" --password "$password" --requests "$requests"; then
  echo "realtime-sql: the benchmark failed; the end of the server log:" >&2
  tail -n 40 "$server_log" >&2
  exit 1
fi
