//! How a long job shows its progress: a bar on a terminal, a plain line now and then
//! when stderr is a file or a pipe (logs of scheduled backups), nothing for `--json`.

use std::time::Duration;

use dengji_core::{CancelToken, JobProgress, Phase, Progress, Throttled};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::output;

/// Plain lines are for people reading a log afterwards: one per phase, then one every
/// few seconds is plenty.
const PLAIN_EVERY: Duration = Duration::from_secs(5);
const BAR_EVERY: Duration = Duration::from_millis(100);

/// Runs a long job with Ctrl-C as its cancel and its progress shown as fits stderr.
pub fn run_job<T>(verb: &str, json: bool, job: impl FnOnce(&dyn Progress, &CancelToken) -> T) -> T {
    let cancel = cancel_on_ctrl_c();
    if json {
        return job(&dengji_core::NoProgress, &cancel);
    }
    if output::is_terminal() {
        let bar = Bar::new(verb);
        let out = job(&Throttled::new(&bar, BAR_EVERY), &cancel);
        bar.0.finish_and_clear();
        out
    } else {
        let plain = |p: &JobProgress| eprintln!("{}", plain_line(verb, p));
        job(&Throttled::new(&plain, PLAIN_EVERY), &cancel)
    }
}

fn cancel_on_ctrl_c() -> CancelToken {
    let cancel = CancelToken::new();
    let c = cancel.clone();
    // Only the first handler of a process wins; every CLI process runs one job.
    let _ = ctrlc::set_handler(move || c.cancel());
    cancel
}

fn phase_name(phase: Phase) -> &'static str {
    match phase {
        Phase::Scanning => "清点",
        Phase::Hashing => "处理",
        Phase::Finishing => "收尾",
    }
}

/// `备份 [处理] 12/40 个文件  1.2 GB/3.0 GB  40%`
/// A job that reads no bytes (a ledger verification) counts items: `核验台账 [处理] 40/120 项  33%`.
pub fn plain_line(verb: &str, p: &JobProgress) -> String {
    if p.bytes_total == 0 {
        let pct = if p.files_total > 0 { p.files_done as f64 * 100.0 / p.files_total as f64 } else { 0.0 };
        return format!("{verb} [{}] {}/{} 项  {pct:.0}%", phase_name(p.phase), p.files_done, p.files_total);
    }
    let pct = p.bytes_done as f64 * 100.0 / p.bytes_total as f64;
    format!(
        "{verb} [{}] {}/{} 个文件  {}/{}  {:.0}%",
        phase_name(p.phase),
        p.files_done,
        p.files_total,
        output::size(p.bytes_done as i64),
        output::size(p.bytes_total as i64),
        pct
    )
}

/// A byte bar with files counted in its message; indicatif works out speed and ETA.
struct Bar(ProgressBar);

impl Bar {
    fn new(verb: &str) -> Self {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(
            "{prefix} [{bar:30.cyan/blue}] {decimal_bytes}/{decimal_total_bytes}  {decimal_bytes_per_sec}  剩余 {eta}  {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
        bar.set_style(style);
        bar.set_prefix(verb.to_owned());
        Bar(bar)
    }
}

impl Progress for Bar {
    fn report(&self, p: &JobProgress) {
        // Items instead of bytes for a job that reads none (the bar then counts entries).
        let (done, total) = if p.bytes_total == 0 { (p.files_done, p.files_total) } else { (p.bytes_done, p.bytes_total) };
        if self.0.length() != Some(total) {
            self.0.set_length(total);
        }
        self.0.set_position(done);
        self.0.set_message(format!("{}/{} 个文件 · {}", p.files_done, p.files_total, phase_name(p.phase)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_line_names_phase_files_and_bytes() {
        let p = JobProgress {
            phase: Phase::Hashing,
            files_done: 3,
            files_total: 10,
            bytes_done: 512,
            bytes_total: 2048,
            current: None,
            elapsed: Duration::from_secs(1),
        };
        let line = plain_line("备份", &p);
        assert!(line.starts_with("备份 [处理] 3/10 个文件"), "{line}");
        assert!(line.ends_with("25%"), "{line}");
        let items = JobProgress { bytes_done: 0, bytes_total: 0, files_done: 40, files_total: 160, ..p };
        assert_eq!(plain_line("核验台账", &items), "核验台账 [处理] 40/160 项  25%");
    }
}
