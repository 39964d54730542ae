//! A module's life, driven through the `eoffice plugin` CLI while the portal runs (no
//! restart): install → enabled for a role → its card shows for that role only →
//! disabled → gone; upgrade → rollback; refusals that change nothing.

use crate::plugin_support::{eventually, wasm};
use crate::support::TestPortal;

const PEGAWAI: &str = "199001012015012001";
const HELPDESK: &str = "198803032012122003";

#[tokio::test]
async fn cli_install_enable_disable_upgrade_rollback() {
    let v1 = wasm("versioned-v1");
    let v2 = wasm("versioned-v2");
    let (v1, v2) = (v1.to_str().unwrap(), v2.to_str().unwrap());
    for engine in eoffice::testkit::engines() {
        let portal = TestPortal::start(engine).await;
        let (pegawai, _) = portal.register_and_login(PEGAWAI).await;
        let (helpdesk, _) = portal.register_and_login(HELPDESK).await;
        portal.grant_role(HELPDESK, "helpdesk").await;

        let run = portal.cli(&["plugin", "install", v1]).ok();
        assert!(run.stdout.contains("versioned"), "{}", run.stdout);
        // The manifest's default role is `pegawai`: everyone sees the card.
        eventually(&pegawai, "/", "card after install", |p| {
            p.status == 200 && p.contains("versi-1.0.0")
        })
        .await;

        // Only `helpdesk` from now on.
        portal
            .cli(&["plugin", "disable", "versioned", "--role", "pegawai"])
            .ok();
        portal
            .cli(&["plugin", "enable", "versioned", "--role", "helpdesk"])
            .ok();
        eventually(&pegawai, "/", "card gone for pegawai", |p| {
            p.status == 200 && !p.contains("versi-1.0.0")
        })
        .await;
        eventually(&helpdesk, "/", "card for helpdesk", |p| {
            p.status == 200 && p.contains("versi-1.0.0")
        })
        .await;
        let page = pegawai.get("/m/versioned").await;
        assert_eq!(
            page.status, 404,
            "module pages hidden from roles it is not enabled for"
        );

        portal
            .cli(&["plugin", "disable", "versioned", "--role", "helpdesk"])
            .ok();
        eventually(&helpdesk, "/", "card gone after disable", |p| {
            p.status == 200 && !p.contains("versi-1.0.0")
        })
        .await;

        // Upgrade, refuse a downgrade (nothing changes), roll back.
        portal
            .cli(&["plugin", "enable", "versioned", "--role", "pegawai"])
            .ok();
        portal.cli(&["plugin", "upgrade", v2]).ok();
        eventually(&pegawai, "/", "upgraded card", |p| {
            p.status == 200 && p.contains("versi-2.0.0")
        })
        .await;
        let refused = portal.cli(&["plugin", "upgrade", v1]);
        assert_eq!(refused.code, 2, "downgrade without --force: {refused:?}");
        assert!(!refused.stderr.trim().is_empty(), "a reason is given");
        let info = portal.cli(&["plugin", "info", "versioned"]).ok();
        assert!(
            info.stdout.contains("2.0.0"),
            "still 2.0.0 after the refusal: {}",
            info.stdout
        );
        portal.cli(&["plugin", "rollback", "versioned"]).ok();
        eventually(&pegawai, "/", "rolled back card", |p| {
            p.status == 200 && p.contains("versi-1.0.0")
        })
        .await;

        // Installing the same id again is an id clash.
        let clash = portal.cli(&["plugin", "install", v1]);
        assert_eq!(clash.code, 2, "id clash: {clash:?}");
        let list = portal.cli(&["plugin", "list"]).ok();
        assert_eq!(
            list.stdout.matches("versioned").count(),
            1,
            "{}",
            list.stdout
        );
    }
}

/// An Atasan for the guide module's approval flow.
const ATASAN: &str = "197001011995031001";

