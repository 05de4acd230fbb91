#!/usr/bin/env bash
# Whole-process benchmark of POST /upload: generates a CSV file, starts a real Tarn server on a
# throwaway data directory, uploads the file streamed from disk, and compares with DuckDB loading
# the same file itself (see bench/README.md).
#   bench/upload.sh            10,000,000 rows (about 0.6 GB of CSV; a few minutes)
#   bench/upload.sh 1000000    a quick run
set -euo pipefail
bench_name=upload
row_count="${1:-10000000}"
if ! [[ "$row_count" =~ ^[1-9][0-9]*$ ]]; then
  echo "upload: the row count must be a positive whole number, got '$row_count'" >&2
  exit 2
fi
source "$(dirname "${BASH_SOURCE[0]}")/server.sh"
# a 1 GB heap, so a body buffered in memory instead of streamed to disk would fail
start_tarn_server "-Xmx1g"

# The CSV file and the baseline database live next to the data directory and go with it on exit.
work_directory="$data_directory/work"
mkdir -p "$work_directory"

# The benchmark runs from source with the fat jar on the class path for DuckDB JDBC and Jackson.
if ! java --enable-native-access=ALL-UNNAMED -cp "$jar" bench/UploadBenchmark.java \
    --url "$url" --user "$user" --password "$password" --server-pid "$server_pid" --rows "$row_count" \
    --work "$work_directory"; then
  echo "upload: the benchmark failed; the end of the server log:" >&2
  tail -n 40 "$server_log" >&2
  exit 1
fi

echo
echo "server's account of each upload (staging = receiving the body to disk, load = the transaction):"
grep -o 'event=upload_loaded.*' "$server_log" || true
