//! Behaviour of the module through the SDK's in-memory kernel: the JSON API, the pages,
//! the dashboard and the unit report's access rule.

use eoffice_sdk::prelude::*;
use eoffice_sdk::testing::{TestHost, employee};
use serde_json::{Value, json};

use crate::Presensi;

const BUDI: &str = "198701012010011001";
const SITI: &str = "199002022015022002";
const ATASAN: &str = "197505052000031001";
const LAIN: &str = "198812122012121003";

/// A host with Budi signed in, on Monday 2 March 2026 at `jam`.
fn host_at(tanggal: &str, jam: &str) -> TestHost {
    let mut h = TestHost::new::<Presensi>();
    h.set_local_time(tanggal, jam);
    h
}

fn absen(h: &mut TestHost, jenis: &str) -> Response {
    h.post_json(
        "/absen",
        &json!({"jenis": jenis, "lat": -6.2297, "lon": 106.8326, "akurasi": 8}),
    )
}

fn body(r: &Response) -> Value {
    r.json_body::<Value>()
        .unwrap_or_else(|| panic!("JSON answer expected: {}", r.text()))
}

#[test]
fn masuk_records_server_time_and_position() {
    let mut h = host_at("2026-03-02", "07:25");
    let r = absen(&mut h, "masuk");
    assert_eq!(r.status, 201, "{}", r.text());
    let b = body(&r);
    assert_eq!(b["masuk"]["jam"], "07:25:00");
    assert_eq!(b["masuk"]["lat"], -6.2297);
    assert_eq!(b["terlambat_menit"], 0);
    assert_eq!(b["pesan"], "Presensi masuk tercatat pukul 07:25.");
    let docs = h.documents("kehadiran");
    assert_eq!(docs.len(), 1);
    assert_eq!(docs[0].key, format!("{BUDI}:2026-03-02"));
    let today = body(&h.get_json("/hari-ini"));
    assert_eq!(today["masuk"]["jam"], "07:25:00");
    assert_eq!(today["pulang"], Value::Null);
}

#[test]
fn the_local_date_uses_the_portal_offset() {
    // 00:30 WIB on 3 March is still 2 March in UTC.
    let mut h = host_at("2026-03-03", "00:30");
    assert_eq!(absen(&mut h, "masuk").status, 201);
    assert_eq!(
        h.documents("kehadiran")[0].key,
        format!("{BUDI}:2026-03-03")
    );
}

#[test]
fn geofence_in_and_out() {
    let mut h = host_at("2026-03-02", "07:20");
    h.set_setting("kantor_lat", "-6.2297")
        .set_setting("kantor_lon", "106.8326")
        .set_setting("radius_meter", "150");
    // About 1 km away: refused, nothing stored.
    let far = h.post_json(
        "/absen",
        &json!({"jenis": "masuk", "lat": -6.2207, "lon": 106.8326}),
    );
    assert_eq!(far.status, 422, "{}", far.text());
    let msg = body(&far)["error"].as_str().unwrap().to_string();
    assert!(msg.contains("di luar radius presensi 150 m"), "{msg}");
    assert!(h.documents("kehadiran").is_empty());
    // About 100 m away: accepted, with the distance kept.
    let near = h.post_json(
        "/absen",
        &json!({"jenis": "masuk", "lat": -6.2288, "lon": 106.8326}),
    );
    assert_eq!(near.status, 201, "{}", near.text());
    let d = body(&near)["masuk"]["jarak_meter"].as_f64().unwrap();
    assert!((90.0..=110.0).contains(&d), "{d}");
}

#[test]
fn one_masuk_per_day() {
    let mut h = host_at("2026-03-02", "07:25");
    assert_eq!(absen(&mut h, "masuk").status, 201);
    h.advance_minutes(10);
    let again = absen(&mut h, "masuk");
    assert_eq!(again.status, 409);
    assert_eq!(
        body(&again)["error"],
        "Anda sudah presensi masuk hari ini pukul 07:25."
    );
    assert_eq!(h.documents("kehadiran")[0].version, 1);
    // The next day is a new record.
    h.set_local_time("2026-03-03", "07:10");
    assert_eq!(absen(&mut h, "masuk").status, 201);
}

#[test]
fn later_pulang_replaces_and_pulang_without_masuk_is_flagged() {
    let mut h = host_at("2026-03-02", "15:00");
    let first = absen(&mut h, "pulang");
    assert_eq!(first.status, 201);
    let b = body(&first);
    assert_eq!(b["tanpa_masuk"], true);
    assert!(
        b["pesan"]
            .as_str()
            .unwrap()
            .contains("tanpa presensi masuk")
    );
    assert_eq!(b["pulang_cepat_menit"], 60);
    h.set_local_time("2026-03-02", "16:20");
    let later = body(&absen(&mut h, "pulang"));
    assert_eq!(later["pulang"]["jam"], "16:20:00");
    assert_eq!(later["pulang_cepat_menit"], 0);
    // Masuk after pulang is refused.
    assert_eq!(absen(&mut h, "masuk").status, 409);
}

