//! Report packages on the 上下级报送 screen: write one for the upper archive (a job), take
//! one in from a lower archive (a job), record the receipt, and what has gone and come.

use tauri::ipc::Channel;
use tauri::State;

use super::jobs::run_job;
use crate::dto::{
    JobEvent, LowerRegistration, RecoveryMedium, ReportAcked, ReportExportRequest, ReportExported, ReportImported, ReportsOverview,
};
use crate::error::IpcResult;
use crate::state::AppState;

#[tauri::command(async)]
pub fn reports_overview(state: State<'_, AppState>) -> IpcResult<ReportsOverview> {
    state.with_archive(|a| ReportsOverview::of(a))
}

#[tauri::command]
pub async fn start_report_export(
    state: State<'_, AppState>,
    request: ReportExportRequest,
    on_progress: Channel<JobEvent>,
) -> IpcResult<ReportExported> {
    let options = dengji_core::ExportOptions { to: request.upper.filter(|u| !u.trim().is_empty()), catalog_only: request.catalog_only };
    let to = std::path::PathBuf::from(request.to);
    run_job(&state, &request.job_id, on_progress, move |a, s, p, c| a.export_report(&to, &options, s, p, c)).await.map(Into::into)
}

#[tauri::command]
pub async fn start_report_import(
    state: State<'_, AppState>,
    job_id: String,
    dir: String,
    on_progress: Channel<JobEvent>,
) -> IpcResult<ReportImported> {
    let dir = std::path::PathBuf::from(dir);
    run_job(&state, &job_id, on_progress, move |a, s, p, c| a.import_report(&dir, s, p, c)).await.map(Into::into)
}

/// A recovery medium for the lower archive `lower` (admin), written into `to`.
#[tauri::command]
pub async fn start_lower_recovery(
    state: State<'_, AppState>,
    job_id: String,
    lower: String,
    to: String,
    on_progress: Channel<JobEvent>,
) -> IpcResult<RecoveryMedium> {
    let to = std::path::PathBuf::from(to);
    run_job(&state, &job_id, on_progress, move |a, s, p, c| a.write_lower_recovery(&lower, &to, s, p, c)).await.map(Into::into)
}

/// A lower archive's sealed registration from its newest reported copy, read-only.
#[tauri::command(async)]
pub fn lower_registration(state: State<'_, AppState>, number: String) -> IpcResult<LowerRegistration> {
    state.with_archive(|a| LowerRegistration::load(a, &number))
}

