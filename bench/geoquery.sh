#!/usr/bin/env bash
# Execution accuracy of the deterministic question engine (dev.tarn.ask.nl) on GeoQuery: answer
# rate, precision on answered questions, execution accuracy, translation time (see bench/README.md).
#   bench/geoquery.sh                       the 536 training questions of the query split, no synonyms
#   bench/geoquery.sh --synonyms            the same with an administrator's synonyms (bench/nl/geoquery-synonyms.json)
#   bench/geoquery.sh QUESTIONS.jsonl [--synonyms [FILE]]   another question file for the same database
set -euo pipefail
repository_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repository_root"
dataset="${GEOQUERY_DIR:-$repository_root/../shared/datasets/geoquery}"
questions="$dataset/questions-train.jsonl"
synonyms=()
while [ $# -gt 0 ]; do
  case "$1" in
    --synonyms)
      if [ $# -gt 1 ] && [[ "$2" != --* ]]; then synonyms=(--synonyms "$2"); shift; else synonyms=(--synonyms bench/nl/geoquery-synonyms.json); fi ;;
    *) questions="$1" ;;
  esac
  shift
done
bench_name=geoquery
source bench/jdk.sh
sqlite_version=3.51.3.0
sqlite_jar="$HOME/.m2/repository/org/xerial/sqlite-jdbc/$sqlite_version/sqlite-jdbc-$sqlite_version.jar"
if [ ! -f "$sqlite_jar" ]; then
  # the SQLite driver is a harness dependency only, never shipped in the engine
  mvn -q -B dependency:get -Dartifact="org.xerial:sqlite-jdbc:$sqlite_version"
fi
mvn -q -B compile
mvn -q -B dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile=target/geoquery.classpath >/dev/null
java --enable-native-access=ALL-UNNAMED -cp "target/classes:$(cat target/geoquery.classpath):$sqlite_jar" \
  bench/GeoQueryEvaluation.java "$dataset/geography.sqlite" "$questions" target/geoquery-details.tsv ${synonyms[@]+"${synonyms[@]}"}
