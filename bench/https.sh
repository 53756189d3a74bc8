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
#                  each a new connection and a fresh handshake per request; no latency figures
# Each load runs on hotcert without swaps, on hotcert with a certificate swap every second (live/
# switched to the other set of the same key type, then SIGHUP; each swap then checked by a
# handshake that must get the new certificate), on Caddy and on nginx, in an order that turns
# round by round; figures are medians over the rounds (at least 3 for a verdict), as ratios to
# Caddy and to nginx. New connections count in the verdict like the rest.
# Also: the time from process start to the first HTTPS answer (hotcert after the launcher has
# built its class data sharing archive, in untimed starts before; Caddy; nginx), RSS idle, after a
# renewal (forced through the control socket against a private Pebble) and peak (VmHWM after all
# loads; for nginx master and worker together).
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
#   BENCH_MODES="h1 h1-64k h2 h2-64k new-ec new-rsa full-ec full-rsa"
#                                  the loads to run, a subset for a quick check
#   BENCH_KEEP=1                   keep the work directory (logs, raw tool output)
# The environment is passed on, so MALLOC_ARENA_MAX=2 bench/https.sh applies to hotcert.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
conns=${BENCH_CONNECTIONS:-50}
starts=${BENCH_STARTS:-5}
rounds=${BENCH_ROUNDS:-3}
full_clients=${BENCH_FULL_CLIENTS:-8}
read -r -a modes <<< "${BENCH_MODES:-h1 h1-64k h2 h2-64k new-ec new-rsa full-ec full-rsa}"
for mode in "${modes[@]}"; do
  case $mode in h1 | h1-64k | h2 | h2-64k | new-ec | new-rsa | full-ec | full-rsa) ;;
    *) echo "bench: unknown mode $mode in BENCH_MODES" >&2; exit 2 ;; esac
done
case "$secs$conns$starts$rounds" in *[!0-9]*) echo "usage: bench/https.sh [SECONDS]  (whole numbers)" >&2; exit 2 ;; esac
if [ "$secs" -lt 3 ] || [ "$starts" -lt 1 ] || [ "$rounds" -lt 1 ] || [ "$rounds" -gt 10 ]; then
  echo "bench: SECONDS must be at least 3, BENCH_STARTS at least 1, BENCH_ROUNDS 1 to 10" >&2; exit 2
fi
# shellcheck source=scripts/lib.sh
. scripts/lib.sh

# --- tools ---------------------------------------------------------------------------------------
need_tools wrk:wrk h2load:nghttp2-client caddy:caddy nginx:nginx-light openssl:openssl curl:curl taskset:util-linux ss:iproute2
need_java
scripts/pebble install
mvn -B -q -o package -DskipTests > /dev/null 2>&1 || mvn -B -q package -DskipTests
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

# --- certificates: a throwaway CA and four leaves (two per key type), laid out as hotcert stores them
storage=$work/storage
mkdir -p "$work/ca" "$storage/archive"
openssl ecparam -name prime256v1 -genkey -noout -out "$work/ca/ca.key" 2> /dev/null
openssl req -x509 -new -key "$work/ca/ca.key" -sha256 -days 365 -subj "/CN=hotcert bench CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -out "$work/ca/ca.pem" 2> /dev/null
printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature,keyEncipherment" \
  "extendedKeyUsage=serverAuth" "subjectAltName=DNS:bench.example.test" > "$work/ca/leaf.ext"
ec_sets=(20250101T000000Z-000 20250101T000000Z-001)
rsa_sets=(20250101T000000Z-002 20250101T000000Z-003)
declare -A serial_of
for id in "${ec_sets[@]}" "${rsa_sets[@]}"; do
  d=$storage/archive/$id
  mkdir -p "$d"
  if [[ " ${rsa_sets[*]} " == *" $id "* ]]; then key_opts=(-algorithm RSA -pkeyopt rsa_keygen_bits:2048)
  else key_opts=(-algorithm EC -pkeyopt ec_paramgen_curve:P-256); fi
  (umask 077 && openssl genpkey "${key_opts[@]}" -out "$d/privkey.pem" 2> /dev/null)
  openssl req -new -key "$d/privkey.pem" -subj "/CN=bench.example.test" -out "$work/ca/$id.csr"
  openssl x509 -req -in "$work/ca/$id.csr" -CA "$work/ca/ca.pem" -CAkey "$work/ca/ca.key" -CAcreateserial \
    -days 90 -sha256 -extfile "$work/ca/leaf.ext" -out "$d/cert.pem" 2> /dev/null
  cp "$work/ca/ca.pem" "$d/chain.pem"
  cat "$d/cert.pem" "$d/chain.pem" > "$d/fullchain.pem"
  serial_of[$id]=$(openssl x509 -in "$d/cert.pem" -noout -serial | sed 's/.*=//')
