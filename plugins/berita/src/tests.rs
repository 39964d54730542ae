//! Behaviour of the module through the SDK's in-memory kernel: role checks on every
//! write path, validation that keeps what was typed, optimistic concurrency, scheduled
//! posts, the one-time notification of pinned announcements, pagination and the dashboard.

use eoffice_sdk::prelude::*;
use eoffice_sdk::testing::TestHost;
use eoffice_sdk::ui;
use serde_json::Value;

use crate::{Berita, PENGELOLA};

const EDITOR: &str = "198001012005011001";
const EDITOR2: &str = "198202022006022002";
const PEGAWAI: &str = "199003032015031003";

fn host() -> TestHost {
    let mut h = TestHost::new::<Berita>();
    h.set_local_time("2026-03-02", "09:00");
    h.as_user(EDITOR, &[PENGELOLA]);
    h
}

/// Creates a post as the current user and returns its id.
fn tulis(h: &mut TestHost, judul: &str, kategori: &str, tanggal: &str, sematkan: bool) -> String {
    let mut fields = vec![
        ("judul", judul),
        ("isi", "Isi **penting** untuk pegawai."),
        ("kategori", kategori),
        ("tanggal_terbit", tanggal),
    ];
    if sematkan {
        fields.push(("disematkan", "on"));
    }
    let r = h.post_form("/kelola/baru", &fields);
    assert_eq!(r.status, 303, "{}", r.text());
    h.advance_minutes(1);
    r.redirect_target()
        .unwrap()
        .strip_prefix("p/")
        .unwrap()
        .to_string()
}

fn form_of(r: &Response) -> ui::Form {
    r.as_page()
        .unwrap()
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Form(f) if f.submit_label != "Hapus berita" => Some(f.clone()),
            _ => None,
        })
        .expect("a form")
}

fn field<'a>(f: &'a ui::Form, name: &str) -> &'a ui::Field {
    f.fields.iter().find(|x| x.name == name).unwrap()
}

#[test]
fn only_editors_reach_write_paths() {
    let mut h = host();
    let id = tulis(&mut h, "Ada", "berita", "2026-03-02", false);
    h.as_user(PEGAWAI, &[]);
    let valid = [
        ("judul", "X"),
        ("isi", "Y"),
        ("kategori", "berita"),
        ("tanggal_terbit", "2026-03-02"),
        ("versi", "1"),
    ];
    for path in ["/kelola", "/kelola/baru", &format!("/kelola/{id}")] {
        assert_eq!(h.get(path).status, 403, "GET {path}");
    }
    for path in [
        "/kelola/baru".to_string(),
        format!("/kelola/{id}"),
        format!("/kelola/{id}/hapus"),
    ] {
        let r = h.post_form(&path, &valid);
        assert_eq!(r.status, 403, "POST {path}");
        assert!(r.text().contains("Pengelola Berita"));
    }
    let docs = h.documents("posts");
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].version, 1);
    // Readers still read.
    assert_eq!(h.get(&format!("/p/{id}")).status, 200);
}

#[test]
fn validation_errors_keep_every_value() {
    let mut h = host();
    let long = "j".repeat(201);
    let r = h.post_form(
        "/kelola/baru",
        &[
            ("judul", &long),
            ("isi", "Isi yang sudah diketik panjang"),
            ("kategori", "pengumuman"),
            ("tanggal_terbit", "2026-02-30"),
            ("disematkan", "on"),
        ],
    );
    assert_eq!(r.status, 422);
    let f = form_of(&r);
    assert_eq!(field(&f, "judul").value, long);
    assert_eq!(
        field(&f, "judul").error.as_deref(),
        Some("paling banyak 200 karakter")
    );
    assert_eq!(field(&f, "isi").value, "Isi yang sudah diketik panjang");
    assert_eq!(field(&f, "kategori").value, "pengumuman");
    assert_eq!(field(&f, "tanggal_terbit").value, "2026-02-30");
    assert!(field(&f, "tanggal_terbit").error.is_some());
    assert_eq!(field(&f, "disematkan").value, "on");
    assert!(r.text().contains("Periksa isian"));

    let r = h.post_form("/kelola/baru", &[("kategori", "gosip")]);
    let f = form_of(&r);
    assert_eq!(field(&f, "judul").error.as_deref(), Some("wajib diisi"));
    assert_eq!(field(&f, "isi").error.as_deref(), Some("wajib diisi"));
    assert_eq!(
        field(&f, "kategori").error.as_deref(),
        Some("pilihan tidak valid")
    );
    assert_eq!(field(&f, "disematkan").value, "");
    assert!(h.documents("posts").is_empty());
    assert!(h.notifications().is_empty());
}

