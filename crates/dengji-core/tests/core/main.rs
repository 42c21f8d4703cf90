//! Integration tests of the core on real SQLite in temp dirs.

mod accounts;
mod cert;
mod intake;
mod ledger;
mod media;
mod restore;
mod seal;
mod support;
