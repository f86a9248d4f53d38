#!/usr/bin/env bash
# Herald cluster benchmark: the same SSE fan-out against
#   herald-memory   1 Herald node, in memory
#   herald-redis-1  1 Herald node on Redis (--redis-url)
#   herald-redis-2  2 Herald nodes on one Redis: publish on node 1, subscribers split over both
#   nchan-redis-2   2 nginx + Nchan instances on one Redis, the same split
# and writes loadtest/results/cluster.md (raw reports in loadtest/results/raw/cluster/).
#
#   loadtest/bench-cluster.sh            ~12 min
#   loadtest/bench-cluster.sh --quick    ~4 min, to loadtest/target/bench-cluster-quick/
#
# Options: --quick  --out DIR  --cases "herald-memory nchan-redis-2"  --rounds N  --seed N
#          --skip-build  --skip-install
#
# Pinned like bench.sh's headline: every server process (Herald nodes, nginx, redis-server) on
# CPU 0, the load generator on CPU 1; one event loop / worker per node. Two measurements:
#   ramp   publish rate doubling until p99 > 1 s: deliveries/s at p99 <= 100 ms. The one-core
#          generator tops out near Herald's single-node figure, so steps where the generator's
#          is saturated are flagged as generator-bound.
#   fixed  one rate (400 publishes/s), over --rounds rounds, the cases in an order shuffled per
#          round (seeded): server CPU per 100 000 deliveries, the figure that compares nodes'
#          efficiency.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LT="$ROOT/loadtest"
. "$LT/bench-lib.sh"
QUICK=0
OUT=""
CASES="herald-memory herald-redis-1 herald-redis-2 nchan-redis-2"
ROUNDS=""
SEED="$(date +%s)"
SKIP_BUILD=0
SKIP_INSTALL=0
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) QUICK=1 ;;
    --out) OUT="$2"; shift ;;
    --cases) CASES="$2"; shift ;;
    --rounds) ROUNDS="$2"; shift ;;
    --seed) SEED="$2"; shift ;;
    --skip-build) SKIP_BUILD=1 ;;
    --skip-install) SKIP_INSTALL=1 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 1 ;;
  esac
  shift
done
if [ -z "$OUT" ]; then
  if [ "$QUICK" = 1 ]; then OUT="$LT/target/bench-cluster-quick"; else OUT="$LT/results"; fi
fi
[ -n "$ROUNDS" ] || ROUNDS=$([ "$QUICK" = 1 ] && echo 1 || echo 3)

KEY="herald-benchmark-publisher-key-0123456789"
HERALD_JAR="${HERALD_JAR:-$ROOT/hub/target/herald.jar}"
# The collector production runs (deploy/README.md): pinned to one core the JVM would pick the serial one.
HERALD_JAVA_OPTS="${HERALD_JAVA_OPTS:--Xmx1g -XX:+UseG1GC -XX:MaxHeapFreeRatio=20 -XX:MinHeapFreeRatio=10}"
GENERATOR_JAVA_OPTS="${GENERATOR_JAVA_OPTS:--Xmx3g}"
REDIS_SERVER="${REDIS_SERVER:-/usr/bin/redis-server}"
SUBSCRIBERS=1000
# publishes/s: 400 000 deliveries/s. Herald's cost per delivery depends on the rate (above about
# 300/s, dispatch batches several updates per flush), so both sides are compared at a rate where
# they batch alike; the generator's core is busy there, which limits rates, not the server's CPU.
FIXED_RATE=400
# Publish streams, each with one publish in flight: a node on Redis answers a publish one Redis
# round trip later, so with few streams the generator, not the node, would cap the publish rate.
PUBLISHERS=64
WORK="$(mktemp -d /tmp/herald-bench-cluster.XXXXXX)"
RAW="$OUT/raw/cluster"
SERVER_PIDS=()   # every process of the current case: nodes first, redis-server last
ROLES=()         # what each of them is, in the same order
GENERATOR_PID=""
REDIS_PID=""
REDIS_PORT=""
RUN_INDEX=0

cleanup() {
  if [ -n "$GENERATOR_PID" ]; then kill -TERM "$GENERATOR_PID" 2>/dev/null || true; wait "$GENERATOR_PID" 2>/dev/null || true; fi
  stop_servers
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---------------------------------------------------------------- servers

# HTTP status of GET $2 on 127.0.0.1:$1, or nothing if the port does not answer.
http_status() {
  local line=""
  exec 3<>"/dev/tcp/127.0.0.1/$1" 2>/dev/null || return 0
  printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$2" >&3
  read -r -t 2 line <&3 || true
  exec 3<&- 3>&-
  echo "$line" | cut -d' ' -f2
}

# A Herald on Redis takes publishes once it reaches Redis: wait for /readyz (bounded).
wait_for_ready() {
  for _ in $(seq 1 100); do
    case "$(http_status "$1" /readyz)" in 200|404) return 0 ;; esac
    sleep 0.1
  done
  echo "node on port $1 never became ready" >&2
  return 1
}

