#!/usr/bin/env bash
# Append throughput and visibility: 16 concurrent clients POST /append with batches of 1, 100 and
# 1000 events against a throwaway server, compared with DuckDB's appender alone (see bench/README.md).
#   bench/append.sh          about a minute
#   bench/append.sh 5        seconds per batch size (default 10)
set -euo pipefail
bench_name=append
seconds="${1:-10}"
source "$(dirname "${BASH_SOURCE[0]}")/server.sh"
start_tarn_server "-Xmx2g"
if ! java --enable-native-access=ALL-UNNAMED -cp "$jar" bench/AppendBenchmark.java \
    --url "$url" --user "$user" --password "$password" --seconds "$seconds"; then
  echo "append: the benchmark failed; the end of the server log:" >&2
  tail -n 40 "$server_log" >&2
  exit 1
fi
