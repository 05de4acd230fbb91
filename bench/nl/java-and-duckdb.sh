# Shared by the bench/nl scripts (source it): picks a JDK 21 or newer (a JDK: running a .java file
# needs its compiler) and finds the DuckDB JDBC jar,
# without building the server: the data generator and the question check need only the driver.
# After sourcing: java on PATH, $duckdb_jar.

source "$(dirname "${BASH_SOURCE[0]}")/../jdk.sh"

# The driver version the server's pom.xml pins; DUCKDB_JAR overrides. Maven fetches it when absent.
duckdb_version="$(sed -n 's:.*<duckdb.version>\(.*\)</duckdb.version>.*:\1:p' pom.xml | head -n 1)"
duckdb_version="${duckdb_version:-2.0.0.1}"
duckdb_jar="${DUCKDB_JAR:-$HOME/.m2/repository/org/duckdb/duckdb_jdbc/$duckdb_version/duckdb_jdbc-$duckdb_version.jar}"
if [ ! -f "$duckdb_jar" ]; then
  echo "$bench_name: fetching org.duckdb:duckdb_jdbc:$duckdb_version with Maven..." >&2
  mvn -q dependency:get -Dartifact="org.duckdb:duckdb_jdbc:$duckdb_version" >&2
fi
