#!/usr/bin/env bash
# haven under load: the release binary serving the demo force, on each store, driven by wrk.
#
#   bench/load/run.sh                        both stores, concurrency 1, 10 and 50, 15 s each
#   STORES=sqlite bench/load/run.sh          one store
#   CONCURRENCY="1 10" DURATION=5s bench/load/run.sh
#   HAVEN_BIN=path/to/haven bench/load/run.sh   a binary already built (no cargo build)
#   HAVEN_TEST_DATABASE_URL=postgres://…     the PostgreSQL server (a fresh database is made on it
#                                            and dropped after; default postgres://postgres@127.0.0.1:5432/postgres)
#
# For each store: starts `haven serve --demo` on a fresh store (the demo force is loaded on the
# first start), issues an API token to the demo practitioner (`haven admin issue-token`), signs
# in through the sign-in form for a session cookie, then drives three endpoints, each audited:
#   person  GET /api/v1/people/{id}      a person read over the API (bearer token)
#   search  GET /api/v1/people?q=NAME    a search over the API (bearer token)
#   page    GET /people/{id}             a person's page, signed in (session cookie)
# and, as a control, one that does almost nothing:
#   health  GET /healthz                 one count from the store, no account, no audit
# at each concurrency (wrk: one connection per concurrent client, `--latency` for the
# percentiles, a 30 s timeout so that no slow answer falls out of the figures). Prints
# requests/s, p50 and p99 per store, endpoint and concurrency, p99(c)/p99(1), and c/(requests/s):
# by Little's law the mean time a request spends in a closed loop of c clients, whatever the
# server does with it (the floor that CPU saturation sets, see README.md).
# Figures are appended to bench/load/data/results.tsv (git-ignored); the servers' logs are there too.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="$here/data"
mkdir -p "$data"
stores=(${STORES:-sqlite postgres})
concurrency=(${CONCURRENCY:-1 10 50})
duration="${DURATION:-15s}"
export RUST_LOG="${RUST_LOG:-warn}"
pg_admin="${HAVEN_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
user="${HAVEN_USER:-mor-pol.practitioner}"
password="demo-password-2026"
port="${PORT:-18080}"
base="http://127.0.0.1:$port"

if ! command -v wrk >/dev/null; then
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
for tool in curl jq psql; do
  command -v "$tool" >/dev/null || { echo "bench/load needs $tool" >&2; exit 1; }
done
if [ -n "${HAVEN_BIN:-}" ]; then
  bin="$HAVEN_BIN"
else
  export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
  (cd "$root" && cargo build --release -q -p haven)
  bin="$CARGO_TARGET_DIR/release/haven"
fi

work="$(mktemp -d)"
server=""
pg_db=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if [ -n "$pg_db" ]; then psql -q "$pg_admin" -c "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# `postgres://u@h:5432/postgres?x=y` with its database replaced by $2.
with_database() {
  local url="$1" name="$2" query=""
  case "$url" in *\?*) query="?${url#*\?}"; url="${url%%\?*}" ;; esac
  local scheme="${url%%://*}" rest="${url#*://}"
  echo "$scheme://${rest%%/*}/$name$query"
}

# wrk's latency ("812.00us", "3.21ms", "1.02s", "1.5m") in milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.2f", n }'
}

stamp="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
commit="$(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)"
[ -f "$data/results.tsv" ] || printf 'when\tcommit\tstore\tendpoint\tconcurrency\trequests_per_s\tp50_ms\tp99_ms\tratio\terrors\n' >"$data/results.tsv"
printf '\n%-8s %-7s %5s %10s %9s %9s %12s %9s %7s\n' store endpoint c "req/s" "p50 ms" "p99 ms" "p99/p99(1)" "c/X ms" errors
declare -A p99_at_1

