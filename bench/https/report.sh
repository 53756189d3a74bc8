# The HTTPS bench's report, sourced by bench/https.sh: medians over the rounds, the table with
# ratios to Caddy and nginx, and the verdicts on the targets.
# shellcheck shell=bash disable=SC2034,SC2154 # the globals bench/https.sh sets and reads, shared by its parts

# report: prints everything measured, from $work/results, $work/starts, $work/swap-latency and the
# figures bench/https.sh gathered after the runs
report() {
  local start_median start_max idle_median idle_max anon_median early_median swap_errors hot_errors all_errors
  mb() { awk -v kb="$1" 'BEGIN { printf "%.1f", kb / 1024 }'; }
  median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.0f\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
  column_of_starts() { cut -d' ' -f"$1" "$work/starts"; }
  start_median=$(column_of_starts 1 | median); start_max=$(column_of_starts 1 | sort -n | tail -1)
  idle_median=$(column_of_starts 2 | median); idle_max=$(column_of_starts 2 | sort -n | tail -1)
  anon_median=$(column_of_starts 3 | median)
  early_median=$(column_of_starts 4 | median)

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
  echo "client TLS 1.3 suites: $client_suites order (BENCH_CLIENT_SUITES)"
  echo "load: wrk with $conns connections (new-*: Connection: close, a new connection per request, TLS session resumed),"
  echo "      h2load with 10 connections x 10 streams, openssl s_time -new x $full_clients (full-*: a full handshake per"
  echo "      request, no p99; cap-*: the same with the proxy held to $cap_percent % of one CPU by a cgroup quota);"
  echo "      *-64k: 64 KiB bodies, else about 70 bytes. $secs s per run, $rounds rounds:"
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
  # ratio MODE SERVER FIELD PEER: hotcert's median over the peer's (3 = req/s, 4 = p99), empty when not
  # run; to three places, so that no verdict is met by rounding
  ratio() { awk -v k="$1 $2" -v c="$1 $4" -v f="$3" '{ v[$1 " " $2] = $f }
    END { if ((k in v) && (c in v) && v[c] > 0) printf "%.3f", v[k] / v[c] }' "$work/medians"; }
  # target LABEL MODE FIELD PEER OP GOAL: one verdict line on a ratio
  target() {
    local r
    r=$(ratio "$2" hotcert "$3" "$4")
    [ -n "$r" ] || return 0
    line "$1" "$r   target $5 $6: $(verdict "$(awk -v r="$r" -v g="$6" -v op="$5" 'BEGIN { print (op == ">=" ? r >= g : r <= g) }')")"
  }
  line "hotcert start to HTTPS answering ($starts starts):" \
    "median $start_median ms, max $start_max ms   target <= 500 ms (median): $(verdict $((start_median <= 500)))"
  line "hotcert RSS idle (${idle_after_s} s after HTTPS answers):" \
    "median $(mb "$idle_median") MB (anonymous $(mb "$anon_median") MB), max $(mb "$idle_max") MB   target <= 60 MB (median): $(verdict $((idle_median <= 61440)))"
  line "hotcert RSS 2 s after HTTPS answers:" "median $(mb "$early_median") MB (still settling)"
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
  target "same, ECDSA, proxy at $cap_percent % of a CPU / Caddy:" cap-ec 3 caddy ">=" 1.0
  target "same, RSA, proxy at $cap_percent % of a CPU / Caddy:" cap-rsa 3 caddy ">=" 1.0
  target "new connections/s, ECDSA P-256 / Caddy:" new-ec 3 caddy ">=" 1.0
  target "new connections/s, RSA 2048 / Caddy:" new-rsa 3 caddy ">=" 1.0
  target "small, h1, req/s / Caddy:" h1 3 caddy ">=" 1.0
  target "small, h1, p99 / Caddy:" h1 4 caddy "<=" 1.0
  target "small, h2, req/s / Caddy:" h2 3 caddy ">=" 1.3
  [ "$rounds" -ge 3 ] || echo "(fewer than 3 rounds: the medians are not enough for a verdict)"
  if [ -s "$work/client-cost" ]; then
    echo
    echo "what a full ECDSA handshake costs the client (one openssl s_time, user-space instructions per connection,"
    echo "counted by callgrind): in all / in SSL_connect, the handshake / in SSL_read, the answer and the session tickets"
    awk '{ v[$1] = $2; line[++n] = $0 } END { for (i = 1; i <= n; i++) { split(line[i], f, " ")
      printf "  %-8s %6.3f M / %6.3f M / %6.3f M   / Caddy %.3f\n", f[1], f[2] / 1e6, f[3] / 1e6, f[4] / 1e6,
        v["caddy"] ? f[2] / v["caddy"] : 0 } }' "$work/client-cost"
  fi
}