done
ln -s "archive/${ec_sets[0]}" "$storage/live"

# --- configurations --------------------------------------------------------------------------------
# A private Pebble, only for the renewal whose RSS is measured; the daemon finds nothing due at start.
PEBBLE_VA_NOSLEEP=1 PEBBLE_AUTHZREUSE=0 scripts/pebble start "$work/pebble" > /dev/null
{
  scripts/pebble config "$work/pebble" bench.example.test "$storage"
  cat <<PROPS
https.address=127.0.0.1
https.port=$hot_port
https.backend=http://127.0.0.1:$backend_port
control.socket=$work/control.sock
PROPS
} > "$work/hotcert.properties"
export HOTCERT_CDS_DIR=$work/cds

small_body="hello from the bench backend, a short body of about sixty-four bytes"
mkdir -p "$work/www" "$work/nginx-backend" "$work/nginx-proxy"
head -c 65536 /dev/urandom > "$work/www/64k"
chmod -R a+rX "$work/www"
# nginx_common DIR: what both nginx instances share, up to the opening of their http block; logs
# and temporary files in DIR
nginx_common() {
  cat <<NGINX
pid $1/nginx.pid;
error_log $1/error.log warn;
worker_processes 1;
events { worker_connections 4096; }
http {
	access_log off;
	client_body_temp_path $1;
	proxy_temp_path $1;
	fastcgi_temp_path $1;
	uwsgi_temp_path $1;
	scgi_temp_path $1;
	keepalive_requests 1000000;
NGINX
}
{
  nginx_common "$work/nginx-backend"
  cat <<NGINX
	server {
		listen 127.0.0.1:$backend_port;
		location = /small { default_type text/plain; return 200 "$small_body"; }
		location = /64k { root $work/www; default_type application/octet-stream; }
	}
}
NGINX
} > "$work/backend.nginx.conf"
ec_dir=$storage/archive/${ec_sets[0]} rsa_dir=$storage/archive/${rsa_sets[0]}
# nginx as a TLS proxy as its documentation sets it up: keep-alive connections to the backend,
# the same protocols and suites hotcert offers, a session cache as in most deployments.
{
  nginx_common "$work/nginx-proxy"
  cat <<NGINX
	ssl_protocols TLSv1.2 TLSv1.3;
	ssl_ciphers ECDHE+AESGCM:ECDHE+CHACHA20;
	ssl_session_cache shared:SSL:1m;
	upstream backend { server 127.0.0.1:$backend_port; keepalive 32; }
	server {
		listen 127.0.0.1:$nginx_port ssl http2;
		ssl_certificate $ec_dir/fullchain.pem;
		ssl_certificate_key $ec_dir/privkey.pem;
		location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; }
	}
	server {
		listen 127.0.0.1:$nginx_rsa_port ssl http2;
		ssl_certificate $rsa_dir/fullchain.pem;
		ssl_certificate_key $rsa_dir/privkey.pem;
		location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; }
	}
}
NGINX
} > "$work/proxy.nginx.conf"
# Caddy never binds anything but loopback, has no admin endpoint, never touches a trust store, and
# serves the very files hotcert serves first, so both send the same chain; no site name, so no
# automatic certificate either. HTTP/3 is off, as hotcert has none.
mkdir -p "$work/caddy-home"
export HOME=$work/caddy-home XDG_DATA_HOME=$work/caddy-home/data XDG_CONFIG_HOME=$work/caddy-home/config
cat > "$work/proxy.caddyfile" <<CADDY
{
	admin off
	skip_install_trust
	auto_https disable_redirects
	http_port $caddy_http_port
	https_port $caddy_port
	default_sni bench.example.test
	servers {
		protocols h1 h2
	}
}
https://:$caddy_port {
	bind 127.0.0.1
	tls $ec_dir/fullchain.pem $ec_dir/privkey.pem
	reverse_proxy 127.0.0.1:$backend_port
}
https://:$caddy_rsa_port {
	bind 127.0.0.1
	tls $rsa_dir/fullchain.pem $rsa_dir/privkey.pem
	reverse_proxy 127.0.0.1:$backend_port
}
CADDY

