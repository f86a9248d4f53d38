#!/usr/bin/env bash
# Herald benchmark: builds Herald and the load tester, installs and starts the peers (Nchan,
# Socket.IO 4), runs the same scenarios against each server in turn, and writes JSON, Markdown
# and HTML (with an SVG chart) results. See loadtest/README.md.
#
#   loadtest/bench.sh            full run, 3 repeats (see README for timings) -> loadtest/results/
#   loadtest/bench.sh --quick    short run, 1 repeat (~10 min)                -> loadtest/target/bench-quick/
#
# Options: --quick  --out DIR  --targets "herald nchan socketio"  --skip-build  --skip-install
#          --modes "pinned unpinned"  --repeats N  --seed N  --cases "fanout-1k idle-15k …" (only these)
#          --resume  (go on with a stopped run: same options and --out; cells already measured are kept)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LT="$ROOT/loadtest"
. "$LT/bench-lib.sh"
QUICK=0
OUT=""
TARGETS="herald nchan socketio"
MODES=""
SKIP_BUILD=0
SKIP_INSTALL=0
REPEATS=""
CASES=""
SEED=""
RESUME=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --out) OUT="$2"; shift ;;
    --targets) TARGETS="$2"; shift ;;
    --modes) MODES="$2"; shift ;;
    --skip-build) SKIP_BUILD=1 ;;
    --skip-install) SKIP_INSTALL=1 ;;
    --repeats) REPEATS="$2"; shift ;;
    --seed) SEED="$2"; shift ;;
    --cases) CASES="$2"; shift ;;
    --resume) RESUME=1 ;;
    -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 1 ;;
  esac
  shift
done
if [ -z "$OUT" ]; then
  if [ "$QUICK" = 1 ]; then OUT="$LT/target/bench-quick"; else OUT="$LT/results"; fi
fi
if [ -z "$MODES" ]; then
  if [ "$QUICK" = 1 ]; then MODES="pinned"; else MODES="pinned unpinned"; fi
fi
[ -n "$REPEATS" ] || REPEATS=$([ "$QUICK" = 1 ] && echo 1 || echo 3)
# A resumed run keeps its orders: the seed its environment.txt recorded.
if [ "$RESUME" = 1 ] && [ -z "$SEED" ] && [ -f "$OUT/environment.txt" ]; then
  SEED=$(sed -n 's/^repeats: .*(seed \([0-9]*\);.*/\1/p' "$OUT/environment.txt" | head -1)
fi
[ -n "$SEED" ] || SEED="$(date +%s)"

HERALD_PORT=""   # chosen free before each start (start_server)
NCHAN_PORT=""
SOCKETIO_PORT=""
KEY="herald-benchmark-publisher-key-0123456789"
HERALD_JAR="${HERALD_JAR:-$ROOT/hub/target/herald.jar}"
# The collector production runs (deploy/README.md): pinned to one core the JVM would pick the serial one.
HERALD_JAVA_OPTS="${HERALD_JAVA_OPTS:--Xmx2g -XX:+UseG1GC -XX:MaxHeapFreeRatio=20 -XX:MinHeapFreeRatio=10}"
GENERATOR_JAVA_OPTS="${GENERATOR_JAVA_OPTS:--Xmx4g}"
WORK="$(mktemp -d /tmp/herald-bench.XXXXXX)"
RAW="$OUT/raw"
SERVER_PID=""
GENERATOR_PID=""
RUN_INDEX=0
CELLS="$WORK/cells"   # one line per (mode, case, transport, target) cell: see add_case

