//! Generates a graph with planted communities, for `bench/network/run.sh`.
//!
//! `graphgen --nodes N --edges M [--seed S] [--mixing MU] --out EDGES [--truth TRUTH]`
//!
//! LFR-like (Lancichinetti, Fortunato and Radicchi 2008) but simpler: community sizes from a power law
//! (exponent 2, 20 to 1000 nodes), node "activity" from a power law (exponent 2.5, capped), so degrees
//! are skewed like a real association network; each edge joins two nodes of one community with
//! probability `1 − MU`, else two nodes anywhere, each end drawn in proportion to activity. Node
//! numbers are shuffled, so a community is not a range of indices. No self-loops, no duplicate edges
//! (networkx would keep one copy of a duplicate where igraph keeps both: the graph must be the same for
//! every tool). Deterministic for a seed.
//!
//! Output: a first line `# nodes N edges M seed S mixing MU`, then one `a b` line per edge; the truth
//! file has the planted community of node `v` on line `v`.

use std::collections::HashSet;
use std::io::{BufWriter, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("graphgen: {e}");
            ExitCode::FAILURE
        }
    }
}

struct Rng(u64);
impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }
    /// Power law with exponent `alpha` on `[low, high]` (inverse transform).
    fn power_law(&mut self, alpha: f64, low: f64, high: f64) -> f64 {
        let a = 1.0 - alpha;
        let u = self.unit();
        ((high.powf(a) - low.powf(a)) * u + low.powf(a)).powf(1.0 / a)
    }
}

fn arg<T: std::str::FromStr>(args: &[String], name: &str, default: Option<T>) -> Result<T, String> {
    match args.iter().position(|a| a == name) {
        Some(i) => args.get(i + 1).and_then(|v| v.parse().ok()).ok_or_else(|| format!("{name}: expected a value")),
        None => default.ok_or_else(|| format!("{name}: required")),
    }
}

/// Index `i` of the first `cumulative[i] > x` within `range`.
fn pick(cumulative: &[f64], range: std::ops::Range<usize>, x: f64) -> usize {
    let slice = &cumulative[range.clone()];
    let i = slice.partition_point(|&c| c <= x);
    range.start + i.min(slice.len() - 1)
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    let nodes: usize = arg(&args, "--nodes", None)?;
    let edges: usize = arg(&args, "--edges", None)?;
    let seed: u64 = arg(&args, "--seed", Some(1))?;
    let mixing: f64 = arg(&args, "--mixing", Some(0.3))?;
    let out: String = arg(&args, "--out", None)?;
    let truth: Option<String> = arg(&args, "--truth", None).ok();
    if nodes < 40 || edges > nodes * (nodes - 1) / 4 {
        return Err("--nodes must be at least 40 and --edges at most a quarter of all pairs".into());
    }
    let mut rng = Rng(seed);

    // Community sizes, then nodes dealt to them in a shuffled order.
    let mut sizes = Vec::new();
    let mut placed = 0;
    while placed < nodes {
        let s = (rng.power_law(2.0, 20.0, 1000.0) as usize).min(nodes - placed);
        sizes.push(s);
        placed += s;
    }
    if sizes.len() > 1 && sizes[sizes.len() - 1] < 20 {
        let last = sizes.pop().unwrap_or(0);
        if let Some(prev) = sizes.last_mut() {
            *prev += last;
        }
    }
    let mut order: Vec<u32> = (0..nodes as u32).collect();
    for i in (1..nodes).rev() {
        let j = rng.below(i + 1);
        order.swap(i, j);
    }
    let mut start = vec![0usize];
    for s in &sizes {
        start.push(start[start.len() - 1] + s);
    }
    let mut community_at = vec![0u32; nodes];
    for c in 0..sizes.len() {
        for slot in &mut community_at[start[c]..start[c + 1]] {
            *slot = c as u32;
        }
    }
    // Activity per position in `order`, and its running sum.
    let mut cumulative = Vec::with_capacity(nodes);
    let mut sum = 0.0;
    for _ in 0..nodes {
        sum += rng.power_law(2.5, 1.0, 50.0);
        cumulative.push(sum);
    }
    let base = |i: usize| if i == 0 { 0.0 } else { cumulative[i - 1] };

    let mut seen: HashSet<u64> = HashSet::with_capacity(edges * 2);
    let mut list: Vec<(u32, u32)> = Vec::with_capacity(edges);
    let mut attempts = 0usize;
    while list.len() < edges {
        attempts += 1;
        if attempts > edges * 20 {
            return Err("could not place the edges asked for (too dense?)".into());
        }
        let i = pick(&cumulative, 0..nodes, rng.unit() * sum);
        let j = if rng.unit() < mixing {
            pick(&cumulative, 0..nodes, rng.unit() * sum)
        } else {
            let c = community_at[i] as usize;
            let (lo, hi) = (start[c], start[c + 1]);
            let x = base(lo) + rng.unit() * (cumulative[hi - 1] - base(lo));
            pick(&cumulative, lo..hi, x)
        };
        let (a, b) = (order[i], order[j]);
        if a == b {
            continue;
        }
        let key = (u64::from(a.min(b)) << 32) | u64::from(a.max(b));
        if seen.insert(key) {
            list.push((a, b));
        }
    }

    let file = std::fs::File::create(&out).map_err(|e| format!("--out {out}: {e}"))?;
    let mut w = BufWriter::new(file);
    let io = |e: std::io::Error| format!("--out {out}: {e}");
    writeln!(w, "# nodes {nodes} edges {edges} seed {seed} mixing {mixing}").map_err(io)?;
    for (a, b) in &list {
        writeln!(w, "{a} {b}").map_err(io)?;
    }
    w.flush().map_err(io)?;
    if let Some(path) = truth {
        let mut community_of = vec![0u32; nodes];
        for (i, &v) in order.iter().enumerate() {
            community_of[v as usize] = community_at[i];
        }
        let file = std::fs::File::create(&path).map_err(|e| format!("--truth {path}: {e}"))?;
        let mut w = BufWriter::new(file);
        let io = |e: std::io::Error| format!("--truth {path}: {e}");
        for c in community_of {
            writeln!(w, "{c}").map_err(io)?;
        }
        w.flush().map_err(io)?;
    }
    eprintln!(
        "graphgen: {nodes} nodes, {edges} edges, {} planted communities (sizes {}..{})",
        sizes.len(),
        sizes.iter().min().unwrap_or(&0),
        sizes.iter().max().unwrap_or(&0)
    );
    Ok(())
}
