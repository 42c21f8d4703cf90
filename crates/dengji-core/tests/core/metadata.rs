//! Item metadata (著录) and catalogue import (目录导入).

use std::fs;
use std::path::PathBuf;

use dengji_core::{AuditFilter, Error, Field, ItemMeta, RegistrationId, Retention};

use crate::support::{write, Fixture};

/// A draft of `件/文书/001.pdf`, `件/文书/002.pdf`, `件/照片/合影.jpg`, `件/说明.txt`.
fn draft(f: &mut Fixture) -> RegistrationId {
    let src = f.src("件");
    write(&src.join("文书/001.pdf"), b"one");
    write(&src.join("文书/002.pdf"), b"two");
    write(&src.join("照片/合影.jpg"), b"photo");
    write(&src.join("说明.txt"), b"readme");
    f.intake("目录导入", &[src]).id
}

fn meta_of(f: &Fixture, id: RegistrationId, path: &str) -> ItemMeta {
    f.archive.items(id).unwrap().into_iter().find(|i| i.path == path).unwrap().meta
}

fn csv(f: &Fixture, name: &str, bytes: &[u8]) -> PathBuf {
    let p = f.tmp.path().join(name);
    fs::write(&p, bytes).unwrap();
    p
}

fn imports(f: &Fixture) -> usize {
    f.archive.audit(&AuditFilter { action: Some("registration.catalogue".into()), ..Default::default() }).unwrap().len()
}

const CATALOGUE: &str = "\u{feff}序号,电子文件名,题名,责任者,日期,保管期限,页数,备注
1,文书/001.pdf,关于档案登记的通知,上城区档案馆,20200305,永久,3,
2,002,会议纪要,办公室,2020年3月6日,定期30年,2.0,
3,合影.jpg,合影,办公室,2020-13-01,长期,一,照片
4,不存在.pdf,多余的行,,2020,10年,1,
5,文书/001.pdf,重复的行,,,,,
";

#[test]
fn a_catalogue_is_reported_row_by_row_and_applied_only_when_confirmed() {
    let mut f = Fixture::new();
    let id = draft(&mut f);
    let file = csv(&f, "目录.csv", CATALOGUE.as_bytes());

    let report = f.archive.import_catalogue(id, &file, &[], false, &f.clerk).unwrap();
    assert_eq!((report.format.as_str(), report.encoding.as_deref()), ("csv", Some("UTF-8 (BOM)")));
    assert_eq!((report.header_row, report.rows, report.matched), (1, 5, 4));
    let fields: Vec<Option<Field>> = report.columns.iter().map(|c| c.field).collect();
    assert_eq!(fields[..3], [None, Some(Field::File), Some(Field::Title)]);
    assert_eq!(report.unmatched_rows.len(), 1);
    assert_eq!((report.unmatched_rows[0].row, report.unmatched_rows[0].key.as_str()), (5, "不存在.pdf"));
    let invalid: Vec<(usize, &str)> = report.invalid.iter().map(|p| (p.row, p.column.as_str())).collect();
    assert_eq!(invalid, [(4, "日期"), (4, "保管期限"), (4, "页数"), (6, "电子文件名")], "{:?}", report.invalid);
    assert!(report.invalid[3].reason.contains("第 2 行"));
    assert_eq!(report.files_without_row, ["件/说明.txt"]);
    assert!(!report.applied && !report.clean());
    assert!(meta_of(&f, id, "件/文书/001.pdf").is_empty(), "nothing is written without confirmation");
    assert_eq!(imports(&f), 0);

    let applied = f.archive.import_catalogue(id, &file, &[], true, &f.clerk).unwrap();
    assert!(applied.applied);
    assert_eq!(applied.items_updated, 2, "rows with a problem are not applied");
    let first = meta_of(&f, id, "件/文书/001.pdf");
    assert_eq!(first.title.as_deref(), Some("关于档案登记的通知"));
    assert_eq!(first.date.as_deref(), Some("2020-03-05"));
    assert_eq!(first.retention, Some(Retention::Permanent));
    assert_eq!(first.pages, Some(3));
    assert_eq!(first.note, None);
    let second = meta_of(&f, id, "件/文书/002.pdf");
    assert_eq!((second.date.as_deref(), second.retention, second.pages), (Some("2020-03-06"), Some(Retention::Years30), Some(2)));
    assert!(meta_of(&f, id, "件/照片/合影.jpg").is_empty());
    assert_eq!(imports(&f), 1);
}