cleanup() {
  if [ -n "$GENERATOR_PID" ]; then kill -TERM "$GENERATOR_PID" 2>/dev/null || true; wait "$GENERATOR_PID" 2>/dev/null || true; fi
  stop_server
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- preparation

build() {
  log "building Herald and the load tester (mvn -q -B package -DskipTests)"
  (cd "$ROOT" && mvn -q -B package -DskipTests)
}

install_peers() {
  if [ ! -e /usr/lib/nginx/modules/ngx_nchan_module.so ]; then
    log "installing nginx + Nchan from Debian"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx libnginx-mod-nchan >/dev/null
  fi
  if [ ! -d "$LT/peers/socketio/node_modules/socket.io" ]; then
    log "installing Socket.IO (npm ci)"
    (cd "$LT/peers/socketio" && npm ci --no-audit --no-fund --silent)
  fi
}

describe_machine() {
  {
    echo "date:        $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "host:        $(uname -srm)"
    echo "cpu:         $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "memory:      $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
    echo "os:          $(. /etc/os-release && echo "$PRETTY_NAME")"
    echo "java:        $(java -version 2>&1 | head -1)"
    echo "herald:      $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo 'no commit') ($HERALD_JAR_SOURCE, sha256 $(sha256sum "$HERALD_JAR" | cut -c1-12))"
    echo "nginx:       $(nginx -v 2>&1 | cut -d/ -f2)"
    echo "nchan:       $(dpkg-query -W -f='${Version}' libnginx-mod-nchan 2>/dev/null)"
    echo "node:        $(node -v)"
    echo "socket.io:   $(node -p "require('$LT/peers/socketio/node_modules/socket.io/package.json').version")"
    echo "ulimit -n:   $(ulimit -n) (hard $(ulimit -Hn))"
    echo "somaxconn:   $(cat /proc/sys/net/core/somaxconn)"
    echo "port range:  $(tr '\t' ' ' < /proc/sys/net/ipv4/ip_local_port_range)"
    echo "tw_reuse:    $(cat /proc/sys/net/ipv4/tcp_tw_reuse)"
    echo "modes:       pinned = server on CPU 0, load generator on CPU 1 (taskset), Herald --event-loops 1,"
    echo "             Nchan 1 worker, generator 1 event loop; unpinned = no taskset, 2 event loops / workers"
    echo "herald opts: $HERALD_JAVA_OPTS; generator opts: $GENERATOR_JAVA_OPTS"
    echo "             idle cases: Herald also runs with -XX:NativeMemoryTracking=summary"
    echo "build:       $BUILD"
    echo "repeats:     $REPEATS, every cell once per repeat, in an order shuffled per repeat (seed $SEED;"
    echo "             repeat r uses seed $SEED + r: loadtest/bench.sh --seed $SEED gives the same orders)"
    echo
    echo "commands (in run order):"
  } > "$OUT/environment.txt"
}

# ---------------------------------------------------------------- servers

# $1 = target, $2 = cpu list ("" for none), $3 = event loops / workers, $4 = extra JVM options (Herald)
start_server() {
  local target=$1 cpus=$2 loops=$3 jvm_extra=${4:-} pin=()
  [ -n "$cpus" ] && pin=(taskset -c "$cpus")
  # A port someone else's server holds would have the generator measure that server: take free ones.
  HERALD_PORT=$(free_port 18080); NCHAN_PORT=$(free_port 18180); SOCKETIO_PORT=$(free_port 18280)
  case "$target" in
    herald)
      "${pin[@]}" java $HERALD_JAVA_OPTS $jvm_extra -jar "$HERALD_JAR" --listen "127.0.0.1:$HERALD_PORT" \
        --publisher-jwt-key "$KEY" --subscriber-jwt-key "$KEY" --anonymous --event-loops "$loops" \
        --history-size 10000 --max-connections-per-ip 0 --publish-rate-limit 0 > "$WORK/herald.log" 2>&1 &
      SERVER_PID=$!; wait_for_port $HERALD_PORT || return 1 ;;
    nchan)
      local prefix="$WORK/nchan"
      render_nchan_conf "$prefix" $NCHAN_PORT "$loops"
      "${pin[@]}" nginx -p "$prefix" -c "$prefix/nginx.conf" > "$WORK/nchan.log" 2>&1 &
      SERVER_PID=$!; wait_for_port $NCHAN_PORT || return 1 ;;
    socketio)
      "${pin[@]}" node "$LT/peers/socketio/server.js" "$SOCKETIO_PORT" 127.0.0.1 > "$WORK/socketio.log" 2>&1 &
      SERVER_PID=$!; wait_for_port $SOCKETIO_PORT || return 1 ;;
  esac
  # Listening, but on our port only if our process is still alive.
  kill -0 "$SERVER_PID" 2>/dev/null
}

stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}

url_of() {
  case "$1" in
    herald) echo "http://127.0.0.1:$HERALD_PORT" ;;
    nchan) echo "http://127.0.0.1:$NCHAN_PORT" ;;
    socketio) echo "http://127.0.0.1:$SOCKETIO_PORT" ;;
  esac
}

