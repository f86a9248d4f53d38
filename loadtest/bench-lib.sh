# Shared by bench.sh and bench-cluster.sh (sourced, not run): logging, waiting for servers and
# for a quiet machine, rendering the Nchan configuration. Expects LT (the loadtest directory).

QUIET_BELOW="${QUIET_BELOW:-30}"       # percent of one core used by others before a run starts
QUIET_PATIENCE="${QUIET_PATIENCE:-120}" # seconds to wait for that at most
BACKGROUND_BUSY=0

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*"; }

wait_for_port() {
  local port=$1
  for _ in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "server did not open port $port" >&2
  return 1
}

# A loopback port nothing listens on, from $1 upwards (bounded).
free_port() {
  local port=$1
  for _ in $(seq 1 200); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
    port=$((port + 1))
  done
  echo "no free port from $1" >&2
  return 1
}

# Machine-wide busy percent (of one core) over $1 seconds, from /proc/stat.
machine_busy() {
  local a b
  a=($(awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat)); sleep "$1"
  b=($(awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9}' /proc/stat))
  echo $(( (b[0] - a[0]) * 100 * $(nproc) / (b[1] - a[1] + 1) ))
}

# Other work on the machine skews every figure: wait (bounded) until it is quiet, and say how quiet.
wait_for_quiet() {
  local busy waited=0
  busy=$(machine_busy 2)
  while [ "$busy" -gt "$QUIET_BELOW" ] && [ $waited -lt "$QUIET_PATIENCE" ]; do
    sleep 3; waited=$((waited + 5)); busy=$(machine_busy 2)
  done
  BACKGROUND_BUSY=$busy
  [ $waited -eq 0 ] || log "  waited ${waited}s for other work on the machine (now ${busy}% busy)"
}

# run_generator ENV_FILE OUTPUT TIMEOUT SUMMARY_PATTERN -- command…: appends the command to ENV_FILE
# (key and work directory masked), runs it in the background so that a signal reaches the script,
# and prints the output's summary lines. Expects KEY and WORK; sets GENERATOR_PID while it runs.
run_generator() {
  local env_file=$1 output=$2 limit=$3 pattern=$4 status=0; shift 5
  echo "  [background ${BACKGROUND_BUSY}% cpu] $*" | sed -e "s/$KEY/\$KEY/" -e "s#$WORK/##" >> "$env_file"
  timeout "$limit" "$@" > "$output" 2>&1 &
  GENERATOR_PID=$!
  wait "$GENERATOR_PID" || status=$?
  GENERATOR_PID=""
  grep -E "$pattern" "$output" | sed 's/^/      /' || true
  [ $status -eq 0 ] || log "  exit status $status (see $output)"
}

# The lines of stdin in an order shuffled by seed $1: the same seed gives the same order.
shuffle_lines() {
  awk -v seed="$1" 'BEGIN { srand(seed) } { printf "%.12f\t%s\n", rand(), $0 }' | sort -k1,1 | cut -f2-
}

# The build measured, as every run report records it (report keeps builds apart): the last commit
# that changed the code measured (hub, load tester, build files), so that a commit of results or
# documentation alone does not start another build; "-dirty" when that code has local changes.
build_name() {
  local paths=(pom.xml hub/pom.xml hub/src loadtest/pom.xml loadtest/src) name
  name=$(cd "$ROOT" && git log -1 --format=%h -- "${paths[@]}" 2>/dev/null) || true
  [ -n "$name" ] || { echo unknown; return; }
  [ -z "$(cd "$ROOT" && git status --porcelain -- "${paths[@]}")" ] || name="$name-dirty"
  echo "$name"
}

# render_nchan_conf PREFIX PORT WORKERS [REDIS_PORT]: a private nginx prefix with the Nchan peer's
# configuration; with REDIS_PORT, channels live in that redis-server (see the template).
render_nchan_conf() {
  local prefix=$1 port=$2 workers=$3 redis_port=${4:-} upstream="# storage: in memory" pass="# storage: in memory"
  if [ -n "$redis_port" ]; then
    upstream="upstream nchan_redis { nchan_redis_server redis://127.0.0.1:$redis_port; }"
    pass="nchan_redis_pass nchan_redis;"
  fi
  rm -rf "$prefix"; mkdir -p "$prefix/logs" "$prefix/tmp"
  ln -s /usr/lib/nginx/modules "$prefix/modules"
  sed -e "s#@PREFIX@#$prefix#g" -e "s#@PORT@#$port#g" -e "s#@WORKERS@#$workers#g" \
      -e "s|@REDIS_UPSTREAM@|$upstream|g" -e "s|@REDIS_PASS@|$pass|g" \
      "$LT/peers/nchan/nginx.conf.template" > "$prefix/nginx.conf"
}