# tree_pids PID: the process and its children (nginx's master and worker)
# shellcheck disable=SC2046 # one PID per word
tree_pids() { echo "$1" $(cat "/proc/$1/task/"*/children 2> /dev/null); }
# tree_rss_kb PID FIELD: summed over the process and its children
tree_rss_kb() { local p t=0; for p in $(tree_pids "$1"); do t=$((t + $(rss_kb "$p" "$2"))); done; echo "$t"; }
cpu_ticks() { local p t=0; for p in $(tree_pids "$1"); do t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat"))); done; echo "$t"; }
# busy jiffies of the whole machine (all CPUs; steal not counted)
machine_busy() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }

restore_sighup

# start_hotcert: starts the daemon on the proxy CPUs; sets hot_pid, ready_ms, idle_kb
start_hotcert() {
  local t0
  t0=$(now_ns)
  "${hup_reset[@]}" taskset -c "$proxy_cpus" scripts/hotcert --config "$work/hotcert.properties" run >> "$work/hotcert.log" 2>&1 &
  hot_pid=$!
  pids+=("$hot_pid")
  wait_https "$hot_port" "$hot_pid" "$t0" /small || return 1
  sleep 2
  idle_kb=$(rss_kb "$hot_pid" VmRSS)
  idle_anon_kb=$(rss_kb "$hot_pid" RssAnon)
}
stop_hotcert() {
  kill -TERM "$hot_pid"
  wait_exit "$hot_pid" 15 || true
  wait "$hot_pid" || { echo "bench: hotcert did not exit 0 on SIGTERM (status $?)" >&2; exit 1; }
  forget "$hot_pid"
}

# --- start: backend, Caddy, nginx, then hotcert's cold starts (the last one stays for the load) ---
nginx -c "$work/backend.nginx.conf" -g 'daemon off;' > "$work/backend.log" 2>&1 &
backend_pid=$!
pids+=("$backend_pid")
wait_200 "http://127.0.0.1:$backend_port/64k" "$backend_pid" "$(now_ns)" \
  || { echo "bench: the backend did not start, see $work/backend.log" >&2; exit 1; }

t0=$(now_ns)
taskset -c "$proxy_cpus" caddy run --config "$work/proxy.caddyfile" --adapter caddyfile > "$work/caddy.log" 2>&1 &
caddy_pid=$!
pids+=("$caddy_pid")
wait_https "$caddy_port" "$caddy_pid" "$t0" /small || { echo "bench: Caddy did not start, see $work/caddy.log" >&2; exit 1; }
caddy_ready_ms=$ready_ms
t0=$(now_ns)
taskset -c "$proxy_cpus" nginx -c "$work/proxy.nginx.conf" -g 'daemon off;' > "$work/nginx.log" 2>&1 &
nginx_pid=$!
pids+=("$nginx_pid")
wait_https "$nginx_port" "$nginx_pid" "$t0" /small || { echo "bench: nginx did not start, see $work/nginx.log" >&2; exit 1; }
nginx_ready_ms=$ready_ms
sleep 2
caddy_idle_kb=$(rss_kb "$caddy_pid" VmRSS)
nginx_idle_kb=$(tree_rss_kb "$nginx_pid" VmRSS)

