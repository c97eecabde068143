#!/usr/bin/env bash
# haven-link against Splink on the same synthetic data, on this machine.
#
#   bench/linkage/run.sh [RECORDS...]            e.g. bench/linkage/run.sh 100000 200000
#   SEEDS="1 2 3" bench/linkage/run.sh 100000    several seeds (default: 1)
#   SKIP_SPLINK=1 bench/linkage/run.sh 100000    haven only
#   SKIP_HAVEN=1 bench/linkage/run.sh 1000000    Splink only (its figures do not change with haven's code)
#   HAVEN_THRESHOLD=0.9                         haven's (fixed, untuned) threshold
#
# Prints, per size and seed: wall time and peak memory (/usr/bin/time -v) and pairwise precision, recall
# and F1 for haven at its default threshold and for Splink at each threshold (best marked).
# Data and outputs go to bench/linkage/data/ (git-ignored); results are appended to data/results.tsv.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="$here/data"
mkdir -p "$data"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/haven-target-link}"
venv="$HOME/.cache/haven-splink-venv"
sizes=("${@:-100000}")
seeds=(${SEEDS:-1})
thr="${HAVEN_THRESHOLD:-0.9}"
splink_thresholds="0.5 0.8 0.9 0.95 0.99 0.999 0.9999"

if [ ! -x /usr/bin/time ]; then
  apt-get update -qq && apt-get install -y -qq time >/dev/null
fi
(cd "$root" && cargo build --release -q -p haven-link --bins)
bin="$CARGO_TARGET_DIR/release"

if [ -z "${SKIP_SPLINK:-}" ]; then
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import splink, pandas' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --upgrade pip
    # latest Splink pip can install (5.x at the time of writing; 4.x API is the same for what we use)
    "$venv/bin/pip" install -q "splink>=4,<6" pandas pyarrow
  fi
fi

# Read the input once before an engine runs, so that both are timed on a file in the page cache: this
# machine's memory reclaim evicts idle file pages, and a disk read of the input then stalled haven's 2-second
# run by as much as its own work.
warm() { cat "$1" >/dev/null; }
# peak RSS in MiB and wall seconds from a /usr/bin/time -v log
peak() { awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$1"; }
# user + system CPU seconds (steadier than wall time when others share the machine)
cpu() { awk -F': ' '/User time|System time/ {s+=$2} END {printf "%.1f", s}' "$1"; }
wall() { awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; printf "%.1f", s}' "$1"; }

printf "%-8s %-5s %-7s %-9s %-9s %-9s %-7s %-7s %-7s %-7s\n" records seed engine threshold wall_s peak_MiB P R F1 cpu_s
for n in "${sizes[@]}"; do
  for seed in "${seeds[@]}"; do
    d="$data/n${n}_s${seed}"
    mkdir -p "$d"
    if [ ! -s "$d/truth.csv" ] || [ -n "${REGENERATE:-}" ]; then
      "$bin/linkgen" --records "$n" --seed "$seed" --out "$d/records.csv" --truth "$d/truth.csv" 2>/dev/null
    fi
    if [ -z "${SKIP_HAVEN:-}" ]; then
    warm "$d/records.csv"
    /usr/bin/time -v "$bin/havenlink" "$d/records.csv" "$d/haven.csv" --threshold "$thr" 2>"$d/haven.time" >/dev/null
    read -r p r f < <("$bin/linkeval" "$d/haven.csv" "$d/truth.csv" | sed -E 's/precision=([0-9.]+) recall=([0-9.]+) f1=([0-9.]+).*/\1 \2 \3/')
    printf "%-8s %-5s %-7s %-9s %-9s %-9s %-7s %-7s %-7s %-7s\n" "$n" "$seed" haven "$thr" "$(wall "$d/haven.time")" "$(peak "$d/haven.time")" "$p" "$r" "$f" "$(cpu "$d/haven.time")"
    printf "%s\t%s\thaven\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$n" "$seed" "$thr" "$(wall "$d/haven.time")" "$(peak "$d/haven.time")" "$p" "$r" "$f" "$(cpu "$d/haven.time")" >>"$data/results.tsv"
    fi
    if [ -z "${SKIP_SPLINK:-}" ]; then
      warm "$d/records.csv"
      # shellcheck disable=SC2086
      /usr/bin/time -v "$venv/bin/python" "$here/splink_run.py" "$d/records.csv" "$d/splink" $splink_thresholds \
        2>"$d/splink.time" >"$d/splink.log" || { echo "splink failed, see $d/splink.time"; continue; }
      best=""; bestf=0
      for t in $splink_thresholds; do
        read -r p r f < <("$bin/linkeval" "$d/splink/splink_$t.csv" "$d/truth.csv" | sed -E 's/precision=([0-9.]+) recall=([0-9.]+) f1=([0-9.]+).*/\1 \2 \3/')
        if awk "BEGIN{exit !($f > $bestf)}"; then bestf=$f; best="$t $p $r $f"; fi
      done
      read -r t p r f <<<"$best"
      printf "%-8s %-5s %-7s %-9s %-9s %-9s %-7s %-7s %-7s %-7s  (best threshold; %s)\n" "$n" "$seed" splink "$t" \
        "$(wall "$d/splink.time")" "$(peak "$d/splink.time")" "$p" "$r" "$f" "$(cpu "$d/splink.time")" "$(cat "$d/splink/splink_timing.txt")"
      printf "%s\t%s\tsplink\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n" "$n" "$seed" "$t" "$(wall "$d/splink.time")" "$(peak "$d/splink.time")" "$p" "$r" "$f" "$(cpu "$d/splink.time")" >>"$data/results.tsv"
    fi
  done
done
