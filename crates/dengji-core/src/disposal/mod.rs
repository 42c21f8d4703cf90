//! Retention and disposal (鉴定销毁): what has reached the end of its retention period
//! (`due`), and legal holds (诉讼保全) that keep a registration from disposal while a
//! dispute needs it (`holds`).

mod due;
mod holds;

pub use due::{DueItem, DueRegistration};
pub use holds::{Hold, NewHold};
