#!/usr/bin/env bash
# haven-graph's community detection beside networkx and igraph on the same generated graph.
#
#   bench/network/run.sh                    200,000 nodes, 1,000,000 edges, seed 1
#   NODES=20000 EDGES=100000 bench/network/run.sh    a smaller graph
#   SKIP_NX=1 bench/network/run.sh          without networkx (the slowest by far)
#   REGENERATE=1 bench/network/run.sh       write the edge list again
#   SEEDS="1 2 3 4 5" bench/network/run.sh  more detection seeds on the same graph; after the first,
#                                           haven leiden, igraph multilevel and igraph leiden only
#
# Generates the graph once (crates/graph/src/bin/graphgen.rs, deterministic by seed) into
# bench/network/data/ (git-ignored), runs haven's engine (graphcommunities: Leiden, the default, and
# Louvain; the file read and graph build timed apart from the detection), then bench/network/compare.py
# runs networkx louvain_communities, igraph community_multilevel and igraph
# community_leiden(objective_function="modularity") on the same edge list, and scores every membership
# with igraph's modularity. Prints: tool, seconds (detection only), communities, modularity.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
data="$here/data"
mkdir -p "$data"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/haven-target-graph}"
venv="$HOME/.cache/haven-graph-venv"
nodes="${NODES:-200000}"
edges="${EDGES:-1000000}"
seed="${SEED:-1}"        # the graph's
seeds=(${SEEDS:-1})      # the detections'

if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import networkx, igraph' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --upgrade pip
  "$venv/bin/pip" install -q networkx igraph
fi
(cd "$root" && cargo build --release -q -p haven-graph --bins)
bin="$CARGO_TARGET_DIR/release"

g="$data/n${nodes}_e${edges}_s${seed}"
mkdir -p "$g"
if [ ! -s "$g/truth.txt" ] || [ -n "${REGENERATE:-}" ]; then
  "$bin/graphgen" --nodes "$nodes" --edges "$edges" --seed "$seed" --out "$g/edges.txt" --truth "$g/truth.txt"
fi
cat "$g/edges.txt" >/dev/null # in the page cache before anything is timed

# haven: one line per run, "name<TAB>membership file<TAB>key=value timings"
haven() {
  local name="$1" file="$g/$2.membership"; shift 2
  local line
  line="$("$bin/graphcommunities" "$g/edges.txt" --out "$file" --seed "$s" "$@")"
  printf '%s\t%s\t%s\n' "$name" "$file" "$line" >>"$g/haven.tsv"
}
first=1
for s in "${seeds[@]}"; do
  echo
  echo "== detection seed $s"
  : >"$g/haven.tsv"
  haven "haven leiden" leiden --method leiden
  args=("$g" --seed "$s")
  if [ -n "$first" ]; then
    haven "haven leiden, 3 passes" leiden-3-passes --method leiden --passes 3
    haven "haven louvain" louvain --method louvain
    # Moving nodes is sequential (see crates/graph/src/leiden.rs); refining, building and aggregating
    # graphs use rayon's threads (2 here). With one thread:
    RAYON_NUM_THREADS=1 haven "haven leiden, 1 thread" leiden-1-thread --method leiden
    [ -n "${SKIP_NX:-}" ] && args+=(--skip-networkx)
  else
    args+=(--quick)
  fi
  "$venv/bin/python" "$here/compare.py" "${args[@]}"
  first=
done