# Untimed starts until the launcher has built its class data sharing archive (the second start of
# a new jar records the classes, the third builds it), so the timed ones are those of a board.
for i in 1 2 3 4; do
  compgen -G "$HOTCERT_CDS_DIR/hotcert-*jsa" > /dev/null && break
  start_hotcert || { echo "bench: hotcert did not start, see $work/hotcert.log" >&2; exit 1; }
  stop_hotcert
done
compgen -G "$HOTCERT_CDS_DIR/hotcert-*jsa" > /dev/null \
  || echo "bench: the launcher built no class data sharing archive (see $HOTCERT_CDS_DIR/dump.log); starts are timed without" >&2
: > "$work/starts"
for i in $(seq 1 "$starts"); do
  start_hotcert || { echo "bench: hotcert did not start, see $work/hotcert.log" >&2; exit 1; }
  echo "$ready_ms $idle_kb $idle_anon_kb" >> "$work/starts"
  [ "$i" = "$starts" ] || stop_hotcert
done
# The java the launcher chose, as the kernel saw it start, and the TLS engine it serves on.
hotcert_java=$(readlink "/proc/$hot_pid/exe")
hotcert_engine=$(sed -n 's/.*HTTPS on .*(TLS 1.3\/1.2 on the \([a-z]*\) engine.*/\1/p' "$work/hotcert.log" | tail -1)
grep -q 'HTTPS serves live set' "$work/hotcert.log" \
  || { echo "bench: hotcert does not serve the prepared live set, see $work/hotcert.log" >&2; exit 1; }
# A renewal through the daemon, as a board does one every two months: the ACME client stays loaded.
scripts/hotcert --config "$work/hotcert.properties" renew --force > "$work/renew.log" 2>&1 \
  || { echo "bench: renew --force through the daemon failed, see $work/renew.log" >&2; exit 1; }
sleep 2
renewed_kb=$(rss_kb "$hot_pid" VmRSS)

# --- load runs -------------------------------------------------------------------------------------
# the key type a mode's handshakes use: RSA only for new-rsa and full-rsa
rsa_mode() { [[ $1 == *-rsa ]]; }
url_of() {
  local server=$1 mode=$2 path=/small port
  case $mode in *64k) path=/64k ;; esac
  case $server in
    caddy) if rsa_mode "$mode"; then port=$caddy_rsa_port; else port=$caddy_port; fi ;;
    nginx) if rsa_mode "$mode"; then port=$nginx_rsa_port; else port=$nginx_port; fi ;;
    *) port=$hot_port ;;
  esac
  echo "https://127.0.0.1:$port$path"
}
pid_of() { case $1 in caddy) echo "$caddy_pid" ;; nginx) echo "$nginx_pid" ;; *) echo "$hot_pid" ;; esac; }

# load MODE URL SECONDS OUT: one run of the load generator for MODE
load() {
  local mode=$1 url=$2 s=$3 out=$4 TIMEFORMAT='%U %S'
  # bash's time: the load generator's own CPU seconds (user, system) into OUT.cpu
  case $mode in
    h1 | h1-64k) { time wrk -t "$load_cpu_count" -c "$conns" -d "${s}s" --latency "$url" > "$out" 2>&1; } 2> "$out.cpu" ;;
    new-*) { time wrk -t "$load_cpu_count" -c "$conns" -d "${s}s" --latency -H "Connection: close" "$url" \
      > "$out" 2>&1; } 2> "$out.cpu" ;;
    h2 | h2-64k) { time h2load -t "$load_cpu_count" -c 10 -m 10 -D "$s" --log-file="$out.requests" "$url" > "$out" 2>&1; } 2> "$out.cpu" ;;
    full-*)
      local address=${url#https://} i clients=()
      { time {
        for i in $(seq 1 "$full_clients"); do
          { openssl s_time -connect "${address%%/*}" -new -time "$s" -www "/${address#*/}" || echo "s_time failed: $?"; } \
            > "$out.$i" 2>&1 &
          clients+=($!)
        done
        # only these: a bare wait would wait for the servers too
        wait "${clients[@]}"
      }; } 2> "$out.cpu"
      cat "$out".[0-9]* > "$out" ;;
  esac
}

