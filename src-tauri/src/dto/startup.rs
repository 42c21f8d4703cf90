//! Start-up readiness reports (see readiness.rs).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub enum ReadyScreen {
    Login,
    Dashboard,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export, export_to = "../../ui/src/bindings/")]
pub struct ReadyTimes {
    pub since_start_ms: f64,
    // None before any sign-in in this process.
    pub since_sign_in_ms: Option<f64>,
}