#[test]
fn stale_version_is_a_conflict_that_keeps_the_edit() {
    let mut h = host();
    let id = tulis(&mut h, "Awal", "berita", "2026-03-02", false);
    let edit = h.get(&format!("/kelola/{id}"));
    assert_eq!(field(&form_of(&edit), "versi").value, "1");
    // Another editor saves first.
    h.as_user(EDITOR2, &[PENGELOLA]);
    let other = h.post_form(
        &format!("/kelola/{id}"),
        &[
            ("judul", "Versi rekan"),
            ("isi", "Isi rekan"),
            ("kategori", "berita"),
            ("tanggal_terbit", "2026-03-02"),
            ("versi", "1"),
        ],
    );
    assert_eq!(other.status, 303);
    // The first editor submits from version 1.
    h.as_user(EDITOR, &[PENGELOLA]);
    let mine = [
        ("judul", "Versi saya"),
        ("isi", "Isi saya"),
        ("kategori", "info-kepegawaian"),
        ("tanggal_terbit", "2026-03-03"),
        ("versi", "1"),
    ];
    let r = h.post_form(&format!("/kelola/{id}"), &mine);
    assert_eq!(r.status, 409);
    assert!(r.text().contains("Berita telah diubah oleh pengguna lain"));
    assert!(
        r.text().contains(&format!("Pegawai {EDITOR2}")),
        "names who saved"
    );
    let f = form_of(&r);
    assert_eq!(field(&f, "judul").value, "Versi saya");
    assert_eq!(field(&f, "isi").value, "Isi saya");
    assert_eq!(field(&f, "kategori").value, "info-kepegawaian");
    assert_eq!(field(&f, "versi").value, "2", "offers the fresh version");
    let stored: Value = serde_json::from_str(&h.documents("posts")[0].data).unwrap();
    assert_eq!(stored["judul"], "Versi rekan");
    // Saving again from the fresh version is a deliberate overwrite.
    let mut again = mine;
    again[4] = ("versi", "2");
    assert_eq!(h.post_form(&format!("/kelola/{id}"), &again).status, 303);
    // Deleting needs the current version too.
    let stale = h.post_form(&format!("/kelola/{id}/hapus"), &[("versi", "2")]);
    assert_eq!(stale.status, 409);
    assert_eq!(h.documents("posts").len(), 1);
    let ok = h.post_form(&format!("/kelola/{id}/hapus"), &[("versi", "3")]);
    assert_eq!(ok.redirect_target(), Some("kelola"));
    assert!(h.documents("posts").is_empty());
}

#[test]
fn scheduled_posts_are_hidden_from_readers_until_their_date() {
    let mut h = host();
    let id = tulis(&mut h, "Besok terbit", "berita", "2026-03-03", false);
    tulis(&mut h, "Hari ini", "berita", "2026-03-02", false);
    let kelola = h.get("/kelola").text();
    assert!(kelola.contains("Besok terbit") && kelola.contains("Terjadwal"));
    assert_eq!(h.get(&format!("/p/{id}")).status, 200, "editors preview");
    h.as_user(PEGAWAI, &[]);
    let list = h.get("/").text();
    assert!(list.contains("Hari ini") && !list.contains("Besok terbit"));
    assert_eq!(h.get(&format!("/p/{id}")).status, 404);
    assert!(!h.get_json("/").text().contains("Besok terbit"));
    h.set_local_time("2026-03-03", "00:01");
    assert!(h.get("/").text().contains("Besok terbit"));
    assert_eq!(h.get(&format!("/p/{id}")).status, 200);
}