served_serial() {
  openssl s_client -connect "127.0.0.1:$hot_port" -servername bench.example.test -CAfile "$work/ca/ca.pem" \
    -verify_return_error < /dev/null 2> /dev/null | openssl x509 -noout -serial 2> /dev/null | sed 's/.*=//'
}

# serve SET: switches live/ to SET and reloads hotcert, then waits (up to 5 s) until a handshake gets it
serve() {
  local k
  ln -s "archive/$1" "$storage/live.tmp" && mv -T "$storage/live.tmp" "$storage/live"
  kill -HUP "$hot_pid"
  echo reload >> "$work/reloads"
  for k in $(seq 1 50); do [ "$(served_serial || true)" = "${serial_of[$1]}" ] && return 0; sleep 0.1; done
  echo "bench: hotcert did not serve set $1 within 5 s after SIGHUP, see $work/hotcert.log" >&2
  exit 1
}

# swapper SECONDS FILE SET SET: a swap every second between the two sets, half a second into each
# second of the run; each one is then checked with a handshake that must get the new set's
# certificate (retried for 0.5 s)
swapper() {
  local s=$1 times=$2 a=$3 b=$4 t0 i next k got
  t0=$(now_ns)
  for i in $(seq 1 "$s"); do
    sleep_until $((t0 + i * 1000000000 - 500000000))
    if [ "$(readlink "$storage/live")" = "archive/$a" ]; then next=$b; else next=$a; fi
    ln -s "archive/$next" "$storage/live.tmp" && mv -T "$storage/live.tmp" "$storage/live"
    kill -HUP "$hot_pid"
    now_ns >> "$times"
    echo sent >> "$work/swaps"
    for k in 1 2 3 4 5; do
      got=$(served_serial || true)
      [ "$got" = "${serial_of[$next]}" ] && { echo verified >> "$work/swaps"; break; }
      sleep 0.1
    done
  done
}

: > "$work/results"
: > "$work/swaps"
: > "$work/reloads"
: > "$work/swap-latency"
# run ROUND MODE SERVER SECONDS: SERVER is hotcert, hotcert+swap, caddy or nginx; appends to results
run() {
  local round=$1 mode=$2 server=$3 s=$4 target=${3%+swap} pid out log pattern swapper_pid=""
  local c0 c1 b0 b1 m0 m1 e0 e1 w0 w1 hz
  pid=$(pid_of "$target")
  out=$work/raw.$round.$mode.$server
  case $target in
    caddy) log=$work/caddy.log pattern='"level":"error"' ;;
    nginx) log=$work/nginx-proxy/error.log pattern='\[error\]\|\[crit\]\|\[alert\]' ;;
    *) log=$work/hotcert.log pattern='^ERROR' ;;
  esac
  touch "$log"
  if [ "$target" = hotcert ]; then
    if rsa_mode "$mode"; then serve "${rsa_sets[0]}"; else serve "${ec_sets[0]}"; fi
  fi
  e0=$(grep -c "$pattern" "$log" || true)
  w0=$(now_ns); c0=$(cpu_ticks "$pid"); b0=$(cpu_ticks "$backend_pid"); m0=$(machine_busy)
  if [ "$server" = hotcert+swap ]; then
    if rsa_mode "$mode"; then swapper "$s" "$out.swaps" "${rsa_sets[@]}" & else swapper "$s" "$out.swaps" "${ec_sets[@]}" & fi
    swapper_pid=$!
  fi
  load "$mode" "$(url_of "$target" "$mode")" "$s" "$out"
  c1=$(cpu_ticks "$pid"); b1=$(cpu_ticks "$backend_pid"); m1=$(machine_busy); w1=$(now_ns)
  if [ -n "$swapper_pid" ]; then wait "$swapper_pid"; fi
  kill -0 "$pid" 2> /dev/null || { echo "bench: $target died during the $mode run" >&2; exit 1; }
  e1=$(grep -c "$pattern" "$log" || true)
  [ "$round" = warm-up ] && return 0
  read -r rps p99 reqs sockerr non2xx <<< "$(load_figures "$mode" "$out" "$s")"
  [ -n "$rps" ] || { echo "bench: no result from $out:" >&2; cat "$out" >&2; exit 1; }
  # CPU as % of one core over the run: the proxy, the load generator, the backend, and everything
  # else on the machine (other processes: how noisy the run was)
  hz=$(getconf CLK_TCK)
  read -r cpu gen backend other <<< "$(awk -v p=$((c1 - c0)) -v b=$((b1 - b0)) -v m=$((m1 - m0)) -v hz="$hz" \
    -v sec=$(((w1 - w0) / 1000000)) -v g="$(cat "$out.cpu")" 'BEGIN {
      split(g, u, " "); sec /= 1000; gj = (u[1] + u[2]) * hz; o = m - p - b - gj; if (o < 0) o = 0
      printf "%.0f %.0f %.0f %.0f", 100 * p / hz / sec, 100 * gj / hz / sec, 100 * b / hz / sec, 100 * o / hz / sec }')"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$mode" "$server" "$rps" "$p99" "$reqs" "$sockerr" \
    "$non2xx" "$cpu" "$gen" "$backend" "$other" $((e1 - e0)) >> "$work/results"
  printf '  round %s  %-7s %-12s %9.1f req/s  p99 %7.2f ms  %7d requests  errors: socket %d, non-2xx %d, logged %d  CPU%%: proxy %s, load generator %s, backend %s, others %s\n' \
    "$round" "$mode" "$server" "$rps" "$p99" "$reqs" "$sockerr" "$non2xx" $((e1 - e0)) "$cpu" "$gen" "$backend" "$other"
  if [ "$server" = hotcert+swap ] && [[ $mode == h2* ]]; then swap_latency "$out" >> "$work/swap-latency"; fi
}

