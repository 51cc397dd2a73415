#!/usr/bin/env bash
# HTTP load test: the same tiny HTTP/1.1 app (GET /hello -> 200 "hello, world", keep-alive)
# served by jawait (work-stealing and local executor), JDK virtual threads and CompletableFuture
# over NIO.2, one server after another, all on 127.0.0.1. For each server:
#   1. throughput and p99 latency with wrk at 100 and 1,000 connections (after a warm-up run);
#   2. memory per idle keep-alive connection: a fresh server, warmed up, then IDLE connections
#      that have each served one request; live heap (jcmd GC.class_histogram, after a full GC)
#      and RSS before and after, divided by IDLE.
# Prints a Markdown table (and the heap breakdown per connection) on stdout.
#
# Usage:   benchmarks/http/run.sh
# Knobs:   DURATION=10s THREADS=2 CONNECTIONS="100 1000" IDLE=10000 WARMUP=5s
#          SERVERS="jawait-ws jawait-local virtual-threads completable-future"
#          JDK=/usr/lib/jvm/temurin-25-jdk-amd64 (21+ for virtual threads) SKIP_BUILD=1
# Bounded: every phase has a time limit and every server exits by itself after MAX_SERVER_SECONDS.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE="$ROOT/benchmarks/http"
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-5s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-"100 1000"}
IDLE=${IDLE:-10000}
SERVERS=${SERVERS:-"jawait-ws jawait-local virtual-threads completable-future"}
MAX_SERVER_SECONDS=${MAX_SERVER_SECONDS:-300}
HEAP=${HEAP:-256m}
if [[ -z "${JDK:-}" ]]; then
  if [[ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]]; then JDK=/usr/lib/jvm/temurin-25-jdk-amd64
  else JDK=${JAVA_HOME:?set JDK or JAVA_HOME to a JDK 21+}; fi
fi
JAVA="$JDK/bin/java"
JCMD="$JDK/bin/jcmd"
# Fixed, pre-touched heap: heap growth then never shows in RSS, so the RSS delta is off-heap memory.
SERVER_OPTS=(-Xms"$HEAP" -Xmx"$HEAP" -XX:+AlwaysPreTouch)
OUT=$(mktemp -d /tmp/jawait-http-loadtest.XXXXXX)
log() { echo "[run.sh] $*" >&2; }

# ---------------------------------------------------------------- prerequisites
if ! command -v wrk >/dev/null; then
  log "installing wrk (Debian package)"
  SUDO=; [[ $(id -u) -ne 0 ]] && SUDO=sudo
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq wrk >&2
fi
# One descriptor per idle connection, plus the JVM's own.
HARD=$(ulimit -Hn)
if [[ "$HARD" != unlimited && "$HARD" -lt $((IDLE + 1000)) ]]; then
  IDLE=$((HARD - 1000))
  log "hard descriptor limit $HARD: measuring $IDLE idle connections"
fi
ulimit -n "$HARD"
if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  log "compiling runtime and samples (mvn -o -q -pl samples -am compile)"
  (cd "$ROOT" && mvn -B -o -q -pl samples -am compile >&2)
fi
CP="$ROOT/samples/target/classes:$ROOT/runtime/target/classes"

# ---------------------------------------------------------------- process helpers
SERVER_PID=; CLIENT_PID=
cleanup() {
  [[ -n "$CLIENT_PID" ]] && kill "$CLIENT_PID" 2>/dev/null || true
  [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null || true
  wait 2>/dev/null || true
}
trap cleanup EXIT

# start_server NAME LOG: starts it on a free port; sets SERVER_PID and PORT.
start_server() {
  "$JAVA" "${SERVER_OPTS[@]}" -cp "$CP" dev.jawait.samples.loadtest.LoadTestMain "$1" 0 "$MAX_SERVER_SECONDS" >"$2" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 300); do
    if grep -q '^listening ' "$2"; then PORT=$(awk '/^listening /{print $2; exit}' "$2"); return 0; fi
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.1
  done
  log "server $1 did not start:"; cat "$2" >&2; exit 1
}
stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

# wrk_run CONNECTIONS DURATION LOG: prints the RESULT line of report.lua.
wrk_run() {
  local threads=$THREADS; (( $1 < threads )) && threads=$1
  wrk -t"$threads" -c"$1" -d"$2" --timeout 5s -s "$HERE/report.lua" "http://127.0.0.1:$PORT/hello" >"$3" 2>&1 || true
  grep '^RESULT ' "$3" || echo "RESULT failed=1"
}
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p" <<<" $2"; }
ms() { awk -v us="$1" 'BEGIN { printf "%.2f ms", us / 1000 }'; }
live_bytes() { "$JCMD" "$1" GC.class_histogram >"$2"; awk '/^Total/ {print $3}' "$2"; }
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
# heap_split BEFORE AFTER N: live-heap growth per connection, by what it is for, as table cells.
# "concurrency" is what the I/O model itself keeps per parked connection: jawait's task, waker,
# I/O future, deadline and generated machine; the virtual thread and its stack; the callbacks and
# timeout task of the CompletableFuture server.
heap_split() {
  awk -v n="$3" '
    $1 !~ /^[0-9]+:$/ { next }
    FNR == NR { b[$4] = $3; next }
    { d = $3 - b[$4]; c = $4
      if (c == "[B") k = 1
      else if (c ~ /^dev[.]jawait[.]samples[.]http[.](HttpRequestParser|HttpServerSession)$/) k = 2
      else if (c ~ /^dev[.]jawait[.]/ || c ~ /VirtualThread|StackChunk|Continuation|ForkJoin|CompletableFuture|ScheduledFutureTask/) k = 3
      else k = 4
      t[k] += d; total += d }
    END { printf "%.0f B | %.0f B | %.0f B | %.0f B | %.0f B", t[3] / n, t[1] / n, t[2] / n, t[4] / n, total / n }
  ' "$1" "$2"
}

