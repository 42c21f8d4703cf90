//! Integration tests of the core on real SQLite in temp dirs.

mod accounts;
mod attest;
mod intake;
mod ledger;
mod media;
mod metadata;
mod recover;
mod restore;
mod seal;
mod support;
