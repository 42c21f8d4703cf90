//! The Dengji desktop app: a Tauri shell over dengji-core. The React UI in ui/ talks to
//! it only through the commands in `commands`, with the types in `dto`.

mod args;
mod audit_csv;
pub mod commands;
pub mod dto;
pub mod error;
mod readiness;
mod recent;
mod save_path;
pub mod state;
mod stats_export;

use commands::{
    accounts, applications, archive, attest, audit, certificates, check, disposal, first_run, intake, jobs, media, metadata, paths, peers,
    registrations, search, series, settings, startup, statistics, units, upward,
};
use state::AppState;

pub fn run() {
    crate::readiness::started();
    let data_dir = args::data_dir(std::env::args_os(), std::env::var_os("DENGJI_DATA_DIR"));
    let idle_lock_seconds = args::idle_lock_seconds(std::env::var_os("DENGJI_IDLE_LOCK_SECONDS"));
    let result = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(AppState::new(data_dir).with_idle_lock_seconds(idle_lock_seconds))
        .invoke_handler(tauri::generate_handler![
            archive::archive_info,
            archive::init_archive,
            archive::bootstrap_admin,
            archive::check_region,
            archive::check_uscc,
            archive::list_domains,
            media::start_verify_vault,
            media::start_repair_vault,
            settings::set_copy_sets,
            settings::set_check_cycle,
            settings::set_min_sample,
            settings::set_approval_days,
            media::set_medium_location,
            media::checkout_media,
            media::checkin_media,
            media::retire_medium,
            units::edit_unit,
            units::domain_list,
            units::add_domain,
            units::rename_domain,
            units::retire_domain,
            registrations::discard_draft,
            archive::start_verify_ledger,
            units::list_units,
            units::add_unit,
            intake::start_intake,
            jobs::cancel_job,
            registrations::list_registrations,
            registrations::registration_page,
            registrations::dashboard_overview,
            peers::peer_certificate,
            peers::list_peers,
            peers::add_peer,
            upward::reports_overview,
            upward::start_report_export,
            upward::start_report_import,
            upward::ack_report,
            upward::start_lower_recovery,
            upward::lower_registration,
            applications::apply_lower_restore,
            series::list_series,
            series::add_series,
            series::edit_series,
            series::series_detail,
            series::missing_handovers,
            registrations::get_registration,
            registrations::remove_items,
            registrations::accept_findings,
            registrations::seal_registration,
            accounts::login,
            accounts::logout,
            accounts::session,
            accounts::lock,
            accounts::unlock,
            accounts::list_users,
            accounts::add_user,
            accounts::set_user_disabled,
            accounts::set_user_roles,
            accounts::change_password,
            accounts::reset_password,
            settings::get_settings,
            settings::set_four_eyes,
            settings::set_idle_lock_minutes,
            applications::list_applications,
            applications::apply_restore,
            applications::decide_application,
            audit::audit,
            audit::start_export_audit_csv,
            audit::access_log,
            disposal::disposal_due,
            disposal::list_holds,
            disposal::place_hold,
            disposal::release_hold,
            disposal::list_disposals,
            disposal::apply_disposal,
            disposal::decide_disposal,
            disposal::save_disposal_record,
            media::list_media,
            media::medium_health,
            media::add_medium,
            media::start_backup,
            media::start_verify_medium,
            media::start_repair_medium,
            media::start_restore,
            media::start_handback,
            media::backup_status,
            search::search,
            certificates::list_certificates,
            certificates::start_issue_certificate,
            certificates::certificate_pdf,
            certificates::save_certificate,
            certificates::verify_certificate,
            certificates::key_state,
            certificates::unlock_key,
            certificates::create_key,
            attest::start_attest,
            attest::save_attestation_report,
            statistics::statistics,
            statistics::export_statistics,
            check::start_check,
            check::save_check_report,
            check::list_checks,
            check::check_errors,
            check::accept_check_errors,
            metadata::set_item_meta,
            metadata::set_handover_ref,
            metadata::list_classifications,
            metadata::start_import_catalogue,
            first_run::read_settings_file,
            paths::path_kinds,
            first_run::init_demo,
            first_run::discard_demo,
            first_run::start_recover,
            first_run::cancel_recover,
            settings::export_settings,
            settings::import_settings,
            startup::report_ready,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("档案登记备份工作站无法启动：{e}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    /// Every command build.rs declares has its `allow-` permission in the capability, and
    /// the capability grants nothing the app does not declare.
    #[test]
    fn capability_grants_exactly_the_declared_commands() {
        let build = include_str!("../build.rs");
        let list = build.split("const COMMANDS").nth(1).and_then(|s| s.split("];").next()).unwrap();
        let declared: Vec<String> = list.split('"').skip(1).step_by(2).map(|c| format!("allow-{}", c.replace('_', "-"))).collect();
        assert_eq!(declared.len(), 117);
        let cap: serde_json::Value = serde_json::from_str(include_str!("../capabilities/default.json")).unwrap();
        let granted: Vec<String> = cap["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p.as_str())
            .filter(|p| !p.contains(':'))
            .map(str::to_string)
            .collect();
        assert_eq!(declared, granted);
    }

    /// The commands build.rs declares, by name.
    fn declared_commands() -> std::collections::BTreeSet<String> {
        let build = include_str!("../build.rs");
        let list = build.split("const COMMANDS").nth(1).and_then(|s| s.split("];").next()).unwrap();
        list.split('"').skip(1).step_by(2).map(str::to_string).collect()
    }

    /// The UI's hand-written wrappers (`ui/src/api.ts`) call exactly the commands the app
    /// registers: a renamed or removed command fails here, not in a clerk's hands.
    #[test]
    fn the_ui_invokes_exactly_the_registered_commands() {
        let api = include_str!("../../ui/src/api.ts");
        let invoked: std::collections::BTreeSet<String> = api
            .split("invoke")
            .skip(1)
            .filter_map(|rest| {
                let rest = rest.trim_start_matches(|c| c != '(' && c != ';' && c != '\n');
                let name = rest.strip_prefix("(\"")?;
                Some(name.split('"').next()?.to_string())
            })
            .collect();
        assert_eq!(invoked, declared_commands());
        // And lib.rs hands each of them to the invoke handler.
        let handler = include_str!("lib.rs").split("generate_handler![").nth(1).and_then(|s| s.split("])").next()).unwrap();
        let handled: std::collections::BTreeSet<String> =
            handler.split(',').filter_map(|c| c.trim().rsplit("::").next()).filter(|c| !c.is_empty()).map(str::to_string).collect();
        assert_eq!(handled, declared_commands());
    }
}
