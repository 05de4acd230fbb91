# Shared by the bench/*.sh scripts (source it): picks the JDK, builds the jar when sources changed,
# and starts a throwaway Tarn server. After start_tarn_server: $url, $user, $password, $server_pid,
# $data_directory; the server is stopped and its data removed on exit.
# Usage: bench_name=NAME; source bench/server.sh; start_tarn_server [JAVA_OPTS]

repository_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repository_root"

# exporting the JDK makes the launcher use this very JDK for the server, so jstat and jcmd of the
# benchmark understand the server's counters
source "$repository_root/bench/jdk.sh"
command -v curl >/dev/null || { echo "$bench_name: curl is needed to wait for the server" >&2; exit 1; }

jar="$repository_root/target/tarn.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$repository_root/src/main" "$repository_root/pom.xml" -newer "$jar" -print -quit)" ]; then
  echo "$bench_name: building target/tarn.jar..." >&2
  ./tarn build
fi

data_directory="$(mktemp -d)"
server_pid=""
stop_tarn_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
clean_up_tarn_server() {
  stop_tarn_server
  rm -rf "$data_directory"
}
trap clean_up_tarn_server EXIT
trap 'exit 130' INT TERM

# A port nobody listens on: a connection attempt through bash's /dev/tcp fails on a free port.
pick_free_port() {
  local attempt port
  for attempt in $(seq 1 100); do
    port=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"; return
    fi
  done
  echo "$bench_name: found no free port" >&2
  exit 1
}

start_tarn_server() {
  local java_options="${1:--Xmx4g}"
  port="$(pick_free_port)"
  user="root"
  password="bench-$RANDOM-$RANDOM-$RANDOM"
  url="http://127.0.0.1:$port"
  server_log="$data_directory/server.log"
  echo "$bench_name: starting the server on port $port (log: $server_log)" >&2
  TARN_ROOT_PASSWORD="$password" JAVA_OPTS="$java_options" \
    ./tarn serve --port "$port" --data "$data_directory/data" >"$server_log" 2>&1 &
  server_pid=$!   # the launcher execs java, so this is the server JVM itself
  local attempt
  for attempt in $(seq 1 120); do
    if ! kill -0 "$server_pid" 2>/dev/null; then
      echo "$bench_name: the server exited during startup:" >&2
      tail -n 40 "$server_log" >&2
      exit 1
    fi
    if curl --silent --fail --max-time 2 --user "$user:$password" --data '{"statement":"SELECT 1"}' "$url/query" >/dev/null 2>&1; then
      return
    fi
    sleep 0.5
  done
  echo "$bench_name: the server did not answer SELECT 1 within 60 s:" >&2
  tail -n 40 "$server_log" >&2
  exit 1
}
