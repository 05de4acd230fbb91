# Shared by the bench/nl scripts (source it): picks a JDK 21 or newer (a JDK: running a .java file
# needs its compiler) and finds the DuckDB JDBC jar,
# without building the server: the data generator and the question check need only the driver.
# After sourcing: java on PATH, $duckdb_jar.

java_major() { "$1/bin/java" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit}'; }

find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(java_major "$JAVA_HOME")" -ge 21 ] 2>/dev/null; then
    echo "$JAVA_HOME"; return
  fi
  local best="" best_version=0 candidate version
  for candidate in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/*; do
    [ -x "$candidate/bin/javac" ] || continue
    version="$(java_major "$candidate" 2>/dev/null || echo 0)"
    if [ "${version:-0}" -gt "$best_version" ] 2>/dev/null; then best="$candidate"; best_version="$version"; fi
  done
  if [ "$best_version" -ge 21 ]; then echo "$best"; return; fi
  echo "$bench_name: no JDK 21 or newer found; set JAVA_HOME" >&2
  exit 1
}
JAVA_HOME="$(find_jdk)"
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"

# The driver version the server's pom.xml pins; DUCKDB_JAR overrides. Maven fetches it when absent.
duckdb_version="$(sed -n 's:.*<duckdb.version>\(.*\)</duckdb.version>.*:\1:p' pom.xml | head -n 1)"
duckdb_version="${duckdb_version:-2.0.0.1}"
duckdb_jar="${DUCKDB_JAR:-$HOME/.m2/repository/org/duckdb/duckdb_jdbc/$duckdb_version/duckdb_jdbc-$duckdb_version.jar}"
if [ ! -f "$duckdb_jar" ]; then
  echo "$bench_name: fetching org.duckdb:duckdb_jdbc:$duckdb_version with Maven..." >&2
  mvn -q dependency:get -Dartifact="org.duckdb:duckdb_jdbc:$duckdb_version" >&2
fi
