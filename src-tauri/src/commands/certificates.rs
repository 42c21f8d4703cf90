//! Registration certificates: issue, list, the PDF for the preview, and saving it.

use dengji_core::RegistrationId;
use tauri::ipc::Response;
use tauri::State;

use crate::dto::CertificateSummary;
use crate::error::IpcResult;
use crate::save_path;
use crate::state::AppState;

#[tauri::command(async)]
pub fn list_certificates(state: State<'_, AppState>, registration_id: i64) -> IpcResult<Vec<CertificateSummary>> {
    state.with_archive(|a| a.certificates_of(RegistrationId(registration_id))).map(|cs| cs.into_iter().map(Into::into).collect())
}

/// Issues a certificate (补发 when one exists); the PDF is fetched with `certificate_pdf`.
#[tauri::command(async)]
pub fn issue_certificate(state: State<'_, AppState>, registration_id: i64) -> IpcResult<CertificateSummary> {
    state.act(|a, s| a.issue_certificate(RegistrationId(registration_id), s)).map(|(cert, _pdf)| cert.into())
}

/// The issued PDF, byte for byte, as raw bytes (no JSON array of numbers).
#[tauri::command(async)]
pub fn certificate_pdf(state: State<'_, AppState>, number: String) -> IpcResult<Response> {
    state.with_archive(|a| a.certificate(&number).and_then(|c| a.render_certificate(&c))).map(Response::new)
}

/// Writes the issued PDF to `path` (picked by the user in the save dialog).
#[tauri::command(async)]
pub fn save_certificate(state: State<'_, AppState>, number: String, path: String) -> IpcResult<()> {
    let path = save_path::target(&path, "pdf")?;
    let pdf = state.with_archive(|a| a.certificate(&number).and_then(|c| a.render_certificate(&c)))?;
    save_path::write(&path, &pdf)
}
