//! Search over units, registrations and items: Chinese substrings of any length, filters.

use std::fs;

use dengji_core::{CancelToken, HitKind, ItemMeta, MediumKind, NoProgress, RecordKind, SearchFilter, SearchResults, Status};

use crate::support::{write, Fixture};

fn labels(r: &SearchResults) -> Vec<String> {
    r.hits
        .iter()
        .map(|h| match h.kind {
            HitKind::Unit => format!("unit:{}", h.unit_name),
            HitKind::Registration => format!("reg:{}", h.title.clone().unwrap_or_default()),
            HitKind::Item => format!("item:{}", h.path.clone().unwrap_or_default()),
        })
        .collect()
}

fn find(f: &mut Fixture, q: &str) -> Vec<String> {
    labels(&f.archive.search(q, &SearchFilter::default()).unwrap())
}

#[test]
fn chinese_substrings_of_any_length_numbers_and_codes_are_found() {
    let mut f = Fixture::new();
    let src = f.src("社保");
    write(&src.join("名册2020.xlsx"), b"x");
    write(&src.join("说明.txt"), b"y");
    let id = f.intake("职工社保缴费", std::slice::from_ref(&src)).id;
    let item = f.archive.items(id).unwrap().into_iter().find(|i| i.path.ends_with("xlsx")).unwrap().id;
    let meta = ItemMeta { title: Some("职工缴费名册".into()), ref_code: Some("Z001-WS-2020-Y-0001".into()), ..Default::default() };
    f.archive.set_item_meta(id, item, &meta, &f.clerk).unwrap();
    let number = f.seal(id).registration_number;

    // Newest first; files of one intake come in the order the hashing workers finished.
    let mut hits = find(&mut f, "社保");
    hits[1..].sort();
    assert_eq!(hits, ["reg:职工社保缴费", "item:社保/名册2020.xlsx", "item:社保/说明.txt"]);
    assert_eq!(find(&mut f, "缴费名"), ["item:社保/名册2020.xlsx"]);
    assert_eq!(find(&mut f, "册"), ["item:社保/名册2020.xlsx"]);
    assert_eq!(find(&mut f, "某某科技"), ["unit:杭州某某科技有限公司"]);
    assert_eq!(find(&mut f, "ma27u0"), ["unit:杭州某某科技有限公司"], "USCC, case-insensitive");
    assert_eq!(find(&mut f, &number[..11]), ["reg:职工社保缴费"]);
    assert_eq!(find(&mut f, "WS-2020"), ["item:社保/名册2020.xlsx"], "档号");
    assert_eq!(find(&mut f, "社保 2020"), ["item:社保/名册2020.xlsx"], "every term");
    assert!(find(&mut f, "xlsx职工").is_empty(), "no match across two fields");
    assert!(find(&mut f, "病历").is_empty());
    assert!(find(&mut f, "  ").is_empty());
}

