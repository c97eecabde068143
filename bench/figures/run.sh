#!/usr/bin/env bash
# Figures for boards over the demo force at a scale, against DuckDB running the same aggregation
# over the same rows exported to CSV.
#
#   bench/figures/run.sh [SCALE]        default 100 (about 200,000 children)
#   AREA=MOR-C FROM=2025-12-01 TO=2026-11-30 bench/figures/run.sh 100
#   PROFILE=debug bench/figures/run.sh 100   time the debug build instead of release
#
# Loads the demo force into a fresh SQLite data directory (bench/figures/data/, git-ignored;
# reused when it exists for the scale), then, each three times:
#  * haven: `haven report board-pack --format json --exact` for the area and range, wall time of
#    the whole command (process start, opening the store, the read, the figures, the JSON);
#  * DuckDB: the area's episodes with their first grading and the people exported to CSV once
#    (by sqlite3, not timed), then read from the CSV and aggregated: episodes, children, repeat
#    children, episodes by grade at report, median hours missing; timed inside Python.
# and prints both times and both answers side by side (they must agree).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
scale="${1:-100}"
area="${AREA:-MOR-N}"
from="${FROM:-2025-12-01}"
to="${TO:-2026-11-30}"
data="$here/data/scale-$scale"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/haven-target}"
venv="$HOME/.cache/haven-duckdb-venv"

profile="${PROFILE:-release}"   # PROFILE=debug to time the debug build (slower: an upper bound)
if [ "$profile" = release ]; then
  (cd "$root" && cargo build --release -q -p haven)
else
  (cd "$root" && cargo build -q -p haven)
fi
haven="$CARGO_TARGET_DIR/$profile/haven"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import duckdb' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q duckdb
fi
if ! command -v sqlite3 >/dev/null; then
  apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null
fi

if [ ! -f "$data/haven.db" ]; then
  mkdir -p "$data"
  echo "loading the demo force at scale $scale into $data ..." >&2
  start=$(date +%s)
  "$haven" --data "$data" demo --scale "$scale" --seed 1 >/dev/null
  echo "loaded in $(( $(date +%s) - start )) s" >&2
fi
db="$data/haven.db"

# The same rows as CSV: the area's episodes reported in the range (UK dates), with the grade at
# report, and the children.
csv="$data/csv"
mkdir -p "$csv"
area_id=$(sqlite3 "$db" "SELECT hex(id) FROM areas WHERE code = '$area'")
sqlite3 -header -csv "$db" "
  SELECT hex(e.id) AS episode, hex(e.person_id) AS person, e.reported_at, e.last_seen_at, e.returned_at,
         (SELECT g.grade FROM episode_gradings g WHERE g.episode_id = e.id ORDER BY g.position LIMIT 1) AS first_grade
    FROM missing_episodes e WHERE e.area_id = x'$area_id'" >"$csv/episodes.csv"
echo "episodes of $area exported: $(($(wc -l <"$csv/episodes.csv") - 1)) rows" >&2

runs=3
haven_times=()
for _ in $(seq $runs); do
  s=$(date +%s.%N)
  "$haven" --data "$data" report board-pack --area "$area" --from "$from" --to "$to" --format json --exact \
    --out "$data/pack.json"
  e=$(date +%s.%N)
  haven_times+=("$(echo "$e - $s" | bc -l)")
done

"$venv/bin/python" - "$csv/episodes.csv" "$from" "$to" "$data/pack.json" "${haven_times[@]}" <<'PY'
import json, sys, time
import duckdb
episodes, start, end, pack = sys.argv[1:5]
haven_times = [float(t) for t in sys.argv[5:]]
q = f"""
WITH e AS (
  SELECT *, (reported_at::TIMESTAMPTZ AT TIME ZONE 'Europe/London')::DATE AS day
    FROM read_csv('{episodes}', header = true, all_varchar = true)
), p AS (SELECT * FROM e WHERE day BETWEEN DATE '{start}' AND DATE '{end}')
SELECT
  (SELECT count(*) FROM p) AS episodes,
  (SELECT count(DISTINCT person) FROM p) AS children,
  (SELECT count(*) FROM (SELECT person FROM p GROUP BY person HAVING count(*) >= 3)) AS repeat_children,
  (SELECT count(*) FROM p WHERE first_grade = 'high') AS high,
  (SELECT count(*) FROM p WHERE first_grade = 'medium') AS medium,
  (SELECT count(*) FROM p WHERE first_grade = 'low') AS low,
  (SELECT round(median(epoch(returned_at::TIMESTAMPTZ - last_seen_at::TIMESTAMPTZ)) / 3600, 1) FROM p
     WHERE returned_at IS NOT NULL AND returned_at::TIMESTAMPTZ
       < ((DATE '{end}' + 1)::TIMESTAMP AT TIME ZONE 'Europe/London')) AS median_hours
"""
con = duckdb.connect()
con.execute("SET TimeZone = 'UTC'")
times, row = [], None
for _ in range(len(haven_times)):
    s = time.perf_counter()
    row = con.execute(q).fetchone()
    times.append(time.perf_counter() - s)
duck = dict(zip(["episodes", "children", "repeat_children", "high", "medium", "low", "median_hours"], row))
f = {x["id"]: x for x in json.load(open(pack))["figures"]}
part = lambda fid, key: next(p["value"]["value"] for p in f[fid]["parts"] if p["key"] == key)
haven = {
    "episodes": f["missing-episodes"]["value"]["value"],
    "children": f["children-missing"]["value"]["value"],
    "repeat_children": f["repeat-missing-children"]["value"]["value"],
    "high": part("episodes-by-grade", "high"),
    "medium": part("episodes-by-grade", "medium"),
    "low": part("episodes-by-grade", "low"),
    "median_hours": f["hours-missing-median"]["value"]["value"],
}
print(f"{'':24}{'haven':>14}{'DuckDB':>14}")
for k in duck:
    h, d = haven[k], duck[k]
    mark = "" if h is not None and d is not None and abs(float(h) - float(d)) < 0.05 else "  <- differs"
    print(f"{k:24}{h!s:>14}{d!s:>14}{mark}")
print(f"{'seconds (best of ' + str(len(times)) + ')':24}{min(haven_times):>14.3f}{min(times):>14.3f}")
print(f"{'seconds (all)':24}{' '.join(f'{t:.3f}' for t in haven_times):>14}  {' '.join(f'{t:.3f}' for t in times)}")
PY
