//! The bundled modules through HTTP on every engine, built from source and installed like
//! in production: `berita` (an editor writes a pinned announcement in the browser forms,
//! readers see it rendered from Markdown and get a notification, validation keeps what
//! was typed, readers cannot write) and `presensi` (the mobile app's JSON API: clock in
//! and out, one masuk per day, geofence from the module settings, bad input refused; the
//! month page and the dashboard tab).

use crate::support::{PASSWORD, TestPortal};

const READER: &str = "199001012015012001";
const EDITOR: &str = "198803032012122003";

#[tokio::test]
async fn berita_editor_publishes_and_readers_are_notified() {
    for engine in eoffice::testkit::engines() {
        let portal = TestPortal::start(engine).await;
        let (reader, reader_secret) = portal.register_and_login(READER).await;
        let (editor, _) = portal.register_and_login(EDITOR).await;
        portal.grant_role(EDITOR, "pengelola-berita").await;
        portal.install_plugin("berita", true).await;

        // Readers may not write.
        let denied = reader.get("/m/berita/kelola/baru").await;
        assert_eq!(denied.status, 403, "{}", denied.body);

        // A refused form keeps what was typed.
        let refused = editor
            .submit(
                "/m/berita/kelola/baru",
                "/m/berita/kelola/baru",
                &[
                    ("judul", ""),
                    ("isi", "Isi yang tidak boleh hilang"),
                    ("kategori", "pengumuman"),
                    ("tanggal_terbit", "2026-12-03"),
                ],
            )
            .await;
        assert!(
            refused.status == 200 || refused.status == 422,
            "{}",
            refused.body
        );
        assert!(refused.contains("wajib diisi"), "{}", refused.body);
        assert!(refused.contains("Isi yang tidak boleh hilang"));

        let created = editor
            .submit(
                "/m/berita/kelola/baru",
                "/m/berita/kelola/baru",
                &[
                    ("judul", "Libur Nasional <b>Natal</b>"),
                    (
                        "isi",
                        "Kantor **tutup** pada 25 Desember.\n\n<script>alert(1)</script>",
                    ),
                    ("kategori", "pengumuman"),
                    ("tanggal_terbit", "2026-12-03"),
                    ("disematkan", "on"),
                ],
            )
            .await;
        assert_eq!(created.status, 303, "{}", created.body);
        let post_path = created.location().expect("redirect to the post");
        assert!(post_path.starts_with("/m/berita/p/"), "{post_path}");

        let post = reader.get(&post_path).await;
        assert_eq!(post.status, 200, "{}", post.body);
        assert!(
            post.body.contains("<strong>tutup</strong>"),
            "Markdown rendered"
        );
        assert!(
            !post.body.contains("<script>alert(1)"),
            "raw HTML not rendered"
        );
        assert!(!post.body.contains("<b>Natal</b>"), "title shown as text");
        let list = reader.get("/m/berita").await;
        assert!(list.contains("Libur Nasional"), "{}", list.body);

        // The pinned announcement reached the reader's bell.
        let bell = reader.get("/notifikasi").await;
        assert!(bell.contains("Libur Nasional"), "{}", bell.body);
        let home = reader.get("/").await;
        assert!(home.contains("Info Terbaru"), "dashboard card");
        let tab = reader.get("/?tab=info-kepegawaian").await;
        assert_eq!(tab.status, 200);
        assert!(tab.contains("Update Info Kepegawaian"), "{}", tab.body);

        // The JSON API lists the post for the mobile app.
        let token = bearer(&portal, READER, &reader_secret).await;
        let api = reader.get_bearer("/api/v1/m/berita", &token).await;
        assert_eq!(api.status, 200, "{}", api.body);
        assert!(api.body.contains("Libur Nasional"), "{}", api.body);
    }
}

