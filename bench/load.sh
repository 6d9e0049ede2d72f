#!/usr/bin/env bash
# The load benchmark: builds Roster, seeds a fresh database, drives the scenarios IdPs produce with wrk
# over loopback, and prints a Markdown table (also written to bench/RESULTS-latest.md, or RESULTS-scaling.md
# for --scaling; bench/RESULTS.md is the curated record).
#
#   bench/load.sh                          # SQLite, 100,000 users, a group of 100,000 members
#   bench/load.sh --users 1000000          # a million users
#   bench/load.sh --postgres URL           # PostgreSQL (an empty database; the run creates its own schema)
#   bench/load.sh --scaling                # lookup, read and member add at 10,000 vs 1,000,000 users
#   bench/load.sh --compare URL --token T  # Roster and another SCIM server side by side, same scenarios, one run
#   options: --duration 10s  --warmup 5s  --threads 2  --connections 16  --rounds 3
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
users=100000
big=100000
duration=10s
threads=2
connections=16
postgres=""
compare=""
compare_token=""
scaling=0
warmup=5s
rounds=3
while [ $# -gt 0 ]; do
  case "$1" in
    --users) users="$2"; shift 2 ;;
    --big-group) big="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --postgres) postgres="$2"; shift 2 ;;
    --compare) compare="$2"; shift 2 ;;
    --token) compare_token="$2"; shift 2 ;;
    --scaling) scaling=1; shift ;;
    --warmup) warmup="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "load.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
[ "$big" -le "$users" ] || big="$users"
if [ -n "$postgres" ]; then
  # psql makes and drops the run's schemas with the same URL: a pgjdbc-only parameter would make it fail, and the
  # schemas would be left behind.
  case "$postgres" in
    *currentSchema=*) echo "load.sh: --postgres takes the database's URL without currentSchema: each run makes schemas of its own, and drops them" >&2; exit 2 ;;
  esac
  psql "${postgres#jdbc:}" -qc 'SELECT 1' >/dev/null 2>&1 \
    || { echo "load.sh: psql cannot connect to ${postgres#jdbc:}; it makes and drops the run's schemas" >&2; exit 2; }
fi

if ! command -v wrk >/dev/null 2>&1; then
  echo "load.sh: installing wrk from Debian's packages" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
  else sudo apt-get install -y -qq wrk >/dev/null; fi
fi

