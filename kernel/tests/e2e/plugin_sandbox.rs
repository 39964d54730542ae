//! The sandbox with real wasm: every hostile test module is contained (endless loop cut
//! off near its deadline, memory bomb, 20 MB response, ungranted capability denied and
//! audited, another module's documents unreachable, trap mid-request) while other
//! modules keep working; quarantine after repeated failures and release; every install
//! refusal gives a reason and leaves the registry unchanged; upgrade → rollback; a
//! module built against the frozen 1.0.0 contract loads and runs on the 1.1 host.

use std::sync::Arc;
use std::time::{Duration, Instant};

use eoffice::plugins::admin::{self, Actor, AdminError};
use eoffice::plugins::bindings::{Card, Context, Format, Method, Request, User};
use eoffice::plugins::{CallError, LoadedModule};
use eoffice::state::AppState;
use eoffice::testkit::TestDb;
use sqlx::Row;

use crate::plugin_support::wasm_bytes;

const ACTOR: Actor<'static> = Actor {
    nip: None,
    ip: "",
    request_id: "e2e",
};

fn ctx(id: &str) -> Context {
    Context {
        user: Some(User {
            nip: "199001012015011001".into(),
            name: "Pegawai Uji".into(),
            roles: vec!["pegawai".into()],
            unit_code: "UJI".into(),
            unit_name: "Unit Uji".into(),
        }),
        request_id: "e2e-sandbox".into(),
        locale: "id".into(),
        base_path: format!("/m/{id}"),
    }
}

fn request(path: &str) -> Request {
    Request {
        method: Method::Get,
        path: path.into(),
        query: vec![],
        form: vec![],
        body: None,
        format: Format::Json,
    }
}

async fn install(state: &AppState, name: &str, grant_all: bool) -> Arc<LoadedModule> {
    let report = admin::install(state, &wasm_bytes(name), false, &ACTOR)
        .await
        .unwrap_or_else(|e| panic!("install {name}: {e}"));
    if grant_all {
        let m = state.plugins.module(&report.id).expect("installed");
        for cap in m.manifest.capabilities.clone() {
            admin::grant(state, &report.id, &cap, &ACTOR)
                .await
                .unwrap_or_else(|e| panic!("grant {cap}: {e}"));
        }
    }
    state.plugins.module(&report.id).expect("installed")
}

async fn dashboard(state: &AppState, m: &Arc<LoadedModule>) -> Result<Vec<Card>, CallError> {
    state.plugins.dashboard(state, m, ctx(&m.id)).await
}

fn text_of(cards: &[Card]) -> String {
    serde_json::to_string(cards).expect("cards as JSON")
}

/// Everything in the registry tables, for "nothing changed" checks.
async fn registry_dump(state: &AppState) -> Vec<String> {
    let mut out = Vec::new();
    for sql in [
        "SELECT id || '|' || active_version || '|' || COALESCE(previous_version, '-') || '|' || \
         CAST(COALESCE(quarantined_at, 0) AS TEXT) FROM plugins ORDER BY id",
        "SELECT plugin_id || '|' || version || '|' || sha256 FROM plugin_versions ORDER BY 1",
        "SELECT plugin_id || '|' || capability FROM plugin_grants ORDER BY 1",
        "SELECT plugin_id || '|' || role FROM plugin_roles ORDER BY 1",
        "SELECT plugin_id || '|' || key || '|' || value FROM plugin_settings ORDER BY 1",
        "SELECT CAST(generation AS TEXT) FROM plugin_registry_generation",
    ] {
        for row in sqlx::query(sql)
            .fetch_all(&state.db.pool)
            .await
            .expect("dump registry")
        {
            out.push(row.try_get::<String, _>(0).expect("text"));
        }
    }
    out
}

async fn audit_actions(state: &AppState, subject: &str) -> Vec<String> {
    eoffice::db::audit::for_subject(&state.db, subject, 100)
        .await
        .expect("audit")
        .into_iter()
        .map(|r| r.action)
        .collect()
}