started() { # pid role
  SERVER_PIDS+=("$1"); ROLES+=("$2")
}

start_redis() {
  REDIS_PORT=$(free_port 16379)
  taskset -c 0 "$REDIS_SERVER" --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
    --daemonize no --logfile "$WORK/redis.log" &
  REDIS_PID=$!
  wait_for_port "$REDIS_PORT"
}

start_herald() { # role port [redis]
  local role=$1 port=$2 redis=()
  [ $# -lt 3 ] || redis=(--redis-url "redis://127.0.0.1:$REDIS_PORT" --redis-key-prefix "bench-$RUN_INDEX")
  taskset -c 0 java $HERALD_JAVA_OPTS -jar "$HERALD_JAR" --listen "127.0.0.1:$port" \
    --publisher-jwt-key "$KEY" --subscriber-jwt-key "$KEY" --anonymous --event-loops 1 \
    --history-size 10000 --max-connections-per-ip 0 --publish-rate-limit 0 "${redis[@]}" > "$WORK/$role.log" 2>&1 &
  started $! "$role"
  wait_for_port "$port"
  wait_for_ready "$port"
}

start_nchan() { # role port
  local role=$1 port=$2
  render_nchan_conf "$WORK/$role" "$port" 1 "$REDIS_PORT"
  taskset -c 0 nginx -p "$WORK/$role" -c "$WORK/$role/nginx.conf" > "$WORK/$role.log" 2>&1 &
  started $! "$role"
  wait_for_port "$port"
}

# start_case NAME: starts its servers; sets PUBLISH_URL and SUBSCRIBE_URLS.
start_case() {
  local p1 p2
  SERVER_PIDS=(); ROLES=()
  p1=$(free_port 18180); p2=$(free_port $((p1 + 1)))
  PUBLISH_URL="http://127.0.0.1:$p1"; SUBSCRIBE_URLS="$PUBLISH_URL"
  case "$1" in
    herald-memory) start_herald herald-1 "$p1" ;;
    herald-redis-1) start_redis; start_herald herald-1 "$p1" redis ;;
    herald-redis-2) start_redis; start_herald herald-1 "$p1" redis; start_herald herald-2 "$p2" redis
      SUBSCRIBE_URLS="$PUBLISH_URL,http://127.0.0.1:$p2" ;;
    nchan-redis-2) start_redis; start_nchan nchan-1 "$p1"; start_nchan nchan-2 "$p2"
      SUBSCRIBE_URLS="$PUBLISH_URL,http://127.0.0.1:$p2" ;;
    *) echo "unknown case $1" >&2; return 1 ;;
  esac
  if [ -n "$REDIS_PID" ]; then started "$REDIS_PID" redis; fi
}

stop_servers() {
  local pid
  for pid in "${SERVER_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${SERVER_PIDS[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  SERVER_PIDS=(); ROLES=(); REDIS_PID=""
}

# ---------------------------------------------------------------- runs

# run_case CASE FILE REPEAT -- generator options…
run_case() {
  local name=$1 file=$2 repeat=$3; shift 4
  RUN_INDEX=$((RUN_INDEX + 1))
  # Rotate source addresses so TIME_WAIT sockets of one run never starve the next of ports.
  local sources="127.0.0.$((2 + (RUN_INDEX * 2) % 200)),127.0.0.$((3 + (RUN_INDEX * 2) % 200))"
  local target=herald
  [[ "$name" != nchan* ]] || target=nchan
  wait_for_quiet
  start_case "$name"
  local pids
  pids=$(IFS=,; echo "${SERVER_PIDS[*]}")
  local gen=(taskset -c 1 java $GENERATOR_JAVA_OPTS -jar "$GENERATOR_JAR" --target "$target"
    --url "$PUBLISH_URL" --publish-url "$PUBLISH_URL" --subscribe-urls "$SUBSCRIBE_URLS"
    --server-pid "$pids" --source-addresses "$sources" --event-loops 1 --transport sse
    --subscribers $SUBSCRIBERS --publishers $PUBLISHERS --label "$name: ${ROLES[*]}" --build "$BUILD" --repeat "$repeat" --json "$RAW/$file.json" --quiet "$@")
  [ "$target" = nchan ] || gen+=(--jwt-key "$KEY")
  log "$file"
  run_generator "$OUT/cluster-environment.txt" "$RAW/$file.txt" 600 \
    '^best:|^saturation:|^capacity|CORRECTNESS|^correctness|node [12] |by process' -- "${gen[@]}"
  local role
  for role in "${ROLES[@]}"; do
    if [[ "$role" == herald* ]] && grep -qE 'Exception|ERROR' "$WORK/$role.log"; then
      cp "$WORK/$role.log" "$RAW/$file.$role.log"
      log "  $role logged errors: $file.$role.log"
    fi
  done
  stop_servers
}

