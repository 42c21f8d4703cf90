//! Generates the Tauri context. Every IPC command is listed here so tauri-build creates an
//! `allow-<command>` permission for it; `capabilities/default.json` grants them. A command
//! missing from this list (or from the capability) is refused at run time: keep all three
//! in step with `generate_handler!` in src/lib.rs (a unit test checks this list against the
//! capability).

const COMMANDS: &[&str] = &[
    "archive_info",
    "init_archive",
    "bootstrap_admin",
    "check_region",
    "check_uscc",
    "list_domains",
    "list_units",
    "add_unit",
    "start_intake",
    "cancel_job",
    "list_registrations",
    "get_registration",
    "remove_items",
    "accept_findings",
    "seal_registration",
    "verify_ledger",
    "login",
    "logout",
    "session",
    "lock",
    "unlock",
    "list_users",
    "add_user",
    "set_user_disabled",
    "reset_password",
    "get_settings",
    "set_four_eyes",
    "set_idle_lock_minutes",
    "list_applications",
    "apply_restore",
    "decide_application",
    "audit",
    "export_audit_csv",
    "list_media",
    "add_medium",
    "start_backup",
    "start_verify_medium",
    "start_repair_medium",
    "start_restore",
    "backup_status",
    "search",
    "list_certificates",
    "issue_certificate",
    "certificate_pdf",
    "save_certificate",
    "verify_certificate",
    "attest",
    "save_attestation_report",
    "statistics",
    "start_check",
    "save_check_report",
    "list_checks",
    "set_item_meta",
    "set_handover_ref",
    "list_classifications",
    "import_catalogue",
];

fn main() {
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)))
        .expect("tauri-build failed");
}
