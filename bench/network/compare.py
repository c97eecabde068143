"""Runs networkx and igraph community detection on bench/network's edge list, then scores every
membership (haven's included, from haven.tsv) with ONE implementation, igraph's Graph.modularity, and
prints a table. Usage: compare.py DIR [--seed S] [--skip-networkx] [--quick]
(--quick: igraph multilevel and leiden with 2 iterations only, no networkx, no planted row)"""

import random
import sys
import time
from pathlib import Path

import igraph as ig
import networkx as nx


def read_edges(path):
    nodes = None
    edges = []
    with open(path) as f:
        for line in f:
            if line.startswith("#"):
                words = line[1:].split()
                if words[:1] == ["nodes"]:
                    nodes = int(words[1])
                continue
            a, b = line.split()[:2]
            edges.append((int(a), int(b)))
    if nodes is None:
        nodes = 1 + max(max(e) for e in edges)
    return nodes, edges


def timed(f):
    """(wall seconds, CPU seconds of this process, result): on a shared machine CPU time is steadier."""
    t, c = time.perf_counter(), time.process_time()
    result = f()
    return (time.perf_counter() - t, time.process_time() - c), result


def main():
    args = sys.argv[1:]
    d = Path(args[0])
    seed = int(args[args.index("--seed") + 1]) if "--seed" in args else 1
    quick = "--quick" in args
    skip_nx = "--skip-networkx" in args or quick

    nodes, edges = read_edges(d / "edges.txt")
    g = ig.Graph(n=nodes, edges=edges)
    print(f"graph: {g.vcount()} nodes, {g.ecount()} edges "
          f"(igraph {ig.__version__}, networkx {nx.__version__})", flush=True)

    rows = []  # (tool, seconds or None, membership, note)
    for line in (d / "haven.tsv").read_text().splitlines():
        name, path, timings = line.split("\t")
        t = dict(kv.split("=") for kv in timings.split())
        membership = [int(x) for x in Path(path).read_text().split()]
        note = f"+ read {t['read_s']} s, build {t['build_s']} s"
        cpu = None if t["detect_cpu_s"] == "NA" else float(t["detect_cpu_s"])
        rows.append((name, (float(t["detect_s"]), cpu), membership, note))

    # igraph draws from Python's random module: seeded, its runs are repeatable.
    random.seed(seed)
    s, p = timed(lambda: g.community_multilevel())
    rows.append(("igraph community_multilevel", s, p.membership, ""))
    random.seed(seed)
    s, p = timed(lambda: g.community_leiden(objective_function="modularity"))
    rows.append(("igraph community_leiden (modularity, 2 iterations)", s, p.membership, ""))
    if not quick:
        random.seed(seed)
        s, p = timed(lambda: g.community_leiden(objective_function="modularity", n_iterations=-1))
        rows.append(("igraph community_leiden (modularity, until stable)", s, p.membership, ""))

    if not skip_nx:
        G = nx.Graph()
        G.add_nodes_from(range(nodes))
        G.add_edges_from(edges)
        print("networkx louvain_communities running (the slowest by far) ...", flush=True)
        s, communities = timed(lambda: nx.community.louvain_communities(G, seed=seed))
        membership = [0] * nodes
        for c, members in enumerate(communities):
            for v in members:
                membership[v] = c
        rows.append((f"networkx louvain_communities (seed {seed})", s, membership, ""))
        del G

    if not quick:
        truth = [int(x) for x in (d / "truth.txt").read_text().split()]
        rows.append(("planted communities (generator's truth)", None, truth, "not a detection"))

    print()
    print(f"{'tool':<52} {'seconds':>8} {'cpu s':>8} {'communities':>11} {'modularity':>10}  note")
    for name, s, membership, note in rows:
        q = g.modularity(membership)
        wall = "" if s is None else f"{s[0]:.2f}"
        cpu = "" if s is None or s[1] is None else f"{s[1]:.2f}"
        print(f"{name:<52} {wall:>8} {cpu:>8} {len(set(membership)):>11} {q:>10.6f}  {note}")
    print()
    for ours in ("haven leiden", "haven louvain"):
        mine = next((r[1] for r in rows if r[0] == ours), None)
        if mine is None:
            continue
        for name, s, _, _ in rows:
            if s is not None and not name.startswith("haven"):
                cpu = f", {s[1] / mine[1]:.1f}x in CPU time" if mine[1] and s[1] else ""
                print(f"{ours} is {s[0] / mine[0]:.1f}x as fast as {name} in wall time{cpu}")


if __name__ == "__main__":
    main()
