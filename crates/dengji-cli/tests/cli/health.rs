//! `dengji media health PATH`: the drive's SMART health, or plainly why it cannot be read.

use serde_json::Value;

use crate::mounts::Mounted;
use crate::support::{Env, REVIEWER};

fn health(env: &Env, path: &str) -> Value {
    env.json_as(REVIEWER, ["media", "health", path, "--json"])
}

#[test]
fn media_health_says_plainly_why_smart_cannot_be_read() {
    let env = Env::init();
    let memory = Mounted::tmpfs(&env.root().join("内存盘"), "1m");
    let h = health(&env, &memory.path());
    assert_eq!((h["device"].clone(), h["passed"].clone()), (Value::Null, Value::Null), "{h}");
    assert!(h["why_unknown"].as_str().unwrap().contains("tmpfs"), "{h}");
    let line = env.ok(["media", "health", &memory.path()]);
    assert!(line.starts_with("硬盘健康（SMART）：无法读取——") && line.contains("tmpfs"), "{line}");

    let image = Mounted::exfat(&env.root().join("img"), &env.root().join("映像盘"), 8);
    let h = health(&env, &image.path());
    assert!(h["why_unknown"].as_str().unwrap().contains("磁盘映像"), "{h}");

    // A folder on this machine's own disk: a verdict, or the reason there is none.
    let h = health(&env, env.root().to_str().unwrap());
    assert!(h["passed"].is_boolean() != h["why_unknown"].is_string(), "{h}");
    assert!(h["summary_zh"].as_str().unwrap().starts_with("硬盘健康（SMART）："), "{h}");
}