# swap_latency OUT: p99 of the h2 requests that started within 250 ms after a swap, and of the others
swap_latency() {
  awk -F'\t' '
    FNR == NR { t[++n] = int($1 / 1000); next }
    { near = 0; for (i = 1; i <= n; i++) if ($1 >= t[i] && $1 < t[i] + 250000) { near = 1; break }
      print near, $3 }' "$1.swaps" "$1.requests" > "$1.near"
  local tag
  for tag in 1 0; do
    awk -v tag="$tag" '$1 == tag { print $2 }' "$1.near" | sort -n \
      | awk '{ v[NR] = $1 } END { i = int(NR * 0.99); if (i < 1) i = 1; printf "%d %.2f ", NR, NR ? v[i] / 1000 : 0 }'
  done
  echo
}

servers=(hotcert hotcert+swap caddy nginx)
echo "bench: hotcert on the $hotcert_engine TLS engine, JVM options: ${HOTCERT_JAVA_OPTS:-(launcher defaults)}; proxy on CPU $proxy_cpus, load and backend on CPU $load_cpus"
warm=$(((secs + 2) / 3))
echo "bench: warm-up, ${warm} s per mode and server"
for mode in "${modes[@]}"; do
  for server in hotcert caddy nginx; do run warm-up "$mode" "$server" "$warm"; done
done
: > "$work/swaps"
for round in $(seq 1 "$rounds"); do
  echo "bench: round $round, ${secs} s per run"
  for mode in "${modes[@]}"; do
    # the order turns by one server each round, so none is always first or last
    for k in 0 1 2 3; do run "$round" "$mode" "${servers[$(((k + round - 1) % 4))]}" "$secs"; done
  done
done
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

# --- report ----------------------------------------------------------------------------------------
mb() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.0f\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
column_of_starts() { cut -d' ' -f"$1" "$work/starts"; }
start_median=$(column_of_starts 1 | median); start_max=$(column_of_starts 1 | sort -n | tail -1)
idle_median=$(column_of_starts 2 | median); idle_max=$(column_of_starts 2 | sort -n | tail -1)
anon_median=$(column_of_starts 3 | median)

