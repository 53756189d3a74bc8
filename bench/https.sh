#!/usr/bin/env bash
# The daemon's HTTPS listener under load, in one run beside the two TLS proxies it is measured
# against: hotcert (`hotcert run`, reverse-proxying), Caddy (reverse_proxy) and nginx (proxy_pass),
# all three in front of the same backend (a second nginx that answers a short body at /small and
# 64 KiB at /64k), serving certificates from one throwaway CA. All traffic on 127.0.0.1.
# Loads, each with wrk (HTTP/1.1) or h2load (HTTP/2):
#   h1, h1-64k     HTTP/1.1 keep-alive, small and 64 KiB bodies
#   h2, h2-64k     HTTP/2, 10 connections x 10 streams, small and 64 KiB bodies
#   new-ec, new-rsa  HTTP/1.1 with a new TLS connection per request (wrk, Connection: close), with
#                  an ECDSA P-256 and with an RSA 2048 certificate. wrk resumes its TLS session on
#                  each new connection and all three servers accept that, so these are mostly
#                  abbreviated handshakes, as returning browsers make
#   full-ec, full-rsa  full handshakes only: openssl s_time -new, BENCH_FULL_CLIENTS (8) at once,
#                  each a new connection and a fresh handshake per request; no latency figures.
#                  The clients' CPU is the bottleneck here (a client verifies more than a server
#                  signs), so these rates measure the clients' cost per connection as much as the
#                  server's. With valgrind installed, the run ends by counting that cost: the user-space
#                  instructions one s_time client runs per full ECDSA handshake against each server
#                  (callgrind; deterministic, unlike times on a shared machine)
#   cap-ec, cap-rsa  the same load with the proxy held to BENCH_CAP_PERCENT (15) % of one CPU
#                  (a cgroup cpu quota, the same for every server), so that the server is the
#                  bottleneck: full handshakes per second at an equal CPU budget. At 25 % hotcert's
#                  ECDSA clients still ran at 91 to 97 % of their CPU, so the rate was partly theirs;
#                  at 15 % every server's stay under 65 %. Needs a writable cgroup cpu controller
#                  (v1 or v2; root); skipped with a note where there is none. They come last for a
#                  reason: run alone, at such a budget the warm-up does not get hotcert's JIT through
#                  compiling (one round of cap-ec alone at 25 %: 0.43 x Caddy, against 1.21 after
#                  the other loads)
# Each load runs on hotcert without swaps, on hotcert with a certificate swap every second (live/
# switched to the other set of the same key type, then SIGHUP; each swap then checked by a
# handshake that must get the new certificate), on Caddy and on nginx, in an order that turns
# round by round; figures are medians over the rounds (at least 3 for a verdict), as ratios to
# Caddy and to nginx. New connections count in the verdict like the rest.
# Also: the time from process start to the first HTTPS answer (hotcert after the launcher has
# built its class data sharing archive, in untimed starts before; Caddy; nginx), RSS idle (settled,
# 15 s after the first answer without traffic; hotcert's 2 s figure too), after a renewal (forced
# through the control socket against a private Pebble) and peak (VmHWM after all loads; for nginx
# master and worker together).
# CPU: the proxy under test gets one CPU to itself, the load generator and the backend share the
# other(s), so hotcert (one IO thread, as it picks for one CPU), Caddy (GOMAXPROCS 1) and nginx
# (one worker) compete on equal terms. Each run also reports the CPU used by the proxy, the load
# generator, the backend and every other process on the machine: on a shared machine req/s moves
# with the neighbours' load, so requests per proxy CPU-second are given and compared too.
#   bench/https.sh [SECONDS]       seconds per load run (default 10); the whole run takes ~110x that
#   HOTCERT_JAVA_OPTS=...          other JVM options for hotcert (as for the launcher)
#   BENCH_PROXY_CPUS, BENCH_LOAD_CPUS
#                                  CPUs (taskset lists) for the proxy under test and for the load
#                                  generators and backend; default: the first allowed CPU for the
#                                  proxy, the others for the load
#   BENCH_CONNECTIONS=50           wrk connections; BENCH_STARTS=5 cold starts of hotcert timed
#   BENCH_ROUNDS=3                 rounds; medians need at least 3
#   BENCH_MODES="h1 h1-64k h2 h2-64k new-ec new-rsa full-ec full-rsa cap-ec cap-rsa"
#                                  the loads to run, a subset for a quick check
#   BENCH_CLIENT_SUITES=browser    the order of TLS 1.3 suites the load generators offer: browser
#                                  (AES-128-GCM first, as Chrome, Firefox and Safari send them) or
#                                  openssl (OpenSSL's own order, AES-256-GCM first). Go (Caddy) takes
#                                  AES-128-GCM whatever the client prefers; BoringSSL (hotcert) and
#                                  OpenSSL (nginx) follow the client. Where the clients are the
#                                  bottleneck (full-*), the suite's cost on the client decides the rate
#   BENCH_KEEP=1                   keep the work directory (logs, raw tool output)
# The environment is passed on, so MALLOC_ARENA_MAX=2 bench/https.sh applies to hotcert.
# Its parts, sourced: bench/https/peers.sh (certificates and the servers' configurations),
# servers.sh (starting and stopping them, /proc readings), runs.sh (loads and swaps), report.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
conns=${BENCH_CONNECTIONS:-50}
starts=${BENCH_STARTS:-5}
rounds=${BENCH_ROUNDS:-3}
full_clients=${BENCH_FULL_CLIENTS:-8}
cap_percent=${BENCH_CAP_PERCENT:-15}
read -r -a modes <<< "${BENCH_MODES:-h1 h1-64k h2 h2-64k new-ec new-rsa full-ec full-rsa cap-ec cap-rsa}"
for mode in "${modes[@]}"; do
  case $mode in h1 | h1-64k | h2 | h2-64k | new-ec | new-rsa | full-ec | full-rsa | cap-ec | cap-rsa) ;;
    *) echo "bench: unknown mode $mode in BENCH_MODES" >&2; exit 2 ;; esac
