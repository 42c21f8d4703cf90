//! The UI's readiness reports: open before sign-in, like `archive_info`.

use crate::dto::{ReadyScreen, ReadyTimes};

#[tauri::command(async)]
pub fn report_ready(screen: ReadyScreen) -> ReadyTimes {
    crate::readiness::ready(screen)
}