# medians over the rounds per mode and server: "mode server rps p99 cpu reqs sockerr non2xx errlog gen bk oth per-round"
awk -F'\t' '
  function med(list,   v, n, i, j, t) { n = split(list, v, " ")
    for (i = 2; i <= n; i++) for (j = i; j > 1 && v[j - 1] + 0 > v[j] + 0; j--) { t = v[j]; v[j] = v[j - 1]; v[j - 1] = t }
    return n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2 }
  { k = $2 " " $3; if (!(k in rps)) order[++n] = k
    rps[k] = rps[k] " " $4; p99[k] = p99[k] " " $5; cpu[k] = cpu[k] " " $9; gen[k] = gen[k] " " $10; bk[k] = bk[k] " " $11
    ot[k] = ot[k] " " $12; reqs[k] += $6; se[k] += $7; nx[k] += $8; el[k] += $13; r[k] = r[k] (r[k] == "" ? "" : "/") sprintf("%.0f", $4) }
  END { for (i = 1; i <= n; i++) { k = order[i]
    printf "%s %.1f %.2f %.0f %d %d %d %d %.0f %.0f %.0f %s\n", k, med(rps[k]), med(p99[k]), med(cpu[k]), reqs[k], se[k], nx[k],
      el[k], med(gen[k]), med(bk[k]), med(ot[k]), r[k] } }' "$work/results" > "$work/medians"

echo
echo "hotcert Java: $hotcert_java; TLS engine: $hotcert_engine; JVM options: ${HOTCERT_JAVA_OPTS:-launcher defaults}${MALLOC_ARENA_MAX:+; MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX}"
echo "CPUs: hotcert, Caddy and nginx on CPU $proxy_cpus (one at a time under load); wrk, h2load and the backend on CPU $load_cpus"
echo "load: wrk with $conns connections (new-*: Connection: close, a new connection per request, TLS session resumed),"
echo "      h2load with 10 connections x 10 streams, openssl s_time -new x $full_clients (full-*: a full handshake per"
echo "      request, no p99); *-64k: 64 KiB bodies, else about 70 bytes. $secs s per run, $rounds rounds:"
echo "      req/s, p99 and CPU are medians over the rounds, counts are sums. p99 for h2 from h2load's per-request log."
echo "      CPU% = the proxy (all threads/processes), gen% = wrk or h2load, bk% = the backend, oth% = all other"
echo "      processes on the machine, each in % of one core. req/CPU-s = req/s per second of proxy CPU."
echo
awk '
  { k = $1 " " $2; rps[k] = $3; p99[k] = $4; cpu[k] = $5; line[++n] = $0 }
  END {
    printf "%-7s %-12s %8s %20s %7s %5s %8s %7s %7s %6s %4s %4s %4s %9s | %6s %6s %6s %6s\n", "mode", "server", "req/s",
      "per round", "p99 ms", "CPU%", "requests", "sockerr", "non-2xx", "errlog", "gen%", "bk%", "oth%", "req/CPU-s",
      "/Caddy", "/nginx", "p99/C", "eff/C"
    for (i = 1; i <= n; i++) { split(line[i], f, " "); k = f[1] " " f[2]; c = f[1] " caddy"; x = f[1] " nginx"
      eff = f[5] ? f[3] / (f[5] / 100) : 0; ceff = cpu[c] ? rps[c] / (cpu[c] / 100) : 0
      printf "%-7s %-12s %8.0f %20s %7.2f %5.0f %8d %7d %7d %6d %4.0f %4.0f %4.0f %9.0f | %6.2f %6.2f %6.2f %6.2f\n", f[1], f[2], f[3],
        f[13], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12], eff, rps[c] ? f[3] / rps[c] : 0,
        rps[x] ? f[3] / rps[x] : 0, p99[c] ? f[4] / p99[c] : 0, ceff ? eff / ceff : 0 } }' "$work/medians"