done
client_suites=${BENCH_CLIENT_SUITES:-browser}
case $client_suites in browser | openssl) ;;
  *) echo "bench: BENCH_CLIENT_SUITES is browser or openssl, not $client_suites" >&2; exit 2 ;; esac
case "$secs$conns$starts$rounds$cap_percent" in *[!0-9]*) echo "usage: bench/https.sh [SECONDS]  (whole numbers)" >&2; exit 2 ;; esac
if [ "$secs" -lt 3 ] || [ "$starts" -lt 1 ] || [ "$rounds" -lt 1 ] || [ "$rounds" -gt 10 ] \
  || [ "$cap_percent" -lt 5 ] || [ "$cap_percent" -gt 100 ]; then
  echo "bench: SECONDS must be at least 3, BENCH_STARTS at least 1, BENCH_ROUNDS 1 to 10, BENCH_CAP_PERCENT 5 to 100" >&2; exit 2
fi
# shellcheck source=scripts/lib.sh
. scripts/lib.sh
# shellcheck source=bench/https/peers.sh
. bench/https/peers.sh
# shellcheck source=bench/https/servers.sh
. bench/https/servers.sh
# shellcheck source=bench/https/runs.sh
. bench/https/runs.sh
# shellcheck source=bench/https/report.sh
. bench/https/report.sh

# --- tools ---------------------------------------------------------------------------------------
need_tools wrk:wrk h2load:nghttp2-client caddy:caddy nginx:nginx-light openssl:openssl curl:curl taskset:util-linux ss:iproute2
need_java
scripts/pebble install
mvn -B -q -o package -DskipTests -Dman.skip=true > /dev/null 2>&1 || mvn -B -q package -DskipTests -Dman.skip=true
# hotcert on the runtime a board gets from scripts/install, unless HOTCERT_JAVA names a java; without
# a JDK that has jlink (exit 3), on the java on the PATH.
if [ -z "${HOTCERT_JAVA:-}" ]; then
  scripts/runtime target/hotcert.jar target/runtime > /dev/null || [ $? = 3 ] || exit 1
fi