#[test]
fn gbk_csv_and_xlsx_catalogues_read_the_same() {
    let mut f = Fixture::new();
    let id = draft(&mut f);
    let text = "文件名,题名,日期\n001.pdf,通知,2021-01-02\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    let report = f.archive.import_catalogue(id, &csv(&f, "目录-gbk.csv", &gbk), &[], true, &f.clerk).unwrap();
    assert_eq!(report.encoding.as_deref(), Some("GB18030"));
    assert_eq!(meta_of(&f, id, "件/文书/001.pdf").title.as_deref(), Some("通知"));

    let xlsx = f.tmp.path().join("目录.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in ["文件名", "题名", "日期", "页数"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "照片/合影.jpg").unwrap();
    sheet.write_string(1, 1, "全体合影").unwrap();
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2019, 12, 31).unwrap();
    sheet.write_datetime_with_format(1, 2, &date, &rust_xlsxwriter::Format::new().set_num_format("yyyy-mm-dd")).unwrap();
    sheet.write_number(1, 3, 1.0).unwrap();
    book.save(&xlsx).unwrap();
    let report = f.archive.import_catalogue(id, &xlsx, &[], true, &f.clerk).unwrap();
    assert_eq!((report.format.as_str(), report.encoding.as_deref(), report.matched), ("xlsx", None, 1));
    let photo = meta_of(&f, id, "件/照片/合影.jpg");
    assert_eq!((photo.title.as_deref(), photo.date.as_deref(), photo.pages), (Some("全体合影"), Some("2019-12-31"), Some(1)));
}

#[test]
fn a_mapping_given_once_is_remembered_for_the_unit() {
    let mut f = Fixture::new();
    let id = draft(&mut f);
    let odd = csv(&f, "目录.csv", "名称,文件标题\n001.pdf,甲\n".as_bytes());
    let none = f.archive.import_catalogue(id, &odd, &[], false, &f.clerk);
    assert!(matches!(none, Err(Error::CatalogueNoFileColumn(_))), "{none:?}");
    let missing = f.archive.import_catalogue(id, &odd, &[("没有的列".into(), Field::File)], false, &f.clerk);
    assert!(matches!(missing, Err(Error::CatalogueNoColumn { .. })), "{missing:?}");
    let twice = f.archive.import_catalogue(id, &odd, &[("名称".into(), Field::Title)], false, &f.clerk);
    assert!(matches!(twice, Err(Error::CatalogueFieldTwice { .. })), "{twice:?}");

    let map = [("名称".to_string(), Field::File), ("文件标题".to_string(), Field::Title)];
    f.archive.import_catalogue(id, &odd, &map, true, &f.clerk).unwrap();
    assert_eq!(meta_of(&f, id, "件/文书/001.pdf").title.as_deref(), Some("甲"));
    // The unit's next catalogue, same columns, needs no mapping.
    let next = csv(&f, "目录2.csv", "名称,文件标题\n002.pdf,乙\n".as_bytes());
    let report = f.archive.import_catalogue(id, &next, &[], true, &f.clerk).unwrap();
    assert_eq!(report.items_updated, 1);
    assert_eq!(meta_of(&f, id, "件/文书/002.pdf").title.as_deref(), Some("乙"));
}

#[test]
fn unreadable_catalogues_get_a_clear_error() {
    let mut f = Fixture::new();
    let id = draft(&mut f);
    for (name, bytes) in
        [("空.csv", &b""[..]), ("乱码.csv", &[0x81, 0x20, 0xFF, 0xFE, 0x00, 0x81][..]), ("坏.xlsx", &b"PK\x03\x04 not a zip"[..])]
    {
        let r = f.archive.import_catalogue(id, &csv(&f, name, bytes), &[], false, &f.clerk);
        assert!(matches!(r, Err(Error::CatalogueUnreadable { .. })), "{name}: {r:?}");
    }
    let huge = format!("文件名,题名\n001.pdf,{}\n", "长".repeat(5000));
    let report = f.archive.import_catalogue(id, &csv(&f, "长.csv", huge.as_bytes()), &[], false, &f.clerk).unwrap();
    assert!(report.invalid[0].reason.contains("超过"), "{:?}", report.invalid);
}

