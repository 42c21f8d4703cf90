//! Property tests' case budget: `PROPTEST_CASES` when set (`scripts/fuzz.sh` raises it for
//! long runs), otherwise the given default, kept small for tests that do real I/O so the
//! ordinary `cargo test` stays quick. Property tests are named `prop_*` so the script can
//! pick them out.

use proptest::test_runner::Config;

pub fn budget(default_cases: u32) -> Config {
    match std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()) {
        Some(cases) => Config { cases, ..Config::default() },
        None => Config { cases: default_cases, ..Config::default() },
    }
}