#[test]
fn pinned_announcement_notifies_everyone_once() {
    let mut h = host();
    let id = tulis(&mut h, "Libur nasional", "pengumuman", "2026-03-02", true);
    let sent = h.notifications();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].to, "role:pegawai");
    assert_eq!(sent[0].notification.title, "Pengumuman: Libur nasional");
    assert_eq!(
        sent[0].notification.link.as_deref(),
        Some(format!("/m/berita/p/{id}").as_str())
    );
    // Editing it again does not notify again.
    let r = h.post_form(
        &format!("/kelola/{id}"),
        &[
            ("judul", "Libur nasional (ralat)"),
            ("isi", "Ralat"),
            ("kategori", "pengumuman"),
            ("tanggal_terbit", "2026-03-02"),
            ("disematkan", "on"),
            ("versi", "2"),
        ],
    );
    assert_eq!(r.status, 303, "{}", r.text());
    h.get("/");
    h.dashboard().unwrap();
    assert_eq!(h.notifications().len(), 1);
    // Unpinned announcements and pinned news do not notify.
    tulis(&mut h, "Biasa", "pengumuman", "2026-03-02", false);
    tulis(&mut h, "Berita disematkan", "berita", "2026-03-02", true);
    assert_eq!(h.notifications().len(), 1);
}

#[test]
fn announcement_changed_to_pinned_notifies() {
    let mut h = host();
    let id = tulis(&mut h, "Rapat", "pengumuman", "2026-03-02", false);
    assert!(h.notifications().is_empty());
    let r = h.post_form(
        &format!("/kelola/{id}"),
        &[
            ("judul", "Rapat"),
            ("isi", "Isi"),
            ("kategori", "pengumuman"),
            ("tanggal_terbit", "2026-03-02"),
            ("disematkan", "on"),
            ("versi", "1"),
        ],
    );
    assert_eq!(r.status, 303);
    assert_eq!(h.notifications().len(), 1);
}

#[test]
fn scheduled_pinned_announcement_notifies_when_its_date_comes() {
    let mut h = host();
    tulis(&mut h, "Mulai besok", "pengumuman", "2026-03-03", true);
    assert!(h.notifications().is_empty());
    h.as_user(PEGAWAI, &[]);
    h.dashboard().unwrap();
    assert!(h.notifications().is_empty());
    h.set_local_time("2026-03-03", "07:00");
    h.dashboard().unwrap();
    h.get("/");
    h.dashboard().unwrap();
    assert_eq!(h.notifications().len(), 1);
}

#[test]
fn failed_notification_is_retried_later() {
    let mut h = host();
    h.revoke("notifications");
    tulis(&mut h, "Penting", "pengumuman", "2026-03-02", true);
    assert!(h.notifications().is_empty());
    h.grant("notifications");
    h.get("/");
    assert_eq!(h.notifications().len(), 1);
}

