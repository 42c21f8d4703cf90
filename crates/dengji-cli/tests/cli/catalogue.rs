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

#[test]
fn malformed_catalogues_are_refused_or_reported_briefly_and_nothing_is_applied() {
    let env = Env::init();
    write_file(env.work("文书/001.pdf"), "one");
    let draft = env.draft_of(&["文书"]).to_string();
    let import = |file: &str| env.as_clerk().args(["catalogue", "import", &draft, file, "--yes"]).assert();

    // Bytes in no encoding Chinese office software writes, a spreadsheet that is no
    // spreadsheet, an empty file: exit 2 with what to do, never a panic.
    write_file(env.work("乱码.csv"), b"\xfd,\x80\x80\n\x81\n");
    import("乱码.csv").code(2).stderr(predicate::str::contains("文字编码无法识别"));
    write_file(env.work("坏表.xlsx"), b"PK\x03\x04 this is not a workbook");
    import("坏表.xlsx").code(2).stderr(predicate::str::contains("无法打开电子表格"));
    write_file(env.work("空.csv"), b"");
    import("空.csv").code(2).stderr(predicate::str::contains("没有任何内容"));

    // A 2 MB cell where a file name belongs, and one where a title belongs: the row is
    // reported with the cell shortened; nothing is applied from it.
    let huge = "长".repeat(700_000);
    write_file(env.work("巨大.csv"), format!("文件名,题名\n{huge},x\n001.pdf,{huge}\n"));
    let out = import("巨大.csv").code(1);
    let text = stdout_of(&out);
    assert!(text.len() < 20_000, "the report stays short ({} bytes)", text.len());
    assert!(env.show(&draft)["items"][0]["title"].is_null(), "the over-long title is not applied");

    // A file far bigger than any catalogue is refused before it is read.
    let big = std::fs::File::create(env.work("巨大文件.csv")).unwrap();
    big.set_len(1 << 30).unwrap();
    import("巨大文件.csv").code(2).stderr(predicate::str::contains("超过目录文件的上限"));
}
