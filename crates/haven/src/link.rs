//! `haven link`: links a CSV of person records from several agencies into one cluster per person, with
//! haven's own engine (`haven-link`). It reads and writes files only: no store is opened.

use std::io::IsTerminal;
use std::path::PathBuf;

/// `haven link --input records.csv --output clusters.csv [--threshold P] [--explain pairs.csv]`
#[derive(Debug, clap::Args)]
pub struct LinkArgs {
    /// CSV with a header naming record_id,source,first_name,surname,dob,sex,postcode (in any order;
    /// extra columns ignored; dob as YYYY-MM-DD; any column but record_id may be empty).
    #[arg(long, value_name = "FILE")]
    pub input: PathBuf,
    /// Where to write record_id,cluster_id: every input record exactly once, in input order.
    #[arg(long, value_name = "FILE")]
    pub output: PathBuf,
    /// Link two records when the probability that they are the same person is at least this.
    #[arg(long, value_name = "P", default_value_t = 0.9, value_parser = probability)]
    pub threshold: f64,
    /// Also write every scored pair with each field's comparison level and match weight.
    #[arg(long, value_name = "FILE")]
    pub explain: Option<PathBuf>,
}

fn probability(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(p) if p.is_finite() && p > 0.0 && p < 1.0 => Ok(p),
        _ => Err(format!("`{s}` is not a probability strictly between 0 and 1")),
    }
}

/// Runs the linkage; a progress bar is drawn on standard error when it is a terminal. Warnings (dates of
/// birth that could not be read, by line) and the summary go to standard error.
pub fn run(args: &LinkArgs) -> anyhow::Result<haven_link::LinkSummary> {
    let progress = std::io::stderr().is_terminal();
    // The engine's errors name the file, the line and the problem.
    let summary =
        haven_link::run_link_files(&args.input, &args.output, args.threshold, args.explain.as_deref(), progress)?;
    let input = args.input.display();
    for problem in &summary.dob_problems {
        eprintln!("warning: {input} {problem}");
    }
    if summary.dob_invalid > summary.dob_problems.len() {
        eprintln!(
            "warning: {input}: {} more unreadable dates of birth not listed",
            summary.dob_invalid - summary.dob_problems.len()
        );
    }
    eprintln!("{summary}");
    println!("wrote {} ({} records in {} clusters)", args.output.display(), summary.records, summary.clusters);
    Ok(summary)
}
