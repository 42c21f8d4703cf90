//! Search over units, registrations and items.

use tauri::State;

use crate::dto::{SearchFilter, SearchResults};
use crate::error::IpcResult;
use crate::state::AppState;

#[tauri::command(async)]
pub fn search(state: State<'_, AppState>, query: String, filter: SearchFilter) -> IpcResult<SearchResults> {
    state.with_archive(|a| a.search(&query, &filter.into())).map(Into::into)
}