#[tauri::command(async)]
pub fn ack_report(state: State<'_, AppState>, dir: String) -> IpcResult<ReportAcked> {
    state.act(|a, s| a.ack_report(std::path::Path::new(&dir), s)).map(Into::into)
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use dengji_core::{Archive, CancelToken, IntakeTarget, NewUnit, NoProgress, RecordKind, Relation, Role, Stamp, UnitKind};

    use crate::dto::{LowerRegistration, ReportExported, ReportImported, ReportsOverview};

    const PASSPHRASE: &str = "测试档案馆机构密钥口令2026";

    fn archive(dir: &std::path::Path, name: &str, region: &str) -> (Archive, Stamp) {
        let (mut a, admin) = Archive::init(dir, name, region, "管理员", "管理员密码1234", Utc::now()).unwrap();
        let admin = admin.stamp(Utc::now());
        a.create_key(PASSPHRASE, &admin).unwrap();
        (a, admin)
    }

    fn certificate(a: &Archive, dir: &std::path::Path) -> String {
        let files = a.export_keys(dir).unwrap();
        std::fs::read_to_string(&files[0]).unwrap()
    }

    /// What the 上下级报送 screen shows at each side of one report's round trip.
    #[test]
    fn the_screen_shows_what_went_up_what_came_back_and_the_lower_archives() {
        let tmp = tempfile::tempdir().unwrap();
        let (mut county, county_admin) = archive(&tmp.path().join("county"), "上城区档案馆", "330102");
        let (mut city, city_admin) = archive(&tmp.path().join("city"), "杭州市档案馆", "330100");
        let pem = certificate(&county, &tmp.path().join("k1"));
        let fp = dengji_core::read_peer_certificate(&pem).unwrap().fingerprint;
        city.add_peer(&pem, Relation::Lower, Some(&fp), &city_admin).unwrap();
        let pem = certificate(&city, &tmp.path().join("k2"));
        let fp = dengji_core::read_peer_certificate(&pem).unwrap().fingerprint;
        county.add_peer(&pem, Relation::Upper, Some(&fp), &county_admin).unwrap();
        let empty = ReportsOverview::of(&county).unwrap();
        assert_eq!((empty.uppers.as_slice(), empty.sent.len(), empty.witnessed.is_none()), (&["杭州市档案馆".to_string()][..], 0, true));

        county.add_user("审核员", "审核员密码1234", &[Role::Reviewer, Role::Clerk], &county_admin).unwrap();
        let reviewer = county.login("审核员", "审核员密码1234", Utc::now()).unwrap().stamp(Utc::now());
        let unit = NewUnit { name: "张三".into(), kind: UnitKind::Individual, uscc: None, domain: None, force: false };
        let unit = county.add_unit(unit, &reviewer).unwrap().id;
        let src = tmp.path().join("src");
        std::fs::create_dir_all(&src).unwrap();
        std::fs::write(src.join("a.txt"), "甲").unwrap();
        let target = IntakeTarget::New { unit, title: "测试".into(), kind: RecordKind::Electronic };
        let draft = county.intake(target, &[src], &reviewer, &NoProgress, &CancelToken::new()).unwrap();
        county.add_user("封存员", "封存员密码1234", &[Role::Reviewer], &county_admin).unwrap();
        let sealer = county.login("封存员", "封存员密码1234", Utc::now()).unwrap().stamp(Utc::now());
        county.accept_check_errors(draft.id, dengji_core::AcceptScope::All, "测试数据", &sealer).unwrap();
        county.seal(draft.id, Some("测试"), &sealer).unwrap();

        let drive = tmp.path().join("drive");
        std::fs::create_dir_all(&drive).unwrap();
        let options = dengji_core::ExportOptions::default();
        let sent: ReportExported = county.export_report(&drive, &options, &county_admin, &NoProgress, &CancelToken::new()).unwrap().into();
        assert_eq!((sent.number, sent.objects, sent.to.as_str(), sent.cancelled), (1, 1, "杭州市档案馆", false));
        let got: ReportImported =
            city.import_report(std::path::Path::new(&sent.path), &city_admin, &NoProgress, &CancelToken::new()).unwrap().into();
        assert_eq!((got.from.as_str(), got.registrations, got.objects), ("上城区档案馆", 1, 1));
        assert!(got.receipt_path.ends_with("receipt.txt"));
        county.ack_report(std::path::Path::new(&sent.path), &county_admin).unwrap();

        let at_county = ReportsOverview::of(&county).unwrap();
        assert_eq!(at_county.sent.len(), 1);
        assert!(at_county.sent[0].acked_at.is_some());
        let w = at_county.witnessed.unwrap();
        assert_eq!((w.archive.as_str(), w.number, w.ledger_size), ("杭州市档案馆", 1, sent.ledger_size));
        let at_city = ReportsOverview::of(&city).unwrap();
        assert_eq!(at_city.lower.len(), 1);
        let l = &at_city.lower[0];
        assert_eq!(
            (l.name.as_str(), l.reports, l.last_number, l.registrations, l.via.as_deref()),
            ("上城区档案馆", 1, Some(1), Some(1), None)
        );
        assert!(at_city.uppers.is_empty() && at_city.refused.is_empty());

        // The city opens the county's registration from its copy, read-only, by number.
        let number = county.registrations().unwrap()[0].registration_number.clone().unwrap();
        let shown = LowerRegistration::load(&city, &number).unwrap();
        assert_eq!((shown.archive.as_str(), shown.report, shown.detail.items.len()), ("上城区档案馆", 1, 1));
        assert_eq!(shown.detail.summary.title, "测试");
        assert!(matches!(LowerRegistration::load(&city, "330102-2026-999999"), Err(dengji_core::Error::RegistrationNotFound(_))));
    }
}
