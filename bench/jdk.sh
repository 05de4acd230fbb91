# Shared by the bench scripts (source it): picks a JDK 21 or newer the way ./tarn does (a JDK, not
# a runtime: running a .java source file needs the compiler) and puts it first on PATH.
# Uses $bench_name in its message.

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
  echo "${bench_name:-bench}: no JDK 21 or newer found; set JAVA_HOME" >&2
  exit 1
}
JAVA_HOME="$(find_jdk)"
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
