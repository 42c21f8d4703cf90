//! Integration tests of the `dengji` command-line tool: one test binary, one module per
//! area. Every test gets its own temporary data directory (see `support`).
//!
//! Exit codes under test: 0 success, 1 a verification found a problem (or something
//! failed), 2 the caller's input or usage was wrong.

mod support;

mod accounts;
mod applications;
mod attest;
mod audit;
mod catalogue;
mod centre;
mod centre_catalog;
mod cert;
mod check;
#[cfg(unix)]
mod crash;
mod cut_proxy;
mod disposal;
#[cfg(target_os = "linux")]
mod exfat;
#[cfg(target_os = "linux")]
mod health;
mod init;
mod intake;
mod key;
mod media;
#[cfg(target_os = "linux")]
mod media_faults;
#[cfg(target_os = "linux")]
mod mounts;
#[cfg(unix)]
mod own_cluster;
mod peer;
mod recover;
mod restore;
mod seal;
mod search;
mod series;
mod settings_file;
mod units;
mod upward;
mod verify;
