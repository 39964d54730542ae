//! Deterministic demo data: `eoffice demo [--employees 2500] [--seed 2026]` (also run by
//! `eoffice serve --demo`) and `eoffice demo-csv FILE` (the same people as an import CSV).
//!
//! The generator ([`people::Generator`]) builds a Ministry-of-Health-like organisation
//! ([`org`]) and its people: unit heads (structural positions) as supervisors, Anpeg
//! assigned to units, PNS and some PPPK with golongan consistent with education and age,
//! positions with type and level, TMT dates, and every history section ([`history`]),
//! including credit points for functional positions. Same seed and calendar year → same
//! data; person `i` does not depend on the total asked for.
//!
//! [`seed`] is idempotent: when the demo organisation already holds the requested number
//! of employees it changes nothing (it only makes sure the demo accounts exist);
//! otherwise it upserts units and employees and adds history only for employees that are
//! new, all in one transaction. Then it creates the demo sign-in accounts
//! ([`DEMO_PASSWORD`], a TOTP secret each) and grants their roles.

pub mod history;
pub mod jabatan;
pub mod names;
pub mod org;
pub mod people;

use std::path::Path;
use std::time::Instant;

use anyhow::Context;

use crate::config::Config;
use crate::db::audit::{self, AuditEntry};
use crate::db::employees;
use crate::db::units::{self, Unit};
use crate::state::AppState;

/// The password of every demo account (documented; contains no NIP or name).
pub const DEMO_PASSWORD: &str = "Demo-Portal-2026!";

/// People generated and written per step.
const CHUNK: usize = 2000;

/// Options of the generator.
#[derive(Debug, Clone)]
pub struct DemoOptions {
    /// Number of employees.
    pub employees: usize,
    /// Random seed.
    pub seed: u64,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            employees: 2500,
            seed: 2026,
        }
    }
}

/// A demo sign-in account.
#[derive(Debug, Clone)]
pub struct DemoAccount {
    /// Short key: `pegawai`, `atasan`, `anpeg`, `admin`, `berita`, `helpdesk`.
    pub key: &'static str,
    /// NIP (the user name).
    pub nip: String,
    /// Name with titles.
    pub nama: String,
    /// Position.
    pub jabatan: String,
    /// What to try with it (Indonesian).
    pub peran: &'static str,
    /// Granted role, if any.
    pub role: Option<&'static str>,
    /// TOTP secret, base32.
    pub secret: String,
}

/// What the seed did.
#[derive(Debug, Clone, Default)]
pub struct DemoReport {
    /// The data was already there; nothing was written except missing accounts.
    pub already_seeded: bool,
    /// Employees in the demo organisation now.
    pub employees: i64,
    /// Employees created by this run.
    pub created: usize,
    /// Units in the demo organisation.
    pub units: usize,
    /// History rows written by this run.
    pub history_rows: u64,
    /// Anpeg ↔ unit assignments written by this run.
    pub anpeg_assignments: u64,
    /// The demo accounts.
    pub accounts: Vec<DemoAccount>,
    /// Wall time, seconds.
    pub seconds: f64,
}

/// Percent-encodes a string for an otpauth URI.
fn uri_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `otpauth://` URI for an authenticator app.
pub fn otpauth_uri(issuer: &str, nip: &str, secret: &str) -> String {
    format!(
        "otpauth://totp/{}:{}?secret={secret}&issuer={}&algorithm=SHA1&digits=6&period=30",
        uri_encode(issuer),
        nip,
        uri_encode(issuer)
    )
}

fn thousands(n: i64) -> String {
    let s = n.abs().to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    if n < 0 { format!("-{out}") } else { out }
}

