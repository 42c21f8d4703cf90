//! Start-up timing: how long the app took to show an interactive sign-in screen, and the
//! dashboard after a sign-in. The UI reports each screen once it has painted with its data;
//! each report is one stderr line, read by the benchmark harness (bench/startup.mjs) and
//! useful to IT when a workstation feels slow to start.

use std::sync::{Mutex, OnceLock};
use std::time::Instant;

use crate::dto::{ReadyScreen, ReadyTimes};

static STARTED: OnceLock<Instant> = OnceLock::new();
static SIGNING_IN: Mutex<Option<Instant>> = Mutex::new(None);

/// Called first thing in `run`.
pub fn started() {
    STARTED.get_or_init(Instant::now);
}

/// A sign-in was asked for (password hashing and the dashboard's loads count from here).
pub fn signing_in() {
    if let Ok(mut at) = SIGNING_IN.lock() {
        *at = Some(Instant::now());
    }
}

pub fn ready(screen: ReadyScreen) -> ReadyTimes {
    let now = Instant::now();
    let ms = |since: Instant| now.saturating_duration_since(since).as_secs_f64() * 1000.0;
    let since_start_ms = ms(*STARTED.get_or_init(Instant::now));
    let since_sign_in_ms = SIGNING_IN.lock().ok().and_then(|at| *at).map(ms);
    let name = match screen {
        ReadyScreen::Login => "login",
        ReadyScreen::Dashboard => "dashboard",
    };
    match since_sign_in_ms {
        Some(s) => eprintln!("dengji-app: ready {name} {since_start_ms:.0} ms after start, {s:.0} ms after sign-in"),
        None => eprintln!("dengji-app: ready {name} {since_start_ms:.0} ms after start"),
    }
    ReadyTimes { since_start_ms, since_sign_in_ms }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_count_from_start_and_from_the_sign_in() {
        started();
        let login = ready(ReadyScreen::Login);
        signing_in();
        let dash = ready(ReadyScreen::Dashboard);
        assert!(dash.since_start_ms >= login.since_start_ms);
        let after = dash.since_sign_in_ms.unwrap();
        assert!(after >= 0.0 && after <= dash.since_start_ms);
    }
}