#[test]
fn readers_list_paginates_newest_first_with_pinned_on_top() {
    let mut h = host();
    for i in 1..=23 {
        let tanggal = format!("2026-02-{i:02}");
        tulis(&mut h, &format!("Berita {i:02}"), "berita", &tanggal, false);
    }
    tulis(&mut h, "Sematan A", "berita", "2026-01-10", true);
    tulis(&mut h, "Sematan B", "info-kepegawaian", "2026-01-11", true);
    h.as_user(PEGAWAI, &[]);

    let json: Value = h.get_json("/").json_body().unwrap();
    let titles: Vec<&str> = json["pos"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["judul"].as_str().unwrap())
        .collect();
    assert_eq!(titles.len(), 12);
    assert_eq!(&titles[..3], ["Sematan B", "Sematan A", "Berita 23"]);
    assert_eq!(titles[11], "Berita 14");

    let mut seen = titles.len();
    let mut cursor = json["lanjut"].as_str().map(String::from);
    let mut pages = 1;
    while let Some(c) = cursor {
        let page: Value = h.get_json(&format!("/?lanjut={c}")).json_body().unwrap();
        let items = page["pos"].as_array().unwrap();
        assert!(items.iter().all(|p| p["disematkan"] == false));
        seen += items.len();
        pages += 1;
        cursor = page["lanjut"].as_str().map(String::from);
    }
    assert_eq!((seen, pages), (25, 3));

    let html = h.get("/");
    assert!(html.text().contains("Berikutnya"));
    // Category filter.
    let info = h.get("/?kategori=info-kepegawaian").text();
    assert!(info.contains("Sematan B") && !info.contains("Berita 23"));
}

#[test]
fn empty_list_says_what_comes_next() {
    let action = |r: &Response| {
        r.as_page().unwrap().blocks.iter().find_map(|b| match b {
            Block::Empty(e) => Some(e.action.as_ref().map(|a| a.href.clone())),
            _ => None,
        })
    };
    let mut h = host();
    assert_eq!(action(&h.get("/")), Some(Some("kelola/baru".into())));
    h.as_user(PEGAWAI, &[]);
    let r = h.get("/");
    assert!(r.text().contains("Belum ada berita"));
    assert_eq!(action(&r), Some(None), "readers get no editor action");
}

#[test]
fn post_page_sends_markdown() {
    let mut h = host();
    let id = tulis(&mut h, "Judul <b>", "berita", "2026-03-02", false);
    let r = h.get(&format!("/p/{id}"));
    let page = r.as_page().unwrap();
    assert_eq!(page.title, "Judul <b>");
    assert!(
        page.blocks
            .iter()
            .any(|b| matches!(b, Block::Markdown(m) if m == "Isi **penting** untuk pegawai."))
    );
    assert_eq!(h.get("/p/tidak-ada").status, 404);
}

#[test]
fn dashboard_tab_and_beranda_card() {
    let mut h = host();
    for i in 1..=6 {
        tulis(
            &mut h,
            &format!("Info {i}"),
            "info-kepegawaian",
            &format!("2026-02-0{i}"),
            false,
        );
    }
    tulis(&mut h, "Berita umum", "berita", "2026-02-10", false);
    tulis(
        &mut h,
        "Info besok",
        "info-kepegawaian",
        "2026-03-03",
        false,
    );
    tulis(&mut h, "Disematkan", "pengumuman", "2026-01-01", true);
    h.as_user(PEGAWAI, &[]);
    let cards = h.dashboard().unwrap();
    let tab = cards
        .iter()
        .find(|c| c.tab.as_deref() == Some("info-kepegawaian"))
        .unwrap();
    let Block::Table(t) = &tab.blocks[0] else {
        panic!("table expected");
    };
    assert_eq!(t.rows.len(), 5);
    let text = ui::plain_text(&tab.blocks);
    assert!(text.contains("Info 6") && !text.contains("Info 1") && !text.contains("Info besok"));
    assert!(
        t.rows
            .iter()
            .all(|r| r.href.as_deref().is_some_and(|h| h.starts_with("p/")))
    );
    let beranda = cards.iter().find(|c| c.tab.is_none()).unwrap();
    let text = ui::plain_text(&beranda.blocks);
    assert!(text.contains("Disematkan") && text.contains("Berita umum"));
    assert!(text.contains("Info 6") && text.contains("Info 5") && !text.contains("Info 4"));
}
