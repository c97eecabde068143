//! Optional progress bar (indicatif), drawn on standard error only when asked for.

use indicatif::{ProgressBar, ProgressStyle};

/// A progress reporter that does nothing when disabled.
#[derive(Debug)]
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A reporter that draws a bar when `enabled`.
    pub fn new(enabled: bool) -> Progress {
        let bar = enabled.then(|| {
            let bar = ProgressBar::new(0);
            if let Ok(style) = ProgressStyle::with_template("{elapsed_precise} [{bar:30}] {pos}/{len} {msg}") {
                bar.set_style(style.progress_chars("=> "));
            }
            bar
        });
        Progress { bar }
    }

    /// A reporter that never draws.
    pub fn hidden() -> Progress {
        Progress { bar: None }
    }

    /// Starts a named stage of `len` steps.
    pub fn stage(&self, name: &str, len: u64) {
        if let Some(b) = &self.bar {
            b.set_message(name.to_string());
            b.set_length(len);
            b.set_position(0);
        }
    }

    /// Advances the current stage.
    pub fn inc(&self, by: u64) {
        if let Some(b) = &self.bar {
            b.inc(by);
        }
    }

    /// Clears the bar.
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