#[tokio::test]
async fn hostile_modules_are_contained_while_others_keep_working() {
    for engine in eoffice::testkit::engines() {
        let t = TestDb::new(engine).await;
        let (state, _clock) = t.state();
        let good = install(&state, "versioned-v1", false).await;
        let looping = install(&state, "hostile-loop", false).await;
        let memory = install(&state, "hostile-memory", false).await;
        let response = install(&state, "hostile-response", false).await;
        let capability = install(&state, "hostile-capability", false).await;
        let storage = install(&state, "hostile-storage", true).await;
        let trap = install(&state, "hostile-trap", false).await;
        assert!(capability.grants.is_empty(), "install grants nothing");

        // Endless loop: stopped at its deadline (100 ms) — within 150 ms of it.
        let start = Instant::now();
        let r = dashboard(&state, &looping).await;
        let elapsed = start.elapsed();
        eprintln!("{engine:?}: runaway module stopped after {elapsed:?} (deadline 100 ms)");
        assert_eq!(r.unwrap_err(), CallError::Timeout);
        assert!(
            elapsed >= Duration::from_millis(90) && elapsed < Duration::from_millis(250),
            "runaway cut off after {elapsed:?}"
        );

        // Memory bomb: the allocation fails at the 64 MiB limit — a trap for this call
        // only (on a loaded machine filling 64 MiB may hit the deadline first).
        let r = dashboard(&state, &memory).await;
        assert!(
            matches!(r, Err(CallError::Trap(_) | CallError::Timeout)),
            "{r:?}"
        );

        // 20 MB of cards: refused.
        let r = dashboard(&state, &response).await;
        assert_eq!(r.unwrap_err(), CallError::ResponseTooLarge);
        let r = state
            .plugins
            .handle(&state, &response, ctx(&response.id), request("/"))
            .await;
        assert!(
            matches!(r, Err(CallError::ResponseTooLarge | CallError::Trap(_))),
            "{r:?}"
        );

        // Ungranted capability: `denied` returned to the guest (it renders it), audited.
        let cards = dashboard(&state, &capability)
            .await
            .expect("capability card");
        let text = text_of(&cards);
        assert!(text.contains("hasil: denied"), "{text}");
        assert!(
            audit_actions(&state, "hostile-capability")
                .await
                .contains(&"plugin.capability_denied".to_string())
        );
        let unread = eoffice::db::notifications::unread_count(&state.db, "199001012015011001")
            .await
            .expect("unread count");
        assert_eq!(unread, 0, "nothing was sent");

        // Another module's documents: same collection and key names, still invisible.
        eoffice::db::docstore::put(
            &state.db,
            "berita",
            "posts",
            "rahasia",
            "{\"isi\":\"rahasia berita\"}",
            eoffice::db::docstore::Expect::Any,
            &[],
            state.now(),
        )
        .await
        .expect("victim document");
        let text = text_of(&dashboard(&state, &storage).await.expect("storage card"));
        assert!(text.contains("tulis sendiri: ok"), "{text}");
        assert!(text.contains("rahasia: tidak ditemukan"), "{text}");
        assert!(text.contains("kunci terlihat: [milik-sendiri]"), "{text}");
        assert!(
            text.contains("koleksi tak dideklarasikan: Error::Invalid"),
            "{text}"
        );
        assert!(!text.contains("rahasia berita"), "{text}");

        // Trap mid-request: that request fails, the module's dashboard still works.
        let r = state
            .plugins
            .handle(&state, &trap, ctx(&trap.id), request("/x"))
            .await;
        assert!(matches!(r, Err(CallError::Trap(_))), "{r:?}");
        assert!(dashboard(&state, &trap).await.is_ok());

        // Everything else keeps working, all at once.
        let all = state.plugins.modules_for(&["pegawai".to_string()]);
        assert_eq!(all.len(), 7, "{all:?}");
        let results = futures_join_all(all.iter().map(|m| dashboard(&state, m))).await;
        let ok: Vec<&str> = all
            .iter()
            .zip(&results)
            .filter(|(_, r)| r.is_ok())
            .map(|(m, _)| m.id.as_str())
            .collect();
        assert_eq!(
            ok,
            [
                "hostile-capability",
                "hostile-storage",
                "hostile-trap",
                "versioned"
            ],
            "{results:?}"
        );
        assert!(text_of(&dashboard(&state, &good).await.unwrap()).contains("versi-1.0.0"));
    }
}