echo "load.sh: building" >&2
(cd "$root" && mvn -B -q -DskipTests package) >&2
jar="$root/server/target/roster.jar"
benchjar="$root/bench/target/benchmarks.jar"
work="$(mktemp -d)"
token="bench-token-$(date +%s)-$RANDOM$RANDOM"
port=$((20000 + RANDOM % 20000))
export BENCH_LUA="$here/lua" BENCH_TOKEN="$token" BENCH_RUN="$(date +%s)" BENCH_THREADS="$threads" BENCH_WALKED="$work/walked"
server_pid=""
all_pids=""
schemas=""
cleanup() {
  for p in $all_pids; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done || true
  # The PostgreSQL schemas a run made are dropped with it, as the SQLite files are.
  for s in $schemas; do psql "${postgres#jdbc:}" -qc "DROP SCHEMA $s CASCADE" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# CPU ticks (user + system) the Roster server has used so far; 0 when it is not running here.
server_ticks() {
  [ -n "$server_pid" ] || { echo 0; return; }
  sed 's/.*) //' "/proc/$server_pid/stat" 2>/dev/null | awk '{ print $12 + $13 }'
}

# Runs one wrk scenario; prints "rps p50 p99 errors cpu", cpu being the server's CPU time per request in
# µs (all its threads, kernel time included): unlike requests/s it does not depend on how much of the
# shared cores wrk took.
scenario() {
  local url="$1" script="$2" before after result
  before=$(server_ticks)
  result=$(wrk -t"$threads" -c"$connections" -d"$duration" --latency -s "$here/lua/$script" "$url" 2>&1 \
    | sed -n 's/^RESULT rps=\([^ ]*\) p50=\([^ ]*\) p99=\([^ ]*\) errors=\([^ ]*\) requests=\([^ ]*\).*/\1 \2 \3 \4 \5/p')
  after=$(server_ticks)
  echo "$result" | awk -v a="$before" -v b="$after" -v t="$(getconf CLK_TCK)" -v here="$server_pid" \
    '{ cpu = (here != "" && $5 > 0) ? sprintf("%.0f", (b - a) / t * 1e6 / $5) : "—"; print $1, $2, $3, $4, cpu }'
}

# Every write request changes something, as an IdP's do: a PATCH that finds nothing to change is far cheaper
# and would flatter the table. So the write scenarios walk the users instead of drawing them at random (see
# common.lua's walk), and these remember, per group and per wrk thread, where each walk stands:
declare -A walk_at members_end removed_from

# Runs write scenario $2 against $1 and sets write_result to its "rps p50 p99 errors cpu". For the member
# changes, $3 names the group (a key of groups.txt; its seeded members are the first $4 users of $5):
# - deactivate walks on from where its last run stopped, and sets users back on its next pass;
# - member_remove walks the group's members from where its last run stopped;
# - member_add takes back exactly what a member_remove just before it removed; without one, it walks the
#   users after the group's members. A walk that reaches its end stops (its requests/s is then timed by
#   the walk's own length, not -d).
write_run() {
  local url="$1" s="$2" group="${3:-big}" members="${4:-0}" n="${5:-0}" key="$BENCH_DIR/${3:-big}" from until
  case "$s" in
    deactivate) from=${walk_at[deactivate-$BENCH_DIR]:-0}; until="" ;;
    member_remove) from=${walk_at[remove-$key]:-0}; until=${members_end[$key]:-$members}
      # At the end of the members, and every removal taken back since: start again from the first.
      if [ -z "${removed_from[$key]:-}" ] && ! awk -v f="$from" -v u="$until" 'BEGIN { n = split(f, a, ","); m = split(u, b, ",")
          for (i = 1; i <= n; i++) if (a[i] + 0 < (m > 1 ? b[i] : b[1]) + 0) exit 0; exit 1 }'; then from=0; fi ;;
    member_add)
      if [ -n "${removed_from[$key]:-}" ]; then from=${removed_from[$key]}; until=${walk_at[remove-$key]}
      else from=${walk_at[add-$key]:-$members}; until=$n; fi ;;
    *) write_result=$(scenario "$url" "$s.lua"); return ;;
  esac
  rm -f "$BENCH_WALKED"
  write_result=$(export BENCH_GROUP="$group" BENCH_FROM="$from"; [ -n "$until" ] && export BENCH_UNTIL="$until"
    scenario "$url" "$s.lua")
  local walked; walked=$(cat "$BENCH_WALKED" 2>/dev/null || echo "$from")
  case "$s" in
    deactivate) walk_at[deactivate-$BENCH_DIR]=$walked ;;
    member_remove) removed_from[$key]=$from; walk_at[remove-$key]=$walked ;;
    member_add)
      if [ -n "${removed_from[$key]:-}" ]; then unset "removed_from[$key]"
      else walk_at[add-$key]=$walked; members_end[$key]=$walked; fi ;;
  esac
}

