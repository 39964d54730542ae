//! The portal shell over HTTP, on both engines: the dashboard's kernel part, my profile,
//! a colleague's public profile, name search, and peer recommendations.

use eoffice::db::employees::Employee;
use eoffice::db::history;
use eoffice::testkit::{employee, engines, insert_org};

use crate::support::{Client, TestPortal};

const ME: &str = "199001012015012001";
const BOSS: &str = "197505152000031002";
const ANPEG: &str = "198803032012122003";
const COLLEAGUE: &str = "199202022019021001";
const SNEAKY: &str = "199303032020121001";

fn org_people() -> Vec<Employee> {
    let boss = Employee {
        gelar_depan: "dr.".into(),
        gelar_belakang: "M.Kes.".into(),
        golongan: "IV/b".into(),
        jabatan: "Direktur Pelayanan Kesehatan Rujukan".into(),
        jenis_jabatan: "struktural".into(),
        jenjang: "jpt-pratama".into(),
        ..employee(BOSS, "Hendra Gunawan", "DIT")
    };
    let me = Employee {
        jenis_kelamin: "P".into(),
        gelar_belakang: "S.Kom.".into(),
        agama: "Kristen".into(),
        telepon: "081234567890".into(),
        tempat_lahir: "Medan".into(),
        atasan_nip: Some(BOSS.into()),
        ..employee(ME, "Rina Kartikasari", "SUB")
    };
    let anpeg = Employee {
        jenis_kelamin: "P".into(),
        jabatan: "Analis Kepegawaian Ahli Muda".into(),
        jenjang: "ahli-muda".into(),
        atasan_nip: Some(BOSS.into()),
        ..employee(ANPEG, "Dewi Lestari", "DIT")
    };
    let colleague = Employee {
        agama: "Hindu".into(),
        telepon: "089876543210".into(),
        tanggal_lahir: "1992-02-02".into(),
        atasan_nip: Some(BOSS.into()),
        ..employee(COLLEAGUE, "I Made Suardana", "SUB")
    };
    let sneaky = Employee {
        atasan_nip: Some(BOSS.into()),
        ..employee(SNEAKY, "Budi <script>alert(1)</script>", "SUB")
    };
    vec![boss, me, anpeg, colleague, sneaky]
}

async fn setup(portal: &TestPortal) {
    let db = &portal.state.db;
    insert_org(
        db,
        &[
            ("KEMENKES", "Kementerian Kesehatan", None),
            (
                "DIT",
                "Direktorat Pelayanan Kesehatan Rujukan",
                Some("KEMENKES"),
            ),
            ("SUB", "Tim Kerja Rumah Sakit Vertikal", Some("DIT")),
        ],
        &org_people(),
    )
    .await;
    let mut conn = db.pool.acquire().await.unwrap();
    eoffice::db::employees::assign_anpeg(&mut conn, ANPEG, "DIT")
        .await
        .unwrap();
    let family = history::Keluarga {
        id: 0,
        hubungan: "suami".into(),
        nama: "Andreas Simanjuntak".into(),
        tanggal_lahir: Some("1988-07-12".into()),
        pekerjaan: "Wiraswasta".into(),
    };
    history::insert(&mut conn, ME, &family).await.unwrap();
    history::insert(
        &mut conn,
        COLLEAGUE,
        &history::Keluarga {
            nama: "Ni Luh Sari".into(),
            hubungan: "istri".into(),
            ..family.clone()
        },
    )
    .await
    .unwrap();
    let award = history::Penghargaan {
        id: 0,
        nama: "Satyalancana Karya Satya X Tahun".into(),
        pemberi: "Presiden RI".into(),
        tahun: 2025,
    };
    history::insert(&mut conn, COLLEAGUE, &award).await.unwrap();
}

async fn recommendations(portal: &TestPortal) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM rekomendasi")
        .fetch_one(&portal.state.db.pool)
        .await
        .unwrap()
}

async fn signed_in(portal: &TestPortal) -> Client {
    setup(portal).await;
    portal.register_and_login(ME).await.0
}

#[tokio::test]
async fn dashboard_shows_greeting_rank_position_atasan_and_anpeg() {
    for engine in engines() {
        let portal = TestPortal::start(engine).await;
        let anonymous = portal.client().get("/").await;
        assert_eq!(anonymous.status, 303, "{engine:?}");
        assert_eq!(anonymous.location().as_deref(), Some("/masuk"));

        let me = signed_in(&portal).await;
        let page = me.get("/").await;
        assert_eq!(page.status, 200, "{engine:?}: {}", page.body);
        for expected in [
            "Selamat pagi, Rina Kartikasari, S.Kom.",
            ME,
            "Penata Muda (III/a)",
            "Pranata Komputer Ahli Pertama",
            "Tim Kerja Rumah Sakit Vertikal › Direktorat Pelayanan Kesehatan Rujukan › Kementerian Kesehatan",
            "dr. Hendra Gunawan, M.Kes.",
            &format!("/profil/{BOSS}"),
            "Dewi Lestari",
            &format!("/profil/{ANPEG}"),
        ] {
            assert!(
                page.contains(expected),
                "{engine:?}: dashboard lacks {expected:?}"
            );
        }
        let boss_view = {
            let boss = portal.register_and_login(BOSS).await.0;
            boss.get("/").await
        };
        assert!(
            boss_view.contains("Tidak ada (pimpinan tertinggi)"),
            "{engine:?}"
        );
        assert!(
            boss_view.contains("atasan langsung bagi 4 pegawai"),
            "{engine:?}"
        );
    }
}