/// Runs futures concurrently on the current task.
async fn futures_join_all<F: std::future::Future>(
    futures: impl Iterator<Item = F>,
) -> Vec<F::Output> {
    let handles: Vec<_> = futures.map(Box::pin).collect();
    let mut out = Vec::new();
    // Poll them together: a simple join without an extra dependency.
    let mut pending: Vec<_> = handles.into_iter().map(Some).collect();
    let mut results: Vec<Option<F::Output>> = (0..pending.len()).map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut all_done = true;
        for (i, slot) in pending.iter_mut().enumerate() {
            if let Some(f) = slot {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => {
                        results[i] = Some(v);
                        *slot = None;
                    }
                    std::task::Poll::Pending => all_done = false,
                }
            }
        }
        if all_done {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await;
    out.extend(results.into_iter().map(|r| r.expect("finished")));
    out
}

#[tokio::test]
async fn runaway_deadline_follows_the_module_setting() {
    let t = TestDb::new(eoffice::db::Engine::Sqlite).await;
    let (state, _clock) = t.state();
    install(&state, "hostile-loop", false).await;
    admin::set_limits(&state, "hostile-loop", 300, 64, &ACTOR)
        .await
        .expect("limits");
    let m = state.plugins.module("hostile-loop").unwrap();
    assert_eq!(m.deadline, Duration::from_millis(300));
    let start = Instant::now();
    assert_eq!(dashboard(&state, &m).await.unwrap_err(), CallError::Timeout);
    let elapsed = start.elapsed();
    eprintln!("runaway module with a 300 ms deadline stopped after {elapsed:?}");
    assert!(
        elapsed >= Duration::from_millis(290) && elapsed < Duration::from_millis(450),
        "{elapsed:?}"
    );
}

#[tokio::test]
async fn repeated_failures_quarantine_until_released() {
    for engine in eoffice::testkit::engines() {
        let t = TestDb::new(engine).await;
        let (state, _clock) = t.state();
        let trap = install(&state, "hostile-trap", false).await;
        for i in 1..=5 {
            let r = state
                .plugins
                .handle(&state, &trap, ctx(&trap.id), request("/"))
                .await;
            assert!(matches!(r, Err(CallError::Trap(_))), "call {i}: {r:?}");
        }
        let m = state.plugins.module("hostile-trap").unwrap();
        assert!(!m.is_active(), "quarantined after 5 failures");
        assert!(
            m.quarantine.as_deref().unwrap().contains("5 kegagalan"),
            "{:?}",
            m.quarantine
        );
        assert!(state.plugins.modules_for(&["pegawai".into()]).is_empty());
        assert_eq!(
            state
                .plugins
                .dashboard(&state, &m, ctx(&m.id))
                .await
                .unwrap_err(),
            CallError::Quarantined
        );
        assert!(
            audit_actions(&state, "hostile-trap")
                .await
                .contains(&"plugin.quarantine".to_string())
        );

        admin::release_quarantine(&state, "hostile-trap", &ACTOR)
            .await
            .expect("release");
        let m = state.plugins.module("hostile-trap").unwrap();
        assert!(m.is_active());
        assert!(dashboard(&state, &m).await.is_ok());
        // A success resets the count: four more failures do not quarantine again.
        for _ in 0..4 {
            let _ = state
                .plugins
                .handle(&state, &m, ctx(&m.id), request("/"))
                .await;
        }
        assert!(dashboard(&state, &m).await.is_ok());
        for _ in 0..4 {
            let _ = state
                .plugins
                .handle(&state, &m, ctx(&m.id), request("/"))
                .await;
        }
        assert!(state.plugins.module("hostile-trap").unwrap().is_active());
    }
}

