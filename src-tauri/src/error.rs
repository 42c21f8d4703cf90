//! The one error shape every command rejects with: `{ code, message }`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

// `code` is dengji-core's stable `Error::code()` (or one of the app's own codes below);
// `message` is the Chinese text shown to the clerk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message}")]
#[ts(export, export_to = "../../ui/src/bindings/", rename = "ApiError")]
pub struct IpcError {
    pub code: String,
    pub message: String,
}

pub type IpcResult<T> = Result<T, IpcError>;

impl IpcError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        IpcError { code: code.to_string(), message: message.into() }
    }

    /// The request itself is incomplete or inconsistent (a frontend bug or a stale form).
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new("bad_request", message)
    }

    /// Something went wrong inside the app rather than in the archive.
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new("internal", message)
    }
}

impl From<dengji_core::Error> for IpcError {
    fn from(e: dengji_core::Error) -> Self {
        IpcError { code: e.code().to_string(), message: e.to_string() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_code_and_message() {
        let e = IpcError::from(dengji_core::Error::SealConfirmMismatch);
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["code"], "seal_confirm_mismatch");
        assert!(json["message"].as_str().unwrap().contains("题名"));
        assert_eq!(json.as_object().unwrap().len(), 2);
    }
}
