//! Business data series: the list, a new series and its corrections, one series' versions
//! and changes, and the
//! hand-overs missing (for the dashboard).

use chrono::Utc;
use tauri::State;

use dengji_core as core;

use crate::dto::{MissingHandover, NewSeries, Series, SeriesChange, SeriesDetail};
use crate::error::IpcResult;
use crate::state::AppState;

#[tauri::command(async)]
pub fn list_series(state: State<'_, AppState>) -> IpcResult<Vec<Series>> {
    state.with_archive(|a| a.series_list()).map(|v| v.into_iter().map(Into::into).collect())
}

#[tauri::command(async)]
pub fn add_series(state: State<'_, AppState>, new: NewSeries) -> IpcResult<Series> {
    state.act(|a, s| a.add_series(&new.into_core(), s)).map(Into::into)
}

#[tauri::command(async)]
pub fn edit_series(state: State<'_, AppState>, edit: SeriesChange) -> IpcResult<Series> {
    state.act(|a, s| a.edit_series(core::SeriesId(edit.id), &edit.into_core(), s)).map(Into::into)
}

#[tauri::command(async)]
pub fn series_detail(state: State<'_, AppState>, id: i64) -> IpcResult<SeriesDetail> {
    state.with_archive(|a| SeriesDetail::load(a, id))
}

#[tauri::command(async)]
pub fn missing_handovers(state: State<'_, AppState>) -> IpcResult<Vec<MissingHandover>> {
    state.with_archive(|a| a.missing_handovers(Utc::now())).map(|v| v.into_iter().map(Into::into).collect())
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use dengji_core::{AcceptScope, Archive, Cadence, CancelToken, IntakeTarget, NewSeries, NewUnit, NoProgress, Role, UnitKind};

    use crate::dto::SeriesDetail;

    #[test]
    fn the_detail_has_each_version_and_what_it_changed() {
        let tmp = tempfile::tempdir().unwrap();
        let (mut a, admin) = Archive::init(&tmp.path().join("a"), "测试档案馆", "330102", "管理员", "管理员密码1234", Utc::now()).unwrap();
        let admin = admin.stamp(Utc::now());
        a.add_user("登记员", "登记员密码1234", &[Role::Clerk], &admin).unwrap();
        a.add_user("审核员", "审核员密码1234", &[Role::Reviewer], &admin).unwrap();
        let clerk = a.login("登记员", "登记员密码1234", Utc::now()).unwrap().stamp(Utc::now());
        let reviewer = a.login("审核员", "审核员密码1234", Utc::now()).unwrap().stamp(Utc::now());
        let unit = NewUnit { name: "公积金中心".into(), kind: UnitKind::Individual, uscc: None, domain: None, force: false };
        let unit = a.add_unit(unit, &clerk).unwrap().id;
        let new = NewSeries { unit, name: "公积金业务库".into(), system: None, cadence: Cadence::Monthly };
        let series = a.add_series(&new, &clerk).unwrap().id;
        let src = tmp.path().join("导出");
        std::fs::create_dir_all(&src).unwrap();
        for (period, body) in [("2026-09", "一"), ("2026-10", "二")] {
            std::fs::write(src.join("a.sql"), body).unwrap();
            let target = IntakeTarget::Series { series, period: Some(period.into()), title: None };
            let draft = a.intake(target, std::slice::from_ref(&src), &clerk, &NoProgress, &CancelToken::new()).unwrap();
            a.accept_check_errors(draft.id, AcceptScope::All, "测试数据", &reviewer).unwrap();
            a.seal(draft.id, None, &reviewer).unwrap();
        }
        let d = SeriesDetail::load(&a, series.0).unwrap();
        assert_eq!(d.versions.iter().map(|v| v.period.as_str()).collect::<Vec<_>>(), ["2026-09", "2026-10"]);
        assert_eq!((d.diffs.len(), d.diffs[0].changed.len(), d.diffs[0].changed[0].path.as_str()), (1, 1, "a.sql"));
        assert_eq!(d.series.versions, 2);
    }
}