#[test]
fn bad_requests_are_400_with_a_reason() {
    let mut h = host_at("2026-03-02", "07:25");
    for (raw, needle) in [
        ("{nope", "bukan JSON"),
        (r#"{"lat":1,"lon":1}"#, "jenis wajib"),
        (
            r#"{"jenis":"masuk","lat":100,"lon":1}"#,
            "antara -90 dan 90",
        ),
        (r#"{"jenis":"masuk","lat":1}"#, "lon (bujur) wajib"),
    ] {
        let r = h.request(Request {
            method: Method::Post,
            path: "/absen".into(),
            query: vec![],
            form: vec![],
            body: Some(raw.into()),
            format: Format::Json,
        });
        assert_eq!(r.status, 400, "{raw}");
        assert!(
            body(&r)["error"].as_str().unwrap().contains(needle),
            "{raw}: {}",
            r.text()
        );
    }
    assert!(h.documents("kehadiran").is_empty());
    assert_eq!(h.get_json("/bulan?bulan=2026-13").status, 400, "bad month");
    assert_eq!(h.get_json("/absen").status, 405);
    assert_eq!(h.get_json("/lain").status, 404);
}

/// Clocks Budi in and out on `tanggal`.
fn hari_kerja(h: &mut TestHost, tanggal: &str, masuk: &str, pulang: &str) {
    h.set_local_time(tanggal, masuk);
    assert_eq!(absen(h, "masuk").status, 201);
    h.set_local_time(tanggal, pulang);
    assert_eq!(absen(h, "pulang").status, 201);
}

#[test]
fn late_and_early_minutes_differ_monday_thursday_and_friday() {
    let mut h = host_at("2026-03-02", "07:00");
    // Thursday 5 March: 07:40–16:00 → 10 late, 0 early.
    hari_kerja(&mut h, "2026-03-05", "07:40", "16:00");
    // Friday 6 March: 07:40–16:00 → 10 late, 30 early (Friday ends 16:30).
    hari_kerja(&mut h, "2026-03-06", "07:40", "16:00");
    h.set_local_time("2026-03-09", "09:00");
    let r = body(&h.get_json("/bulan?bulan=2026-03"));
    let rows = r["baris"].as_array().unwrap();
    let day = |d: &str| rows.iter().find(|b| b["tanggal"] == d).unwrap().clone();
    assert_eq!(day("2026-03-05")["terlambat_menit"], 10);
    assert_eq!(day("2026-03-05")["pulang_cepat_menit"], 0);
    assert_eq!(day("2026-03-06")["terlambat_menit"], 10);
    assert_eq!(day("2026-03-06")["pulang_cepat_menit"], 30);
    // Working hours come from the settings.
    h.set_setting("jam_masuk_senin_kamis", "08:00");
    let r = body(&h.get_json("/bulan?bulan=2026-03"));
    let rows = r["baris"].as_array().unwrap();
    let thu = rows.iter().find(|b| b["tanggal"] == "2026-03-05").unwrap();
    assert_eq!(thu["terlambat_menit"], 0);
}

#[test]
fn month_page_shows_totals_chart_and_remarks() {
    let mut h = host_at("2026-03-02", "07:00");
    hari_kerja(&mut h, "2026-03-02", "07:45", "16:05"); // 15 late
    h.set_local_time("2026-03-03", "07:20");
    assert_eq!(absen(&mut h, "masuk").status, 201); // no pulang
    hari_kerja(&mut h, "2026-03-06", "07:35", "16:00"); // Fri: 5 late, 30 early
    h.set_local_time("2026-03-09", "10:00");
    let r = h.get("/bulan?bulan=2026-03");
    assert_eq!(r.status, 200);
    let page = r.as_page().unwrap();
    assert_eq!(page.title, "Presensi Saya — Maret 2026");
    let stats = page
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Stats(s) => Some(s.clone()),
            _ => None,
        })
        .unwrap();
    let stat = |label: &str| {
        stats
            .iter()
            .find(|s| s.label == label)
            .map(|s| s.value.clone())
            .unwrap()
    };
    assert_eq!(stat("Hari kerja"), "6");
    assert_eq!(stat("Hadir"), "3");
    assert_eq!(stat("Tidak presensi"), "2"); // 4 and 5 March
    assert_eq!(stat("Terlambat"), "20 menit");
    assert_eq!(stat("Pulang cepat"), "30 menit");
    let chart = page
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Chart(c) => Some(c.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(chart.labels, ["2", "3", "4", "5", "6", "9"]);
    assert_eq!(chart.series[0].values, [15.0, 0.0, 0.0, 0.0, 5.0, 0.0]);
    let text = r.text();
    assert!(text.contains("tidak presensi pulang"), "{text}");
    assert!(text.contains("belum presensi"), "{text}");
    assert!(text.contains("libur akhir pekan"));
    // Navigation to the neighbouring months.
    assert!(text.contains("Februari 2026") && text.contains("April 2026"));
    // A future month is an empty state.
    assert!(
        h.get("/bulan?bulan=2026-05")
            .text()
            .contains("Belum ada data presensi")
    );
    assert_eq!(h.get("/bulan?bulan=maret").status, 400);
}

fn team() -> TestHost {
    let mut h = host_at("2026-03-02", "07:00");
    h.add_employee(employee(ATASAN, "Dr. Atasan", "U1", "Biro SDM"))
        .add_employee(employee(BUDI, "Budi Santoso", "U1", "Biro SDM"))
        .add_employee(employee(SITI, "Siti Aminah", "U1", "Biro SDM"))
        .add_employee(employee(LAIN, "Lain Orang", "U2", "Biro Lain"))
        .set_supervisor(BUDI, ATASAN)
        .set_supervisor(SITI, ATASAN);
    h.as_user(BUDI, &[]);
    hari_kerja(&mut h, "2026-03-02", "07:50", "16:00");
    h.as_user(LAIN, &[]);
    hari_kerja(&mut h, "2026-03-02", "07:10", "16:00");
    h
}

#[test]
fn team_report_lists_direct_reports() {
    let mut h = team();
    h.as_user(ATASAN, &[]);
    let r = h.get("/tim");
    assert_eq!(r.status, 200);
    let text = r.text();
    assert!(text.contains("Budi Santoso") && text.contains("Siti Aminah"));
    assert!(!text.contains("Lain Orang"));
    assert!(text.contains("07:50"));
    let budi = h.get(&format!("/tim/{BUDI}"));
    assert_eq!(budi.status, 200);
    assert!(budi.text().contains("Presensi Budi Santoso"));
    assert!(budi.text().contains("20 menit"));
}

#[test]
fn team_member_page_only_for_own_direct_reports() {
    let mut h = team();
    h.as_user(ATASAN, &[]);
    // Someone else's staff, an unknown NIP and the Atasan themself: 404.
    for nip in [LAIN, "000000000000000000", ATASAN] {
        assert_eq!(h.get(&format!("/tim/{nip}")).status, 404, "{nip}");
    }
    // A peer cannot read a colleague's month.
    h.as_user(SITI, &[]);
    assert_eq!(h.get(&format!("/tim/{BUDI}")).status, 404);
    let empty = h.get("/tim");
    assert!(
        empty
            .text()
            .contains("Anda tidak memiliki bawahan langsung.")
    );
}

#[test]
fn dashboard_today_and_app_links() {
    let mut h = host_at("2026-03-06", "07:10");
    let cards = h.dashboard().unwrap();
    assert_eq!(cards.len(), 2);
    assert!(cards.iter().all(|c| c.tab.as_deref() == Some("presensi")));
    let today = eoffice_sdk::ui::plain_text(&cards[0].blocks);
    assert!(today.contains("Belum presensi masuk hari ini"), "{today}");
    assert!(eoffice_sdk::ui::plain_text(&cards[1].blocks).contains("belum diatur"));

    h.set_local_time("2026-03-06", "07:42");
    assert_eq!(absen(&mut h, "masuk").status, 201);
    h.set_setting(
        "android_url",
        "https://play.google.com/store/apps/details?id=go.kemkes.presensi",
    );
    let cards = h.dashboard().unwrap();
    let today = eoffice_sdk::ui::plain_text(&cards[0].blocks);
    assert!(
        today.contains("07:42") && today.contains("terlambat 12 menit"),
        "{today}"
    );
    let Block::Actions(links) = cards[1].blocks.last().unwrap() else {
        panic!("links expected");
    };
    assert_eq!(links.len(), 1, "the unset iOS link is omitted");
    assert_eq!(links[0].label, "Unduh untuk Android");
}

#[test]
fn manifest_declares_settings_and_menu() {
    let m = <Presensi as Plugin>::describe();
    assert_eq!(m.id, "presensi");
    let keys: Vec<&str> = m.settings.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "kantor_lat",
            "kantor_lon",
            "radius_meter",
            "jam_masuk_senin_kamis",
            "jam_pulang_senin_kamis",
            "jam_masuk_jumat",
            "jam_pulang_jumat",
            "android_url",
            "ios_url"
        ]
    );
    let menu: Vec<&str> = m.menu.iter().map(|i| i.path.as_str()).collect();
    assert_eq!(menu, ["/bulan", "/tim"]);
}
