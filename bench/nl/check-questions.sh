#!/usr/bin/env bash
# Runs every gold query of the product-analytics question set on the generated database and
# fails on any error, empty answer, tie cut by a LIMIT, malformed line or construct covered by
# fewer than three questions (see bench/README.md). Generates the database first if it is absent.
#   bench/nl/check-questions.sh                       target/nl/product-analytics.duckdb
#   bench/nl/check-questions.sh /tmp/pa.duckdb        another database
set -euo pipefail
bench_name=check-questions
repository_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repository_root"
database="${1:-target/nl/product-analytics.duckdb}"
questions="${2:-src/test/resources/dev/tarn/ask/nl/product-analytics-questions.jsonl}"
if [ ! -f "$database" ]; then
  bench/nl/generate-product-analytics.sh "$database"
fi
source "$repository_root/bench/nl/java-and-duckdb.sh"
java --enable-native-access=ALL-UNNAMED -cp "$duckdb_jar" bench/nl/CheckQuestions.java "$database" "$questions"
