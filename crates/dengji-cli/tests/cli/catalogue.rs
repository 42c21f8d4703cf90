//! `dengji catalogue import`, `dengji draft meta` and `dengji draft handover`: describing files.

use predicates::prelude::*;

use crate::support::{stdout_of, write_file, Env};

#[test]
fn a_catalogue_is_reported_then_imported_with_yes_and_shown() {
    let env = Env::init();
    write_file(env.work("文书/001.pdf"), "one");
    write_file(env.work("文书/002.pdf"), "two");
    let draft = env.draft_of(&["文书"]).to_string();
    let (gbk, _, _) = encoding_rs::GBK
        .encode("文件名,题名,日期,保管期限\n001.pdf,关于登记的通知,20200305,永久\n002.pdf,纪要,2020-13-01,永久\n003.pdf,多余,2020,10年\n");
    write_file(env.work("目录.csv"), gbk.as_ref());

    env.as_clerk()
        .args(["catalogue", "import", &draft, "目录.csv"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("GB18030 编码"))
        .stdout(predicate::str::contains("第 3 行 “日期” 列的 “2020-13-01”"))
        .stdout(predicate::str::contains("第 4 行 “003.pdf”：草稿中没有这个文件"))
        .stdout(predicate::str::contains("尚未导入任何内容"));
    let shown = env.show(&draft);
    assert!(shown["items"][0]["title"].is_null(), "nothing applied without --yes");

    let out = env.as_clerk().args(["catalogue", "import", &draft, "目录.csv", "--yes", "--json"]).assert().code(1);
    let report: serde_json::Value = serde_json::from_str(&stdout_of(&out)).unwrap();
    assert_eq!(report["items_updated"], 1);
    let shown = env.show(&draft);
    assert_eq!(shown["items"][0]["title"], "关于登记的通知");
    assert_eq!(shown["items"][0]["date"], "2020-03-05");
    assert_eq!(shown["items"][0]["retention"], "永久");

    env.ok(["draft", "meta", &draft, "文书/002.pdf", "--title", "会议纪要", "--pages", "2", "--classification", "内部"]);
    env.as_clerk()
        .args(["draft", "meta", &draft, "文书/002.pdf", "--retention", "长期"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("保管期限可选 永久、30年、10年"));
    env.ok(["draft", "handover", &draft, "上档移〔2026〕7号"]);
    env.as_clerk()
        .args(["show", &draft])
        .assert()
        .success()
        .stdout(predicate::str::contains("移交单号  上档移〔2026〕7号"))
        .stdout(predicate::str::contains("题名：会议纪要  密级：内部  页数：2"));

    let number = env.seal(draft.parse().unwrap());
    env.as_clerk()
        .args(["draft", "meta", &number, "文书/002.pdf", "--title", "改"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("已封存"));
    env.ok(["ledger", "verify"]);
}