# CPU ticks the server's JIT compiler threads have used so far (the name in /proc's stat has a space).
jit_ticks() {
  cat /proc/"$server_pid"/task/*/stat 2>/dev/null | grep -E '\(C[12] CompilerThre' | sed 's/.*) //' \
    | awk '{ s += $12 + $13 } END { print s + 0 }'
}

# No scenario is measured on a cold JVM, the ceiling included. The write scenarios given after the URL run
# once each for the warm-up time first, their member changes on a group of their own (deleted afterwards),
# so that the measured groups keep their size and the users their groups. Then the read scenarios run in
# rounds until the JIT has compiled their paths, i.e. until its compiler threads used under 5% of a core
# over a round (at most 6 rounds). On two cores a JIT still compiling takes a third of the CPU from the server.
warm_up() {
  local url="$1" round before after secs busy s gid
  shift
  secs=$(echo "$warmup" | sed 's/s$//')
  if [ $# -gt 0 ]; then
    gid=$(curl -sf -X POST -H "Authorization: Bearer $BENCH_TOKEN" -H "Content-Type: application/scim+json" \
      -d "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"warm-up-$BENCH_RUN-$RANDOM\"}" \
      "$url${BENCH_BASE_PATH:-/scim/v2}/Groups" | sed -n 's/.*"id" *: *"\([^"]*\)".*/\1/p')
    echo "$gid warmup" >>"$BENCH_DIR/groups.txt"
    for s in "$@"; do
      duration="$warmup" write_run "$url" "$s" warmup 0 "$(wc -l <"$BENCH_DIR/users.txt")" || true
    done
    # Its members leave with it, so the users read afterwards are in the groups the seed gave them.
    curl -sf -o /dev/null -X DELETE -H "Authorization: Bearer $BENCH_TOKEN" "$url${BENCH_BASE_PATH:-/scim/v2}/Groups/$gid" || true
    echo "load.sh: warm-up: the write scenarios ran for $warmup each" >&2
    vacuum
  fi
  for round in 1 2 3 4 5 6; do
    before=$(jit_ticks)
    for s in ceiling get_user lookup groups_excluded; do
      wrk -t"$threads" -c"$connections" -d"${warmup}" -s "$here/lua/$s.lua" "$url" >/dev/null 2>&1 || true
    done
    after=$(jit_ticks)
    busy=$(awk -v a="$before" -v b="$after" -v s="$secs" -v t="$(getconf CLK_TCK)" 'BEGIN { printf "%.0f", (b - a) / t / (4 * s) * 100 }')
    echo "load.sh: warm-up round $round: the JIT used ${busy}% of a core" >&2
    [ "$busy" -lt 5 ] && break
  done
  return 0  # a JIT still busy after six rounds is reported above, not fatal
}

start_server() {
  local data="$1" url_opt=()
  [ -n "$postgres" ] && url_opt=(--database-url "$2")
  ROSTER_BENCH_CEILING=1 ROSTER_BOOTSTRAP_TOKEN="$token" java ${ROSTER_JAVA_OPTS:-} -jar "$jar" serve --host 127.0.0.1 \
    --port "$port" --data-dir "$data" "${url_opt[@]}" >"$work/server.out" 2>"$work/server.log" &
  server_pid=$!
  all_pids="$all_pids $server_pid"
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && return 0; sleep 0.2; done
  echo "load.sh: the server did not start; see its log:" >&2; tail -5 "$work/server.log" >&2; exit 1
}

stop_server() {
  rss_kb=$(awk '/VmHWM/ {print $2}' "/proc/$server_pid/status" 2>/dev/null || echo 0)
  kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
  # The log goes with the run's folder: what went wrong is shown before it does.
  local failures; failures=$(grep -c ' ERROR \| WARN ' "$work/server.log" 2>/dev/null || true)
  if [ "${failures:-0}" -gt 0 ]; then
    echo "load.sh: the server logged $failures errors or warnings; the first:" >&2
    grep ' ERROR \| WARN ' "$work/server.log" | head -3 >&2
  fi
}

# On PostgreSQL, vacuums and analyzes the run's schema (or the one named in $1), as autovacuum would after
# a run of writes. Where autovacuum is off (as on some CI machines), the writes' dead rows would otherwise
# stay: a read then walks them, and was measured up to three times slower for it.
vacuum() {
  local schema="${1:-${bench_schema:-}}"
  [ -n "$postgres" ] && [ -n "$schema" ] || return 0
  psql "${postgres#jdbc:}" -qc "VACUUM ANALYZE $schema.resources, $schema.memberships, \
    $schema.resource_values, $schema.resource_counts" >&2 || echo "load.sh: VACUUM failed" >&2
}

# Seeds a fresh database with $1 users and a group of $2 members; sets db_url and BENCH_DIR.
seed() {
  local n="$1" members="$2" dir="$work/seed-$1"
  db_url=""
  export BENCH_DIR="$dir"
  if [ -n "$postgres" ]; then
    local schema="roster_bench_$(date +%s)_$RANDOM"
    psql "${postgres#jdbc:}" -qc "CREATE SCHEMA $schema" >/dev/null 2>&1 || true
    schemas="$schemas $schema"
    bench_schema=$schema
    db_url="$postgres$( [[ "$postgres" == *\?* ]] && echo '&' || echo '?' )currentSchema=$schema"
    java -cp "$benchjar" dev.roster.bench.Seed "$db_url" "$token" "$n" "$members" "$dir" >&2
  else
    java -cp "$benchjar" dev.roster.bench.Seed "$dir/data" "$token" "$n" "$members" "$dir" >&2
  fi
}

