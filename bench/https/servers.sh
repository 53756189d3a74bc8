# The HTTPS bench's servers, sourced by bench/https.sh: starting and stopping them, and what
# /proc says about their memory and CPU.
# shellcheck shell=bash disable=SC2034,SC2154 # the globals bench/https.sh sets and reads, shared by its parts

# tree_pids PID: the process and its children (nginx's master and worker)
# shellcheck disable=SC2046 # one PID per word
tree_pids() { echo "$1" $(cat "/proc/$1/task/"*/children 2> /dev/null); }
# tree_rss_kb PID FIELD: summed over the process and its children
tree_rss_kb() { local p t=0; for p in $(tree_pids "$1"); do t=$((t + $(rss_kb "$p" "$2"))); done; echo "$t"; }
cpu_ticks() { local p t=0; for p in $(tree_pids "$1"); do t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat"))); done; echo "$t"; }
# busy jiffies of the whole machine (all CPUs; steal not counted)
machine_busy() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 }' /proc/stat; }

# checks_logged: how many start-up renewal checks hotcert's log shows done (none is due here)
checks_logged() { touch "$work/hotcert.log"; grep -c 'RenewalRunner: .*: not due' "$work/hotcert.log" || true; }
checked_since() { [ "$(checks_logged)" -gt "$1" ]; }
# start_hotcert: starts the daemon on the proxy CPUs; sets hot_pid and ready_ms. Returns once its
# start-up renewal check is done too: the first start asks the CA for renewal information and keeps
# the answer, so the later ones, whose idle RSS is read, start as a board does on most days, without
# contacting the CA.
start_hotcert() {
  local t0 checks
  checks=$(checks_logged)
  t0=$(now_ns)
  "${hup_reset[@]}" taskset -c "$proxy_cpus" scripts/hotcert --config "$work/hotcert.properties" run >> "$work/hotcert.log" 2>&1 &
  hot_pid=$!
  pids+=("$hot_pid")
  wait_https "$hot_port" "$hot_pid" "$t0" /small || return 1
  wait_for 30 "$hot_pid" checked_since "$checks"
}

# Idle RSS is read once a server has settled: $idle_after_s seconds after its first HTTPS answer,
# with no traffic. A JVM is still shedding its start then: the JIT's scratch memory goes back to
# the C heap every 5 s and the heap trim follows (hotcert: 1.1 MB between 2 and 12 s). The figure
# 2 s after the answer is kept beside it.
idle_after_s=15
# measure_hotcert_idle: sets early_kb (2 s after the answer), idle_kb and idle_anon_kb (settled)
measure_hotcert_idle() {
  sleep 2
  early_kb=$(rss_kb "$hot_pid" VmRSS)
  sleep $((idle_after_s - 2))
  idle_kb=$(rss_kb "$hot_pid" VmRSS)
  idle_anon_kb=$(rss_kb "$hot_pid" RssAnon)
}
stop_hotcert() {
  kill -TERM "$hot_pid"
  wait_exit "$hot_pid" 15 || true
  wait "$hot_pid" || { echo "bench: hotcert did not exit 0 on SIGTERM (status $?)" >&2; exit 1; }
  forget "$hot_pid"
}

# start_peers: the backend, then Caddy and nginx on the proxy CPUs; sets their pids, the time each
# took to answer HTTPS and their idle RSS
start_peers() {
  local t0
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
  sleep "$idle_after_s"
  caddy_idle_kb=$(rss_kb "$caddy_pid" VmRSS)
  nginx_idle_kb=$(tree_rss_kb "$nginx_pid" VmRSS)
}

# time_hotcert_starts: hotcert's cold starts, the last of which stays for the load, and a renewal
# through it; sets hot_pid, hotcert_java, hotcert_engine and renewed_kb, and writes $work/starts
time_hotcert_starts() {
  local i
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
    measure_hotcert_idle
    echo "$ready_ms $idle_kb $idle_anon_kb $early_kb" >> "$work/starts"
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
}

# The cap-* runs hold the proxy under test to $cap_percent % of one CPU with a cgroup's CPU quota
# (period 10 ms, so a server waits at most a few ms for its next share). cap_dir is where the
# capped processes go; where this machine lets the bench make no such cgroup, it stays empty and
# the cap-* modes leave the list of modes.
cap_dir="" cap_home=""
make_cap() {
  local quota=$((cap_percent * 100)) mode kept=()
  if [ -w /sys/fs/cgroup/cpu ] && mkdir -p /sys/fs/cgroup/cpu/hotcert-bench 2> /dev/null \
    && echo 10000 > /sys/fs/cgroup/cpu/hotcert-bench/cpu.cfs_period_us \
    && echo "$quota" > /sys/fs/cgroup/cpu/hotcert-bench/cpu.cfs_quota_us 2> /dev/null; then
    cap_dir=/sys/fs/cgroup/cpu/hotcert-bench cap_home=/sys/fs/cgroup/cpu$(awk -F: '$2 ~ /(^|,)cpu(,|$)/ { print $3 }' /proc/self/cgroup)
  elif grep -qw cpu /sys/fs/cgroup/cgroup.subtree_control 2> /dev/null && mkdir -p /sys/fs/cgroup/hotcert-bench 2> /dev/null \
    && echo "$quota 10000" > /sys/fs/cgroup/hotcert-bench/cpu.max 2> /dev/null; then
    cap_dir=/sys/fs/cgroup/hotcert-bench cap_home=/sys/fs/cgroup$(awk -F: '$1 == 0 { print $3 }' /proc/self/cgroup)
  else
    rmdir /sys/fs/cgroup/cpu/hotcert-bench /sys/fs/cgroup/hotcert-bench 2> /dev/null || true
    echo "bench: no cgroup CPU quota can be set here (needs root and a cpu controller): the cap-* runs are skipped" >&2
    for mode in "${modes[@]}"; do [[ $mode == cap-* ]] || kept+=("$mode"); done
    modes=("${kept[@]}")
  fi
}
# move_to DIR PID...: puts the processes into the cgroup DIR
move_to() { local dir=$1 p; shift; for p in "$@"; do echo "$p" > "$dir/cgroup.procs"; done; }
# cap PID / uncap PID: moves the process and its children into the capped cgroup and back
# shellcheck disable=SC2046 # one PID per word
cap() { move_to "$cap_dir" $(tree_pids "$1"); }
# shellcheck disable=SC2046
uncap() { move_to "$cap_home" $(tree_pids "$1"); }
remove_cap() {
  [ -n "$cap_dir" ] || return 0
  # shellcheck disable=SC2046
  move_to "$cap_home" $(cat "$cap_dir/cgroup.procs") 2> /dev/null || true
  rmdir "$cap_dir" 2> /dev/null || true
}
