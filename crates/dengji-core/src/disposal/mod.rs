//! Retention and disposal (鉴定销毁): what has reached the end of its retention period
//! (`due`), legal holds (诉讼保全) that keep a registration from disposal while a dispute
//! needs it (`holds`), disposal applications and their approval, which carries them out
//! (`apply`), and the disposal record (销毁清单) printed for each (`record`).

mod apply;
mod due;
mod holds;
mod record;
mod store;

pub use apply::{Disposal, DisposalStatus, MediumMark, NewDisposal};
pub use due::{DueItem, DueRegistration};
pub use holds::{Hold, NewHold};
pub use record::{record_file_name as disposal_record_name, DisposalRecord};