supports() { # target transport
  [ "$1" != socketio ] || [ "$2" = ws ]
}

# ---------------------------------------------------------------- runs

# add_case MODE NAME TRANSPORT -- generator options…: one cell per target that supports it.
add_case() {
  local mode=$1 name=$2 transport=$3; shift 4
  [ -z "$CASES" ] || [[ " $CASES " == *" $name "* ]] || return 0
  for target in $TARGETS; do
    supports "$target" "$transport" || continue
    if [[ "$name" == catch-up* && "$target" == socketio ]]; then continue; fi
    printf '%s\t%s\t%s\t%s\t%s\n' "$mode" "$name" "$transport" "$target" "$*" >> "$CELLS"
  done
}

# run_cell REPEAT MODE NAME TRANSPORT TARGET "generator options…"
run_cell() {
  local repeat=$1 mode=$2 name=$3 transport=$4 target=$5 options=$6
  local cpus_server="" cpus_generator="" loops=2 jvm_extra=""
  if [ "$mode" = pinned ]; then cpus_server=0; cpus_generator=1; loops=1; fi
  # Native memory tracking costs a little on every allocation: only where memory is measured.
  [[ "$name" == idle* ]] && jvm_extra="-XX:NativeMemoryTracking=summary"
  RUN_INDEX=$((RUN_INDEX + 1))
  # Rotate source addresses so TIME_WAIT sockets of one run never starve the next of ports.
  local sources="127.0.0.$((2 + (RUN_INDEX * 2) % 200)),127.0.0.$((3 + (RUN_INDEX * 2) % 200))"
  local file="$mode-$name-$transport-$target-r$repeat"
  if [ "$RESUME" = 1 ] && [ -f "$RAW/$file.json" ]; then
    log "$file: measured before the run was stopped, kept"
    return 0
  fi
  wait_for_quiet
  if ! start_server "$target" "$cpus_server" "$loops" "$jvm_extra"; then
    log "$file: $target did not start (see its log), cell skipped"
    cp "$WORK/$target.log" "$RAW/$file.server.log" 2>/dev/null || true
    stop_server
    return 0
  fi
  local gen=(java $GENERATOR_JAVA_OPTS -jar "$GENERATOR_JAR" --target "$target" --url "$(url_of "$target")"
    --transport "$transport" --server-pid "$SERVER_PID" --source-addresses "$sources" --event-loops "$loops"
    --label "$mode" --build "$BUILD" --repeat "$repeat" --json "$RAW/$file.json" --quiet $options)
  [ "$target" = herald ] && gen+=(--jwt-key "$KEY" --jvm-gc-before-sample)
  [ -n "$cpus_generator" ] && gen=(taskset -c "$cpus_generator" "${gen[@]}")
  log "$file"
  run_generator "$OUT/environment.txt" "$RAW/$file.txt" 900 \
    '^best:|^saturation:|^memory|^churn:|^catch-up:|CORRECTNESS|^correctness' -- "${gen[@]}"
  if [ "$target" = herald ] && grep -qE 'Exception|ERROR' "$WORK/herald.log"; then
    cp "$WORK/herald.log" "$RAW/$file.server.log"
    log "  Herald logged errors: raw/$file.server.log"
  fi
  stop_server
}

scenarios_quick() {
  local m=$1
  local steps="--ramp-factor 2 --max-steps 5 --step-duration 3s --warmup 4s --publishers 16 --p99-stop 1s"
  add_case "$m" fanout-1k sse -- --subscribers 1000 --rate 20 $steps
  add_case "$m" fanout-1k ws -- --subscribers 1000 --rate 20 $steps
  add_case "$m" fixed-1k sse -- --subscribers 1000 --rate 50 --step-duration 5s --warmup 4s
  add_case "$m" idle-2k sse -- --scenario idle --subscribers 2000 --stages 3 --settle 2s
  add_case "$m" idle-2k ws -- --scenario idle --subscribers 2000 --stages 3 --settle 2s
  add_case "$m" churn ws -- --scenario churn --subscribers 500 --churn-rate 200 --duration 5s --rate 50
  add_case "$m" catch-up sse -- --scenario catch-up --subscribers 100 --rate 2000 --duration 20s
}

