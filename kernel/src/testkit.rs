//! Test support shared by the kernel's unit tests and the end-to-end suite: a fresh
//! database per test on SQLite (temporary file) or PostgreSQL, and an [`AppState`] with a
//! manual clock and ephemeral keys.
//!
//! PostgreSQL comes from `EOFFICE_TEST_POSTGRES_URL` (an admin URL; each test creates
//! its own database there). Without it, a throwaway cluster is started once per test
//! process with Debian's `initdb`/`pg_ctl` and stopped when the process ends. If neither
//! is possible the PostgreSQL tests fail with a message saying so — never silently pass —
//! unless `EOFFICE_TEST_SKIP_POSTGRES=1` asks to skip them (a warning is printed).

use std::path::PathBuf;
use std::process::Command;
use std::sync::{Arc, OnceLock};

use anyhow::Context;

use crate::clock::ManualClock;
use crate::config::Config;
use crate::db::{Db, Engine};
use crate::secrets::Secrets;
use crate::state::AppState;

/// A start time for manual clocks: 2026-12-03 08:00 WIB.
pub const TEST_EPOCH: i64 = 1_796_259_600;

/// A fresh, migrated, reference-seeded database for one test.
pub struct TestDb {
    /// The database.
    pub db: Db,
    /// Its URL.
    pub url: String,
    /// Scratch directory of the test (SQLite file, data dir).
    pub dir: PathBuf,
}

/// The engines a test should cover: SQLite always, PostgreSQL unless skipped on request.
pub fn engines() -> Vec<Engine> {
    if std::env::var("EOFFICE_TEST_SKIP_POSTGRES").is_ok_and(|v| v == "1") {
        eprintln!("WARNING: EOFFICE_TEST_SKIP_POSTGRES=1 — PostgreSQL tests are skipped");
        vec![Engine::Sqlite]
    } else {
        vec![Engine::Sqlite, Engine::Postgres]
    }
}

fn scratch_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("eoffice-test-{}", uuid::Uuid::new_v4().simple()));
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

impl TestDb {
    /// A fresh database on `engine`.
    pub async fn new(engine: Engine) -> TestDb {
        Self::try_new(engine)
            .await
            .unwrap_or_else(|e| panic!("cannot create a {engine:?} test database: {e:#}"))
    }

    async fn try_new(engine: Engine) -> anyhow::Result<TestDb> {
        let dir = scratch_dir();
        let url = match engine {
            Engine::Sqlite => format!("sqlite://{}?mode=rwc", dir.join("test.db").display()),
            Engine::Postgres => {
                let admin = postgres_admin_url()?;
                let name = format!("eoffice_t_{}", uuid::Uuid::new_v4().simple());
                sqlx::any::install_default_drivers();
                let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin)
                    .await
                    .with_context(|| format!("cannot connect to {admin}"))?;
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&mut conn)
                    .await?;
                replace_db_name(&admin, &name)
            }
        };
        let config = Config {
            database_url: Some(url.clone()),
            data_dir: dir.clone(),
            ..Config::default()
        };
        let db = crate::server::open_database(&config).await?;
        Ok(TestDb { db, url, dir })
    }

    /// A configuration pointing at this database and scratch directory, with cheap-enough
    /// but policy-conforming password hashing.
    pub fn config(&self) -> Config {
        Config {
            database_url: Some(self.url.clone()),
            data_dir: self.dir.clone(),
            login_rate_per_ip_per_minute: 10_000,
            ..Config::default()
        }
    }

    /// An application state over this database with a manual clock at [`TEST_EPOCH`].
    pub fn state(&self) -> (AppState, ManualClock) {
        self.state_with(self.config())
    }

    /// As [`TestDb::state`] with a custom configuration.
    pub fn state_with(&self, config: Config) -> (AppState, ManualClock) {
        let clock = ManualClock::new(TEST_EPOCH);
        let state = AppState::new(
            config,
            self.db.clone(),
            Secrets::ephemeral(),
            Arc::new(clock.clone()),
        )
        .expect("build test state");
        (state, clock)
    }
}

/// An employee with ordinary defaults (PNS, III/a, a functional position) for tests that
/// only care about some fields; override fields with struct update syntax.
pub fn employee(nip: &str, nama: &str, unit_kode: &str) -> crate::db::employees::Employee {
    crate::db::employees::Employee {
        nip: nip.into(),
        nama: nama.into(),
        gelar_depan: String::new(),
        gelar_belakang: String::new(),
        jenis_kelamin: "L".into(),
        tempat_lahir: "Jakarta".into(),
        tanggal_lahir: "1990-01-01".into(),
        agama: "Islam".into(),
        status_kepegawaian: "PNS".into(),
        email: String::new(),
        telepon: String::new(),
        unit_kode: unit_kode.into(),
        golongan: "III/a".into(),
        jabatan: "Pranata Komputer Ahli Pertama".into(),
        jenis_jabatan: "fungsional".into(),
        jenjang: "ahli-pertama".into(),
        atasan_nip: None,
        tmt_cpns: Some("2015-01-01".into()),
        tmt_golongan: Some("2015-01-01".into()),
        tmt_jabatan: Some("2020-01-01".into()),
        updated_at: 0,
    }
}

