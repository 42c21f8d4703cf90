//! Registration certificates (登记证明): what a unit takes home after sealing. Issued
//! for a sealed registration, rendered as an A4 PDF in Simplified Chinese (the
//! certificate, then the annex listing every file), recorded in the catalog and the
//! ledger with the PDF's digests, reproducible byte for byte, and verifiable by number,
//! by PDF or by the QR code printed on it.
//!
//! `model` the stored certificate, `number` its numbering, `issue` issuing and printing,
//! `render` the PDF (with `page_one`, `annex`, `qr`, `draw`, `text`, `font`), `verify`
//! the verdict on a presented certificate, `ledger_check` its part of `ledger verify`;
//! `attest_report` the attestation report (鉴证报告) and `handback_record` the hand-over
//! record of a hand-back (移交清单), drawn with the same font and tools.

mod annex;
mod attest_report;
mod check_report;
mod disposal_record;
mod draw;
mod evidence;
mod font;
mod handback_record;
mod issue;
mod ledger_check;
mod model;
mod number;
mod page_one;
mod qr;
mod render;
mod report;
mod report_signature;
mod statement;
mod store;
mod text;
mod verify;

pub use attest_report::render_attestation;
pub use check_report::render_check;
pub use disposal_record::render_disposal;
pub use handback_record::{render_handback, HandbackRecord};
pub(crate) use ledger_check::check_certificates;
pub use model::{AnnexItem, CertContent, Certificate};
pub use qr::{QrPayload, QR_FORMAT};
pub use render::{render, Qr, LAYOUT};
pub use report_signature::signature_path;
pub use statement::{Statement, STATEMENT_FORMAT};
pub use verify::{CertQuery, CertStatus, CertVerdict, DisposedNote};
