#!/usr/bin/env bash
# Execution accuracy of the deterministic question engine (dev.tarn.ask.nl) on the product-analytics
# set: answer rate, precision on answered questions, execution accuracy, translation time, refusals
# and wrong answers by cause, once without and once with the administrator's synonyms file (see
# bench/README.md). Generates the database first if it is absent.
#   bench/nl/evaluate-product-analytics.sh                     target/nl/product-analytics.duckdb
#   bench/nl/evaluate-product-analytics.sh /tmp/pa.duckdb      another database
# The evaluation program lives in the test sources (dev.tarn.ask.nl.evaluation), shared with the
# precision test that runs on a small copy in every build, so both score the same way.
set -euo pipefail
bench_name=evaluate-product-analytics
repository_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repository_root"
database="${1:-target/nl/product-analytics.duckdb}"
if [ ! -f "$database" ]; then
  bench/nl/generate-product-analytics.sh "$database"
fi
source bench/jdk.sh
mvn -q -B test-compile
mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/nl/evaluation.classpath >/dev/null
classpath="target/classes:target/test-classes:$(cat target/nl/evaluation.classpath)"
for synonyms in "" "--synonyms"; do
  details="target/nl/product-analytics-details${synonyms:+-with-synonyms}.tsv"
  java --enable-native-access=ALL-UNNAMED -cp "$classpath" dev.tarn.ask.nl.evaluation.ProductAnalyticsEvaluation \
    "$database" $synonyms --details "$details"
done
