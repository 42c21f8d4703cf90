//! Search over units, registrations and items.

use tauri::State;

use crate::dto::{SearchFilter, SearchResults};
use crate::error::IpcResult;
use crate::state::AppState;

/// This archive's hits, and each lower archive's in its reported copy (not with a unit
/// filter: a unit is this archive's own).
#[tauri::command(async)]
pub fn search(state: State<'_, AppState>, query: String, filter: SearchFilter) -> IpcResult<SearchResults> {
    let filter: dengji_core::SearchFilter = filter.into();
    state.with_archive(|a| {
        let lower = if filter.unit.is_none() { a.search_lower(&query, &filter)? } else { Vec::new() };
        Ok(SearchResults::of(a.search(&query, &filter)?, lower))
    })
}
