//! The archive key (机构密钥): one SM2 key pair per archive, with which everything the
//! archive hands out is signed, so that anyone can check it offline with OpenSSL 3.
//!
//! `material` the cryptography (through RustCrypto crates), `store` the catalog rows,
//! `lifecycle` creating, unlocking, rotating and exporting, `signed` signing and checking
//! statements with the archive's keys, `note` the signed ledger checkpoint.
//!
//! The private half lives in the catalog only encrypted under the key passphrase; it is
//! decrypted into memory by `Archive::unlock_key` for one session (one CLI command, or
//! the app until it closes or the key is locked again).

mod ledger_check;
mod lifecycle;
pub(crate) mod material;
mod note;
mod signed;
mod store;
mod verifier_page;

pub use lifecycle::{check_key_passphrase, MIN_KEY_PASSPHRASE_CHARS};
pub use note::SignedCheckpoint;
pub use signed::{SessionKey, SignatureCheck, SignatureStatus};
pub use store::{ArchiveKey, KeyStatus};

pub(crate) use ledger_check::{check_keys, records_key};
pub(crate) use note::{split as split_signed, SIGNATURE_PREFIX};
pub(crate) use signed::Unlocked;