describe_machine() {
  {
    echo "date:        $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "host:        $(uname -srm)"
    echo "cpu:         $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "java:        $(java -version 2>&1 | head -1)"
    echo "herald:      $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo 'no commit') (sha256 $(sha256sum "$HERALD_JAR" | cut -c1-12))"
    echo "redis:       $("$REDIS_SERVER" --version | cut -d' ' -f3)"
    echo "nginx:       $(nginx -v 2>&1 | cut -d/ -f2)"
    echo "nchan:       $(dpkg-query -W -f='${Version}' libnginx-mod-nchan 2>/dev/null)"
    echo "pinning:     every server process (nodes, redis-server) on CPU 0, generator on CPU 1;"
    echo "             Herald --event-loops 1 per node, 1 nginx worker per instance, generator 1 event loop"
    echo "herald opts: $HERALD_JAVA_OPTS; generator opts: $GENERATOR_JAVA_OPTS"
    echo "build:       $BUILD"
    echo "rounds:      $ROUNDS fixed-rate round(s), cases shuffled per round (round r: seed $SEED + r)"
    echo
    echo "commands (in run order):"
  } > "$OUT/cluster-environment.txt"
}

# ---------------------------------------------------------------- main

ulimit -n "$(ulimit -Hn)"
if [ "$SKIP_INSTALL" = 0 ] && [ ! -e /usr/lib/nginx/modules/ngx_nchan_module.so ]; then
  log "installing nginx + Nchan from Debian"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx libnginx-mod-nchan >/dev/null
fi
if [ "$SKIP_BUILD" = 0 ]; then
  log "building Herald and the load tester (mvn -q -B package -DskipTests)"
  (cd "$ROOT" && mvn -q -B package -DskipTests)
fi
# Run from copies, so that a rebuild in the working tree cannot swap a jar under a running benchmark.
cp "$HERALD_JAR" "$WORK/herald.jar"; HERALD_JAR="$WORK/herald.jar"
GENERATOR_JAR="$WORK/herald-loadtest.jar"; cp "$LT/target/herald-loadtest.jar" "$GENERATOR_JAR"
BUILD="$(build_name)"
mkdir -p "$OUT"; rm -rf "$RAW"; mkdir -p "$RAW"
describe_machine
start=$(date +%s)
if [ "$QUICK" = 1 ]; then
  ramp="--rate 40 --ramp-factor 2 --max-steps 4 --step-duration 3s --warmup 4s --p99-stop 1s"
  fixed="--rate $FIXED_RATE --step-duration 5s --warmup 4s"
else
  ramp="--rate 40 --ramp-factor 2 --max-steps 7 --step-duration 4s --warmup 8s --p99-stop 1s"
  # A long warm-up: two nodes are two JVMs compiling the same hot code; what they spend on it
  # must fall before the measured step, or the split looks costlier than it is.
  fixed="--rate $FIXED_RATE --step-duration 15s --warmup 20s"
fi
for name in $CASES; do
  run_case "$name" "ramp-$name" 1 -- $ramp
done
for round in $(seq 1 "$ROUNDS"); do
  echo "round $round (seed $((SEED + round))):" >> "$OUT/cluster-environment.txt"
  for name in $(printf '%s\n' $CASES | shuffle_lines $((SEED + round))); do
    run_case "$name" "fixed-$round-$name" "$round" -- $fixed
  done
done
echo "total: $(( ($(date +%s) - start) / 60 )) min" >> "$OUT/cluster-environment.txt"
java -jar "$GENERATOR_JAR" report-cluster --in "$RAW" --out "$OUT/cluster.md" \
  --environment "$OUT/cluster-environment.txt"
log "done in $(( ($(date +%s) - start) / 60 )) min: $OUT/cluster.md"