/// The module `cuti` (`tests/fixtures/cuti`) was written from `docs/plugin-authors.md`
/// and the SDK alone. Built from source, installed through the CLI while the portal
/// runs, it is denied everything until granted, and once granted and enabled for one
/// role its card and pages are there for that role only; the leave request it takes
/// reaches the Atasan and comes back approved.
#[tokio::test]
async fn module_written_from_the_guide() {
    let cuti = wasm("cuti");
    let cuti = cuti.to_str().unwrap();
    for engine in eoffice::testkit::engines() {
        let portal = TestPortal::start(engine).await;
        let (pegawai, _) = portal.register_and_login(PEGAWAI).await;
        let (pemohon, _) = portal.register_and_login(HELPDESK).await;
        let (atasan, _) = portal.register_and_login(ATASAN).await;
        portal.set_supervisor(HELPDESK, ATASAN).await;
        portal.grant_role(HELPDESK, "helpdesk").await;
        portal.grant_role(ATASAN, "helpdesk").await;

        portal.cli(&["plugin", "install", cuti]).ok();
        let info = portal.cli(&["plugin", "info", "cuti"]).ok();
        for capability in ["storage", "directory", "notifications"] {
            assert!(info.stdout.contains(capability), "{}", info.stdout);
        }
        // Nothing is granted at install: the module's storage call is denied, its card
        // fails alone (an error card) and the denial is audited.
        eventually(&pegawai, "/", "error card while ungranted", |p| {
            p.status == 200 && p.contains("Kartu modul Cuti tidak dapat ditampilkan")
        })
        .await;
        let (denied, _) = eoffice::db::audit::search(
            &portal.state.db,
            &eoffice::db::audit::AuditFilter {
                subject: "cuti".into(),
                action: "plugin.capability_denied".into(),
                ..Default::default()
            },
            0,
            10,
        )
        .await
        .expect("audit search");
        assert!(!denied.is_empty(), "the denied storage call is audited");

        for capability in ["storage", "directory", "notifications"] {
            portal.cli(&["plugin", "grant", "cuti", capability]).ok();
        }
        portal
            .cli(&["plugin", "enable", "cuti", "--role", "helpdesk"])
            .ok();
        portal
            .cli(&["plugin", "disable", "cuti", "--role", "pegawai"])
            .ok();
        eventually(&pemohon, "/", "card for helpdesk", |p| {
            p.status == 200 && p.contains("Cuti Saya") && p.contains("Sisa cuti tahunan")
        })
        .await;
        eventually(&pegawai, "/", "no card for pegawai", |p| {
            p.status == 200 && !p.contains("Cuti Saya") && !p.contains("Kartu modul Cuti")
        })
        .await;
        assert_eq!(pegawai.get("/m/cuti").await.status, 404);
        assert!(
            pemohon.get("/").await.contains("href=\"/m/cuti\""),
            "the menu links the module for its role"
        );

        // A bad request is refused with a reason and stores nothing.
        let bad = pemohon
            .submit(
                "/m/cuti",
                "/m/cuti",
                &[
                    ("jenis", "tahunan"),
                    ("mulai", "2026-13-40"),
                    ("hari", "30"),
                    ("alasan", ""),
                ],
            )
            .await;
        assert_eq!(bad.status, 422, "{}", bad.body);
        assert!(bad.contains("wajib diisi"), "{}", bad.body);
        assert_eq!(
            eoffice::db::docstore::count(&portal.state.db, "cuti")
                .await
                .unwrap(),
            0
        );

        // A good one goes to the Atasan, who approves it.
        let ok = pemohon
            .submit(
                "/m/cuti",
                "/m/cuti",
                &[
                    ("jenis", "tahunan"),
                    ("mulai", "2026-12-21"),
                    ("hari", "3"),
                    ("alasan", "Acara keluarga <b>di Solo</b>"),
                ],
            )
            .await;
        assert_eq!(ok.status, 303, "{}", ok.body);
        let mine = pemohon.get("/m/cuti").await;
        assert!(mine.contains("Cuti tahunan"), "{}", mine.body);
        let bell = atasan.get("/notifikasi").await;
        assert!(bell.contains("/m/cuti/persetujuan"), "{}", bell.body);
        let waiting = atasan.get("/m/cuti/persetujuan").await;
        assert_eq!(waiting.status, 200);
        assert!(
            waiting.contains("Acara keluarga &lt;b&gt;di Solo&lt;/b&gt;"),
            "the requester's text is shown as text: {}",
            waiting.body
        );
        let action = waiting
            .html()
            .select(&scraper::Selector::parse("form[action^='/m/cuti/persetujuan/']").unwrap())
            .next()
            .and_then(|f| f.value().attr("action").map(str::to_string))
            .expect("an approval form");
        // Only the designated Atasan may decide.
        let foreign = pemohon.post_form(&action, &[("keputusan", "setuju")]).await;
        assert_eq!(foreign.status, 403, "{}", foreign.body);
        let decided = atasan
            .submit("/m/cuti/persetujuan", &action, &[("keputusan", "setuju")])
            .await;
        assert_eq!(decided.status, 303, "{}", decided.body);
        let card = pemohon.get("/").await;
        assert!(card.contains("Cuti Saya"), "{}", card.body);
        let remaining = card.texts(".module-card .stat-value");
        assert!(
            remaining.iter().any(|v| v.trim() == "9"),
            "12 days minus 3 approved: {remaining:?}"
        );
        let told = pemohon.get("/notifikasi").await;
        assert!(told.contains("/m/cuti"), "{}", told.body);
    }
}
