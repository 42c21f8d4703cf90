//! Registration certificates: issue, list, the PDF for the preview, saving it, and
//! verifying one (证明核验).

use dengji_core::{AccessEvent, RegistrationId};
use tauri::ipc::{Channel, Response};
use tauri::State;

use crate::commands::jobs::run_job;
use crate::dto::{CertQuery, CertVerdict, CertificateSummary, JobEvent, KeyState};
use crate::error::{IpcError, IpcResult};
use crate::save_path;
use crate::state::AppState;

#[tauri::command(async)]
pub fn list_certificates(state: State<'_, AppState>, registration_id: i64) -> IpcResult<Vec<CertificateSummary>> {
    state.with_archive(|a| a.certificates_of(RegistrationId(registration_id))).map(|cs| cs.into_iter().map(Into::into).collect())
}

/// Issues a certificate (补发 when one exists) as a job: a large registration's annex
/// takes a while, so progress goes over the channel and it can be cancelled by `job_id`.
/// The PDF is fetched with `certificate_pdf`.
#[tauri::command]
pub async fn start_issue_certificate(
    state: State<'_, AppState>,
    job_id: String,
    registration_id: i64,
    on_progress: Channel<JobEvent>,
) -> IpcResult<CertificateSummary> {
    let reg = RegistrationId(registration_id);
    run_job(&state, &job_id, on_progress, move |a, s, p, c| a.issue_certificate_with(reg, s, p, c)).await.map(|(cert, _pdf)| cert.into())
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
    save_path::write(&path, &pdf)?;
    state.record(AccessEvent::CertPrint, &format!("certificate:{number}"), serde_json::json!({"out": path}))
}

/// Whether the archive has a key and whether it is unlocked in this app.
#[tauri::command(async)]
pub fn key_state(state: State<'_, AppState>) -> IpcResult<KeyState> {
    state.with_archive(|a| {
        let key = a.active_key()?;
        Ok(KeyState {
            exists: key.is_some(),
            unlocked: a.key_unlocked(),
            number: key.as_ref().map(|k| k.number),
            fingerprint: key.map(|k| k.fingerprint.to_hex()),
        })
    })
}

/// Unlocks the archive key with its passphrase until the app closes (a ledger entry).
#[tauri::command(async)]
pub fn unlock_key(state: State<'_, AppState>, passphrase: String) -> IpcResult<()> {
    state.act(|a, s| a.unlock_key(&passphrase, s).map(|_| ()))
}

/// Makes the archive's first key (admin); it is unlocked until sign-out.
#[tauri::command(async)]
pub fn create_key(state: State<'_, AppState>, passphrase: String) -> IpcResult<()> {
    state.act(|a, s| a.create_key(&passphrase, s).map(|_| ()))
}

/// Whether the certificate presented (number, QR text or a PDF file) is genuine and current.
#[tauri::command(async)]
pub fn verify_certificate(state: State<'_, AppState>, query: CertQuery) -> IpcResult<CertVerdict> {
    verify(&state, query)
}

pub(crate) fn verify(state: &AppState, query: CertQuery) -> IpcResult<CertVerdict> {
    let pdf = match &query {
        CertQuery::Pdf(path) => {
            std::fs::read(path).map_err(|e| IpcError::worded(dengji_core::ErrorCode::Io, format!("读取 {path} 失败：{e}")))?
        }
        CertQuery::Number(_) | CertQuery::Qr(_) => Vec::new(),
    };
    let core_query = match &query {
        CertQuery::Number(n) => dengji_core::CertQuery::Number(n),
        CertQuery::Qr(text) => dengji_core::CertQuery::Qr(text),
        CertQuery::Pdf(_) => dengji_core::CertQuery::Pdf(&pdf),
    };
    let by = match &query {
        CertQuery::Number(_) => "number",
        CertQuery::Qr(_) => "qr",
        CertQuery::Pdf(_) => "pdf",
    };
    let verdict = state.with_archive(|a| a.verify_certificate(core_query))?;
    let subject = verdict.certificate.as_ref().map_or_else(|| "certificate".into(), |c| format!("certificate:{}", c.number()));
    state.record(AccessEvent::CertVerify, &subject, serde_json::json!({"by": by, "status": verdict.status}))?;
    Ok(verdict.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::attest::tests::{clerk_with_draft, CLERK_PW};
    use crate::dto::CertStatus;

    fn key_state_of(state: &AppState) -> KeyState {
        state
            .with_archive(|a| {
                Ok(KeyState { exists: a.active_key()?.is_some(), unlocked: a.key_unlocked(), number: None, fingerprint: None })
            })
            .unwrap()
    }

    #[test]
    fn verifies_by_number_qr_text_and_pdf() {
        let tmp = tempfile::tempdir().unwrap();
        let (state, draft) = clerk_with_draft(tmp.path());
        state.login("管理员", "管理员密码1234").unwrap();
        state.act(|a, s| a.create_key("应用测试的机构密钥口令", s)).unwrap();
        state.login("审核员", "审核员密码1234").unwrap();
        state.act(|a, s| a.accept_check_errors(draft, dengji_core::AcceptScope::All, "测试数据", s)).unwrap();
        state.act(|a, s| a.seal(draft, Some("测试"), s)).unwrap();
        state.logout().unwrap();
        state.login("登记员", CLERK_PW).unwrap();
        // Sign-out locked the key: issuing waits for its passphrase.
        assert!(!key_state_of(&state).unlocked);
        assert_eq!(state.act(|a, s| a.issue_certificate(draft, s)).unwrap_err().code, "key_locked");
        assert_eq!(state.act(|a, s| a.unlock_key("不对的口令不对的口令", s).map(|_| ())).unwrap_err().code, "key_passphrase");
        state.act(|a, s| a.unlock_key("应用测试的机构密钥口令", s).map(|_| ())).unwrap();
        assert!(key_state_of(&state).unlocked);
        let (cert, pdf) = state.act(|a, s| a.issue_certificate(draft, s)).unwrap();
        assert!(verify(&state, CertQuery::Number(cert.number().into())).unwrap().signature.status == crate::dto::SignatureStatus::Valid);
        let summary = CertificateSummary::from(cert.clone());

        let by_number = verify(&state, CertQuery::Number(cert.number().into())).unwrap();
        assert_eq!(by_number.status, CertStatus::Current);
        assert_eq!(by_number.certificate.unwrap().title, "测试");
        assert_eq!(verify(&state, CertQuery::Qr(summary.qr_text.clone())).unwrap().status, CertStatus::Current);
        let file = tmp.path().join("证明.pdf");
        std::fs::write(&file, &pdf).unwrap();
        assert_eq!(verify(&state, CertQuery::Pdf(file.display().to_string())).unwrap().status, CertStatus::Current);

        let mut changed = pdf.clone();
        *changed.last_mut().unwrap() ^= 1;
        std::fs::write(&file, &changed).unwrap();
        assert_eq!(verify(&state, CertQuery::Pdf(file.display().to_string())).unwrap().status, CertStatus::NotIssued);
        let bogus = verify(&state, CertQuery::Number("330102-2026-Z999999".into())).unwrap();
        assert_eq!((bogus.status, bogus.certificate.is_none()), (CertStatus::NotIssued, true));
        assert_eq!(verify(&state, CertQuery::Qr("不是二维码".into())).unwrap_err().code, "bad_qr");
        let missing = tmp.path().join("没有.pdf").display().to_string();
        assert_eq!(verify(&state, CertQuery::Pdf(missing)).unwrap_err().code, "io");
    }
}
