//! Runs haven's linker on a CSV file (the `haven` binary wires the same library call).
//! `havenlink INPUT OUTPUT [--threshold P] [--explain FILE] [--progress]`

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut pos = Vec::new();
    let mut threshold = 0.9;
    let mut explain = None;
    let mut progress = false;
    let mut i = 0;
    while i < args.len() {
        match args[i].as_str() {
            "--threshold" => {
                i += 1;
                threshold = args.get(i).and_then(|v| v.parse().ok()).unwrap_or(f64::NAN);
            }
            "--explain" => {
                i += 1;
                explain = args.get(i).map(PathBuf::from);
            }
            "--progress" => progress = true,
            other => pos.push(PathBuf::from(other)),
        }
        i += 1;
    }
    let [input, output] = pos.as_slice() else {
        eprintln!("usage: havenlink INPUT OUTPUT [--threshold P] [--explain FILE] [--progress]");
        return ExitCode::from(2);
    };
    match haven_link::run_link_files(input, output, threshold, explain.as_deref(), progress) {
        Ok(summary) => {
            eprintln!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