#[tokio::test]
async fn own_profile_is_complete_and_public_profile_hides_private_data() {
    for engine in engines() {
        let portal = TestPortal::start(engine).await;
        let me = signed_in(&portal).await;

        let mine = me.get("/profil").await;
        assert_eq!(mine.status, 200);
        for expected in [
            "Medan, 1 Januari 1990",
            "Kristen",
            "081234567890",
            "Andreas Simanjuntak",
            "Riwayat Jabatan",
            "Angka Kredit",
        ] {
            assert!(
                mine.contains(expected),
                "{engine:?}: my profile lacks {expected:?}"
            );
        }

        let theirs = me.get(&format!("/profil/{COLLEAGUE}")).await;
        assert_eq!(theirs.status, 200);
        assert!(theirs.contains("I Made Suardana"));
        assert!(theirs.contains("Satyalancana Karya Satya X Tahun"));
        for private in [
            "2 Februari 1992",
            "1992-02-02",
            "Hindu",
            "089876543210",
            "Ni Luh Sari",
            "Keluarga",
            "Agama",
            "Angka Kredit",
        ] {
            assert!(
                !theirs.contains(private),
                "{engine:?}: public profile shows {private:?}"
            );
        }
        assert_eq!(me.get("/profil/199901012020011999").await.status, 404);
        let own_public = me.get(&format!("/profil/{ME}")).await;
        assert_eq!(own_public.location().as_deref(), Some("/profil"));
    }
}

#[tokio::test]
async fn search_is_case_and_accent_insensitive_and_escapes_names() {
    for engine in engines() {
        let portal = TestPortal::start(engine).await;
        let me = signed_in(&portal).await;

        let page = me.get("/cari?q=HEN+gun").await;
        assert_eq!(page.status, 200);
        assert!(page.contains("dr. Hendra Gunawan, M.Kes."), "{engine:?}");
        assert!(page.contains(&format!("/profil/{BOSS}")));

        let page = me.get("/cari?q=m%C3%A1de").await; // "máde"
        assert!(
            page.contains("I Made Suardana"),
            "{engine:?}: accents must not matter"
        );

        let page = me.get("/cari?q=budi").await;
        assert!(
            page.contains("Budi &#60;script&#62;alert(1)&#60;/script&#62;"),
            "{engine:?}: names are escaped: {}",
            page.body
        );
        assert!(!page.contains("<script>alert(1)</script>"));

        let page = me.get("/cari?q=zzzz").await;
        assert!(
            page.contains("Tidak ada pegawai"),
            "{engine:?}: empty state"
        );

        assert_eq!(
            me.get(&format!("/cari?q={}", "a".repeat(101))).await.status,
            422
        );
        assert_eq!(me.get("/cari?q=budi&hal=abc").await.status, 422);
        assert_eq!(me.get("/cari?q=budi&hal=0").await.status, 422);
        assert_eq!(
            portal.client().get("/cari?q=budi").await.status,
            303,
            "search needs a session"
        );
    }
}

#[tokio::test]
async fn recommendations_follow_the_rules_and_bad_input_changes_nothing() {
    for engine in engines() {
        let portal = TestPortal::start(engine).await;
        let me = signed_in(&portal).await;
        let profile = format!("/profil/{COLLEAGUE}");
        let action = format!("/profil/{COLLEAGUE}/rekomendasi");
        let note = "Sangat membantu saat migrasi data kepegawaian.";

        let sent = me
            .submit(
                &profile,
                &action,
                &[("kompetensi", "kerja-sama"), ("catatan", note)],
            )
            .await;
        assert_eq!(sent.status, 303, "{engine:?}: {}", sent.body);
        let shown = me.get(&sent.location().unwrap()).await;
        assert!(shown.contains("Rekomendasi Anda telah terkirim"));
        assert!(shown.contains(note));
        assert!(shown.contains("Kerja Sama"));
        assert_eq!(recommendations(&portal).await, 1);

        for (fields, message) in [
            (
                vec![("kompetensi", "kerja-sama"), ("catatan", note)],
                "sudah memberi rekomendasi",
            ),
            (
                vec![("kompetensi", "integritas"), ("catatan", "pendek")],
                "Catatan harus",
            ),
            (
                vec![("kompetensi", "bukan-kompetensi"), ("catatan", note)],
                "Pilih kompetensi",
            ),
        ] {
            let page = me.submit(&profile, &action, &fields).await;
            assert_eq!(page.status, 422, "{engine:?}: {fields:?}");
            assert!(page.contains(message), "{engine:?}: expected {message:?}");
        }
        let myself = me
            .post_form(
                &format!("/profil/{ME}/rekomendasi"),
                &[("kompetensi", "integritas"), ("catatan", note)],
            )
            .await;
        assert_eq!(myself.status, 422);
        assert!(myself.contains("diri sendiri"));
        let nobody = me
            .post_form(
                "/profil/199901012020011999/rekomendasi",
                &[("kompetensi", "integritas"), ("catatan", note)],
            )
            .await;
        assert_eq!(nobody.status, 404);
        let forged = me
            .post_form_raw(&action, &[("kompetensi", "integritas"), ("catatan", note)])
            .await;
        assert_eq!(forged.status, 403, "no CSRF token");
        let anonymous = portal
            .client()
            .post_form(&action, &[("kompetensi", "integritas"), ("catatan", note)])
            .await;
        assert_eq!(anonymous.status, 303, "needs a session");
        assert_eq!(
            recommendations(&portal).await,
            1,
            "{engine:?}: refused input must change nothing"
        );
    }
}

