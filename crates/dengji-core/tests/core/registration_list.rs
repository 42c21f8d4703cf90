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
    let page = |f: &mut Fixture, q: RegistrationQuery| f.archive.registration_page(&q).unwrap();
    let ids = |p: &dengji_core::RegistrationPage| p.rows.iter().map(|r| r.id).collect::<Vec<_>>();

    // Newest first, a page at a time, the total on every page.
    let first = page(&mut f, RegistrationQuery { limit: 2, ..Default::default() });
    assert_eq!((first.total, ids(&first)), (4, vec![draft, sealed_ids[2]]));
    let second = page(&mut f, RegistrationQuery { limit: 2, offset: 2, ..Default::default() });
    assert_eq!((second.total, ids(&second)), (4, vec![sealed_ids[1], sealed_ids[0]]));
    assert_eq!(second.rows[0].files, 1, "each row with its file count");
    let beyond = page(&mut f, RegistrationQuery { limit: 2, offset: 10, ..Default::default() });
    assert_eq!((beyond.total, beyond.rows.len()), (4, 0), "past the last page, still counted");

    // Text: any case, anywhere in the number, title or unit; wildcards taken literally;
    // each word in the same registration or unit; a draft by the number it is shown with.
    let text = |f: &mut Fixture, t: &str| page(f, RegistrationQuery { text: Some(t.into()), ..Default::default() });
    assert_eq!(ids(&text(&mut f, "合同_")), vec![sealed_ids[1]]);
    assert_eq!(text(&mut f, "_").total, 1, "an underscore is an underscore");
    assert_eq!(ids(&text(&mut f, "100%")), vec![sealed_ids[2]]);
    assert_eq!(text(&mut f, "某某科技").total, 4, "the unit's name");
    let beyond = page(&mut f, RegistrationQuery { text: Some("某某科技".into()), limit: 2, offset: 10, ..Default::default() });
    assert_eq!((beyond.total, beyond.rows.len()), (4, 0), "found, past the last page");
    let second = page(&mut f, RegistrationQuery { text: Some("某某科技".into()), limit: 2, offset: 2, ..Default::default() });
    assert_eq!(ids(&second), vec![sealed_ids[1], sealed_ids[0]], "found, the second page");
    let number = f.archive.registration(sealed_ids[0]).unwrap().registration_number.unwrap();
    assert_eq!(ids(&text(&mut f, &number[number.len() - 6..])), vec![sealed_ids[0]]);
    assert_eq!(text(&mut f, "没有这个").total, 0);
    assert_eq!(ids(&text(&mut f, "缴费 社保")), vec![sealed_ids[0]], "words in any order");
    assert_eq!(ids(&text(&mut f, "合同＿２０２６")), vec![sealed_ids[1]], "full-width as half-width");
    assert_eq!(text(&mut f, "社保 合同").total, 0, "every word in one registration");
    for label in [format!("草稿 #{}", draft.0), format!("#{}", draft.0)] {
        assert_eq!(ids(&text(&mut f, &label)), vec![draft], "{label}");
    }
    assert_eq!(text(&mut f, &format!("草稿 #{}", sealed_ids[0].0)).total, 0, "a sealed registration is no draft");

    // Status, and the seal's order with drafts last either way.
    let drafts = page(&mut f, RegistrationQuery { status: Some(Status::Draft), ..Default::default() });
    assert_eq!((drafts.total, ids(&drafts)), (1, vec![draft]));
    let earliest = page(&mut f, RegistrationQuery { order: RegistrationOrder::SealedEarliest, ..Default::default() });
    assert_eq!(ids(&earliest), vec![sealed_ids[0], sealed_ids[1], sealed_ids[2], draft]);
    let latest = page(&mut f, RegistrationQuery { order: RegistrationOrder::SealedLatest, ..Default::default() });
    assert_eq!(ids(&latest), vec![sealed_ids[2], sealed_ids[1], sealed_ids[0], draft]);
}