# GETs /Users?startIndex=k&count=100 for k from $2 while k <= $3, one page after another, over one kept-alive
# connection as an IdP's import does (one curl, so the time is the server's, not that of starting curls).
walk_pages() {
  local base="$1" from="$2" to="$3" k config="$work/pages.curl"
  : >"$config"
  for ((k = from; k <= to; k += 100)); do
    printf 'url = "%s/Users?startIndex=%d&count=100"\noutput = "/dev/null"\n' "$base" "$k" >>"$config"
  done
  curl -sf -H "Authorization: Bearer $token" -K "$config" || echo "load.sh: a page from startIndex $from failed" >&2
}

# Walks every page of the users, as an Okta import does; prints seconds.
full_import() {
  local base="$1" total="$2" start
  start=$(date +%s.%N)
  walk_pages "$base" 1 "$total"
  awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN { printf "%.3f", a - b }'
}

# Times a walk of the 100 pages (count=100) from startIndex $2; prints ms per page. The page before the window
# is fetched first, untimed: an import reaches page k from page k-1, whose end the server remembers, while
# a walk that starts cold at k pays one OFFSET over k rows.
import_window() {
  local base="$1" from="$2" start
  [ "$from" -gt 100 ] && walk_pages "$base" $((from - 100)) $((from - 100))
  start=$(date +%s.%N)
  walk_pages "$base" "$from" $((from + 9999))
  awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN { printf "%.2f", (a - b) * 10 }'
}

# The median of the numbers on stdin, one per line.
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# "median (lowest–highest)" of the numbers on stdin, the range labelled with $1; the median alone for one number.
spread() {
  local list; list=$(sort -g)
  [ "$(echo "$list" | wc -l)" -gt 1 ] || { echo "$list"; return; }
  echo "$(echo "$list" | median) (${1:-}$(echo "$list" | head -1)–$(echo "$list" | tail -1))"
}

row() {  # name rps p50 p99 errors cpu ceiling-rps ceiling-cpu
  local ratio="—" cpu_ratio="—"
  [ -n "${7:-}" ] && ratio=$(awk -v a="$2" -v b="$7" 'BEGIN { printf "%.2f", a / b }')
  [ -n "${RATIO:-}" ] && ratio="$RATIO"
  [ -n "${8:-}" ] && [ "$6" != "—" ] && cpu_ratio=$(awk -v a="$6" -v b="$8" 'BEGIN { printf "%.2f", b / a }')
  printf '| %s | %s | %s | %s | %s | %s | %s | %s |\n' "$1" "$2" "$ratio" "$6" "$cpu_ratio" "$3" "$4" "$5"
}

table_head() {
  echo "| scenario | requests/s | ratio to ceiling | server CPU µs/request | ceiling's CPU / this | p50 ms | p99 ms | errors |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
}