impl DemoReport {
    /// The text [`DemoReport::print`] writes.
    pub fn render(&self, config: &Config) -> String {
        let mut s = String::new();
        let seconds = format!("{:.1}", self.seconds).replace('.', ",");
        if self.already_seeded {
            s.push_str(&format!(
                "Data demo sudah ada: {} pegawai dalam {} unit; tidak ada yang diubah ({} detik).\n",
                thousands(self.employees),
                self.units,
                seconds
            ));
        } else {
            s.push_str(&format!(
                "Data demo siap: {} pegawai ({} baru) dalam {} unit, {} baris riwayat, {} penugasan Anpeg ({} detik).\n",
                thousands(self.employees),
                thousands(self.created as i64),
                self.units,
                thousands(self.history_rows as i64),
                self.anpeg_assignments,
                seconds
            ));
        }
        s.push_str(&format!("Buka portal: http://{}\n", config.bind));
        s.push_str(&format!(
            "Kata sandi semua akun demo: {DEMO_PASSWORD}\n\nAkun demo (masuk dengan NIP + kata sandi + kode OTP):\n"
        ));
        for a in &self.accounts {
            s.push_str(&format!("  {}  {}\n", a.nip, a.nama));
            s.push_str(&format!("      {} — {}\n", a.jabatan, a.peran));
            s.push_str(&format!(
                "      peran: {}\n",
                a.role
                    .map_or_else(|| "pegawai".to_string(), |r| format!("pegawai, {r}"))
            ));
            s.push_str(&format!("      rahasia OTP: {}\n", a.secret));
            s.push_str(&format!(
                "      {}\n",
                otpauth_uri(&config.otp_issuer, &a.nip, &a.secret)
            ));
        }
        s.push_str(
            "\nKode OTP (6 digit, berganti setiap 30 detik), pilih salah satu:\n\
             \x20 - tambahkan rahasia OTP atau URI otpauth di atas ke aplikasi autentikator apa pun\n\
             \x20   (Google Authenticator, Microsoft Authenticator, FreeOTP, Aegis, …);\n\
             \x20 - jalankan `eoffice demo-otp NIP` (hanya untuk akun demo);\n\
             \x20 - atau `oathtool --totp -b RAHASIA`.\n",
        );
        s
    }

    /// Prints where to open the portal, each demo account (NIP, name, role, password) and
    /// how to get its one-time codes, to stdout.
    pub fn print(&self, config: &Config) {
        print!("{}", self.render(config));
    }
}

fn unit_rows(gen_units: &[org::UnitSpec]) -> Vec<Unit> {
    gen_units
        .iter()
        .map(|u| Unit {
            kode: u.kode.clone(),
            nama: u.nama.clone(),
            induk_kode: u.induk.clone(),
            jenis: u.jenis.to_string(),
        })
        .collect()
}

fn check_size(options: &DemoOptions, generator: &people::Generator) -> anyhow::Result<()> {
    anyhow::ensure!(
        options.employees >= generator.fixed_count(),
        "jumlah pegawai demo minimal {} (pimpinan setiap unit, Anpeg, dan akun demo); diminta {}",
        generator.fixed_count(),
        options.employees
    );
    Ok(())
}

