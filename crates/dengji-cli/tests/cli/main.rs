//! Integration tests of the `dengji` command-line tool: one test binary, one module per
//! area. Every test gets its own temporary data directory (see `support`).
//!
//! Exit codes under test: 0 success, 1 a verification found a problem (or something
//! failed), 2 the caller's input or usage was wrong.

mod support;

mod accounts;
mod applications;
mod audit;
mod cert;
mod init;
mod intake;
mod media;
mod restore;
mod seal;
mod units;
mod verify;
