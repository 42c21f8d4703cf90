//! 登记记录 a page at a time: filtered, ordered and counted by the catalog.

use dengji_core::{RegistrationOrder, RegistrationQuery, Status};

use crate::media::sealed;
use crate::support::{content, Fixture};

#[test]
fn the_list_comes_a_page_at_a_time_filtered_ordered_and_counted() {
    let mut f = Fixture::new();
    let mut sealed_ids = Vec::new();
    for (i, title) in ["社保缴费名册", "合同_2026", "病历 100%"].iter().enumerate() {
        sealed_ids.push(sealed(&mut f, title, &[("一.bin", content(40 + i as u64, 1_000))]).0);
    }
    let src = f.src("草稿甲");
    std::fs::write(src.join("a.txt"), "甲").unwrap();
    let draft = f.intake("草稿甲", &[src]).id;
    let page = |q: RegistrationQuery| f.archive.registration_page(&q).unwrap();
    let ids = |p: &dengji_core::RegistrationPage| p.rows.iter().map(|r| r.id).collect::<Vec<_>>();

    // Newest first, a page at a time, the total on every page.
    let first = page(RegistrationQuery { limit: 2, ..Default::default() });
    assert_eq!((first.total, ids(&first)), (4, vec![draft, sealed_ids[2]]));
    let second = page(RegistrationQuery { limit: 2, offset: 2, ..Default::default() });
    assert_eq!((second.total, ids(&second)), (4, vec![sealed_ids[1], sealed_ids[0]]));
    assert_eq!(second.rows[0].files, 1, "each row with its file count");

    // Text: any case, anywhere in the number, title or unit; wildcards taken literally.
    let text = |t: &str| page(RegistrationQuery { text: Some(t.into()), ..Default::default() });
    assert_eq!(ids(&text("合同_")), vec![sealed_ids[1]]);
    assert_eq!(text("_").total, 1, "an underscore is an underscore");
    assert_eq!(ids(&text("100%")), vec![sealed_ids[2]]);
    assert_eq!(text("某某科技").total, 4, "the unit's name");
    let number = f.archive.registration(sealed_ids[0]).unwrap().registration_number.unwrap();
    assert_eq!(ids(&text(&number[number.len() - 6..])), vec![sealed_ids[0]]);
    assert_eq!(text("没有这个").total, 0);

    // Status, and the seal's order with drafts last either way.
    let drafts = page(RegistrationQuery { status: Some(Status::Draft), ..Default::default() });
    assert_eq!((drafts.total, ids(&drafts)), (1, vec![draft]));
    let earliest = page(RegistrationQuery { order: RegistrationOrder::SealedEarliest, ..Default::default() });
    assert_eq!(ids(&earliest), vec![sealed_ids[0], sealed_ids[1], sealed_ids[2], draft]);
    let latest = page(RegistrationQuery { order: RegistrationOrder::SealedLatest, ..Default::default() });
    assert_eq!(ids(&latest), vec![sealed_ids[2], sealed_ids[1], sealed_ids[0], draft]);
}
