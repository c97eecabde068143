//! Community detection on an edge-list file, timed, for `bench/network/run.sh`.
//!
//! `graphcommunities EDGES [--out MEMBERSHIP] [--method leiden|louvain] [--seed S] [--passes P]`
//!
//! EDGES: `a b` or `a b weight` lines; a first line `# nodes N ...` gives the node count (else the
//! largest node + 1); other `#` lines are skipped. Prints one line of `key=value` pairs: seconds to
//! read and parse the file, to build the graph, to detect communities; the number of communities and
//! the modularity (haven's own; the bench recomputes it with igraph for every tool). MEMBERSHIP gets
//! the community of node `v` on line `v`.

use std::io::{BufWriter, Write};
use std::process::ExitCode;
use std::time::Instant;

use haven_graph::{Graph, Method, Options, communities, modularity};

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("graphcommunities: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `(a, b, weight)`
type Edge = (usize, usize, f64);

fn parse_edges(text: &[u8]) -> Result<(usize, Vec<Edge>), String> {
    let mut nodes: Option<usize> = None;
    let mut largest = 0usize;
    let mut edges = Vec::new();
    for (number, line) in text.split(|&b| b == b'\n').enumerate() {
        let line = std::str::from_utf8(line).map_err(|_| format!("line {}: not UTF-8", number + 1))?;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(rest) = line.strip_prefix('#') {
            let mut words = rest.split_whitespace();
            if words.next() == Some("nodes") {
                nodes = words.next().and_then(|n| n.parse().ok());
            }
            continue;
        }
        let mut fields = line.split_ascii_whitespace();
        let bad = || format!("line {}: expected `a b` or `a b weight`, found {line:?}", number + 1);
        let a: usize = fields.next().and_then(|f| f.parse().ok()).ok_or_else(bad)?;
        let b: usize = fields.next().and_then(|f| f.parse().ok()).ok_or_else(bad)?;
        let w: f64 = match fields.next() {
            Some(f) => f.parse().map_err(|_| bad())?,
            None => 1.0,
        };
        largest = largest.max(a).max(b);
        edges.push((a, b, w));
    }
    let nodes = nodes.unwrap_or(if edges.is_empty() { 0 } else { largest + 1 });
    Ok((nodes, edges))
}

/// CPU seconds used so far by this process, all threads (Linux: user + system time from
/// /proc/self/stat, in clock ticks of 1/100 s), or None elsewhere. On a shared machine this is steadier
/// than wall time.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces): state is field 3,
    // utime 14 and stime 15.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .ok_or("usage: graphcommunities EDGES [--out FILE] [--method leiden|louvain] [--seed S] [--passes P]")?;
    let value = |name: &str| args.iter().position(|a| a == name).and_then(|i| args.get(i + 1));
    let mut options = Options::default();
    if let Some(m) = value("--method") {
        options.method = match m.as_str() {
            "leiden" => Method::Leiden,
            "louvain" => Method::Louvain,
            other => return Err(format!("--method: {other:?} is not leiden or louvain")),
        };
    }
    if let Some(s) = value("--seed") {
        options.seed = s.parse().map_err(|_| format!("--seed: {s:?} is not a whole number"))?;
    }
    if let Some(p) = value("--passes") {
        options.max_passes = p.parse().map_err(|_| format!("--passes: {p:?} is not a whole number"))?;
    }

    let t = Instant::now();
    let text = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    let (nodes, edges) = parse_edges(&text)?;
    drop(text);
    let read = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let graph = Graph::from_edges(nodes, edges).map_err(|e| e.to_string())?;
    let build = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let cpu = cpu_seconds();
    let partition = communities(&graph, &options).map_err(|e| e.to_string())?;
    let detect = t.elapsed().as_secs_f64();
    let detect_cpu = match (cpu, cpu_seconds()) {
        (Some(a), Some(b)) => format!("{:.2}", b - a),
        _ => "NA".into(),
    };
    let q = modularity(&graph, &partition).map_err(|e| e.to_string())?;
    println!(
        "read_s={read:.3} build_s={build:.3} detect_s={detect:.3} detect_cpu_s={detect_cpu} nodes={} edges={} communities={} modularity={q:.6}",
        graph.node_count(),
        graph.edge_count(),
        partition.community_count()
    );
    if let Some(out) = value("--out") {
        let file = std::fs::File::create(out).map_err(|e| format!("--out {out}: {e}"))?;
        let mut w = BufWriter::new(file);
        let io = |e: std::io::Error| format!("--out {out}: {e}");
        for &c in partition.membership() {
            writeln!(w, "{c}").map_err(io)?;
        }
        w.flush().map_err(io)?;
    }
    Ok(())
}
