#!/usr/bin/env bash
# Generates the product-analytics evaluation database for the question-to-SQL engine (see
# bench/README.md): plans, users, orders and events, about 5.5 million rows, the same data on every
# run; the evaluation clock is 2026-11-21T12:00:00Z.
#   bench/nl/generate-product-analytics.sh                          -> target/nl/product-analytics.duckdb
#   bench/nl/generate-product-analytics.sh /tmp/pa.duckdb           another place
#   bench/nl/generate-product-analytics.sh /tmp/small.duckdb --users 5000 --activity-events 50000
# About 15 seconds on 2 cores. The file is a build output: never commit it.
set -euo pipefail
bench_name=generate-product-analytics
repository_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repository_root"
output="${1:-target/nl/product-analytics.duckdb}"
shift || true
source "$repository_root/bench/nl/java-and-duckdb.sh"
mkdir -p "$(dirname "$output")"
java --enable-native-access=ALL-UNNAMED -cp "$duckdb_jar" src/test/java/dev/tarn/ask/nl/evaluation/ProductAnalyticsData.java "$output" "$@"
