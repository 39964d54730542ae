//! Tests of the test host: a small module exercising every capability through the SDK.

use serde::{Deserialize, Serialize};

use super::{TestHost, employee};
use crate::prelude::*;
use crate::{directory, events, http, notifications, settings};

struct Uji;

#[derive(Serialize, Deserialize)]
struct Masuk {
    nip: String,
}

const MASUK: Collection<Masuk> = Collection::new("masuk");

impl Plugin for Uji {
    fn describe() -> Manifest {
        manifest!("uji", "Uji")
            .capabilities([
                "storage",
                "directory",
                "notifications",
                "events",
                "settings",
                "http:api.contoh.go.id",
            ])
            .collection("masuk", &[("nip", "nip")])
            .subscribe("kernel.tes")
            .setting(SettingSpec::time("jam", "Jam masuk", "07:30"))
            .setting(SettingSpec::boolean("aktif", "Aktif", true))
    }

    fn handle(ctx: &Context, req: &Request) -> Result<Response> {
        match req.segments().as_slice() {
            ["atasan"] => {
                let nip = ctx.require_user()?.nip.clone();
                let atasan = directory::supervisor(&nip)?.ok_or(Error::NotFound)?;
                notifications::send(
                    &notifications::Notification::new(&atasan.nip, "Halo", "Isi")
                        .link(ctx.path("x")),
                )?;
                Ok(Response::json(&atasan.name))
            }
            ["cari"] => {
                let q = req.query_param("q").unwrap_or("");
                let names: Vec<String> = directory::search(q, 10)?
                    .into_iter()
                    .map(|e| e.name)
                    .collect();
                Ok(Response::json(&names))
            }
            ["jam"] => Ok(Response::json(&(
                settings::get_time("jam")?,
                settings::get_bool("aktif")?,
            ))),
            ["terbit"] => Ok(Response::json(&events::publish(
                "uji.terbit",
                &serde_json::json!({"a": 1}),
            )?)),
            ["kurs"] => Ok(Response::json(
                &http::get("https://api.contoh.go.id/kurs")?.text(),
            )),
            ["luar"] => Ok(Response::json(&http::get("https://lain.go.id/")?.status)),
            _ => Ok(Response::not_found()),
        }
    }

    fn on_event(_ctx: &Context, event: &Event) -> Result<()> {
        let m: Masuk = event.payload()?;
        // Idempotent: one document per event id.
        match MASUK.insert(&event.id.to_string(), &m) {
            Ok(_) | Err(Error::Conflict(_)) => Ok(()),
            Err(e) => Err(e),
        }
    }
}

const BUDI: &str = "198701012010011001";
const SARI: &str = "197001011995031001";

fn host() -> TestHost {
    let mut h = TestHost::new::<Uji>();
    h.add_employee(employee(BUDI, "Budi Santoso", "B01", "Biro Umum"))
        .add_employee(employee(SARI, "Sari Dewi", "B01", "Biro Umum"))
        .set_supervisor(BUDI, SARI)
        .as_user(BUDI, &[]);
    h
}

#[test]
fn directory_and_notifications() {
    let mut h = host();
    assert_eq!(
        h.get_json("/atasan").json_body::<String>().as_deref(),
        Some("Sari Dewi")
    );
    let sent = h.notifications();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].to, SARI);
    assert_eq!(sent[0].notification.link.as_deref(), Some("/m/uji/x"));
    assert_eq!(
        h.get_json("/cari?q=sa").json_body::<Vec<String>>(),
        Some(vec!["Budi Santoso".into(), "Sari Dewi".into()])
    );
    assert_eq!(
        h.get_json("/cari?q=dew").json_body::<Vec<String>>(),
        Some(vec!["Sari Dewi".into()])
    );
    h.as_user(SARI, &[]);
    assert_eq!(h.get("/atasan").status, 404);
}

#[test]
fn grants_are_enforced() {
    let mut h = host();
    h.revoke("directory");
    let r = h.get("/atasan");
    assert_eq!(r.status, 403);
    assert!(r.text().contains("kapabilitas directory tidak diberikan"));
    // Only the requested host is granted.
    h.http_response("https://api.contoh.go.id/", 200, "\"16000\"")
        .http_response("https://lain.go.id/", 200, "{}");
    assert_eq!(
        h.get_json("/kurs").json_body::<String>().as_deref(),
        Some("\"16000\"")
    );
    assert_eq!(h.get("/luar").status, 403);
    h.grant("http:lain.go.id");
    assert_eq!(h.get_json("/luar").json_body::<u16>(), Some(200));
    assert_eq!(h.http_requests().len(), 2);
}

#[test]
fn settings_events_and_idempotent_delivery() {
    let mut h = host();
    assert_eq!(
        h.get_json("/jam").json_body::<(u32, bool)>(),
        Some((450, true))
    );
    h.set_setting("jam", "08:00");
    assert_eq!(
        h.get_json("/jam").json_body::<(u32, bool)>(),
        Some((480, true))
    );

    assert_eq!(h.get_json("/terbit").json_body::<u64>(), Some(1));
    assert_eq!(h.events()[0].topic, "uji.terbit");
    assert_eq!(h.events()[0].payload["a"], 1);

    h.deliver_event("kernel.tes", &serde_json::json!({ "nip": BUDI }))
        .unwrap();
    let again = Event {
        id: 1,
        topic: "kernel.tes".into(),
        source: "kernel".into(),
        payload: format!("{{\"nip\":\"{BUDI}\"}}"),
        published_at: 0,
        attempt: 2,
    };
    h.deliver(&again).unwrap();
    assert_eq!(h.documents("masuk").len(), 1);
    assert!(matches!(
        h.deliver_event("kernel.tes", &serde_json::json!({ "x": 1 })),
        Err(Error::Invalid(_))
    ));
}

#[test]
fn storage_refuses_undeclared_collections_and_indexes() {
    let h = host();
    h.enter();
    let other: Collection<Masuk> = Collection::new("lain");
    assert!(matches!(other.get("a"), Err(Error::Invalid(m)) if m.contains("tidak dideklarasikan")));
    assert!(matches!(
        MASUK.by("tanggal").fetch(),
        Err(Error::Invalid(_))
    ));
    MASUK.insert("a", &Masuk { nip: BUDI.into() }).unwrap();
    let s = MASUK.get("a").unwrap().unwrap();
    assert_eq!(s.version, 1);
    MASUK.update(&s).unwrap();
    assert_eq!(MASUK.update(&s), Err(Error::Conflict(2)));
    assert_eq!(
        MASUK.by("nip").equals(BUDI).first().unwrap().map(|s| s.key),
        Some("a".into())
    );
}

#[test]
fn the_clock_is_settable() {
    let mut h = host();
    h.enter();
    assert_eq!(crate::clock::local_now().to_string(), "2026-01-05 08:00");
    h.set_local_time("2026-02-28", "23:59").advance_minutes(1);
    assert_eq!(crate::clock::local_now().to_string(), "2026-03-01 00:00");
    assert_eq!(
        crate::clock::today().weekday(),
        crate::clock::Weekday::Sunday
    );
}

#[test]
#[should_panic(expected = "would be refused")]
fn bad_manifests_are_caught() {
    struct Buruk;
    impl Plugin for Buruk {
        fn describe() -> Manifest {
            manifest!("Buruk!", "Buruk")
        }
    }
    TestHost::new::<Buruk>();
}
