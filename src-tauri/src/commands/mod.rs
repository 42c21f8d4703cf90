//! The IPC commands, one delegation each. The list in build.rs, the capability and
//! `generate_handler!` in lib.rs must name the same commands.

pub mod accounts;
pub mod applications;
pub mod archive;
pub mod attest;
pub mod audit;
pub mod certificates;
pub mod check;
pub mod disposal;
pub mod first_run;
pub mod intake;
pub mod jobs;
pub mod media;
pub mod metadata;
pub mod paths;
pub mod peers;
pub mod registrations;
pub mod search;
pub mod series;
pub mod settings;
pub mod startup;
pub mod statistics;
pub mod units;
pub mod upward;
