#!/usr/bin/env bash
# The small-board JVM profile against the JVM's own defaults, in the same run against the same
# local Pebble: for each, pairs of cold starts of `hotcert run` with a stored certificate, timed
# from the process start to the first HTTPS answer (curl every 10 ms). The first start of a pair
# has a certificate the CA was not asked about yet, so its start-up check asks the CA (fetching
# its directory): RSS 2 s after HTTPS answers is "idle, CA asked", the steady state of a daemon
# that has talked to its CA. The second start has nothing to ask: "idle, nothing asked". Then a
# renewal is forced through the daemon's control socket and RSS is taken 2 s later ("renewed").
# Private dirty memory (smaps_rollup) is given for the idle states too: unlike clean file pages,
# the kernel cannot drop it under memory pressure. Three configurations, their starts alternating
# so that drift on a shared machine hits all alike:
#   profile              the launcher's defaults: the runtime scripts/runtime builds (target/runtime),
#                        the launcher's JVM options and its class data sharing archive
#   profile, system JDK  the same on the JDK the runtime is built from (its own archive)
#   JVM defaults         plain java (G1, a quarter of RAM as the heap limit), no archive but the JDK's
# Without a JDK that has jlink, the first is left out. Prints medians and profile/defaults ratios.
#   bench/startup.sh [STARTS]    starts per configuration (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
starts=${1:-5}
case $starts in '' | *[!0-9]*) echo "usage: bench/startup.sh [STARTS]" >&2; exit 2 ;; esac
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

scripts/pebble install
mvn -B -q package -DskipTests -Dman.skip=true
runtime_rc=0
scripts/runtime target/hotcert.jar target/runtime > /dev/null || runtime_rc=$?
case $runtime_rc in
  0) have_runtime=true ;;
  3) have_runtime=false; echo "bench: no JDK with jlink here; the profile runs on the system's JDK only" >&2 ;;
  *) exit 1 ;;
esac

work=$(mktemp -d /tmp/hotcert-startup.XXXXXX)
cleanup() {
  stop_started
  scripts/pebble stop "$work/pebble" || true
}
trap cleanup EXIT
PEBBLE_VA_NOSLEEP=1 PEBBLE_AUTHZREUSE=0 scripts/pebble start "$work/pebble" > /dev/null
# shellcheck disable=SC1091
. "$work/pebble/pebble.env"
https_port=""
free_port https_port
mkdir -p "$work/www"
echo "hello from the start-up bench" > "$work/www/index.html"
{
  scripts/pebble config "$work/pebble" bench.example.test "$work/storage"
  cat <<PROPS
https.address=127.0.0.1
https.port=$https_port
https.static-dir=$work/www
control.socket=$work/control.sock
PROPS
} > "$work/hotcert.properties"
export HOTCERT_CDS_DIR=$work/cds
# The account and a first certificate, so that every start has a set to serve and nothing is due.
scripts/hotcert --config "$work/hotcert.properties" renew > /dev/null 2>&1

dirty_kb() { awk '$1 == "Private_Dirty:" { print $2 }' "/proc/$1/smaps_rollup"; }

# start NAME: one cold start until HTTPS answers, then 2 s idle; sets ready (ms), idle and dirty (kB)
start() {
  local name=$1 t0
  t0=$(now_ns)
  scripts/hotcert --config "$work/hotcert.properties" run >> "$work/$name.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  # The start that builds the class data sharing archive first takes seconds more.
  wait_https "$https_port" "$pid" "$t0" / 30 || { echo "bench: $name did not answer HTTPS, see $work/$name.log" >&2; exit 1; }
  ready=$ready_ms
  sleep 2
  idle=$(rss_kb "$pid" VmRSS)
  dirty=$(dirty_kb "$pid")
}

stop() {
  kill -TERM "$pid"
  wait "$pid" || { echo "bench: $1 did not exit 0 on SIGTERM, see $work/$1.log" >&2; exit 1; }
  forget "$pid"
}

renew_through_daemon() {
  scripts/hotcert --config "$work/hotcert.properties" renew --force > /dev/null 2>&1 \
    || { echo "bench: $1: renew --force through the daemon failed, see $work/$1.log" >&2; exit 1; }
}

# first_start NAME: the launcher's first start of a new jar and JVM, which records nothing. Like
# the first start after an install it ends with a new certificate, which the next start, the one
# that records the classes, asks the CA about. Appends "ready idle" (ms, kB) to $work/NAME.
first_start() {
  start "$1"
  renew_through_daemon "$1"
  stop "$1"
  echo "$ready $idle" >> "$work/$1"
}

