# The HTTPS bench's load runs, sourced by bench/https.sh: the load generators, the certificate
# swaps during a run, and the warm-up and rounds over every mode and server.
# shellcheck shell=bash disable=SC2034,SC2154 # the globals bench/https.sh sets and reads, shared by its parts

# the key type a mode's handshakes use: RSA only for new-rsa, full-rsa and cap-rsa
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

# page_status ADDRESS PATH: the status line that the request s_time sends (HTTP/1.0, no Host) gets
page_status() {
  printf 'GET %s HTTP/1.0\r\n\r\n' "$2" | "${client_env[@]}" openssl s_client -connect "$1" -quiet 2> /dev/null \
    | head -1 | tr -d '\r'
}

# s_time URL SECONDS [COMMAND...]: one openssl s_time client making a new connection and a full
# handshake for each GET of URL, for SECONDS; run under COMMAND (a profiler) when given
s_time() {
  local address=${1#https://} s=$2
  shift 2
  "${client_env[@]}" "$@" openssl s_time -connect "${address%%/*}" -new -time "$s" -www "/${address#*/}"
}

# load MODE URL SECONDS OUT: one run of the load generator for MODE
load() {
  local mode=$1 url=$2 s=$3 out=$4 TIMEFORMAT='%U %S %R'
  # bash's time: the load generator's own CPU seconds (user, system) and its wall seconds into OUT.cpu
  case $mode in
    h1 | h1-64k) { time "${client_env[@]}" wrk -t "$load_cpu_count" -c "$conns" -d "${s}s" --latency "$url" > "$out" 2>&1; } 2> "$out.cpu" ;;
    new-*) { time "${client_env[@]}" wrk -t "$load_cpu_count" -c "$conns" -d "${s}s" --latency -H "Connection: close" "$url" \
      > "$out" 2>&1; } 2> "$out.cpu" ;;
    h2 | h2-64k) { time "${client_env[@]}" h2load -t "$load_cpu_count" -c 10 -m 10 -D "$s" --log-file="$out.requests" "$url" > "$out" 2>&1; } 2> "$out.cpu" ;;
    full-* | cap-*)
      local address=${url#https://} i clients=()
      # s_time counts connections, not answers: its request is sent once more to see the status
      echo "status: $(page_status "${address%%/*}" "/${address#*/}")" > "$out.status"
      { time {
        for i in $(seq 1 "$full_clients"); do
          { s_time "$url" "$s" || echo "s_time failed: $?"; } \
            > "$out.$i" 2>&1 &
          clients+=($!)
        done
        # only these: a bare wait would wait for the servers too
        wait "${clients[@]}"
      }; } 2> "$out.cpu"
      cat "$out".[0-9]* "$out.status" > "$out"
      echo "elapsed: $(cut -d' ' -f3 "$out.cpu")" >> "$out" ;;
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
  # s_time stops once the clock's whole second has passed its start's second plus SECONDS, so its
  # run lasts from SECONDS to SECONDS + 1 s, by when in a second it starts (measured: 5 to 12 %
  # fewer connections for whichever server came first after new-rsa). Its clients start just after a
  # second begins, and their rate is taken over the time they really ran (load_figures).
  if [[ $mode == full-* || $mode == cap-* ]]; then sleep_until $((($(now_ns) / 1000000000 + 1) * 1000000000 + 20000000)); fi
  w0=$(now_ns); c0=$(cpu_ticks "$pid"); b0=$(cpu_ticks "$backend_pid"); m0=$(machine_busy)
  if [ "$server" = hotcert+swap ]; then
    if rsa_mode "$mode"; then swapper "$s" "$out.swaps" "${rsa_sets[@]}" & else swapper "$s" "$out.swaps" "${ec_sets[@]}" & fi
    swapper_pid=$!
  fi
  if [[ $mode == cap-* ]]; then cap "$pid"; fi
  load "$mode" "$(url_of "$target" "$mode")" "$s" "$out"
  if [[ $mode == cap-* ]]; then uncap "$pid"; fi
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

# run_all: the warm-up, then the rounds; the order of the servers turns round by round
run_all() {
  local servers warm mode server round k
  : > "$work/results"
  : > "$work/swaps"
  : > "$work/reloads"
  : > "$work/swap-latency"
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
}

# client_cost: where the clients are the bottleneck (full-*), a rate tells what a connection costs
# the clients as much as what it costs the server. This counts the first: the user-space
# instructions one s_time client runs per full ECDSA handshake against each server, in all, in
# SSL_connect (the handshake) and in SSL_read (the answer, and the session tickets a TLS 1.3
# server sends after the handshake). Counted by callgrind, which does not move with the machine's
# load as times do; per connection as the difference between a 6 s and a 2 s run, so that the
# client's start drops out. Writes "server instructions connect read" lines to $work/client-cost.
client_cost() {
  local target s out conns=() total=() connect=() reads=()
  : > "$work/client-cost"
  if ! command -v valgrind > /dev/null || ! command -v callgrind_annotate > /dev/null; then
    echo "bench: no valgrind: the clients' instructions per handshake are not counted" >&2
    return 0
  fi
  echo "bench: counting the s_time client's instructions per full ECDSA handshake (callgrind)"
  serve "${ec_sets[0]}"
  for target in hotcert caddy nginx; do
    for s in 2 6; do
      out=$work/callgrind.$target.$s
      s_time "$(url_of "$target" full-ec)" "$s" valgrind --tool=callgrind --callgrind-out-file="$out" > "$out.txt" 2> "$out.log"
      conns[s]=$(awk '/connections in .* real seconds/ { print $1 }' "$out.txt")
      total[s]=$(awk '/^summary:/ { print $2 }' "$out")
      read -r connect[s] reads[s] <<< "$(callgrind_annotate --inclusive=yes "$out" 2> /dev/null | tr -d , \
        | awk '/:SSL_connect \[/ { c = $1 } /:SSL_read \[/ { r = $1 } END { print c + 0, r + 0 }')"
    done
    awk -v t="$target" -v n="$((conns[6] - conns[2]))" -v i="$((total[6] - total[2]))" \
      -v c="$((connect[6] - connect[2]))" -v r="$((reads[6] - reads[2]))" \
      'BEGIN { if (n > 0) printf "%s %.0f %.0f %.0f\n", t, i / n, c / n, r / n }' >> "$work/client-cost"
  done
}