for store in "${stores[@]}"; do
  case "$store" in
    sqlite) args=(--data "$work/sqlite") ;;
    postgres)
      pg_db="haven_load_$$"
      psql -q "$pg_admin" -c "CREATE DATABASE $pg_db" >/dev/null
      args=(--database-url "$(with_database "$pg_admin" "$pg_db")") ;;
    *) echo "unknown store $store (sqlite or postgres)" >&2; exit 1 ;;
  esac
  log="$data/server-$store.log"
  "$bin" "${args[@]}" serve --demo --bind "127.0.0.1:$port" >"$log" 2>&1 &
  server=$!
  for _ in $(seq 600); do
    curl -fs "$base/healthz" >/dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || { echo "haven did not start on $store: see $log" >&2; exit 1; }
    sleep 1
  done
  token="$("$bin" "${args[@]}" admin issue-token --username "$user" --name load-bench | tail -n 1)"
  auth="Authorization: Bearer $token"
  first="$(curl -fs -H "$auth" "$base/api/v1/people?q=evans" | jq -r '.people[0] | "\(.id) \(.family_name)"')"
  id="${first%% *}"
  name="$(printf '%s' "${first#* }" | jq -sRr @uri)"
  # Sign in as a browser does: the form's CSRF token with its double-submit cookie.
  jar="$work/cookies-$store"
  csrf="$(curl -fs -c "$jar" "$base/sign-in" | sed -n 's/.*name="csrf_token" value="\([^"]*\)".*/\1/p' | head -n 1)"
  curl -fs -o /dev/null -b "$jar" -c "$jar" --data-urlencode "username=$user" --data-urlencode "password=$password" \
    --data-urlencode "csrf_token=$csrf" "$base/sign-in"
  session="$(awk '$6 == "haven_session" { print $7 }' "$jar")"
  [ -n "$session" ] || { echo "could not sign in on $store" >&2; exit 1; }
  cookie="Cookie: haven_session=$session"

  endpoints=("person|$base/api/v1/people/$id|$auth" "search|$base/api/v1/people?q=$name|$auth" "page|$base/people/$id|$cookie"
    "health|$base/healthz|Accept: application/json")
  for e in "${endpoints[@]}"; do
    IFS='|' read -r label url header <<<"$e"
    code="$(curl -s -o /dev/null -w '%{http_code}' -H "$header" "$url")"
    [ "$code" = 200 ] || { echo "$store $label: $url answered $code" >&2; exit 1; }
    # Warm the caches (and the server's pools) before the figures.
    wrk -t 2 -c 10 -d 3s -H "$header" "$url" >/dev/null
  done
  for e in "${endpoints[@]}"; do
    IFS='|' read -r label url header <<<"$e"
    for c in "${concurrency[@]}"; do
      threads=$((c < 2 ? c : 2))
      out="$(wrk -t "$threads" -c "$c" -d "$duration" --timeout 30s --latency -H "$header" "$url")"
      rps="$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")"
      p50="$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")"
      p99="$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")"
      errors="$(awk '/Non-2xx/ { n += $NF } /Socket errors/ { gsub(/,/, ""); n += $4 + $6 + $8 + $10 } END { print n + 0 }' <<<"$out")"
      [ "$c" = 1 ] && p99_at_1["$store/$label"]="$p99"
      ratio="$(awk -v a="$p99" -v b="${p99_at_1["$store/$label"]:-}" 'BEGIN { if (b > 0) printf "%.1fx", a / b; else print "-" }')"
      little="$(awk -v c="$c" -v x="$rps" 'BEGIN { if (x > 0) printf "%.2f", 1000 * c / x; else print "-" }')"
      printf '%-8s %-7s %5s %10s %9s %9s %12s %9s %7s\n' "$store" "$label" "$c" "$rps" "$p50" "$p99" "$ratio" "$little" "$errors"
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$stamp" "$commit" "$store" "$label" "$c" "$rps" "$p50" "$p99" "$ratio" "$errors" >>"$data/results.tsv"
    done
  done
  kill "$server"; wait "$server" 2>/dev/null || true
  server=""
  if [ -n "$pg_db" ]; then psql -q "$pg_admin" -c "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" >/dev/null; pg_db=""; fi
done
