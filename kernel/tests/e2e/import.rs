//! The employee CSV import end to end: the real `eoffice` binary (`demo-csv`, then
//! `import-employees` into a fresh SQLite data directory: success, refused rows with line
//! numbers and exit code 2, an unreadable file), and `eoffice::import::import_file` on
//! every engine (insert, then upsert of the same file).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use eoffice::db::Db;
use eoffice::import::{ImportOptions, Progress, import_file};
use eoffice::testkit::{TEST_EPOCH, TestDb, engines};

use crate::plugin_support::binary;

/// Runs `eoffice ARGS` with its data directory in `dir`.
fn eoffice(dir: &Path, args: &[&str]) -> Output {
    Command::new(binary())
        .args(args)
        .current_dir(dir)
        .env("EOFFICE_DATA_DIR", dir.join("data"))
        .env("EOFFICE_LOG", "warn")
        .env_remove("EOFFICE_DATABASE_URL")
        .env_remove("EOFFICE_CONFIG")
        .output()
        .expect("run eoffice")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "eoffice-e2e-import-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0)
    ));
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// Row counts of the tables an import writes, in the binary's SQLite database.
async fn counts(dir: &Path) -> Vec<i64> {
    let url = format!(
        "sqlite://{}?mode=rwc",
        dir.join("data/eoffice.db").display()
    );
    let db = Db::connect(&url, 1).await.expect("open the CLI's database");
    let mut out = Vec::new();
    for table in ["employees", "units", "employee_name_tokens", "audit_log"] {
        out.push(
            sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!(
                "SELECT COUNT(*) FROM {table}"
            )))
            .fetch_one(&db.pool)
            .await
            .expect("count"),
        );
    }
    db.pool.close().await;
    out
}

/// Replaces field `col` (0-based) of data line `line` (1-based file line) in `csv`.
fn edit_field(csv: &str, line: usize, col: usize, value: &str) -> String {
    csv.lines()
        .enumerate()
        .map(|(i, l)| {
            if i + 1 == line {
                let mut fields: Vec<String> = split_csv_line(l);
                fields[col] = value.to_string();
                fields.join(",")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n"
}

/// Splits one CSV line, re-quoting fields that need it.
fn split_csv_line(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(std::mem::take(&mut cur)),
            _ => cur.push(c),
        }
    }
    out.push(cur);
    out.into_iter()
        .map(|f| {
            if f.contains(',') || f.contains('"') {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f
            }
        })
        .collect()
}

#[tokio::test]
async fn cli_imports_refuses_bad_rows_and_reports_lines() {
    let dir = scratch();
    let csv_path = dir.join("pegawai.csv");
    let out = eoffice(
        &dir,
        &[
            "demo-csv",
            csv_path.to_str().unwrap_or_default(),
            "--employees",
            "300",
            "--seed",
            "9",
        ],
    );
    assert!(out.status.success(), "demo-csv: {}", text(&out.stderr));
    let csv = std::fs::read_to_string(&csv_path).expect("read the CSV");
    assert_eq!(csv.lines().count(), 301);

    // A file with refused rows: nothing is written, every bad line is named, exit 2.
    // Columns: 0 nip, 4 jenis_kelamin, 6 tanggal_lahir, 18 atasan_nip.
    let mut bad = edit_field(&csv, 5, 4, "X");
    bad = edit_field(&bad, 9, 6, "1990-02-30");
    bad = edit_field(&bad, 12, 18, "197001011995031999");
    let bad_path = dir.join("salah.csv");
    std::fs::write(&bad_path, &bad).expect("write");
    // The database does not exist yet; the first command creates it empty.
    let out = eoffice(
        &dir,
        &["import-employees", bad_path.to_str().unwrap_or_default()],
    );
    assert_eq!(out.status.code(), Some(2), "stderr: {}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(err.contains("3 dari 300 baris tidak valid"), "{err}");
    assert!(
        err.contains("baris 5: jenis_kelamin 'X' tidak dikenal"),
        "{err}"
    );
    assert!(
        err.contains("baris 9: tanggal_lahir '1990-02-30' bukan tanggal yang sah"),
        "{err}"
    );
    assert!(
        err.contains("baris 12: atasan_nip 197001011995031999 tidak ditemukan"),
        "{err}"
    );
    assert_eq!(
        counts(&dir).await,
        vec![0, 0, 0, 0],
        "a refused import wrote data"
    );

    // The good file: everything in one go, one audit entry.
    let out = eoffice(
        &dir,
        &["import-employees", csv_path.to_str().unwrap_or_default()],
    );
    assert!(out.status.success(), "import: {}", text(&out.stderr));
    let summary = text(&out.stdout);
    assert!(
        summary.contains("300 baris; 300 pegawai baru, 0 diperbarui, 0 tidak berubah"),
        "{summary}"
    );
    let after = counts(&dir).await;
    assert_eq!((after[0], after[3]), (300, 1), "{after:?}");

    // Many bad rows: the printout is capped, with a count of the rest; still nothing changes.
    let mut many = csv.clone();
    for line in 2..=81 {
        many = edit_field(&many, line, 0, "123");
    }
    let many_path = dir.join("banyak.csv");
    std::fs::write(&many_path, &many).expect("write");
    let out = eoffice(
        &dir,
        &["import-employees", many_path.to_str().unwrap_or_default()],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert_eq!(err.matches("NIP harus 18 digit").count(), 50, "{err}");
    assert!(err.contains("… dan 30 baris lain tidak valid"), "{err}");
    assert_eq!(counts(&dir).await, after);

    // An unreadable file.
    let out = eoffice(&dir, &["import-employees", "tidak-ada.csv"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("tidak dapat dibaca"));
    assert_eq!(counts(&dir).await, after);

    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn library_import_on_every_engine() {
    let dir = scratch();
    let csv_path = dir.join("pegawai.csv");
    let written = eoffice::demo::write_csv(
        &csv_path,
        &eoffice::demo::DemoOptions {
            employees: 500,
            seed: 11,
        },
        TEST_EPOCH,
    )
    .expect("write the CSV");
    assert_eq!(written, 500);
    for engine in engines() {
        let t = TestDb::new(engine).await;
        let options = ImportOptions {
            now: TEST_EPOCH,
            actor_nip: Some("198001012005011001".into()),
            progress: Progress::Hidden,
        };
        let first = import_file(&t.db, &csv_path, &options)
            .await
            .unwrap_or_else(|e| panic!("{engine:?}: {e}"));
        assert_eq!((first.rows, first.inserted, first.updated), (500, 500, 0));
        let again = import_file(&t.db, &csv_path, &options)
            .await
            .expect("upsert");
        assert_eq!(
            (
                again.inserted,
                again.updated,
                again.unchanged,
                again.units_created
            ),
            (0, 0, 500, 0),
            "{engine:?}: importing the same file again changes nothing"
        );
        assert_eq!(
            eoffice::db::employees::count(&t.db).await.expect("count"),
            500
        );
        let audit = eoffice::db::audit::for_subject(&t.db, "pegawai.csv", 10)
            .await
            .expect("audit");
        assert_eq!(audit.len(), 2, "{engine:?}: one audit entry per import");
        assert_eq!(audit[0].actor_nip.as_deref(), Some("198001012005011001"));
    }
    let _ = std::fs::remove_dir_all(&dir);
}