#[test]
fn filters_narrow_by_status_set_kind_year_and_unit_and_the_index_follows_edits() {
    let mut f = Fixture::new();
    let sealed_src = f.src("合同甲");
    write(&sealed_src.join("合同.pdf"), b"a");
    let sealed = f.intake("合同一", std::slice::from_ref(&sealed_src)).id;
    f.seal(sealed);
    let draft_src = f.src("合同乙");
    write(&draft_src.join("合同.pdf"), b"b");
    let draft = f.intake("合同二", std::slice::from_ref(&draft_src)).id;
    let medium = f.tmp.path().join("A1");
    fs::create_dir_all(&medium).unwrap();
    f.archive.add_medium(&medium, "A1", "A", MediumKind::Usb, None, &f.clerk).unwrap();
    f.archive.backup(&medium, &f.clerk, &NoProgress, &CancelToken::new()).unwrap();

    let mut with = |filter: SearchFilter| labels(&f.archive.search("合同", &filter).unwrap());
    assert_eq!(with(SearchFilter { status: Some(Status::Draft), ..Default::default() }), ["reg:合同二", "item:合同乙/合同.pdf"]);
    assert_eq!(with(SearchFilter { media_set: Some("A".into()), ..Default::default() }), ["reg:合同一", "item:合同甲/合同.pdf"]);
    assert!(with(SearchFilter { media_set: Some("B".into()), ..Default::default() }).is_empty());
    assert!(with(SearchFilter { kind: Some(RecordKind::Electronic), ..Default::default() }).is_empty());
    assert_eq!(with(SearchFilter { kind: Some(RecordKind::PaperScan), year: Some(2026), ..Default::default() }).len(), 4);
    assert!(with(SearchFilter { year: Some(2025), ..Default::default() }).is_empty());
    let unit = f.unit;
    assert_eq!(with(SearchFilter { unit: Some(unit), limit: Some(1), ..Default::default() }).len(), 2);
    assert!(f.archive.search("合同", &SearchFilter { limit: Some(1), ..Default::default() }).unwrap().truncated);

    // Removing a file and editing a unit by hand (plain SQL) are both seen.
    let item = f.archive.items(draft).unwrap()[0].id;
    f.archive.remove_items(draft, &[item], &f.clerk).unwrap();
    assert_eq!(find(&mut f, "合同乙"), Vec::<String>::new());
    f.catalog().execute("UPDATE units SET name = '西湖某某有限公司' WHERE id = ?1", [f.unit.0]).unwrap();
    assert_eq!(find(&mut f, "西湖"), ["unit:西湖某某有限公司"]);
    assert!(find(&mut f, "杭州").is_empty());
}

/// On PostgreSQL a search tries the newest ids' matches first (a common term's newest hits
/// among a few hundred rows, not all of its matches): what it returns is still the newest
/// matches of all, whether the newest ids hold a page of them, a few, or none.
#[test]
fn the_newest_matches_come_first_wherever_their_ids_lie() {
    let mut f = Fixture::new();
    if !f.catalog().is_postgres() {
        return;
    }
    // The keys the index holds for an id are those a search asks for (the unit test of
    // search/mod.rs gives the same id %2441, =305, ^38 and !4).
    let keys = "SELECT array_to_string(search_keys(ARRAY['x'], 10000000), ' ')";
    assert_eq!(f.catalog().query_row(keys, (), |r| r.get::<_, String>(0)).unwrap(), "x #2441 %2441 &305 =305 ~38 ^38 !4 @5");
    let old = f.src("旧");
    for n in 0..4 {
        write(&old.join(format!("会议纪要{n}.txt")), format!("旧{n}").as_bytes());
        write(&old.join(format!("旧档{n}.txt")), format!("档{n}").as_bytes());
    }
    f.intake("旧的", &[old]);
    // Items from here on take ids three million higher, as at a centre holding millions.
    f.catalog().execute_batch("ALTER TABLE items ALTER COLUMN id RESTART WITH 3000000").unwrap();
    let new = f.src("新");
    for n in 0..4 {
        write(&new.join(format!("会议纪要{n}.txt")), format!("新{n}").as_bytes());
    }
    f.intake("新的", &[new]);
    let mut items = |q: &str, limit: usize| {
        let r = f.archive.search(q, &SearchFilter { limit: Some(limit), ..Default::default() }).unwrap();
        let paths: Vec<String> = r.hits.iter().filter(|h| h.kind == HitKind::Item).filter_map(|h| h.path.clone()).collect();
        (paths, r.truncated)
    };
    let folders = |paths: &[String]| paths.iter().map(|p| p.split('/').next().unwrap_or_default().to_string()).collect::<Vec<_>>();

    let (page, truncated) = items("会议纪要", 3);
    assert_eq!((folders(&page), truncated), (vec!["新".to_string(); 3], true), "a page from the newest");
    let (all, truncated) = items("会议纪要", 10);
    assert_eq!(folders(&all), ["新", "新", "新", "新", "旧", "旧", "旧", "旧"], "the older ones after");
    assert!(!truncated);
    let (older, _) = items("旧档", 10);
    assert_eq!(older.len(), 4, "matches only among the older ids");
}