machine="$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(java -version 2>&1 | head -1), $(uname -sr)"
db_name=$([ -n "$postgres" ] && echo "PostgreSQL (autovacuum $(psql "${postgres#jdbc:}" -Atc 'SHOW autovacuum' 2>/dev/null || echo '?'); vacuumed after the warm-up$([ "$scaling" = 1 ] && echo ' and after each member add run'))" || echo "SQLite (WAL, synchronous=FULL)")
out="$work/results.md"

if [ -n "$compare" ]; then
  n=${users}; [ "$n" -gt 1000 ] && n=1000
  # The removal runs before the add, which takes back what it removed (the group holds every user).
  scenarios="get_user lookup create put_user deactivate member_remove member_add groups_excluded"
  # Roster on a fresh database with the same number of users as the peer gets.
  declare -A mine theirs peer_errors
  seed "$n" "$n"
  roster_dir=$BENCH_DIR
  start_server "$BENCH_DIR/data" "$db_url"
  warm_up "http://127.0.0.1:$port" create put_user deactivate member_add member_remove
  # The peer, seeded through its own SCIM API.
  peer_path="/${compare#*://*/}"; [ "$peer_path" = "/$compare" ] && peer_path=""
  peer_dir="$work/peer"
  as_peer() { export BENCH_BASE_PATH="$peer_path" BENCH_TOKEN="$compare_token" BENCH_DIR="$peer_dir"; }
  as_roster() { unset BENCH_BASE_PATH; export BENCH_TOKEN="$token" BENCH_DIR="$roster_dir"; }
  as_peer
  mkdir -p "$BENCH_DIR"; : >"$BENCH_DIR/users.txt"
  echo "load.sh: seeding $n users on $compare through its SCIM API" >&2
  for ((i = 0; i < n; i++)); do
    name="peer$i-$BENCH_RUN@bench.example"
    id=$(curl -sf -X POST -H "Authorization: Bearer $compare_token" -H "Content-Type: application/scim+json" \
      -d "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"$name\",\"active\":true,\"name\":{\"givenName\":\"P\",\"familyName\":\"$i\"}}" \
      "$compare/Users" | sed -n 's/.*"id" *: *"\([^"]*\)".*/\1/p')
    [ -n "$id" ] && echo "$id $name" >>"$BENCH_DIR/users.txt"
  done
  gid=$(curl -sf -X POST -H "Authorization: Bearer $compare_token" -H "Content-Type: application/scim+json" \
    -d "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"bench-$BENCH_RUN\"}" "$compare/Groups" \
    | sed -n 's/.*"id" *: *"\([^"]*\)".*/\1/p')
  echo "$gid big" >"$BENCH_DIR/groups.txt"
  # Like Roster's, the peer's group holds every user, added a hundred at a time.
  peer_members=0
  while read -r chunk; do
    curl -sf -o /dev/null -X PATCH -H "Authorization: Bearer $compare_token" -H "Content-Type: application/scim+json" \
      -d "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":[$chunk]}]}" \
      "$compare/Groups/$gid" && peer_members=$((peer_members + $(echo "$chunk" | grep -o '"value"' | wc -l)))
  done < <(awk '{ printf "%s{\"value\":\"%s\"}", (NR % 100 == 1 ? "" : ","), $1; if (NR % 100 == 0) print "" } END { if (NR % 100) print "" }' "$BENCH_DIR/users.txt")
  [ "$peer_members" = "$(wc -l <"$BENCH_DIR/users.txt")" ] || echo "load.sh: the peer's group took $peer_members of its users" >&2
  host="${compare%%://*}://$(echo "${compare#*://}" | cut -d/ -f1)"
  peer_n=$(wc -l <"$BENCH_DIR/users.txt")
  for s in get_user lookup create put_user deactivate member_remove member_add; do
    duration="$warmup" write_run "$host" "$s" big "$peer_n" "$peer_n" || true
  done
  # The peer's own compiler (if it has one) cannot be watched from here as Roster's is: its reads are warmed up
  # until two rounds in a row read at rates within 5% of each other, in at most six rounds.
  last=0
  for round in 1 2 3 4 5 6; do
    for s in lookup groups_excluded; do duration="$warmup" write_run "$host" "$s" || true; done
    duration="$warmup" write_run "$host" get_user || true; read -r rps _ <<<"$write_result"
    echo "load.sh: the peer's warm-up round $round: $rps reads/s" >&2
    awk -v a="$last" -v b="$rps" 'BEGIN { exit !(a > 0 && b > 0 && (a > b ? a / b : b / a) < 1.05) }' && break
    last=$rps
  done
  # Each scenario runs on Roster and then on the peer, so that both meet the machine as it is at that minute.
  for s in $scenarios; do
    as_roster; write_run "http://127.0.0.1:$port" "$s" big "$n" "$n"; read -r rps _ <<<"$write_result"; mine[$s]=$rps
    as_peer; write_run "$host" "$s" big "$peer_n" "$peer_n"; read -r rps _ _ err _ <<<"$write_result"
    theirs[$s]=$rps; peer_errors[$s]=$err
  done
  stop_server
  {
    echo "## Roster vs $compare, $n users each, $(date -u +%F)"; echo
    echo "Machine: $machine. Roster on $db_name; the peer as it runs. wrk -t$threads -c$connections -d$duration, each"
    echo "scenario on Roster and then on the peer."; echo
    echo "| scenario | Roster requests/s | peer requests/s | Roster / peer | peer errors |"
    echo "|---|---:|---:|---:|---:|"
    for s in $scenarios; do
      printf '| %s | %s | %s | %s | %s |\n' "$s" "${mine[$s]}" "${theirs[$s]}" \
        "$(awk -v a="${mine[$s]}" -v b="${theirs[$s]}" 'BEGIN{ if (b > 0) printf "%.2f", a/b; else print "—" }')" "${peer_errors[$s]}"
    done
  } | tee "$out"
  exit 0
fi

if [ "$scaling" = 1 ]; then
  # Both databases are served at once, by two servers, and measured in interleaved rounds: a ratio of two
  # runs minutes apart moved by a third between runs of the same build; within a round it moves far less.
  declare -A r cpu pid_of port_of dir_of schema_of
  for n in 10000 1000000; do
    seed "$n" "$([ "$n" = 1000000 ] && echo 100000 || echo 10)"
    dir_of[$n]=$BENCH_DIR; schema_of[$n]=${bench_schema:-}
    start_server "$BENCH_DIR/data" "$db_url"
    pid_of[$n]=$server_pid; port_of[$n]=$port
    warm_up "http://127.0.0.1:$port" member_add
    port=$((port + 1))
  done
  measure() {  # n scenario round: one run against the server for N = n; sets r[scenario-n-round] and its cpu
    local result
    server_pid=${pid_of[$1]}
    result=$(BENCH_DIR=${dir_of[$1]} scenario "http://127.0.0.1:${port_of[$1]}" "$2.lua")
    r[$2-$1-$3]=$(echo "$result" | cut -d' ' -f1); cpu[$2-$1-$3]=$(echo "$result" | cut -d' ' -f5)
  }
  # One run of real member adds, then the group of 10 is given back its ten. Adds to a group of 10 make the
  # same walk at both sizes, over the users at positions 10 to 9,999 (the most the small directory has):
  # unbounded, the million-user side walked five times as many users in its 10 s, into a group growing five
  # times larger, against a walk that stopped after 2 s, and the two did not measure the same work.
  add_member() {  # n group round
    local n="$1" g="$2" k="$3" members=10 until="$1"
    [ "$g" = big ] && [ "$n" = 1000000 ] && members=100000
    [ "$g" = small ] && until=10000
    server_pid=${pid_of[$n]}
    BENCH_DIR=${dir_of[$n]} write_run "http://127.0.0.1:${port_of[$n]}" member_add "$g" "$members" "$until"
    r[member_add-$g-$n-$k]=$(echo "$write_result" | cut -d' ' -f1)
    cpu[member_add-$g-$n-$k]=$(echo "$write_result" | cut -d' ' -f5)
    if [ "$members" = 10 ]; then
      local gid list
      gid=$(awk -v g="$g" '$2 == g { print $1; exit }' "${dir_of[$n]}/groups.txt")
      list=$(head -10 "${dir_of[$n]}/users.txt" | awk '{ printf "%s{\"value\":\"%s\"}", (NR > 1 ? "," : ""), $1 }')
      curl -sf -o /dev/null -X PATCH -H "Authorization: Bearer $BENCH_TOKEN" -H "Content-Type: application/scim+json" \
        -d "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],\"Operations\":[{\"op\":\"replace\",\"path\":\"members\",\"value\":[$list]}]}" \
        "http://127.0.0.1:${port_of[$n]}/scim/v2/Groups/$gid" || echo "load.sh: could not give group $g its ten members back" >&2
      unset "walk_at[add-${dir_of[$n]}/$g]" "members_end[${dir_of[$n]}/$g]"
    fi
    # At N = 10,000 the adds and the reset leave a dead membership row for nearly every user, and the next
    # round reads those users: unvacuumed, that halved PostgreSQL's reads of the small directory.
    vacuum "${schema_of[$n]}"
  }
  for ((k = 1; k <= rounds; k++)); do
    echo "load.sh: scaling round $k of $rounds" >&2
    # Each size goes first in every other round, so that neither always runs after the other's writes.
    order="10000 1000000"; [ $((k % 2)) = 0 ] && order="1000000 10000"
    for n in $order; do
      for s in lookup get_user; do measure "$n" "$s" "$k"; done
      for g in small big; do add_member "$n" "$g" "$k"; done
    done
  done
  server_pid=${pid_of[1000000]}
  r[import-first]=$(import_window "http://127.0.0.1:${port_of[1000000]}/scim/v2" 1)
  r[import-last]=$(import_window "http://127.0.0.1:${port_of[1000000]}/scim/v2" $((1000000 - 10000 + 1)))
  for n in 10000 1000000; do server_pid=${pid_of[$n]}; stop_server; r[rss-$n]=$rss_kb; done
  cost() {  # key-of-the-cheap-side key-of-the-dear-side: the cost ratio per round, as a spread
    local a="$1" b="$2" k
    for ((k = 1; k <= rounds; k++)); do awk -v x="${r[$a-$k]}" -v y="${r[$b-$k]}" 'BEGIN { printf "%.2f\n", x / y }'; done | spread
  }
  cpu_cost() {  # as cost, from the server's CPU time per request
    local a="$1" b="$2" k
    for ((k = 1; k <= rounds; k++)); do awk -v x="${cpu[$a-$k]}" -v y="${cpu[$b-$k]}" 'BEGIN { printf "%.2f\n", y / x }'; done | spread
  }
  rps() { local k; for ((k = 1; k <= rounds; k++)); do echo "${r[$1-$k]}"; done | median; }
  cpus() { local k; for ((k = 1; k <= rounds; k++)); do echo "${cpu[$1-$k]}"; done | median; }
  {
    echo "## Scaling, $db_name, $(date -u +%F), $machine"; echo
    echo "Both servers up at once; $rounds interleaved rounds of wrk -t$threads -c$connections -d$duration. Requests/s are medians;"
    echo "the cost ratio is the median of the rounds' ratios, with its range over the rounds."; echo
    echo "The server's CPU µs a request (all its threads, read from /proc) is in brackets, and the CPU cost ratio is"
    echo "the ratio of those: wrk shares the cores, and picking from a million-line list costs it more than from a"
    echo "10,000-line one, which the requests/s ratio counts against the million-user side."; echo
    echo "| scenario | N = 10,000 (req/s, CPU µs) | N = 1,000,000 (req/s, CPU µs) | cost ratio (1M / 10k) | CPU cost ratio |"
    echo "|---|---:|---:|---:|---:|"
    for s in lookup get_user; do
      printf '| %s | %s (%s) | %s (%s) | %s | %s |\n' "$s" "$(rps "$s-10000")" "$(cpus "$s-10000")" "$(rps "$s-1000000")" \
        "$(cpus "$s-1000000")" "$(cost "$s-10000" "$s-1000000")" "$(cpu_cost "$s-10000" "$s-1000000")"
    done
    printf '| member add, group of 10 vs 100,000 (N = 1M) | %s (%s) | %s (%s) | %s | %s |\n' "$(rps member_add-small-1000000)" \
      "$(cpus member_add-small-1000000)" "$(rps member_add-big-1000000)" "$(cpus member_add-big-1000000)" \
      "$(cost member_add-small-1000000 member_add-big-1000000)" "$(cpu_cost member_add-small-1000000 member_add-big-1000000)"
    printf '| member add to the group of 10 (9,990 adds each) | %s (%s) | %s (%s) | %s | %s |\n' "$(rps member_add-small-10000)" \
      "$(cpus member_add-small-10000)" "$(rps member_add-small-1000000)" "$(cpus member_add-small-1000000)" \
      "$(cost member_add-small-10000 member_add-small-1000000)" "$(cpu_cost member_add-small-10000 member_add-small-1000000)"
    printf '| import page (count=100): first 100 pages vs last 100 of 1,000,000 (ms/page) | %.1f | %.1f | %s | — |\n' "${r[import-first]}" "${r[import-last]}" \
      "$(awk -v a="${r[import-first]}" -v b="${r[import-last]}" 'BEGIN{printf "%.2f", b/a}')"
    echo; echo "Peak RSS: $((r[rss-10000] / 1024)) MB at N = 10,000; $((r[rss-1000000] / 1024)) MB at N = 1,000,000."
    awk -v a="${r[import-first]}" -v b="${r[import-last]}" 'BEGIN { if (b / a <= 1.3)
      print "An import page costs no more at the end of a million users than at the start (within 1.3×), so a full import is linear in N."
      else print "An import page costs more at the end of a million users than at the start: the import is not linear in N." }'
  } | tee "$out"
  cp "$out" "$here/RESULTS-scaling.md"
  exit 0
