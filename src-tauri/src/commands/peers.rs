//! Peer archives (上下级档案馆) on 系统设置: read a certificate, list and register peers.

use tauri::State;

use crate::dto::{Peer, PeerAdded, PeerCertificate, PemSource};
use crate::error::{IpcError, IpcResult};
use crate::state::AppState;

/// What a certificate says (from a file or pasted text), for the admin to check with the
/// other archive; its text comes back to be registered.
#[tauri::command(async)]
pub fn peer_certificate(source: PemSource) -> IpcResult<PeerCertificate> {
    certificate_of(source)
}

fn certificate_of(source: PemSource) -> IpcResult<PeerCertificate> {
    let pem = match source {
        PemSource::Path { path } => std::fs::read_to_string(&path).map_err(|e| {
            IpcError::app(crate::error::AppCode::ReadFailed, format!("无法读取证书文件 {path}：{e}。请确认选的是对方导出的 .pem 文件。"))
        })?,
        PemSource::Text { text } => text,
    };
    let cert = dengji_core::read_peer_certificate(&pem)?;
    Ok(PeerCertificate::new(cert, pem))
}

#[tauri::command(async)]
pub fn list_peers(state: State<'_, AppState>) -> IpcResult<Vec<Peer>> {
    state.with_archive(|a| a.peers()).map(|peers| peers.into_iter().map(Into::into).collect())
}

/// Registers the certificate `pem` (admin) as an upper or lower archive; `fingerprint` is
/// the one the admin checked with the other archive.
#[tauri::command(async)]
pub fn add_peer(state: State<'_, AppState>, pem: String, relation: String, fingerprint: Option<String>) -> IpcResult<PeerAdded> {
    add(&state, pem, relation, fingerprint)
}

fn add(state: &AppState, pem: String, relation: String, fingerprint: Option<String>) -> IpcResult<PeerAdded> {
    let relation: dengji_core::Relation = relation.parse()?;
    let confirmed = match fingerprint {
        Some(f) => Some(f.parse().map_err(|_| IpcError::bad_request(format!("指纹 “{f}” 不是 SM3 指纹")))?),
        None => None,
    };
    state.act(|a, s| a.add_peer(&pem, relation, confirmed.as_ref(), s)).map(Into::into)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::attest::tests::clerk_with_draft;

    #[test]
    fn an_admin_registers_a_peer_from_its_certificate_once_the_fingerprint_is_confirmed() {
        let tmp = tempfile::tempdir().unwrap();
        let (state, _) = clerk_with_draft(tmp.path());
        // The city's certificate, as its admin exported it.
        let at = chrono::Utc::now();
        let (mut city, admin) =
            dengji_core::Archive::init(&tmp.path().join("city"), "杭州市档案馆", "330100", "管理员", "管理员密码1234", at).unwrap();
        city.create_key("市档案馆机构密钥口令2026", &admin.stamp(at)).unwrap();
        let files = city.export_keys(&tmp.path().join("exported")).unwrap();
        let pem = std::fs::read_to_string(&files[0]).unwrap();

        let seen = certificate_of(PemSource::Text { text: pem.clone() }).unwrap();
        assert_eq!((seen.name.as_str(), seen.region_code.as_str()), ("杭州市档案馆", "330100"));
        let from_file = certificate_of(PemSource::Path { path: files[0].display().to_string() }).unwrap();
        assert_eq!(from_file.fingerprint, seen.fingerprint);
        assert_eq!(certificate_of(PemSource::Text { text: "不是证书".into() }).unwrap_err().code, "peer_certificate");
        assert_eq!(certificate_of(PemSource::Path { path: "/没有这个文件.pem".into() }).unwrap_err().code, "read_failed");

        assert_eq!(add(&state, pem.clone(), "upper".into(), Some(seen.fingerprint.clone())).unwrap_err().code, "forbidden");
        state.login("管理员", "管理员密码1234").unwrap();
        assert_eq!(add(&state, pem.clone(), "upper".into(), None).unwrap_err().code, "peer_unconfirmed");
        assert_eq!(add(&state, pem.clone(), "sideways".into(), None).unwrap_err().code, "bad_relation");
        let added = add(&state, pem, "upper".into(), Some(seen.fingerprint.clone())).unwrap();
        assert_eq!(
            (added.peer.relation.as_str(), added.rotation, added.peer.keys[0].fingerprint.as_str()),
            ("upper", false, seen.fingerprint.as_str())
        );
    }
}