/// Seeds demo data and demo accounts (see the module documentation).
pub async fn seed(state: &AppState, options: &DemoOptions) -> anyhow::Result<DemoReport> {
    let started = Instant::now();
    let now = state.now();
    let year = crate::clock::date_wib(now).year();
    let mut generator = people::Generator::new(options.seed, year);
    check_size(options, &generator)?;
    let db = &state.db;
    let fixed = generator.fixed_count();
    let mut report = DemoReport {
        units: generator.units.len(),
        ..DemoReport::default()
    };

    // The fixed people (heads, Anpeg, demo accounts) come first; they are cheap to make.
    let first: Vec<people::Person> = (0..fixed).map(|_| generator.next_person()).collect();
    let seeded_count = if units::get(db, org::ROOT).await?.is_some() {
        employees::count_in_unit_tree(db, org::ROOT).await?
    } else {
        0
    };
    let account_nips: Vec<String> = first
        .iter()
        .filter(|p| p.account.is_some())
        .map(|p| p.employee.nip.clone())
        .collect();
    let accounts_present = {
        let mut conn = db.pool.acquire().await?;
        employees::existing_nips(&mut conn, &account_nips)
            .await?
            .len()
            == account_nips.len()
    };

    if seeded_count >= options.employees as i64 && accounts_present {
        report.already_seeded = true;
        report.employees = seeded_count;
    } else {
        let mut tx = db.begin().await?;
        units::upsert_many(&mut tx, &unit_rows(&generator.units)).await?;
        let mut batch = history::Batch::default();
        let mut done = 0;
        let mut pending = first.clone();
        while done < options.employees {
            let mut chunk = std::mem::take(&mut pending);
            while chunk.len() < CHUNK.min(options.employees - done) {
                chunk.push(generator.next_person());
            }
            let nips: Vec<String> = chunk.iter().map(|p| p.employee.nip.clone()).collect();
            let existing = employees::existing_nips(&mut tx, &nips).await?;
            let rows: Vec<employees::Employee> = chunk.iter().map(|p| p.employee.clone()).collect();
            employees::upsert_batch(&mut tx, &rows, now).await?;
            for p in chunk.iter().filter(|p| !existing.contains(&p.employee.nip)) {
                history::append(options.seed, year, p, &mut batch);
                report.created += 1;
            }
            report.history_rows += batch.flush(&mut tx).await?;
            let pairs: Vec<(String, String)> = chunk
                .iter()
                .flat_map(|p| {
                    p.anpeg_units
                        .iter()
                        .map(|u| (p.employee.nip.clone(), u.clone()))
                })
                .collect();
            report.anpeg_assignments += employees::assign_anpeg_batch(&mut tx, &pairs).await?;
            done += chunk.len();
        }
        audit::record(
            &mut *tx,
            now,
            &AuditEntry {
                actor_nip: None,
                subject: org::ROOT,
                action: "demo.seed",
                outcome: "ok",
                detail: serde_json::json!({
                    "seed": options.seed,
                    "employees": options.employees,
                    "created": report.created,
                    "history_rows": report.history_rows,
                }),
                ip: "cli",
                request_id: "",
            },
        )
        .await?;
        tx.commit().await.context("cannot save the demo data")?;
        report.employees = employees::count_in_unit_tree(db, org::ROOT).await?;
    }

    // Accounts, after the data is committed (they are written on their own connection).
    let mut accounts: Vec<(usize, DemoAccount)> = Vec::new();
    for p in &first {
        let Some(role) = p.account else { continue };
        let secret = crate::auth::admin::ensure_demo_account(state, &p.employee.nip, DEMO_PASSWORD)
            .await
            .with_context(|| format!("cannot create the demo account {}", p.employee.nip))?;
        if let Some(r) = role.role {
            crate::auth::admin::grant_role(state, &p.employee.nip, r).await?;
        }
        let order = ["pegawai", "atasan", "anpeg", "admin", "berita", "helpdesk"]
            .iter()
            .position(|k| *k == role.key)
            .unwrap_or(99);
        accounts.push((
            order,
            DemoAccount {
                key: role.key,
                nip: p.employee.nip.clone(),
                nama: p.employee.full_name(),
                jabatan: p.employee.jabatan.clone(),
                peran: role.peran,
                role: role.role,
                secret,
            },
        ));
    }
    accounts.sort_by_key(|(o, _)| *o);
    report.accounts = accounts.into_iter().map(|(_, a)| a).collect();
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// Writes `options.employees` generated employees to `path` as an import CSV (the
/// required columns plus the optional TMT and unit-kind columns); `now` anchors the dates.
/// Returns the number of rows written.
pub fn write_csv(path: &Path, options: &DemoOptions, now: i64) -> anyhow::Result<usize> {
    let year = crate::clock::date_wib(now).year();
    let mut generator = people::Generator::new(options.seed, year);
    check_size(options, &generator)?;
    let file =
        std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    let mut w = csv::Writer::from_writer(std::io::BufWriter::new(file));
    let header: Vec<&str> = crate::import::COLUMNS
        .iter()
        .chain(crate::import::OPTIONAL_COLUMNS.iter())
        .copied()
        .collect();
    w.write_record(&header)?;
    for _ in 0..options.employees {
        let p = generator.next_person();
        let e = &p.employee;
        let u = generator
            .unit_index(&e.unit_kode)
            .map(|i| generator.unit(i).clone())
            .context("generated a person outside the organisation")?;
        w.write_record([
            e.nip.as_str(),
            &e.nama,
            &e.gelar_depan,
            &e.gelar_belakang,
            &e.jenis_kelamin,
            &e.tempat_lahir,
            &e.tanggal_lahir,
            &e.agama,
            &e.status_kepegawaian,
            &e.email,
            &e.telepon,
            &e.unit_kode,
            &u.nama,
            u.induk.as_deref().unwrap_or(""),
            &e.golongan,
            &e.jabatan,
            &e.jenis_jabatan,
            &e.jenjang,
            e.atasan_nip.as_deref().unwrap_or(""),
            e.tmt_cpns.as_deref().unwrap_or(""),
            e.tmt_golongan.as_deref().unwrap_or(""),
            e.tmt_jabatan.as_deref().unwrap_or(""),
            u.jenis,
        ])?;
    }
    w.flush()?;
    Ok(options.employees)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{TestDb, engines};

    /// Row counts of every table the seed writes.
    async fn snapshot(db: &crate::db::Db) -> Vec<(&'static str, i64)> {
        let mut out = Vec::new();
        for t in [
            "units",
            "employees",
            "employee_name_tokens",
            "anpeg_units",
            "riwayat_keluarga",
            "riwayat_golongan",
            "riwayat_jabatan",
            "riwayat_pendidikan",
            "riwayat_tim_kerja",
            "riwayat_penghargaan",
            "riwayat_pengembangan_kompetensi",
            "riwayat_penugasan",
            "angka_kredit",
            "users",
            "user_roles",
            "audit_log",
        ] {
            let n: i64 =
                sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {t}")))
                    .fetch_one(&db.pool)
                    .await
                    .unwrap();
            out.push((t, n));
        }
        out
    }

    #[tokio::test]
    async fn seeds_idempotently_on_every_engine() {
        let mut dumps = Vec::new();
        for engine in engines() {
            let t = TestDb::new(engine).await;
            let (state, _clock) = t.state();
            let options = DemoOptions {
                employees: 400,
                seed: 2026,
            };
            let report = seed(&state, &options)
                .await
                .unwrap_or_else(|e| panic!("{engine:?}: {e:#}"));
            assert!(!report.already_seeded);
            assert_eq!((report.employees, report.created), (400, 400), "{engine:?}");
            assert_eq!(report.accounts.len(), 6);
            assert!(report.history_rows > 400 * 8, "{}", report.history_rows);
            let snap = snapshot(&t.db).await;
            for (table, n) in &snap {
                assert!(*n > 0, "{engine:?}: {table} is empty");
            }

            // The ordinary employee: Atasan, Anpeg, credit points, every section.
            let pegawai = &report.accounts[0];
            assert_eq!(pegawai.key, "pegawai");
            let e = employees::get(&t.db, &pegawai.nip).await.unwrap().unwrap();
            let atasan = employees::get(&t.db, e.atasan_nip.as_deref().unwrap())
                .await
                .unwrap()
                .unwrap();
            assert_eq!(atasan.nip, report.accounts[1].nip);
            let (_, anpeg) = crate::db::profile::unit_path_and_anpeg(&t.db, &e.unit_kode)
                .await
                .unwrap();
            assert_eq!(
                anpeg.iter().map(|a| a.nip.as_str()).collect::<Vec<_>>(),
                [report.accounts[2].nip.as_str()]
            );
            let h = crate::db::history::load(&t.db, &pegawai.nip).await.unwrap();
            assert!(!h.keluarga.is_empty() && !h.golongan.is_empty() && !h.jabatan.is_empty());
            assert!(
                !h.pendidikan.is_empty() && !h.tim_kerja.is_empty() && !h.penghargaan.is_empty()
            );
            assert!(!h.pengembangan_kompetensi.is_empty() && !h.penugasan.is_empty());
            assert!(h.angka_kredit.len() >= 3, "{:?}", h.angka_kredit);
            assert_eq!(
                h.golongan[0].golongan, e.golongan,
                "rank history ends at the current golongan"
            );
            for ak in &h.angka_kredit {
                let milli = crate::domain::reference::parse_milli(&ak.nilai).unwrap();
                assert!(milli > 0 && milli <= 37_500, "{ak:?}");
            }
            // Every employee but one has an Atasan, and every Atasan exists.
            let orphans: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM employees WHERE atasan_nip IS NULL")
                    .fetch_one(&t.db.pool)
                    .await
                    .unwrap();
            assert_eq!(orphans, 1);
            let dangling: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM employees e WHERE atasan_nip IS NOT NULL \
                 AND NOT EXISTS (SELECT 1 FROM employees a WHERE a.nip = e.atasan_nip)",
            )
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
            assert_eq!(dangling, 0);
            // Accounts and roles.
            let roles = crate::auth::admin::roles_of(&state, &report.accounts[3].nip)
                .await
                .unwrap();
            assert!(roles.contains(&"admin".to_string()), "{roles:?}");
            let otp = crate::auth::admin::demo_otp(&state, &pegawai.nip)
                .await
                .unwrap();
            assert_eq!(otp.len(), 6);
            let text = report.render(&state.config);
            assert!(text.contains(&format!("Kata sandi semua akun demo: {DEMO_PASSWORD}")));
            assert!(text.contains("eoffice demo-otp NIP") && text.contains("oathtool --totp -b"));
            assert!(text.contains("otpauth://totp/e-Office%202.0:"));
            assert!(!DEMO_PASSWORD.contains(&pegawai.nip));

            // A second run changes nothing and returns the same accounts.
            let again = seed(&state, &options).await.unwrap();
            assert!(again.already_seeded);
            assert_eq!(
                snapshot(&t.db).await,
                snap,
                "{engine:?}: second run changed data"
            );
            assert_eq!(
                again
                    .accounts
                    .iter()
                    .map(|a| (&a.nip, &a.secret))
                    .collect::<Vec<_>>(),
                report
                    .accounts
                    .iter()
                    .map(|a| (&a.nip, &a.secret))
                    .collect::<Vec<_>>()
            );

            // Growing the demo adds people and their history, never duplicates.
            let grown = seed(
                &state,
                &DemoOptions {
                    employees: 450,
                    seed: 2026,
                },
            )
            .await
            .unwrap();
            assert_eq!((grown.employees, grown.created), (450, 50));
            let golongan_rows: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM (SELECT nip, golongan FROM riwayat_golongan GROUP BY nip, golongan HAVING COUNT(*) > 1) d",
            )
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
            assert_eq!(golongan_rows, 0, "duplicated history rows");

            let dump: Vec<(String, String, String, String)> =
                sqlx::query_as("SELECT nip, nama, golongan, jabatan FROM employees ORDER BY nip")
                    .fetch_all(&t.db.pool)
                    .await
                    .unwrap();
            dumps.push(dump);
        }
        // Same seed, same data, whatever the engine.
        for d in &dumps[1..] {
            assert_eq!(d, &dumps[0]);
        }
    }

    #[tokio::test]
    async fn refuses_too_few_employees() {
        let t = TestDb::new(crate::db::Engine::Sqlite).await;
        let (state, _clock) = t.state();
        let err = seed(
            &state,
            &DemoOptions {
                employees: 10,
                seed: 1,
            },
        )
        .await
        .unwrap_err();
        assert!(err.to_string().contains("minimal"), "{err}");
        assert_eq!(employees::count(&t.db).await.unwrap(), 0);
    }

    #[test]
    fn helpers() {
        assert_eq!(thousands(2500), "2.500");
        assert_eq!(thousands(100_000), "100.000");
        assert_eq!(thousands(12), "12");
        assert_eq!(
            otpauth_uri("e-Office 2.0", "1", "ABC"),
            "otpauth://totp/e-Office%202.0:1?secret=ABC&issuer=e-Office%202.0&algorithm=SHA1&digits=6&period=30"
        );
    }

    #[tokio::test]
    async fn demo_csv_imports_cleanly() {
        let t = TestDb::new(crate::db::Engine::Sqlite).await;
        let path = t.dir.join("demo.csv");
        let rows = write_csv(
            &path,
            &DemoOptions {
                employees: 300,
                seed: 5,
            },
            crate::testkit::TEST_EPOCH,
        )
        .unwrap();
        assert_eq!(rows, 300);
        let options = crate::import::ImportOptions {
            now: crate::testkit::TEST_EPOCH,
            actor_nip: None,
            progress: crate::import::Progress::Hidden,
        };
        let report = crate::import::import_file(&t.db, &path, &options)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((report.rows, report.inserted), (300, 300));
        assert_eq!(report.units_created, org::units().len());
        let u = units::get(&t.db, "KMK.DJKL.RSCM").await.unwrap().unwrap();
        assert_eq!(u.jenis, "rumah-sakit");
    }
}
