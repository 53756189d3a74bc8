# The one shell library of the scripts and benches that start processes (scripts/pebble, soak,
# arm64-check, demo; bench/*.sh): tools, the java that runs hotcert, started processes and their
# clean-up, loopback ports, waiting for an answer, a file or a log line, /proc readings, SIGHUP's
# disposition, and reading wrk's, h2load's and openssl s_time's output. Sourced, not run, and
# without effects beyond setting variables; the caller sets `set -euo pipefail` and, optionally,
# `me` (the name its messages start with, default "bench").
# shellcheck shell=bash
me=${me:-bench}

# need_tools COMMAND:PACKAGE...: installs the packages of missing commands (as root), else exits
need_tools() {
  local tool missing=()
  for tool in "$@"; do
    command -v "${tool%%:*}" > /dev/null || missing+=("${tool#*:}")
  done
  [ ${#missing[@]} -gt 0 ] || return 0
  [ "$(id -u)" = 0 ] || { echo "$me: missing tools; install them: apt-get install ${missing[*]}" >&2; exit 1; }
  (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}") > /dev/null \
    || { echo "$me: could not install ${missing[*]}" >&2; exit 1; }
}

# need_java: exits unless the java that scripts/hotcert would start is there: HOTCERT_JAVA, else
# java on the PATH (the runtime scripts/runtime builds is tried first by the launcher itself)
need_java() {
  command -v "${HOTCERT_JAVA:-java}" > /dev/null || { echo "$me: java (17 or later) is needed" >&2; exit 1; }
}

# --- processes this script started: `pids+=("$!")` after each, stop_started in the EXIT trap -------
pids=()
stop_started() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2> /dev/null || true; done
  for pid in "${pids[@]}"; do wait_exit "$pid" 15 || kill -KILL "$pid" 2> /dev/null || true; done
}
# wait_exit PID SECONDS: whether process PID is gone within SECONDS
wait_exit() {
  for _ in $(seq 1 $(($2 * 10))); do kill -0 "$1" 2> /dev/null || return 0; sleep 0.1; done
  ! kill -0 "$1" 2> /dev/null
}
forget() { local p keep=(); for p in "${pids[@]}"; do [ "$p" = "$1" ] || keep+=("$p"); done; pids=("${keep[@]}"); }

taken=" "
# free_port VAR: a loopback TCP port below the ephemeral range (so no outgoing connection holds
# it), nothing listens on, and not handed out before
read -r ephemeral_low ephemeral_high < /proc/sys/net/ipv4/ip_local_port_range
if [ "$ephemeral_low" -gt 12000 ]; then port_base=10000 port_span=$((ephemeral_low - 10000))
elif [ "$ephemeral_high" -lt 63000 ]; then port_base=$((ephemeral_high + 1)) port_span=$((65535 - ephemeral_high))
else port_base=10000 port_span=50000; fi
free_port() {
  local p
  for _ in $(seq 1 100); do
    p=$((port_base + RANDOM % port_span))
    [[ $taken == *" $p "* ]] && continue
    if [ -z "$(ss -Htln "sport = :$p")" ]; then taken+="$p "; printf -v "$1" '%s' "$p"; return 0; fi
  done
  echo "$me: no free port found" >&2; exit 1
}

# rss_kb PID FIELD: a field of /proc/PID/status in kB (VmRSS, VmHWM, RssAnon)
rss_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
now_ns() { date +%s%N; }

# wait_200 URL PID START_NS [SECONDS]: polls until URL answers 200 (certificates not checked) for at
# most SECONDS (default 10), and sets ready_ms to the time since START_NS; fails early when process
# PID has exited. Every 10 ms for the first 10 s, which times a start to a hundredth of a second,
# then a thousand times within SECONDS, so that an emulated JVM's long start is not crowded by
# curls. A request may take a tenth of SECONDS: an emulated JVM's first handshakes take seconds.
wait_200() {
  local url=$1 pid=$2 t0=$3 limit_s=${4:-10} code pause=0.010 slow_pause elapsed_ns
  printf -v slow_pause '%d.%03d' $((limit_s / 1000)) $((limit_s % 1000))
  while :; do
    code=$(curl -sk -o /dev/null -w '%{http_code}' --max-time $(((limit_s + 9) / 10)) "$url" || true)
    # shellcheck disable=SC2034 # for the caller
    if [ "$code" = 200 ]; then ready_ms=$((($(now_ns) - t0) / 1000000)); return 0; fi
    kill -0 "$pid" 2> /dev/null || { echo "$me: process $pid exited before $url answered" >&2; return 1; }
    elapsed_ns=$(($(now_ns) - t0))
    [ "$elapsed_ns" -lt $((limit_s * 1000000000)) ] || break
    [ "$elapsed_ns" -lt 10000000000 ] || pause=$slow_pause
    sleep "$pause"
  done
  echo "$me: $url did not answer within $limit_s s" >&2
  return 1
}
# wait_https PORT PID START_NS [PATH] [SECONDS]: wait_200 for PATH (default /) over HTTPS on loopback
wait_https() { wait_200 "https://127.0.0.1:$1${4:-/}" "$2" "$3" "${5:-10}"; }

# wait_for SECONDS PID COMMAND...: polls COMMAND every 0.1 s until it succeeds, for at most
# SECONDS; fails early when process PID has exited (a file appearing, a line in a log)
wait_for() {
  local limit_s=$1 pid=$2
  shift 2
  for _ in $(seq 1 $((limit_s * 10))); do
    "$@" && return 0
    kill -0 "$pid" 2> /dev/null || return 1
    sleep 0.1
  done
  "$@"
}

# sleep_until NS: sleeps until now_ns reaches NS, at once when it has; fixed beats (a swap every
# second, a sample every 5 s) do not drift with the time each beat's work takes
sleep_until() {
  local wait_ns=$(($1 - $(now_ns)))
  [ "$wait_ns" -le 0 ] || sleep "$(awk -v n="$wait_ns" 'BEGIN { printf "%.3f", n / 1e9 }')"
}

# restore_sighup: sets hup_reset, the prefix to start hotcert with: "${hup_reset[@]}" scripts/hotcert ...
# A JVM started with SIGHUP ignored (nohup, or a parent that ignores it) never gets a SIGHUP
# handler, so hotcert would silently skip every reload; the prefix gives it the default disposition.
restore_sighup() {
  hup_reset=()
  (( 0x$(awk '$1 == "SigIgn:" { print $2 }' /proc/$$/status) & 1 )) || return 0
  echo "$me: SIGHUP is ignored here (nohup?); hotcert is started with it restored, else it would never reload" >&2
  if ! env --default-signal=HUP true 2> /dev/null; then
    echo "$me: cannot restore SIGHUP (env --default-signal needs coreutils 8.31); run without nohup" >&2; exit 1
  fi
  # shellcheck disable=SC2034 # for the caller
  hup_reset=(env --default-signal=HUP)
}

# load_figures MODE OUT [SECONDS]: "rps p99-ms requests socket-errors non-2xx" from the load generator's
# output OUT; MODE h2* is h2load run with --log-file=OUT.requests, full-* and cap-* the output of openssl
# s_time clients run for SECONDS (no p99; a line "elapsed: S" in OUT gives the seconds they really
# ran, which s_time rounds to whole seconds of the clock), any other wrk run with --latency
load_figures() {
  local mode=$1 out=$2
  if [[ $mode == full-* || $mode == cap-* ]]; then
    # s_time: "N connections in S real seconds" per client; a failed client prints no such line. It
    # reads no status: its request is also sent once on its own ("status: HTTP/1.x 200 OK"), and
    # when that is not a 200, every connection of the run counts as a non-2xx answer.
    awk -v s="$3" '/connections in .* real seconds/ { n += $1 } /s_time failed|ERROR/ { e++ } /^elapsed: / { s = $2 }
      /^status: / { bad = $3 != 200 }
      END { printf "%.1f 0 %d %d %d\n", n / s, n, e, bad ? n : 0 }' "$out"
  elif [[ $mode == h2* ]]; then
    # h2load prints no percentiles; its per-request log has status and microseconds per request.
    local p99 non2xx
    p99=$(cut -f3 "$out.requests" | sort -n | awk '{ v[NR] = $1 } END { i = int(NR * 0.99); if (i < 1) i = 1; printf "%.2f", v[i] / 1000 }')
    non2xx=$(awk -F'\t' '$2 < 200 || $2 > 299 { n++ } END { print n + 0 }' "$out.requests")
    awk -v p99="$p99" -v non2xx="$non2xx" '
      /^finished in/ { rps = $4 }
      /^requests:/ { reqs = $8; err = $10 + $12 + $14 }
      END { printf "%s %s %d %d %d\n", rps, p99, reqs, err, non2xx }' "$out"
  else
    awk '
      function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v * 60000 }
      /Requests\/sec:/ { rps = $2 }
      $1 == "99%" { p99 = ms($2) }
      / requests in / { reqs = $1 }
      /Socket errors:/ { gsub(/,/, ""); err = $4 + $6 + $8 + $10 }
      /Non-2xx or 3xx responses:/ { non2xx = $5 }
      END { printf "%s %.2f %d %d %d\n", rps, p99, reqs, err, non2xx }' "$out"
  fi
}
