//! Pairwise precision, recall and F1 of `record_id,cluster_id` against `record_id,person_id`.
//! `linkeval CLUSTERS TRUTH` prints `precision recall f1 predicted_pairs true_pairs`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    let [clusters, truth] = args.as_slice() else {
        eprintln!("usage: linkeval CLUSTERS TRUTH");
        return ExitCode::from(2);
    };
    let run = || -> Result<String, String> {
        let c = haven_link::csv_io::read_pairs(clusters, "record_id", "cluster_id").map_err(|e| e.to_string())?;
        let t = haven_link::csv_io::read_pairs(truth, "record_id", "person_id").map_err(|e| e.to_string())?;
        let person: HashMap<&str, &str> = t.iter().map(|(r, p)| (r.as_str(), p.as_str())).collect();
        if c.len() != t.len() {
            return Err(format!("{} clustered records but {} in truth", c.len(), t.len()));
        }
        let mut pred = Vec::with_capacity(c.len());
        let mut tru = Vec::with_capacity(c.len());
        for (r, cl) in &c {
            let p = person.get(r.as_str()).ok_or_else(|| format!("record {r} not in truth"))?;
            pred.push(cl.as_str());
            tru.push(*p);
        }
        let s = haven_link::eval::pairwise(&pred, &tru);
        Ok(format!(
            "precision={:.4} recall={:.4} f1={:.4} predicted_pairs={} true_pairs={}",
            s.precision, s.recall, s.f1, s.predicted_pairs, s.true_pairs
        ))
    };
    match run() {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