echo "(errlog: ERROR lines hotcert logged, or error-level lines Caddy or nginx logged, during the run)"
if [ -n "$error_kinds" ]; then echo "hotcert's ERROR lines, by message and the exception that follows:"; echo "$error_kinds"; fi
echo
swap_errors=$(awk -F'\t' '$3 == "hotcert+swap" { e += $7 + $8 } END { print e + 0 }' "$work/results")
hot_errors=$(awk -F'\t' '$3 ~ /^hotcert/ { e += $7 + $8 } END { print e + 0 }' "$work/results")
all_errors=$(awk -F'\t' '{ e += $7 + $8 } END { print e + 0 }' "$work/results")
verdict() { if [ "$1" = 1 ]; then echo "met"; else echo "NOT MET"; fi; }
line() { printf '%-46s %s\n' "$1" "$2"; }
# ratio MODE SERVER FIELD PEER: hotcert's median over the peer's (3 = req/s, 4 = p99), empty when not run
ratio() { awk -v k="$1 $2" -v c="$1 $4" -v f="$3" '{ v[$1 " " $2] = $f }
  END { if ((k in v) && (c in v) && v[c] > 0) printf "%.2f", v[k] / v[c] }' "$work/medians"; }
# target LABEL MODE FIELD PEER OP GOAL: one verdict line on a ratio
target() {
  local r
  r=$(ratio "$2" hotcert "$3" "$4")
  [ -n "$r" ] || return 0
  line "$1" "$r   target $5 $6: $(verdict "$(awk -v r="$r" -v g="$6" -v op="$5" 'BEGIN { print (op == ">=" ? r >= g : r <= g) }')")"
}
line "hotcert start to HTTPS answering ($starts starts):" \
  "median $start_median ms, max $start_max ms   target <= 500 ms (median): $(verdict $((start_median <= 500)))"
line "hotcert RSS idle (2 s after HTTPS answers):" \
  "median $(mb "$idle_median") MB (anonymous $(mb "$anon_median") MB), max $(mb "$idle_max") MB   target <= 60 MB (median): $(verdict $((idle_median <= 61440)))"
line "hotcert RSS 2 s after a renewal:" "$(mb "$renewed_kb") MB"
line "hotcert RSS peak (VmHWM after all load):" "$(mb "$hot_peak_kb") MB   target <= 90 MB: $(verdict $((hot_peak_kb <= 92160)))"
line "Caddy start to HTTPS, RSS idle, RSS peak:" "$caddy_ready_ms ms, $(mb "$caddy_idle_kb") MB, $(mb "$caddy_peak_kb") MB"
line "nginx start to HTTPS, RSS idle, RSS peak:" "$nginx_ready_ms ms, $(mb "$nginx_idle_kb") MB, $(mb "$nginx_peak_kb") MB (master and worker)"
line "swaps:" "$swaps_sent sent, $swaps_logged logged as served, $swaps_refused refused, $swaps_verified checked by a handshake"
while read -r near p99_near other p99_other; do
  line "h2 p99 within 250 ms after a swap:" "$p99_near ms ($near requests); other requests of the run $p99_other ms ($other)"
done < "$work/swap-latency"
line "failed requests across the swap runs:" \
  "$swap_errors   target 0: $(verdict $((swap_errors == 0 && swaps_refused == 0 && swaps_logged == swaps_sent && swaps_verified == swaps_sent)))"
line "failed requests, hotcert (all runs):" "$hot_errors   target 0: $(verdict $((hot_errors == 0)))"
line "failed requests, all servers:" "$all_errors"
target "64 KiB, h1, req/s / Caddy:" h1-64k 3 caddy ">=" 1.0
target "64 KiB, h2, req/s / Caddy:" h2-64k 3 caddy ">=" 1.0
target "64 KiB, h1, req/s / nginx (stretch):" h1-64k 3 nginx ">=" 0.8
target "64 KiB, h2, req/s / nginx (stretch):" h2-64k 3 nginx ">=" 0.8
target "full handshakes/s, ECDSA P-256 / Caddy:" full-ec 3 caddy ">=" 1.0
target "full handshakes/s, RSA 2048 / Caddy:" full-rsa 3 caddy ">=" 1.0
target "new connections/s, ECDSA P-256 / Caddy:" new-ec 3 caddy ">=" 1.0
target "new connections/s, RSA 2048 / Caddy:" new-rsa 3 caddy ">=" 1.0
target "small, h1, req/s / Caddy:" h1 3 caddy ">=" 1.0
target "small, h1, p99 / Caddy:" h1 4 caddy "<=" 1.0
target "small, h2, req/s / Caddy:" h2 3 caddy ">=" 1.3
[ "$rounds" -ge 3 ] || echo "(fewer than 3 rounds: the medians are not enough for a verdict)"
