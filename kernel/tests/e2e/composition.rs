//! Dashboard composition and module pages through HTTP: cards only for the roles a module
//! is enabled for, a runaway module's error card while the others render, module text
//! with HTML shown as text (dashboard, page and JSON), CSRF on module forms, and the admin
//! pages closed to everyone but administrators.

use crate::support::TestPortal;

const PEGAWAI: &str = "199001012015012001";
const ADMIN: &str = "198803032012122003";
const EVIL: &str = "<script>alert(1)</script>\"><img src=x onerror=alert(2)>";

#[tokio::test]
async fn cards_roles_failures_and_escaping() {
    for engine in eoffice::testkit::engines() {
        let portal = TestPortal::start(engine).await;
        let (pegawai, _) = portal.register_and_login(PEGAWAI).await;
        let (admin, _) = portal.register_and_login(ADMIN).await;
        portal.grant_role(ADMIN, "admin").await;

        let contoh = portal.install_plugin("contoh", true).await;
        let synthetic = portal.install_plugin("synthetic-1", true).await;
        let looping = portal.install_plugin("hostile-loop", true).await;
        let actor = eoffice::plugins::admin::Actor {
            nip: None,
            ip: "",
            request_id: "e2e",
        };
        for id in [&contoh, &synthetic, &looping] {
            eoffice::plugins::admin::enable(&portal.state, id, "pegawai", &actor)
                .await
                .ok();
        }

        // The runaway module yields an error card; the kernel part and the others render.
        let home = pegawai.get("/").await;
        assert_eq!(home.status, 200, "{}", home.body);
        assert!(home.contains("Profil Singkat"), "kernel part");
        assert!(home.contains("Catatan saya"), "contoh card: {}", home.body);
        assert!(
            home.contains("tidak dapat ditampilkan saat ini"),
            "error card: {}",
            home.body
        );
        // The menu shows the module's item in its group, and the bell.
        assert!(
            home.contains("href=\"/m/contoh\""),
            "menu item: {}",
            home.body
        );
        assert!(home.contains("href=\"/notifikasi\""), "bell");

        // Module form: CSRF-protected, module text with HTML stays text everywhere.
        let no_token = pegawai.post_form_raw("/m/contoh", &[("judul", "x")]).await;
        assert_eq!(no_token.status, 403, "POST without the CSRF token");
        let saved = pegawai
            .submit(
                "/m/contoh",
                "/m/contoh",
                &[("judul", EVIL), ("tanggal", "")],
            )
            .await;
        assert_eq!(saved.status, 303, "{}", saved.body);
        assert_eq!(saved.location().as_deref(), Some("/m/contoh"));
        for path in ["/", "/m/contoh"] {
            let page = pegawai.get(path).await;
            assert_eq!(page.status, 200);
            assert!(
                page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
                "{path}: {}",
                page.body
            );
            assert!(!page.body.contains("<script>alert(1)"), "{path}");
            assert!(!page.body.contains("<img src=x"), "{path}");
            assert!(
                page.html()
                    .select(&scraper::Selector::parse("img").unwrap())
                    .next()
                    .is_none(),
                "{path}"
            );
        }

        // Disabled for `pegawai`, enabled for `admin` only: the card and page go away.
        eoffice::plugins::admin::disable(&portal.state, &contoh, "pegawai", &actor)
            .await
            .unwrap();
        eoffice::plugins::admin::enable(&portal.state, &contoh, "admin", &actor)
            .await
            .unwrap();
        let home = pegawai.get("/").await;
        assert!(!home.contains("Catatan saya"), "card gone for pegawai");
        assert!(!home.contains("href=\"/m/contoh\""), "menu item gone");
        assert_eq!(pegawai.get("/m/contoh").await.status, 404, "page hidden");
        assert!(
            admin.get("/").await.contains("Catatan saya"),
            "card for the enabled role"
        );

        // Admin pages: 403 for others, 200 for administrators.
        for path in [
            "/admin",
            "/admin/modul",
            "/admin/modul/contoh",
            "/admin/modul/akses",
            "/admin/modul/contoh/pengaturan",
            "/admin/audit",
            "/admin/event",
        ] {
            assert_eq!(pegawai.get(path).await.status, 403, "{path} for pegawai");
            let page = admin.get(path).await;
            assert_eq!(page.status, 200, "{path} for admin: {}", page.body);
        }
        let refused = pegawai
            .post_form("/admin/modul/contoh/cabut", &[("kapabilitas", "storage")])
            .await;
        assert_eq!(refused.status, 403);
        assert!(
            portal
                .state
                .plugins
                .module(&contoh)
                .unwrap()
                .grants
                .contains("storage"),
            "nothing changed"
        );
        let revoked = admin
            .submit(
                "/admin/modul/contoh",
                "/admin/modul/contoh/cabut",
                &[("kapabilitas", "storage")],
            )
            .await;
        assert_eq!(revoked.status, 303, "{}", revoked.body);
        assert!(
            !portal
                .state
                .plugins
                .module(&contoh)
                .unwrap()
                .grants
                .contains("storage")
        );
        let audit = admin.get("/admin/audit?subjek=contoh&aksi=plugin.*").await;
        assert!(audit.contains("contoh"), "{}", audit.body);
    }
}
