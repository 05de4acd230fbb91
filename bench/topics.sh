#!/usr/bin/env bash
# Topics: messages produced per second by rows written through POST /v1/api/sql (single-row and
# 100-row INSERTs, 8 clients), beside the same inserts into a table no topic listens to, and
# messages consumed per second by one consumer-group member per partition over
# POST /v1/api/topics/consume + /ack, running at the same time (see bench/README.md).
#   bench/topics.sh          about a minute on 2 cores
#   bench/topics.sh 1000     single-row inserts per client (default 500)
set -euo pipefail
bench_name=topics
inserts="${1:-500}"
source "$(dirname "${BASH_SOURCE[0]}")/server.sh"
# the per-user request limit (100/s by default) would measure the limiter, not the topics
export TARN_REALTIME_RATE_LIMIT_PER_SECOND=0
start_tarn_server "-Xmx2g"
if ! java --enable-native-access=ALL-UNNAMED -cp "$jar" bench/TopicsBenchmark.java \
    --url "$url" --user "$user" --password "$password" --inserts "$inserts"; then
  echo "topics: the benchmark failed; the end of the server log:" >&2
  tail -n 40 "$server_log" >&2
  exit 1
fi