/// The journey for someone from HR's master data (not the demo data): imported
/// from a CSV, registers with an activation code, signs in, sees their record, signs out.
#[tokio::test]
async fn an_employee_imported_from_csv_registers_logs_in_and_out() {
    const NIP: &str = "198512242010122004";
    let csv = format!(
        "nip,nama,gelar_depan,gelar_belakang,jenis_kelamin,tempat_lahir,tanggal_lahir,agama,status_kepegawaian,email,telepon,unit_kode,unit_nama,unit_induk_kode,golongan,jabatan,jenis_jabatan,jenjang,atasan_nip\n\
         197001011995031001,Bambang Hartono,,S.H.,L,Yogyakarta,1970-01-01,Islam,PNS,bambang@kemkes.go.id,,RSUP-X,RSUP Dr. Sardjito,,IV/c,Direktur Utama,struktural,jpt-pratama,\n\
         {NIP},Maria Ulfa,Ns.,S.Kep.,P,Makassar,1985-12-24,Katolik,PNS,maria@kemkes.go.id,0811223344,RSUP-X-KEP,Instalasi Rawat Inap,RSUP-X,III/c,Perawat Ahli Muda,fungsional,ahli-muda,197001011995031001\n"
    );
    for engine in engines() {
        let portal = TestPortal::start(engine).await;
        let options = eoffice::import::ImportOptions {
            now: portal.now(),
            actor_nip: None,
            progress: eoffice::import::Progress::Hidden,
        };
        let report = eoffice::import::import_bytes(
            &portal.state.db,
            "pegawai.csv",
            csv.as_bytes(),
            &options,
        )
        .await
        .expect("import");
        assert_eq!((report.rows, report.inserted), (2, 2), "{engine:?}");

        let (client, secret) = portal.register_and_login(NIP).await;
        let dashboard = client.get("/").await;
        assert_eq!(dashboard.status, 200);
        assert!(dashboard.contains("Ns. Maria Ulfa, S.Kep."), "{engine:?}");
        assert!(dashboard.contains("Penata (III/c)"));
        assert!(dashboard.contains("Bambang Hartono, S.H."));
        assert!(dashboard.contains("Instalasi Rawat Inap › RSUP Dr. Sardjito"));

        let out = client.post_form("/keluar", &[]).await;
        assert_eq!(out.status, 303, "{engine:?}: {}", out.body);
        assert_eq!(
            client.get("/").await.status,
            303,
            "signed out: the dashboard sends to /masuk"
        );

        portal.advance(30);
        let again = portal
            .login_client(NIP, crate::support::PASSWORD, &secret)
            .await;
        assert_eq!(again.get("/profil").await.status, 200);
    }
}

#[tokio::test]
async fn oversize_bodies_get_a_clear_error_with_security_headers() {
    let portal = TestPortal::start(eoffice::db::Engine::Sqlite).await;
    let me = signed_in(&portal).await;
    let huge = "x".repeat(200 * 1024);
    let action = format!("/profil/{COLLEAGUE}/rekomendasi");
    let page = me
        .post_form(&action, &[("kompetensi", "integritas"), ("catatan", &huge)])
        .await;
    assert_eq!(page.status, 413);
    assert!(page.contains("isian terlalu besar"), "{}", page.body);
    assert!(
        page.header("content-security-policy")
            .is_some_and(|v| v.contains("frame-ancestors 'none'"))
    );
    let api = me
        .post_json("/api/v1/auth/login", &serde_json::json!({ "nip": huge }))
        .await;
    assert_eq!(api.status, 413);
    assert_eq!(api.json()["error"], "payload_too_large");
    assert_eq!(recommendations(&portal).await, 0);
}