# --- CPUs: the proxy under test on its own CPU(s), everything else on the others ------------------
allowed=$(taskset -pc $$ | sed 's/.*: //')
cpus=()
IFS=, read -r -a ranges <<< "$allowed"
for r in "${ranges[@]}"; do
  if [[ $r == *-* ]]; then for ((c = ${r%-*}; c <= ${r#*-}; c++)); do cpus+=("$c"); done; else cpus+=("$r"); fi
done
if [ ${#cpus[@]} -ge 2 ]; then
  proxy_cpus=${BENCH_PROXY_CPUS:-${cpus[0]}}
  load_cpus=${BENCH_LOAD_CPUS:-$(IFS=,; echo "${cpus[*]:1}")}
else
  proxy_cpus=${BENCH_PROXY_CPUS:-${cpus[0]}}
  load_cpus=${BENCH_LOAD_CPUS:-${cpus[0]}}
  echo "bench: only one CPU; proxy and load share it, figures are rough" >&2
fi
# This script, and so the load generators, the backend and every probe, runs on the load CPUs.
taskset -pc "$load_cpus" $$ > /dev/null
cpu_count() { local n=0 r; IFS=, read -r -a rs <<< "$1"; for r in "${rs[@]}"; do
  if [[ $r == *-* ]]; then n=$((n + ${r#*-} - ${r%-*} + 1)); else n=$((n + 1)); fi; done; echo "$n"; }
load_cpu_count=$(cpu_count "$load_cpus")

# --- work directory, processes, clean-up ---------------------------------------------------------
work=$(mktemp -d /tmp/hotcert-bench-https.XXXXXX)
# nginx's workers run as nobody when started by root; they read the backend's files and write
# their temporary files below here.
chmod 755 "$work"
cleanup() {
  local status=$?
  remove_cap
  stop_started
  scripts/pebble stop "$work/pebble" 2> /dev/null || true
  if [ "$status" != 0 ] || [ "${BENCH_KEEP:-}" = 1 ]; then echo "bench: logs and raw output kept in $work" >&2
  else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
backend_port="" hot_port="" caddy_http_port="" caddy_port="" caddy_rsa_port="" nginx_port="" nginx_rsa_port=""
free_port backend_port; free_port hot_port; free_port caddy_http_port; free_port caddy_port; free_port caddy_rsa_port
free_port nginx_port; free_port nginx_rsa_port

# --- the load generators' TLS 1.3 suites (OpenSSL reads OPENSSL_CONF in wrk, h2load and s_time) ---
client_env=()
if [ "$client_suites" = browser ]; then
  cat > "$work/client-openssl.cnf" <<'CNF'
openssl_conf = openssl_init
[openssl_init]
ssl_conf = ssl_sect
[ssl_sect]
system_default = system_default_sect
[system_default_sect]
Ciphersuites = TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_256_GCM_SHA384
CNF
  client_env=(env "OPENSSL_CONF=$work/client-openssl.cnf")
fi

# --- certificates: a throwaway CA and four leaves (two per key type), laid out as hotcert stores them
storage=$work/storage
make_certificates

# --- configurations --------------------------------------------------------------------------------
# A private Pebble, only for the renewal whose RSS is measured; the daemon finds nothing due at start.
PEBBLE_VA_NOSLEEP=1 PEBBLE_AUTHZREUSE=0 scripts/pebble start "$work/pebble" > /dev/null
export HOTCERT_CDS_DIR=$work/cds
write_configs

restore_sighup
make_cap
start_peers
time_hotcert_starts
run_all
if [[ " ${modes[*]} " == *" full-ec "* ]]; then client_cost; fi
hot_peak_kb=$(rss_kb "$hot_pid" VmHWM)
caddy_peak_kb=$(rss_kb "$caddy_pid" VmHWM)
nginx_peak_kb=$(tree_rss_kb "$nginx_pid" VmHWM)
sleep 1
swaps_sent=$(grep -c sent "$work/swaps" || true)
swaps_verified=$(grep -c verified "$work/swaps" || true)
# every SIGHUP logs one such line: the swapper's and those that set up a run's key type
swaps_logged=$(($(grep -c 'HTTPS serves reloaded live set' "$work/hotcert.log" || true) - $(grep -c reload "$work/reloads" || true)))
swaps_refused=$(grep -c 'refused' "$work/hotcert.log" || true)
stop_hotcert
error_kinds=$(grep -A1 '^ERROR' "$work/hotcert.log" | grep -v '^--' | sed 's/^ERROR *//' | paste -d' ' - - \
  | sort | uniq -c | sort -rn | head -5 || true)

report
