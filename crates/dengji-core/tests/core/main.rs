//! Integration tests of the core on real SQLite in temp dirs.

#[cfg(unix)]
mod access;
mod access_log;
mod accounts;
mod attest;
#[cfg(unix)]
mod bag_names;
#[cfg(unix)]
mod bitrot;
mod cert;
mod check;
mod chunked;
mod demo;
mod desk;
mod disposal;
#[cfg(unix)]
mod handback;
mod hostile;
mod intake;
mod key;
mod ledger;
mod media;
mod media_desk;
mod media_faults;
mod metadata;
mod migrate;
mod ocfl;
mod peers;
mod recover;
mod registration_list;
mod restore;
mod seal;
mod search;
mod series;
mod statistics;
mod support;
mod upgrade;
mod upward;
mod workstations;
