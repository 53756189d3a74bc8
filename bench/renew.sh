#!/usr/bin/env bash
# Forced renewal against a local Pebble: hotcert (a whole cold process, JVM start included)
# against lego from Debian (standalone HTTP-01), both in the same run against the same Pebble,
# each with its account already registered. Prints median wall time and peak RSS per client and
# the ratio.
#   bench/renew.sh [RUNS]          runs per client and round, two rounds (default 10)
#   HOTCERT_JAVA_OPTS=...           to try other JVM options for hotcert
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

# GNU time by its path: `command -v time` finds the shell's keyword
need_tools lego:lego /usr/bin/time:time
scripts/pebble install
mvn -B -q package -DskipTests -Dman.skip=true

work=$(mktemp -d /tmp/hotcert-bench.XXXXXX)
trap 'scripts/pebble stop "$work/pebble"' EXIT
PEBBLE_VA_NOSLEEP=1 PEBBLE_AUTHZREUSE=0 scripts/pebble start "$work/pebble" > /dev/null
# shellcheck disable=SC1091
. "$work/pebble/pebble.env"

{
  scripts/pebble config "$work/pebble" bench.example.test "$work/hotcert"
  echo "https.port=0"
} > "$work/hotcert.properties"

hotcert=(scripts/hotcert --config "$work/hotcert.properties" renew --force)
lego=(env "LEGO_CA_CERTIFICATES=$PEBBLE_TRUST_STORE" lego --server "$PEBBLE_DIRECTORY" --email ops@example.test
  --accept-tos --path "$work/lego" --http --http.port "127.0.0.1:$PEBBLE_HTTP_PORT" -d bench.example.test)

# Registration and the first certificate are not what is measured.
"${hotcert[@]}" > /dev/null 2>&1
"${lego[@]}" run > /dev/null 2>&1

# measure NAME COMMAND...: appends "wall-seconds peak-rss-kb" per run to $work/NAME.times
measure() {
  local name=$1 i
  shift
  for i in $(seq 1 "$runs"); do
    /usr/bin/time -f "%e %M" -a -o "$work/$name.times" "$@" > /dev/null 2>&1 \
      || { echo "bench: $name failed on run $i" >&2; exit 1; }
  done
}

# Interleave the clients so that drift on a shared machine hits both alike.
for _ in 1 2; do
  measure hotcert "${hotcert[@]}"
  measure lego "${lego[@]}" renew --days 100000 --no-random-sleep
done

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
report() {
  local name=$1 wall rss
  wall=$(cut -d' ' -f1 "$work/$name.times" | median)
  rss=$(cut -d' ' -f2 "$work/$name.times" | median)
  printf '%-8s runs=%d  median wall %6.3f s  median peak RSS %7.1f MB\n' "$name" "$(wc -l < "$work/$name.times")" \
    "$wall" "$(awk -v kb="$rss" 'BEGIN { print kb / 1024 }')"
  echo "$wall" > "$work/$name.median"
}
report hotcert
report lego
awk -v h="$(cat "$work/hotcert.median")" -v l="$(cat "$work/lego.median")" \
  'BEGIN { printf "ratio    hotcert / lego wall time = %.3f\n", h / l }'
