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