#[tokio::test]
async fn presensi_api_clock_in_out_geofence_and_month_page() {
    for engine in eoffice::testkit::engines() {
        let portal = TestPortal::start(engine).await;
        let (_, secret) = portal.register_and_login(READER).await;
        portal.install_plugin("presensi", true).await;
        let app = portal.client();
        let token = bearer(&portal, READER, &secret).await;
        let absen = "/api/v1/m/presensi/absen";

        // 2026-12-03 is a Thursday (work 07:30–16:00); the test clock reads about 08:01
        // WIB (each sign-on moves it 30 s); late minutes count whole clock minutes.
        let late = local_minutes(&portal) - (7 * 60 + 30);
        assert!(
            (30..40).contains(&late),
            "the clock is just after 08:00: {late}"
        );
        let masuk = app
            .post_json_bearer(absen, &token, r#"{"jenis":"masuk","lat":-6.2,"lon":106.8}"#)
            .await;
        assert_eq!(masuk.status, 201, "{}", masuk.body);
        assert_eq!(masuk.json()["terlambat_menit"], late, "{}", masuk.body);
        let again = app
            .post_json_bearer(absen, &token, r#"{"jenis":"masuk","lat":-6.2,"lon":106.8}"#)
            .await;
        assert_eq!(again.status, 409, "one masuk per day: {}", again.body);

        for bad in [
            "not json",
            r#"{"jenis":"istirahat","lat":0,"lon":0}"#,
            r#"{"jenis":"pulang","lat":123,"lon":0}"#,
        ] {
            let refused = app.post_json_bearer(absen, &token, bad).await;
            // Not JSON at all: the kernel refuses it (422) before the module runs; JSON
            // the module cannot use: the module's 400. Either way a clear message.
            assert!(
                [400, 422].contains(&refused.status),
                "{bad}: {} {}",
                refused.status,
                refused.body
            );
            assert!(refused.json()["error"].is_string(), "{}", refused.body);
        }

        // Pulang about 15:01 and again about 16:11: the later one counts.
        portal.advance(7 * 3600);
        // Hours later the app signs in again (sessions are short-lived).
        let token = bearer(&portal, READER, &secret).await;
        let early_minutes = 16 * 60 - local_minutes(&portal);
        let early = app
            .post_json_bearer(
                absen,
                &token,
                r#"{"jenis":"pulang","lat":-6.2,"lon":106.8}"#,
            )
            .await;
        assert_eq!(early.status, 201, "{}", early.body);
        assert_eq!(
            early.json()["pulang_cepat_menit"],
            early_minutes,
            "{}",
            early.body
        );
        portal.advance(70 * 60);
        let token = bearer(&portal, READER, &secret).await;
        let later = app
            .post_json_bearer(
                absen,
                &token,
                r#"{"jenis":"pulang","lat":-6.2,"lon":106.8}"#,
            )
            .await;
        assert_eq!(later.status, 201, "{}", later.body);
        assert_eq!(later.json()["pulang_cepat_menit"], 0, "{}", later.body);
        let today = app.get_bearer("/api/v1/m/presensi/hari-ini", &token).await;
        assert_eq!(today.status, 200, "{}", today.body);
        assert!(today.json()["pulang"].is_object(), "{}", today.body);

        // Next morning (Friday about 07:11) with a geofence set by the administrator: outside
        // it nothing is stored.
        let actor = eoffice::plugins::admin::Actor {
            nip: None,
            ip: "",
            request_id: "e2e",
        };
        let office = [
            ("kantor_lat".to_string(), "-6.2088".to_string()),
            ("kantor_lon".to_string(), "106.8456".to_string()),
            ("radius_meter".to_string(), "200".to_string()),
        ];
        eoffice::plugins::admin::set_settings(&portal.state, "presensi", &office, &actor)
            .await
            .expect("settings");
        portal.advance(24 * 3600 - 9 * 3600);
        let token = bearer(&portal, READER, &secret).await;
        let far = app
            .post_json_bearer(absen, &token, r#"{"jenis":"masuk","lat":-6.9,"lon":107.6}"#)
            .await;
        assert_eq!(far.status, 422, "{}", far.body);
        let near = app
            .post_json_bearer(
                absen,
                &token,
                r#"{"jenis":"masuk","lat":-6.2089,"lon":106.8457}"#,
            )
            .await;
        assert_eq!(
            near.status, 201,
            "the refused one stored nothing: {}",
            near.body
        );

        // The month page and the dashboard tab in the browser (signed in again).
        let browser = portal.login_client(READER, PASSWORD, &secret).await;
        let month = browser.get("/m/presensi/bulan?bulan=2026-12").await;
        assert_eq!(month.status, 200, "{}", month.body);
        assert!(month.contains("<svg"), "chart");
        assert!(month.contains("<table"), "table");
        let tab = browser.get("/?tab=presensi").await;
        assert_eq!(tab.status, 200);
        assert!(
            tab.contains("<strong>07:1"),
            "today's masuk on the tab: {}",
            tab.body
        );
    }
}

/// Minutes since local midnight (WIB, UTC+7) on the portal's clock.
fn local_minutes(portal: &TestPortal) -> i64 {
    (portal.now() + 7 * 3600).rem_euclid(86_400) / 60
}

/// A bearer token for the JSON API, as the mobile app gets one.
pub async fn bearer(portal: &TestPortal, nip: &str, secret: &str) -> String {
    let login = portal
        .client()
        .post_json(
            "/api/v1/auth/login",
            &serde_json::json!({"nip": nip, "password": PASSWORD, "otp": portal.next_otp(secret)}),
        )
        .await;
    assert_eq!(login.status, 200, "{}", login.body);
    login.json()["token"].as_str().expect("token").to_string()
}