scenarios_full() {
  local m=$1 steps="--ramp-factor 2 --max-steps 12 --step-duration 4s --connect-rate 3000 --warmup 8s --publishers 16 --p99-stop 1s"
  for t in sse ws; do
    add_case "$m" fanout-1k $t -- --subscribers 1000 --rate 20 $steps
    add_case "$m" fanout-10k $t -- --subscribers 10000 --rate 2 $steps
    add_case "$m" fanout-15k $t -- --subscribers 15000 --rate 1 $steps
  done
  [ "$m" = pinned ] || return 0
  add_case "$m" fanout-1k longpoll -- --subscribers 1000 --rate 5 $steps
  for t in sse ws; do
    add_case "$m" many-topics-10k $t -- --scenario many-topics --subscribers 10000 --rate 500 $steps
    add_case "$m" fixed-1k $t -- --subscribers 1000 --rate 50 --step-duration 10s --warmup 8s --publishers 16
  done
  add_case "$m" idle-15k sse -- --scenario idle --subscribers 15000 --connect-rate 3000 --stages 3 --settle 5s
  add_case "$m" idle-15k ws -- --scenario idle --subscribers 15000 --connect-rate 3000 --stages 3 --settle 5s
  for t in sse ws; do
    add_case "$m" churn $t -- --scenario churn --subscribers 1000 --churn-rate 500 --warmup 60s --duration 10s --rate 50
    add_case "$m" catch-up $t -- --scenario catch-up --subscribers 500 --rate 2000 --duration 30s
  done
}

# ---------------------------------------------------------------- main

ulimit -n "$(ulimit -Hn)"
[ "$SKIP_INSTALL" = 1 ] || install_peers
[ "$SKIP_BUILD" = 1 ] || build
# Run from copies, so that a rebuild in the working tree cannot swap a jar under a running benchmark.
cp "$HERALD_JAR" "$WORK/herald.jar"; HERALD_JAR_SOURCE="$HERALD_JAR"; HERALD_JAR="$WORK/herald.jar"
GENERATOR_JAR="$WORK/herald-loadtest.jar"; cp "$LT/target/herald-loadtest.jar" "$GENERATOR_JAR"
# Every run report names the build measured, so that report never puts two builds in one table.
BUILD="$(build_name)"
mkdir -p "$RAW"
if [ "$RESUME" = 1 ]; then
  # Runs of two builds never make one table: a resumed run must measure the build it began with.
  for kept in "$RAW"/*.json; do
    [ -e "$kept" ] || continue
    if ! grep -Eq "\"build\" *: *\"$BUILD\"" "$kept"; then
      echo "--resume: $kept measured another build than $BUILD; start a new run instead" >&2
      exit 1
    fi
  done
  echo "resumed:     $(date -u +%Y-%m-%dT%H:%M:%SZ), build $BUILD, seed $SEED" >> "$OUT/environment.txt"
else
  # Only this script's reports: raw/cluster/ belongs to bench-cluster.sh.
  rm -f "$RAW"/*.json "$RAW"/*.txt "$RAW"/*.log
  describe_machine
fi
: > "$CELLS"
for mode in $MODES; do
  if [ "$QUICK" = 1 ]; then scenarios_quick "$mode"; else scenarios_full "$mode"; fi
done
start=$(date +%s)
for repeat in $(seq 1 "$REPEATS"); do
  log "repeat $repeat/$REPEATS: $(wc -l < "$CELLS") cells, order shuffled with seed $((SEED + repeat))"
  echo "repeat $repeat (seed $((SEED + repeat))):" >> "$OUT/environment.txt"
  while IFS=$'\t' read -r mode name transport target options; do
    run_cell "$repeat" "$mode" "$name" "$transport" "$target" "$options" < /dev/null
  done < <(shuffle_lines $((SEED + repeat)) < "$CELLS")
done
echo "total: $(( ($(date +%s) - start) / 60 )) min for $REPEATS repeat(s)" >> "$OUT/environment.txt"
kind=full; [ "$QUICK" = 1 ] && kind=quick; [ -n "$CASES" ] && kind="partial ($CASES)"
title="Herald benchmark ($kind run, $(date -u +%Y-%m-%d), $REPEATS repeat(s))"
java -jar "$GENERATOR_JAR" report --in "$RAW" --out "$OUT" --title "$title" --build "$BUILD" \
  --environment "$OUT/environment.txt"
log "done in $(( ($(date +%s) - start) / 60 )) min: $OUT/results.md, results.html, results.json"
