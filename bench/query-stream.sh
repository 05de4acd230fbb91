#!/usr/bin/env bash
# Whole-process benchmark of POST /query streaming: starts a real Tarn server on a throwaway data
# directory, then runs bench/QueryStreamBenchmark.java against it (see bench/README.md).
#   bench/query-stream.sh            10,000,000 rows (about a minute on 2 cores, plus any build)
#   bench/query-stream.sh 1000000    a quick run
set -euo pipefail
bench_name=query-stream
row_count="${1:-10000000}"
if ! [[ "$row_count" =~ ^[1-9][0-9]*$ ]]; then
  echo "query-stream: the row count must be a positive whole number, got '$row_count'" >&2
  exit 2
fi
source "$(dirname "${BASH_SOURCE[0]}")/server.sh"
# A 4 GB ceiling and no fixed floor, so heap growth while streaming would show in the heap report.
start_tarn_server "-Xmx4g"

# The benchmark runs from source with the fat jar on the class path for DuckDB JDBC and Jackson.
if ! java --enable-native-access=ALL-UNNAMED -cp "$jar" bench/QueryStreamBenchmark.java \
    --url "$url" --user "$user" --password "$password" --server-pid "$server_pid" --rows "$row_count"; then
  echo "query-stream: the benchmark failed; the end of the server log:" >&2
  tail -n 40 "$server_log" >&2
  exit 1
fi
