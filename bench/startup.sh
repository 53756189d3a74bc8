#!/usr/bin/env bash
# The small-board JVM profile against the JVM's own defaults, in the same run against the same
# local Pebble: for each, cold starts of `hotcert run` with a stored certificate, timed from the
# process start to the first HTTPS answer (curl every 10 ms), RSS 2 s after that (idle), and RSS
# 2 s after a renewal forced through the daemon's control socket. The profile is the launcher's
# defaults with its class data sharing archive; "JVM defaults" is plain java (G1, a quarter of RAM
# as the heap limit), no archive but the JDK's own. Starts alternate between the two, so drift on a
# shared machine hits both alike. Prints medians and profile/defaults ratios.
#   bench/startup.sh [STARTS]    starts per configuration (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
starts=${1:-5}
case $starts in '' | *[!0-9]*) echo "usage: bench/startup.sh [STARTS]" >&2; exit 2 ;; esac

scripts/pebble install
mvn -B -q package -DskipTests

work=$(mktemp -d /tmp/hotcert-startup.XXXXXX)
pid=""
cleanup() {
  [ -z "$pid" ] || kill "$pid" 2> /dev/null || true
  scripts/pebble stop "$work/pebble" || true
}
trap cleanup EXIT
PEBBLE_VA_NOSLEEP=1 PEBBLE_AUTHZREUSE=0 scripts/pebble start "$work/pebble" > /dev/null
# shellcheck disable=SC1091
. "$work/pebble/pebble.env"
https_port=$(scripts/pebble free-port)
mkdir -p "$work/www"
echo "hello from the start-up bench" > "$work/www/index.html"
cat > "$work/hotcert.properties" <<PROPS
domains=bench.example.test
acme.directory=$PEBBLE_DIRECTORY
acme.trust-store=$PEBBLE_TRUST_STORE
acme.terms-agreed=true
storage.dir=$work/storage
http.address=127.0.0.1
http.port=$PEBBLE_HTTP_PORT
https.address=127.0.0.1
https.port=$https_port
https.static-dir=$work/www
control.socket=$work/control.sock
PROPS
export HOTCERT_CDS_DIR=$work/cds
# The account and a first certificate, so that every start has a set to serve and nothing is due.
scripts/hotcert --config "$work/hotcert.properties" renew > /dev/null 2>&1

rss_kb() { awk '$1 == "VmRSS:" { print $2 }' "/proc/$1/status"; }
now_ns() { date +%s%N; }

# start_and_measure NAME: one cold start; appends "ready-ms idle-kb renewed-kb" to $work/NAME
start_and_measure() {
  local name=$1 t0 ready="" idle renewed code
  t0=$(now_ns)
  scripts/hotcert --config "$work/hotcert.properties" run >> "$work/$name.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 1000); do
    code=$(curl -sk -o /dev/null -w '%{http_code}' --max-time 1 "https://127.0.0.1:$https_port/" || true)
    if [ "$code" = 200 ]; then ready=$((($(now_ns) - t0) / 1000000)); break; fi
    kill -0 "$pid" 2> /dev/null || break
    sleep 0.01
  done
  [ -n "$ready" ] || { echo "bench: $name did not answer HTTPS within 10 s, see $work/$name.log" >&2; exit 1; }
  sleep 2
  idle=$(rss_kb "$pid")
  scripts/hotcert --config "$work/hotcert.properties" renew --force > /dev/null 2>&1 \
    || { echo "bench: $name: renew --force through the daemon failed, see $work/$name.log" >&2; exit 1; }
  sleep 2
  renewed=$(rss_kb "$pid")
  kill -TERM "$pid"
  wait "$pid" || { echo "bench: $name did not exit 0 on SIGTERM, see $work/$name.log" >&2; exit 1; }
  pid=""
  echo "$ready $idle $renewed" >> "$work/$name"
}

# A blank HOTCERT_JAVA_OPTS replaces the launcher's options with none; glibc's own arena limit is
# eight per core.
defaults() {
  HOTCERT_CDS_DIR=off HOTCERT_JAVA_OPTS=" " MALLOC_ARENA_MAX=$((8 * $(nproc))) start_and_measure "$@"
}
profile() { start_and_measure "$@"; }

# The profile's first two starts are not like the others: the first records the classes it
# loads, the second builds the archive before starting. Reported apart.
profile first
profile second
for _ in $(seq 1 "$starts"); do
  defaults defaults
  profile profile
done

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
column() { cut -d' ' -f"$2" "$work/$1" | median; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

printf '%-44s %10s %10s %10s\n' "hotcert run, $starts starts each (medians)" "to HTTPS" "RSS idle" "RSS renewed"
for name in defaults profile; do
  printf '%-44s %7s ms %7s MB %7s MB\n' "$name" "$(column "$name" 1)" "$(mb "$(column "$name" 2)")" \
    "$(mb "$(column "$name" 3)")"
done
printf '%-44s %10s %10s %10s\n' "profile / defaults" "$(ratio "$(column profile 1)" "$(column defaults 1)")" \
  "$(ratio "$(column profile 2)" "$(column defaults 2)")" "$(ratio "$(column profile 3)" "$(column defaults 3)")"
for name in first second; do  # first: records the class list; second: builds the archive, then starts
  read -r ready idle renewed < "$work/$name"
  printf '%-44s %7s ms %7s MB %7s MB\n' "profile, $name start" "$ready" "$(mb "$idle")" "$(mb "$renewed")"
done
echo "targets: idle RSS under 64 MB, HTTPS within 1000 ms of start"