# start_pair NAME: appends "ready-asked ready-quiet idle-asked dirty-asked idle-quiet dirty-quiet
# renewed" (ms, kB) to $work/NAME
start_pair() {
  local name=$1 asked quiet renewed
  start "$name"
  asked="$ready $idle $dirty"
  stop "$name"
  start "$name"
  quiet="$ready $idle $dirty"
  renew_through_daemon "$name"
  sleep 2
  renewed=$(rss_kb "$pid" VmRSS)
  stop "$name"
  read -r ra ia da <<< "$asked"
  read -r rq iq dq <<< "$quiet"
  echo "$ra $rq $ia $da $iq $dq $renewed" >> "$work/$name"
}

# A blank HOTCERT_JAVA_OPTS replaces the launcher's options with none; glibc's own arena limit is
# eight per core.
# Each runs the command it is given in its configuration.
defaults() {
  HOTCERT_JAVA=java HOTCERT_CDS_DIR=off HOTCERT_JAVA_OPTS=" " MALLOC_ARENA_MAX=$((8 * $(nproc))) "$@"
}
# Each JVM has an archive of its own: the launcher replaces an archive another JVM built.
system_profile() { HOTCERT_JAVA=java HOTCERT_CDS_DIR=$work/cds-system "$@"; }
profile() { "$@"; }
configurations="defaults system_profile"
! $have_runtime || configurations="$configurations profile"

# Each profile's first start and first pair are not like the others: the launcher's first start
# records nothing, the second (the first pair's first, which asks the CA as a board's second start
# does) records the classes it loads, the third builds the archive before starting. Reported apart.
for configuration in $configurations; do
  [ "$configuration" = defaults ] && continue
  "$configuration" first_start "$configuration-start1"
  "$configuration" start_pair "$configuration-pair1"
done
for _ in $(seq 1 "$starts"); do
  for configuration in $configurations; do
    "$configuration" start_pair "$configuration"
  done
done

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
column() { cut -d' ' -f"$2" "$work/$1" | median; }
ready_ms() { cut -d' ' -f1,2 "$work/$1" | tr ' ' '\n' | median; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

label() {
  case $1 in
    defaults) echo "JVM defaults" ;;
    system_profile) echo "profile, system JDK" ;;
    *) echo "$1" ;;
  esac
}
printf '%s\n' "hotcert run, $starts pairs of starts each (medians; MB; dirty = private dirty)"
printf '%-20s %9s %22s %22s %9s\n' "" "to HTTPS" "idle, CA asked: RSS/dirty" "idle, nothing asked" "renewed"
for name in $configurations; do
  printf '%-20s %6s ms %14s / %5s %14s / %5s %9s\n' "$(label "$name")" "$(ready_ms "$name")" \
    "$(mb "$(column "$name" 3)")" "$(mb "$(column "$name" 4)")" "$(mb "$(column "$name" 5)")" \
    "$(mb "$(column "$name" 6)")" "$(mb "$(column "$name" 7)")"
done
for name in $configurations; do
  [ "$name" != defaults ] || continue
  printf '%-20s %9s %14s / %5s %14s / %5s %9s\n' "$(label "$name") / def." \
    "$(ratio "$(ready_ms "$name")" "$(ready_ms defaults)")" \
    "$(ratio "$(column "$name" 3)" "$(column defaults 3)")" "$(ratio "$(column "$name" 4)" "$(column defaults 4)")" \
    "$(ratio "$(column "$name" 5)" "$(column defaults 5)")" "$(ratio "$(column "$name" 6)" "$(column defaults 6)")" \
    "$(ratio "$(column "$name" 7)" "$(column defaults 7)")"
done
for name in $configurations; do
  [ "$name" != defaults ] || continue
  read -r r1 i1 < "$work/$name-start1"
  read -r ra rq ia _ iq _ _ < "$work/$name-pair1"
  printf '%-20s %s ms (records nothing), %s ms (recording the class list), %s ms (building the archive first)\n' \
    "$(label "$name"), 1st-3rd" "$r1" "$ra" "$rq"
  printf '%-20s RSS %s MB, %s MB, %s MB\n' "" "$(mb "$i1")" "$(mb "$ia")" "$(mb "$iq")"
done
echo "targets: idle RSS under 64 MB, HTTPS within 1000 ms of start"