# ---------------------------------------------------------------- the runs
declare -A ROW SPLIT BREAKDOWN
for server in $SERVERS; do
  if [[ $server == virtual-threads ]] && ! "$JAVA" -version 2>&1 | grep -qE 'version "(2[1-9]|[3-9][0-9])'; then
    log "skipping virtual-threads: $JAVA is older than 21"; continue
  fi
  # 1. Throughput and latency.
  start_server "$server" "$OUT/$server-load.log"
  log "$server on port $PORT: warm-up $WARMUP"
  wrk_run 100 "$WARMUP" "$OUT/$server-warmup.txt" >/dev/null
  cells=(); errors=0
  for c in $CONNECTIONS; do
    log "$server: $c connections, $DURATION"
    r=$(wrk_run "$c" "$DURATION" "$OUT/$server-c$c.txt")
    if [[ -n $(field failed "$r") ]]; then
      cells+=("failed" "failed")
    else
      cells+=("$(field rps "$r")" "$(ms "$(field p99_us "$r")")")
      for k in connect read write timeout status; do errors=$((errors + $(field $k "$r"))); done
    fi
  done
  stop_server

  # 2. Memory per idle connection, on a fresh server warmed by a short run.
  start_server "$server" "$OUT/$server-idle.log"
  wrk_run 50 2s "$OUT/$server-idle-warmup.txt" >/dev/null
  sleep 2 # let the server see the warm-up connections close
  before=$(live_bytes "$SERVER_PID" "$OUT/$server-hist-before.txt"); rss_before=$(rss_kb "$SERVER_PID")
  log "$server: opening $IDLE idle keep-alive connections"
  "$JAVA" -Xmx256m -cp "$CP" dev.jawait.samples.loadtest.IdleConnections "$PORT" "$IDLE" 120 >"$OUT/$server-client.log" 2>&1 &
  CLIENT_PID=$!
  for _ in $(seq 1200); do
    grep -q '^open ' "$OUT/$server-client.log" && break
    kill -0 "$CLIENT_PID" 2>/dev/null || break
    sleep 0.1
  done
  if grep -q '^open ' "$OUT/$server-client.log"; then
    sleep 1
    after=$(live_bytes "$SERVER_PID" "$OUT/$server-hist-after.txt"); rss_after=$(rss_kb "$SERVER_PID")
    heap_per=$(( (after - before) / IDLE )); rss_per=$(( (rss_after - rss_before) * 1024 / IDLE ))
    cells+=("$heap_per B" "$rss_per B")
    # The classes that grew most, per connection: what an idle connection is made of.
    SPLIT[$server]="| $server | $(heap_split "$OUT/$server-hist-before.txt" "$OUT/$server-hist-after.txt" "$IDLE") |"
    BREAKDOWN[$server]=$(awk -v n="$IDLE" '
      $1 ~ /^[0-9]+:$/ && FNR == NR { b[$4] = $3; i[$4] = $2; next }
      $1 ~ /^[0-9]+:$/ { d = $3 - b[$4]; if (d > 0) printf "%d\t%s\t%.1f\t%.2f\n", d, $4, d / n, ($2 - i[$4]) / n }
    ' "$OUT/$server-hist-before.txt" "$OUT/$server-hist-after.txt" | sort -rn | head -8 |
      awk -F'\t' '{ printf "%s %s B (%s objects); ", $2, $3, $4 }')
  else
    log "$server: idle client failed:"; cat "$OUT/$server-client.log" >&2
    cells+=("failed" "failed")
  fi
  kill "$CLIENT_PID" 2>/dev/null || true; wait "$CLIENT_PID" 2>/dev/null || true; CLIENT_PID=
  stop_server
  ROW[$server]="| $server | $(IFS='|'; echo "${cells[*]}" | sed 's/|/ | /g') | $errors |"
done

# ---------------------------------------------------------------- the report
header="| server |"; rule="|---|"
for c in $CONNECTIONS; do header+=" req/s, $c conn | p99, $c conn |"; rule+="---:|---:|"; done
header+=" heap per idle conn | RSS per idle conn | wrk socket errors |"; rule+="---:|---:|---:|"
echo
echo "HTTP load test, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $("$JAVA" -version 2>&1 | head -1)"
echo "wrk -t$THREADS -d$DURATION (after a $WARMUP warm-up), GET /hello keep-alive; idle: $IDLE connections; raw output in $OUT"
echo
echo "$header"; echo "$rule"
for server in $SERVERS; do [[ -n "${ROW[$server]:-}" ]] && echo "${ROW[$server]}"; done
echo
echo "Live heap per idle connection, by purpose:"
echo
echo "| server | concurrency (task / thread / callbacks) | byte[] (read buffers) | session + parser | JDK socket objects and the rest | total |"
echo "|---|---:|---:|---:|---:|---:|"
for server in $SERVERS; do [[ -n "${SPLIT[$server]:-}" ]] && echo "${SPLIT[$server]}"; done
echo
echo "Largest heap growth per idle connection (class: bytes (objects) per connection):"
echo
for server in $SERVERS; do [[ -n "${BREAKDOWN[$server]:-}" ]] && echo "- $server: ${BREAKDOWN[$server]}"; done