/// Writes units `(kode, nama, induk_kode)` (parents first) and employees, as the import does.
pub async fn insert_org(
    db: &Db,
    units: &[(&str, &str, Option<&str>)],
    employees: &[crate::db::employees::Employee],
) {
    let mut tx = db.begin().await.expect("begin");
    for (kode, nama, induk) in units {
        let unit = crate::db::units::Unit {
            kode: kode.to_string(),
            nama: nama.to_string(),
            induk_kode: induk.map(str::to_string),
            jenis: "unit".into(),
        };
        crate::db::units::upsert(&mut *tx, &unit)
            .await
            .expect("insert unit");
    }
    crate::db::employees::upsert_batch(&mut tx, employees, TEST_EPOCH)
        .await
        .expect("insert employees");
    tx.commit().await.expect("commit");
}

fn replace_db_name(url: &str, name: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (url, None),
    };
    let scheme_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[scheme_end..].rfind('/') {
        Some(i) => &base[..scheme_end + i],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

fn postgres_admin_url() -> anyhow::Result<String> {
    if let Ok(url) = std::env::var("EOFFICE_TEST_POSTGRES_URL") {
        return Ok(url);
    }
    static CLUSTER: OnceLock<Result<String, String>> = OnceLock::new();
    CLUSTER
        .get_or_init(|| start_throwaway_cluster().map_err(|e| format!("{e:#}")))
        .clone()
        .map_err(|e| {
            anyhow::anyhow!(
                "no PostgreSQL for the tests: EOFFICE_TEST_POSTGRES_URL is not set and a throwaway \
                 cluster could not be started ({e}). Install Debian's `postgresql` package or set \
                 EOFFICE_TEST_POSTGRES_URL (or EOFFICE_TEST_SKIP_POSTGRES=1 to skip, loudly)."
            )
        })
}

/// Starts `initdb` + `pg_ctl` in a temporary directory on a free port; a watchdog stops
/// the cluster and removes it when this process exits.
fn start_throwaway_cluster() -> anyhow::Result<String> {
    let bin = std::fs::read_dir("/usr/lib/postgresql")
        .context("/usr/lib/postgresql not found")?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
        .filter(|p| p.join("initdb").exists())
        .max()
        .context("no initdb under /usr/lib/postgresql/*/bin")?;
    let dir = std::env::temp_dir().join(format!("eoffice-pg-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| o.stdout.starts_with(b"0"))
        .unwrap_or(false);
    let as_pg = |args: Vec<String>| -> Command {
        if is_root {
            let mut c = Command::new("runuser");
            c.arg("-u").arg("postgres").arg("--").args(args);
            c
        } else {
            let mut c = Command::new(&args[0]);
            c.args(&args[1..]);
            c
        }
    };
    if is_root {
        Command::new("chown").arg("postgres").arg(&dir).status()?;
    }
    let data = dir.join("data");
    let s = |p: &std::path::Path| p.display().to_string();
    let out = as_pg(vec![
        s(&bin.join("initdb")),
        "-D".into(),
        s(&data),
        "-U".into(),
        "postgres".into(),
        "--auth=trust".into(),
    ])
    .output()
    .context("cannot run initdb")?;
    anyhow::ensure!(
        out.status.success(),
        "initdb failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let opts = format!(
        "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off",
        s(&dir)
    );
    let out = as_pg(vec![
        s(&bin.join("pg_ctl")),
        "-D".into(),
        s(&data),
        "-o".into(),
        opts,
        "-l".into(),
        s(&dir.join("log")),
        "-w".into(),
        "start".into(),
    ])
    .output()
    .context("cannot run pg_ctl")?;
    anyhow::ensure!(
        out.status.success(),
        "pg_ctl start failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let watchdog = format!(
        "while kill -0 {pid} 2>/dev/null; do sleep 1; done; {stop} -D {data} -m immediate stop >/dev/null 2>&1; rm -rf {dir}",
        pid = std::process::id(),
        stop = if is_root {
            format!("runuser -u postgres -- {}", s(&bin.join("pg_ctl")))
        } else {
            s(&bin.join("pg_ctl"))
        },
        data = s(&data),
        dir = s(&dir),
    );
    Command::new("sh")
        .arg("-c")
        .arg(watchdog)
        .spawn()
        .context("cannot start the cluster watchdog")?;
    eprintln!(
        "test PostgreSQL: throwaway cluster on 127.0.0.1:{port} ({})",
        dir.display()
    );
    Ok(format!("postgres://postgres@127.0.0.1:{port}/postgres"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_database_name() {
        assert_eq!(
            replace_db_name("postgres://u@h:5432/postgres", "x"),
            "postgres://u@h:5432/x"
        );
        assert_eq!(
            replace_db_name("postgres://u@h/test?sslmode=disable", "x"),
            "postgres://u@h/x?sslmode=disable"
        );
    }

    #[tokio::test]
    async fn migrates_every_engine() {
        for engine in engines() {
            let t = TestDb::new(engine).await;
            assert_eq!(crate::db::employees::count(&t.db).await.unwrap(), 0);
        }
    }
}
