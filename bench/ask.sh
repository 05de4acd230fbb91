#!/usr/bin/env bash
# The question endpoints over HTTP on the product-analytics data (5.4 M rows in an uploaded DuckDB
# file): q2s and q2a latency for each question of the set, beside the same SQL run directly on the
# same file with DuckDB in the same run (see bench/README.md, section ask).
#   bench/ask.sh            about two minutes (generates target/nl/product-analytics.duckdb if absent)
set -euo pipefail
bench_name=ask
source "$(dirname "${BASH_SOURCE[0]}")/server.sh"
dataset="$repository_root/target/nl/product-analytics.duckdb"
if [ ! -f "$dataset" ]; then
  "$repository_root/bench/nl/generate-product-analytics.sh" "$dataset"
fi
start_tarn_server "-Xmx4g ${BENCH_SERVER_OPTS:-}"
if ! java --enable-native-access=ALL-UNNAMED -cp "$jar" bench/AskBenchmark.java --url "$url" --user "$user" --password "$password" \
    --dataset "$dataset" --questions "$repository_root/src/test/resources/dev/tarn/ask/nl/product-analytics-questions.jsonl"; then
  echo "ask: the benchmark failed; the end of the server log:" >&2
  tail -n 40 "$server_log" >&2
  exit 1
fi