#[test]
fn metadata_is_edited_on_drafts_and_frozen_and_covered_by_the_seal() {
    let mut f = Fixture::new();
    let id = draft(&mut f);
    let item = f.archive.items(id).unwrap()[0].id;
    let bad = ItemMeta { date: Some("2020-02-30".into()), ..Default::default() };
    assert!(matches!(f.archive.set_item_meta(id, item, &bad, &f.clerk), Err(Error::BadMetadata { field: "日期", .. })));
    let good =
        ItemMeta {
            title: Some(" 关于档案登记的通知 ".into()), classification: Some("内部".into()), piece: Some(1), ..Default::default()
        };
    let saved = f.archive.set_item_meta(id, item, &good, &f.clerk).unwrap();
    assert_eq!(saved.title.as_deref(), Some("关于档案登记的通知"));
    f.archive.set_handover_ref(id, "上档移〔2026〕7号", &f.clerk).unwrap();
    assert_eq!(f.archive.registration(id).unwrap().handover_ref.as_deref(), Some("上档移〔2026〕7号"));

    f.seal(id);
    let after = f.archive.set_item_meta(id, item, &good, &f.clerk);
    assert!(matches!(after, Err(Error::Sealed(_))), "{after:?}");
    assert!(matches!(f.archive.set_handover_ref(id, "改", &f.clerk), Err(Error::Sealed(_))));
    let db = f.catalog();
    assert!(db.execute("UPDATE items SET title = '改过' WHERE id = ?1", [item.0]).is_err(), "the trigger refuses");
    assert!(f.archive.verify_ledger().unwrap().ok());

    // Past the triggers, an edited title breaks the seal's ledger entry.
    f.drop_trigger("items_sealed_no_update", "items");
    db.execute("UPDATE items SET title = '改过' WHERE id = ?1", [item.0]).unwrap();
    let report = f.archive.verify_ledger().unwrap();
    assert!(!report.ok(), "metadata tampering went unnoticed");
}

#[test]
fn path_tails_names_and_stems_match_only_when_unique() {
    let mut f = Fixture::new();
    let src = f.src("二义");
    write(&src.join("甲/报告.pdf"), b"a");
    write(&src.join("乙/报告.pdf"), b"b");
    write(&src.join("乙/报告.docx"), b"c");
    let id = f.intake("二义", &[src]).id;
    let file = csv(&f, "目录.csv", "文件名,题名\n报告.pdf,一\n乙\\报告.pdf,二\n./二义/甲/报告.pdf,三\n报告,四\n".as_bytes());
    let report = f.archive.import_catalogue(id, &file, &[], false, &f.clerk).unwrap();
    let unmatched: Vec<usize> = report.unmatched_rows.iter().map(|u| u.row).collect();
    assert_eq!(unmatched, [2, 5], "{:?}", report.unmatched_rows);
    assert!(report.unmatched_rows[0].reason.contains("多个文件"));
    assert_eq!(report.files_without_row, ["二义/乙/报告.docx"]);
}

#[test]
fn a_cancelled_import_writes_nothing_and_progress_counts_rows() {
    let mut f = Fixture::new();
    let id = draft(&mut f);
    let file = csv(&f, "目录.csv", CATALOGUE.as_bytes());
    let cancel = dengji_core::CancelToken::new();
    cancel.cancel();
    let clerk = f.clerk.clone();
    let refused = f.archive.import_catalogue_with(id, &file, &[], true, &clerk, &dengji_core::NoProgress, &cancel);
    assert!(matches!(refused, Err(Error::ImportCancelled)), "{refused:?}");
    assert!(meta_of(&f, id, "件/文书/001.pdf").is_empty());
    assert_eq!(imports(&f), 0);
    // Uncancelled, the rows are reported as they are read.
    let seen = std::sync::Mutex::new(Vec::new());
    let progress = |p: &dengji_core::JobProgress| seen.lock().unwrap().push((p.files_done, p.files_total));
    let applied = f.archive.import_catalogue_with(id, &file, &[], true, &clerk, &progress, &dengji_core::CancelToken::new()).unwrap();
    assert!(applied.applied);
    assert!(seen.lock().unwrap().contains(&(0, 5)), "{:?}", seen.lock().unwrap());
}