#[tokio::test]
async fn install_refusals_give_a_reason_and_change_nothing() {
    for engine in eoffice::testkit::engines() {
        let t = TestDb::new(engine).await;
        let (state, _clock) = t.state();
        install(&state, "versioned-v1", false).await;
        admin::upgrade(&state, &wasm_bytes("versioned-v2"), false, &ACTOR)
            .await
            .expect("upgrade to 2.0.0");
        let before = registry_dump(&state).await;

        let random: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let core_module = b"\0asm\x01\0\0\0".to_vec();
        let empty_component = b"\0asm\x0d\0\x01\0".to_vec();
        let cases: Vec<(&str, Vec<u8>, bool, &str)> = vec![
            ("random bytes", random, false, "bukan berkas WebAssembly"),
            ("core module", core_module, false, "bukan komponen"),
            ("wrong world", empty_component, false, "dunia salah"),
            (
                "id clash",
                wasm_bytes("versioned-v1"),
                false,
                "sudah terpasang",
            ),
        ];
        for (what, bytes, force, reason) in cases {
            let err = admin::install(&state, &bytes, force, &ACTOR)
                .await
                .expect_err(what);
            assert!(matches!(err, AdminError::Refused(_)), "{what}: {err:?}");
            assert!(err.to_string().contains(reason), "{what}: {err}");
            assert_eq!(
                registry_dump(&state).await,
                before,
                "{what} changed the registry"
            );
        }
        let err = admin::upgrade(&state, &wasm_bytes("versioned-v1"), false, &ACTOR)
            .await
            .expect_err("downgrade");
        assert!(err.to_string().contains("tidak lebih baru"), "{err}");
        assert_eq!(
            registry_dump(&state).await,
            before,
            "downgrade changed the registry"
        );
        let err = admin::upgrade(&state, &wasm_bytes("hostile-trap"), false, &ACTOR)
            .await
            .expect_err("upgrade of a module that is not installed");
        assert!(err.to_string().contains("belum terpasang"), "{err}");
        let err = admin::grant(&state, "versioned", "records", &ACTOR)
            .await
            .expect_err("grant of an unrequested capability");
        assert!(err.to_string().contains("tidak meminta"), "{err}");
        assert_eq!(registry_dump(&state).await, before);
        assert_eq!(
            state
                .plugins
                .module("versioned")
                .unwrap()
                .version
                .to_string(),
            "2.0.0"
        );
    }
}

#[tokio::test]
async fn upgrade_then_rollback() {
    for engine in eoffice::testkit::engines() {
        let t = TestDb::new(engine).await;
        let (state, _clock) = t.state();
        install(&state, "versioned-v1", false).await;
        let report = admin::upgrade(&state, &wasm_bytes("versioned-v2"), false, &ACTOR)
            .await
            .expect("upgrade");
        assert_eq!(report.previous_version.as_deref(), Some("1.0.0"));
        let m = state.plugins.module("versioned").unwrap();
        assert_eq!(m.version.to_string(), "2.0.0");
        assert!(text_of(&dashboard(&state, &m).await.unwrap()).contains("versi-2.0.0"));

        assert_eq!(
            admin::rollback(&state, "versioned", &ACTOR).await.unwrap(),
            "1.0.0"
        );
        let m = state.plugins.module("versioned").unwrap();
        assert_eq!(m.version.to_string(), "1.0.0");
        assert_eq!(m.previous_version.as_deref(), Some("2.0.0"));
        assert!(text_of(&dashboard(&state, &m).await.unwrap()).contains("versi-1.0.0"));
        let actions = audit_actions(&state, "versioned").await;
        for a in ["plugin.install", "plugin.upgrade", "plugin.rollback"] {
            assert!(actions.contains(&a.to_string()), "{a} in {actions:?}");
        }
    }
}

#[tokio::test]
async fn a_module_built_against_the_frozen_1_0_contract_runs_on_the_1_1_host() {
    for engine in eoffice::testkit::engines() {
        let t = TestDb::new(engine).await;
        let (state, _clock) = t.state();
        let m = install(&state, "compat-v1-0", false).await;
        assert_eq!(m.api_version.to_string(), "1.0.0");
        let text = text_of(&dashboard(&state, &m).await.expect("1.0 module runs"));
        assert!(
            text.contains("kontrak-1.0.0 berjalan; offset 420 menit"),
            "{text}"
        );
        let r = state
            .plugins
            .handle(&state, &m, ctx(&m.id), request("/"))
            .await
            .expect("handle");
        assert_eq!(r.status, 200);
    }
}
