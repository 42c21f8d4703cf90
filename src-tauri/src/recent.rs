//! Results kept for a later "save the report" (an attestation, a four-property check): the
//! PDF is drawn from the core's own result, never from what the webview sends back. Only
//! the newest few are kept, and they go with the sign-in.

use std::collections::VecDeque;
use std::sync::Mutex;

use crate::error::{IpcError, IpcResult};
use crate::state::lock;

/// How many results stay available; the clerk saves a report right after the result.
const KEEP: usize = 8;

pub struct Recent<T> {
    what: &'static str,
    kept: Mutex<VecDeque<(i64, T)>>,
}

impl<T: Clone> Recent<T> {
    /// `what` names the result in the error for an id no longer kept (e.g. "鉴证记录").
    pub fn new(what: &'static str) -> Self {
        Recent { what, kept: Mutex::new(VecDeque::new()) }
    }

    pub fn keep(&self, id: i64, value: T) -> IpcResult<()> {
        let mut kept = lock(&self.kept)?;
        kept.retain(|(k, _)| *k != id);
        if kept.len() == KEEP {
            kept.pop_front();
        }
        kept.push_back((id, value));
        Ok(())
    }

    pub fn get(&self, id: i64) -> IpcResult<T> {
        lock(&self.kept)?.iter().find(|(k, _)| *k == id).map(|(_, v)| v.clone()).ok_or_else(|| {
            IpcError::app(
                crate::error::AppCode::NotFound,
                format!("{} {id} 的结果已不在本次登录中，无法生成报告；请重新操作一次后再保存。", self.what),
            )
        })
    }

    pub fn clear(&self) -> IpcResult<()> {
        lock(&self.kept)?.clear();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_newest_few() {
        let r = Recent::new("鉴证记录");
        for id in 0..(KEEP as i64 + 2) {
            r.keep(id, id * 10).unwrap();
        }
        assert_eq!(r.get(0).unwrap_err().code, "not_found");
        assert_eq!(r.get(KEEP as i64 + 1).unwrap(), (KEEP as i64 + 1) * 10);
        assert_eq!(r.get(2).unwrap(), 20);
        r.clear().unwrap();
        assert!(r.get(2).unwrap_err().message.contains("鉴证记录 2"));
    }
}