fi

seed "$users" "$big"
start_server "$BENCH_DIR/data" "$db_url"
url="http://127.0.0.1:$port"
warm_up "$url" create put_user deactivate member_add member_remove
# The read scenarios run in interleaved rounds, each beside a fresh ceiling: on a shared machine one run
# of each can be 20% off, and a ratio of two such runs taken minutes apart, more. Each round's scenario is
# divided by that round's ceiling; the table gives the medians and the range of the ratio over the rounds.
reads="ceiling get_user lookup groups_excluded"
declare -A runs
for ((r = 1; r <= rounds; r++)); do
  echo "load.sh: read round $r of $rounds" >&2
  for s in $reads; do runs[$s-$r]="$(scenario "$url" "$s.lua")"; done
done
field() { local s="$1" k="$2" r; for ((r = 1; r <= rounds; r++)); do echo "${runs[$s-$r]}" | awk -v k="$k" '{ print $k }'; done; }
ratios() { local s="$1" r; for ((r = 1; r <= rounds; r++)); do
  awk -v a="$(echo "${runs[$s-$r]}" | cut -d' ' -f1)" -v b="$(echo "${runs[ceiling-$r]}" | cut -d' ' -f1)" 'BEGIN { printf "%.2f\n", a / b }'; done; }
summary() {  # the median of each column over the rounds; errors are summed
  local s="$1"
  echo "$(field "$s" 1 | median) $(field "$s" 2 | median) $(field "$s" 3 | median) $(field "$s" 4 | awk '{ t += $1 } END { print t }') $(field "$s" 5 | median)"
}
read -r c_rps c_p50 c_p99 c_err c_cpu <<<"$(summary ceiling)"
label_of() {
  case "$1" in
    get_user) echo 'GET /Users/{id}' ;;
    lookup) echo 'GET /Users?filter=userName eq "…"' ;;
    create) echo 'POST /Users (unique names)' ;;
    put_user) echo 'PUT /Users/{id} (profile push)' ;;
    deactivate) echo 'PATCH /Users/{id} active=false' ;;
    member_add) echo "PATCH add one member (group of $big)" ;;
    member_remove) echo "PATCH remove one member (group of $big)" ;;
    groups_excluded) echo 'GET /Groups?excludedAttributes=members' ;;
  esac
}
{
  echo "## $db_name, $users users, a group of $big members, $(date -u +%F)"; echo
  echo "Machine: $machine. wrk -t$threads -c$connections -d$duration on the same machine, over loopback."
  echo "Reads: the median of $rounds interleaved rounds, each ratio taken against its own round's ceiling. Writes: one run each."; echo
  table_head
  row "ceiling: fixed user-sized JSON, no SCIM work" "$c_rps" "$c_p50" "$c_p99" "$c_err" "$c_cpu" "$c_rps" "$c_cpu"
  for s in get_user lookup groups_excluded; do
    read -r rps p50 p99 err cpu <<<"$(summary "$s")"
    RATIO="$(ratios "$s" | spread "rounds ")" row "$(label_of "$s")" "$rps" "$p50" "$p99" "$err" "$cpu" "$c_rps" "$c_cpu"
  done
  # The removal runs first: at 100,000 users the large group holds them all, and the adds take back what it removed.
  declare -A writes
  for s in create put_user deactivate member_remove member_add; do
    write_run "$url" "$s" big "$big" "$users"
    writes[$s]=$write_result
  done
  for s in create put_user deactivate member_add member_remove; do
    read -r rps p50 p99 err cpu <<<"${writes[$s]}"
    row "$(label_of "$s")" "$rps" "$p50" "$p99" "$err" "$cpu" "$c_rps" "$c_cpu"
  done
  secs=$(full_import "$url/scim/v2" "$users")
  echo
  echo "Full import, GET /Users?startIndex=k&count=100 over all $users users: $(printf '%.1f' "$secs") s ($(awk -v n="$users" -v s="$secs" 'BEGIN{printf "%.0f", n/s}') users/s)."
  stop_server
  echo "Peak RSS of the server: $((rss_kb / 1024)) MB. Every write is durable when acknowledged (no relaxed fsync)."
} | tee "$out"
cp "$out" "$here/RESULTS-latest.md"  # the curated figures live in RESULTS.md
