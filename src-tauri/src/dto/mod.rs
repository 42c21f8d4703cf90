//! The IPC contract: every type the frontend sends or receives. `cargo test -p dengji-app`
//! writes them as TypeScript into ui/src/bindings/ (ts-rs); `tests::contract` pins their
//! exact shape.
//!
//! A core type whose JSON already is what the UI reads crosses as it is: the enums, and
//! structs whose fields are single words (the core's snake_case is then the UI's
//! camelCase). Those are re-exported here (`pub use core::Counts as CheckCounts`), their
//! TypeScript derived on the core type behind dengji-core's `ts` feature. The rest are
//! DTOs: the core's JSON is the CLI's `--json` contract, in snake_case, the UI reads
//! camelCase, and many of them shape a screen's needs (fewer fields, joined names).
//!
//! Integers are i64/u64 in Rust but `number` in TypeScript (ids, sizes and counts stay far
//! below 2^53): one setting, `TS_RS_LARGE_INT` in `.cargo/config.toml`, read by the
//! export tests and by `tests::contract` alike. Comments on the DTOs are plain
//! `//` on purpose: ts-rs would copy `///` docs into the generated TypeScript.

mod accounts;
mod applications;
mod archive;
mod attest;
mod audit;
mod certificates;
mod check;
mod disposal;
mod first_run;
mod intake;
mod job;
mod media;
mod metadata;
mod paths;
mod peers;
mod registrations;
mod repair;
mod restore;
mod search;
mod series;
mod startup;
mod statistics;
mod status;
#[cfg(test)]
mod tests;
mod units;
mod upward;
mod vault;

pub use accounts::*;
pub use applications::*;
pub use archive::*;
pub use attest::*;
pub use audit::*;
pub use certificates::*;
pub use check::*;
pub use disposal::*;
pub use first_run::*;
pub use intake::*;
pub use job::*;
pub use media::*;
pub use metadata::*;
pub use paths::*;
pub use peers::*;
pub use registrations::*;
pub use repair::*;
pub use restore::*;
pub use search::*;
pub use series::*;
pub use startup::*;
pub use statistics::*;
pub use status::*;
pub use units::*;
pub use upward::*;
pub use vault::*;
