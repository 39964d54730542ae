//! CSV import of employees: `eoffice import-employees FILE.csv`.
//!
//! The file is UTF-8 (optional BOM), comma-separated, with a header row naming the
//! columns in any order ([`COLUMNS`] are required, [`OPTIONAL_COLUMNS`] are read when
//! present, anything else is ignored). Every row is validated first; a bad row is reported
//! as `baris N: <alasan>` (N = line in the file, the header is line 1). If any row is bad
//! nothing is written. Otherwise the whole file is written in ONE transaction: units
//! (created or updated, parents first), then employees upserted by NIP in multi-row
//! batches (with their search tokens), then one audit entry `employee.import`.
//!
//! Exit codes of the command: 0 imported; 2 the file's content was refused (bad rows,
//! missing columns, not UTF-8, empty); 1 the file could not be read or the database failed.

use std::collections::{HashMap, HashSet};
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::db::Db;
use crate::db::audit::{self, AuditEntry};
use crate::db::employees::{self, Employee};
use crate::db::units::{self, Unit};
use crate::domain::nip::{self, StatusKepegawaian};
use crate::domain::reference;
use crate::state::AppState;

/// Required columns, in the order `eoffice demo-csv` writes them.
pub const COLUMNS: [&str; 19] = [
    "nip",
    "nama",
    "gelar_depan",
    "gelar_belakang",
    "jenis_kelamin",
    "tempat_lahir",
    "tanggal_lahir",
    "agama",
    "status_kepegawaian",
    "email",
    "telepon",
    "unit_kode",
    "unit_nama",
    "unit_induk_kode",
    "golongan",
    "jabatan",
    "jenis_jabatan",
    "jenjang",
    "atasan_nip",
];

/// Optional columns: TMT dates (`YYYY-MM-DD`; empty keeps the stored value; for PNS the
/// TMT CPNS defaults to the one in the NIP) and the unit's kind (`unit_jenis`; empty
/// keeps the stored kind, new units get `unit`).
pub const OPTIONAL_COLUMNS: [&str; 4] = ["tmt_cpns", "tmt_golongan", "tmt_jabatan", "unit_jenis"];

/// How many row errors the command prints before summarising the rest.
pub const MAX_ERRORS_SHOWN: usize = 50;

/// Employees per write step (one progress tick).
const WRITE_STEP: usize = 5000;

/// Where progress bars go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// No progress output (tests, pipes).
    Hidden,
    /// Bars on stderr.
    Stderr,
}

impl Progress {
    /// Bars on stderr when it is a terminal, hidden otherwise.
    pub fn auto() -> Progress {
        if std::io::stderr().is_terminal() {
            Progress::Stderr
        } else {
            Progress::Hidden
        }
    }

    fn bar(self, len: u64, label: &'static str, bytes: bool) -> ProgressBar {
        let target = match self {
            Progress::Hidden => ProgressDrawTarget::hidden(),
            Progress::Stderr => ProgressDrawTarget::stderr(),
        };
        let bar = ProgressBar::with_draw_target(Some(len), target);
        let template = if bytes {
            "{prefix:>10} [{bar:40}] {bytes}/{total_bytes} ({eta})"
        } else {
            "{prefix:>10} [{bar:40}] {pos}/{len} baris ({eta})"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_prefix(label);
        bar
    }
}

/// Options of an import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// Current unix time (`updated_at`, audit time, "birth date not in the future").
    pub now: i64,
    /// Who runs the import (for the audit log); `None` for the command line.
    pub actor_nip: Option<String>,
    /// Progress output.
    pub progress: Progress,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportReport {
    /// File name (without directories).
    pub file: String,
    /// Data rows in the file.
    pub rows: usize,
    /// Employees created.
    pub inserted: usize,
    /// Employees that existed and changed.
    pub updated: usize,
    /// Employees that existed and were identical (left untouched).
    pub unchanged: usize,
    /// Units created.
    pub units_created: usize,
    /// Units that existed and changed.
    pub units_updated: usize,
    /// Wall time of the import, seconds.
    pub seconds: f64,
}

impl ImportReport {
    /// One-paragraph summary in Indonesian.
    pub fn summary(&self) -> String {
        format!(
            "Impor {} selesai: {} baris; {} pegawai baru, {} diperbarui, {} tidak berubah; unit: {} baru, {} diperbarui; {} detik.",
            self.file,
            self.rows,
            self.inserted,
            self.updated,
            self.unchanged,
            self.units_created,
            self.units_updated,
            format!("{:.1}", self.seconds).replace('.', ",")
        )
    }
}

/// A refused row: its line in the file and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// Line number in the file (header = 1).
    pub line: u64,
    /// Reason(s), Indonesian.
    pub message: String,
}

impl std::fmt::Display for RowError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "baris {}: {}", self.line, self.message)
    }
}

/// Why an import was refused. Nothing is written in any of these cases.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file cannot be read.
    #[error("berkas {file} tidak dapat dibaca: {source}")]
    Read {
        /// The path as given.
        file: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not UTF-8.
    #[error(
        "berkas {file} bukan teks UTF-8 (byte tidak sah pada baris {line}); simpan ulang sebagai CSV UTF-8"
    )]
    NotUtf8 {
        /// File name.
        file: String,
        /// Line of the first invalid byte.
        line: u64,
    },
    /// The file is empty.
    #[error("berkas {0} kosong; baris pertama harus berisi header kolom")]
    Empty(String),
    /// Only a header, no data.
    #[error("berkas {0} tidak berisi baris data (hanya header)")]
    NoRows(String),
    /// Required columns are missing from the header.
    #[error("header tidak lengkap: kolom wajib tidak ada: {}", .0.join(", "))]
    MissingColumns(Vec<String>),
    /// The first line is not a header (no known column at all).
    #[error(
        "baris pertama harus berisi nama kolom (header), mis. {}",
        COLUMNS[..4].join(",") + ",…"
    )]
    NoHeader,
    /// The file uses semicolons (a common spreadsheet export setting) instead of commas.
    #[error(
        "pemisah kolom harus koma (,), bukan titik koma (;); simpan ulang sebagai CSV dengan pemisah koma"
    )]
    Delimiter,
    /// A column appears twice in the header.
    #[error("header: kolom '{0}' muncul lebih dari sekali")]
    DuplicateColumn(String),
    /// The header row cannot be parsed.
    #[error("header tidak dapat dibaca: {0}")]
    Header(String),
    /// Rows failed validation.
    #[error("{} dari {rows} baris tidak valid; tidak ada data yang disimpan", errors.len())]
    InvalidRows {
        /// Every refused row, by line.
        errors: Vec<RowError>,
        /// Data rows in the file.
        rows: usize,
    },
    /// The database failed (the transaction was rolled back).
    #[error("basis data gagal, tidak ada data yang disimpan: {0}")]
    Database(#[from] sqlx::Error),
}

impl ImportError {
    /// Process exit code: 2 for refused content, 1 for I/O or database failures.
    pub fn exit_code(&self) -> u8 {
        match self {
            ImportError::Read { .. } | ImportError::Database(_) => 1,
            _ => 2,
        }
    }
}

/// Runs `eoffice import-employees FILE`: imports, prints the summary (stdout) or the
/// refused rows (stderr, at most [`MAX_ERRORS_SHOWN`] then a count) and returns the exit
/// code.
pub async fn run_cli(state: &AppState, file: &Path) -> anyhow::Result<ExitCode> {
    let options = ImportOptions {
        now: state.now(),
        actor_nip: None,
        progress: Progress::auto(),
    };
    match import_file(&state.db, file, &options).await {
        Ok(report) => {
            println!("{}", report.summary());
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("Impor ditolak: {e}");
            if let ImportError::InvalidRows { errors, .. } = &e {
                for err in errors.iter().take(MAX_ERRORS_SHOWN) {
                    eprintln!("  {err}");
                }
                if errors.len() > MAX_ERRORS_SHOWN {
                    eprintln!(
                        "  … dan {} baris lain tidak valid",
                        errors.len() - MAX_ERRORS_SHOWN
                    );
                }
                eprintln!("Perbaiki baris di atas lalu jalankan impor lagi.");
            }
            Ok(ExitCode::from(e.exit_code()))
        }
    }
}

/// Imports the CSV file at `path` (see the module documentation).
pub async fn import_file(
    db: &Db,
    path: &Path,
    options: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    let started = Instant::now();
    let bytes = std::fs::read(path).map_err(|source| ImportError::Read {
        file: path.display().to_string(),
        source,
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let mut report = import_bytes(db, &name, &bytes, options).await?;
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// Imports CSV content already in memory; `name` is used in messages and the audit entry.
pub async fn import_bytes(
    db: &Db,
    name: &str,
    bytes: &[u8],
    options: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    let started = Instant::now();
    let text = decode(name, bytes)?;
    let (layout, rows) = parse(name, text, options.progress)?;
    tracing::debug!(rows = rows.len(), elapsed = ?started.elapsed(), "import: parsed");
    let plan = validate(db, &layout, rows, options).await?;
    tracing::debug!(elapsed = ?started.elapsed(), "import: validated");
    let mut report = write(db, name, plan, options).await?;
    tracing::debug!(elapsed = ?started.elapsed(), "import: written");
    report.seconds = started.elapsed().as_secs_f64();
    Ok(report)
}

/// UTF-8 check and BOM removal.
fn decode<'a>(name: &str, bytes: &'a [u8]) -> Result<&'a str, ImportError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| ImportError::NotUtf8 {
        file: name.to_string(),
        line: 1 + bytes[..e.valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u64,
    })?;
    if text.trim().is_empty() {
        return Err(ImportError::Empty(name.to_string()));
    }
    Ok(text)
}

/// One data row, its fields by column.
struct RawRow {
    line: u64,
    fields: Vec<String>,
    /// A problem with the row's shape (field count), if any.
    shape: Option<String>,
}

/// Column positions in the file.
struct Layout {
    required: [usize; COLUMNS.len()],
    optional: [Option<usize>; OPTIONAL_COLUMNS.len()],
    width: usize,
}

fn layout(header: &csv::StringRecord) -> Result<Layout, ImportError> {
    if header.len() == 1 && header.get(0).is_some_and(|h| h.contains(';')) {
        return Err(ImportError::Delimiter);
    }
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, h) in header.iter().enumerate() {
        let h = h.trim().trim_start_matches('\u{feff}').to_lowercase();
        if h.is_empty() {
            continue;
        }
        if index.insert(h.clone(), i).is_some() {
            return Err(ImportError::DuplicateColumn(h));
        }
    }
    let missing: Vec<String> = COLUMNS
        .iter()
        .filter(|c| !index.contains_key(**c))
        .map(|c| c.to_string())
        .collect();
    if missing.len() == COLUMNS.len() {
        return Err(ImportError::NoHeader);
    }
    if !missing.is_empty() {
        return Err(ImportError::MissingColumns(missing));
    }
    let mut required = [0; COLUMNS.len()];
    for (slot, c) in required.iter_mut().zip(COLUMNS) {
        *slot = index[c];
    }
    let mut optional = [None; OPTIONAL_COLUMNS.len()];
    for (slot, c) in optional.iter_mut().zip(OPTIONAL_COLUMNS) {
        *slot = index.get(c).copied();
    }
    Ok(Layout {
        required,
        optional,
        width: header.len(),
    })
}

fn parse(name: &str, text: &str, progress: Progress) -> Result<(Layout, Vec<RawRow>), ImportError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| ImportError::Header(e.to_string()))?
        .clone();
    let layout = layout(&header)?;
    let bar = progress.bar(text.len() as u64, "Membaca", true);
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map(|p| p.line()).unwrap_or(line);
                if record.iter().all(|f| f.is_empty()) {
                    continue;
                }
                let shape = (record.len() != layout.width).then(|| {
                    format!(
                        "jumlah kolom {} tidak sama dengan header ({} kolom)",
                        record.len(),
                        layout.width
                    )
                });
                rows.push(RawRow {
                    line,
                    fields: record.iter().map(str::to_string).collect(),
                    shape,
                });
            }
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(line);
                rows.push(RawRow {
                    line,
                    fields: Vec::new(),
                    shape: Some(format!("baris CSV tidak dapat dibaca ({e})")),
                });
                if !matches!(e.kind(), csv::ErrorKind::UnequalLengths { .. }) {
                    // The reader cannot resynchronise after other errors.
                    break;
                }
            }
        }
        if rows.len() % 4096 == 0 {
            bar.set_position(reader.position().byte());
        }
    }
    bar.finish_and_clear();
    if rows.is_empty() {
        return Err(ImportError::NoRows(name.to_string()));
    }
    Ok((layout, rows))
}

/// A unit as described by the file.
#[derive(Debug, Clone)]
struct UnitRow {
    line: u64,
    kode: String,
    nama: String,
    induk: Option<String>,
    jenis: Option<String>,
}

/// A validated row.
struct GoodRow {
    line: u64,
    employee: Employee,
}

/// What will be written.
struct Plan {
    employees: Vec<Employee>,
    existing: HashSet<String>,
    units: Vec<Unit>,
    units_created: usize,
    units_updated: usize,
    rows: usize,
}

/// Collects reasons per line.
#[derive(Default)]
struct Errors(HashMap<u64, Vec<String>>);

impl Errors {
    fn add(&mut self, line: u64, msg: impl Into<String>) {
        self.0.entry(line).or_default().push(msg.into());
    }
    fn into_sorted(self) -> Vec<RowError> {
        let mut v: Vec<RowError> = self
            .0
            .into_iter()
            .map(|(line, msgs)| RowError {
                line,
                message: msgs.join("; "),
            })
            .collect();
        v.sort_by_key(|e| e.line);
        v
    }
}

fn normalize_golongan(s: &str) -> String {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    match s.split_once('/') {
        Some((roman, letter)) => format!("{}/{}", roman.to_uppercase(), letter.to_lowercase()),
        None => s.to_uppercase(),
    }
}

fn valid_email(s: &str) -> bool {
    if s.len() > 254 || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
}

fn valid_phone(s: &str) -> bool {
    let digits = s.chars().filter(|c| c.is_ascii_digit()).count();
    (6..=15).contains(&digits)
        && s.len() <= 25
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' ' | '(' | ')' | '.'))
}

fn valid_unit_code(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '/'))
}

/// Checks one row on its own; returns the employee and its unit, or the reasons.
fn check_row(
    row: &RawRow,
    layout: &Layout,
    today: time::Date,
    now: i64,
) -> (Result<Employee, Vec<String>>, Option<UnitRow>) {
    let mut errs = Vec::new();
    if let Some(shape) = &row.shape {
        errs.push(shape.clone());
        if row.fields.len() < layout.width {
            return (Err(errs), None);
        }
    }
    let get = |i: usize| -> &str {
        row.fields
            .get(layout.required[i])
            .map_or("", |s| s.as_str())
    };
    let opt = |i: usize| -> &str {
        layout.optional[i]
            .and_then(|c| row.fields.get(c))
            .map_or("", |s| s.as_str())
    };
    // Indexes into COLUMNS.
    let (c_nip, c_nama, c_gd, c_gb, c_jk, c_tempat, c_tgl, c_agama, c_status, c_email) =
        (0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    let (c_tel, c_unit, c_unit_nama, c_induk, c_gol, c_jabatan, c_jenis, c_jenjang, c_atasan) =
        (10, 11, 12, 13, 14, 15, 16, 17, 18);

    let too_long = |errs: &mut Vec<String>, col: &str, v: &str, max: usize| {
        if v.chars().count() > max {
            errs.push(format!("{col} terlalu panjang (maksimal {max} karakter)"));
        }
    };
    let required = |errs: &mut Vec<String>, col: &str, v: &str| {
        if v.is_empty() {
            errs.push(format!("{col} wajib diisi"));
        }
    };

    let nip = nip::normalize_nip(get(c_nip));
    let nama = get(c_nama).to_string();
    required(&mut errs, "nama", &nama);
    too_long(&mut errs, "nama", &nama, 150);
    too_long(&mut errs, "gelar_depan", get(c_gd), 60);
    too_long(&mut errs, "gelar_belakang", get(c_gb), 100);
    too_long(&mut errs, "tempat_lahir", get(c_tempat), 100);
    too_long(&mut errs, "agama", get(c_agama), 50);
    too_long(&mut errs, "jabatan", get(c_jabatan), 200);

    let jk = get(c_jk).to_uppercase();
    let jk_ok = matches!(jk.as_str(), "L" | "P");
    if !jk_ok {
        errs.push(format!(
            "jenis_kelamin '{}' tidak dikenal; gunakan L atau P",
            get(c_jk)
        ));
    }
    let tgl = get(c_tgl).to_string();
    let lahir = nip::parse_date(&tgl);
    match lahir {
        None => errs.push(format!(
            "tanggal_lahir '{tgl}' bukan tanggal yang sah (format YYYY-MM-DD)"
        )),
        Some(d) if d > today => errs.push(format!("tanggal_lahir {tgl} ada di masa depan")),
        Some(d) if d.year() < 1900 => errs.push(format!("tanggal_lahir {tgl} tidak masuk akal")),
        Some(_) => {}
    }
    let status = StatusKepegawaian::parse(get(c_status));
    if status.is_none() {
        errs.push(format!(
            "status_kepegawaian '{}' tidak dikenal; gunakan PNS atau PPPK",
            get(c_status)
        ));
    }
    // NIP: always the shape; the cross-checks only when the fields it is checked
    // against are themselves valid (their own errors are reported above).
    match (status, lahir.is_some() && jk_ok) {
        (Some(st), true) => {
            if let Err(e) = nip::validate_nip(&nip, st, &tgl, &jk) {
                errs.push(e.to_string());
            }
        }
        _ => {
            if nip.len() != 18 {
                errs.push(nip::NipError::Panjang(nip.chars().count()).to_string());
            } else if let Some(c) = nip.chars().find(|c| !c.is_ascii_digit()) {
                errs.push(nip::NipError::BukanAngka(c).to_string());
            }
        }
    }

    let email = get(c_email).to_string();
    if !email.is_empty() && !valid_email(&email) {
        errs.push(format!("email '{email}' tidak sah"));
    }
    let telepon = get(c_tel).to_string();
    if !telepon.is_empty() && !valid_phone(&telepon) {
        errs.push(format!("telepon '{telepon}' tidak sah"));
    }

    let before_unit = errs.len();
    let unit_kode = get(c_unit).to_string();
    if !valid_unit_code(&unit_kode) {
        errs.push(if unit_kode.is_empty() {
            "unit_kode wajib diisi".to_string()
        } else {
            format!(
                "unit_kode '{unit_kode}' tidak sah (huruf, angka, titik, garis hubung, garis bawah, garis miring; maksimal 64)"
            )
        });
    }
    let unit_nama = get(c_unit_nama).to_string();
    required(&mut errs, "unit_nama", &unit_nama);
    too_long(&mut errs, "unit_nama", &unit_nama, 200);
    let induk = get(c_induk).to_string();
    if !induk.is_empty() {
        if !valid_unit_code(&induk) {
            errs.push(format!("unit_induk_kode '{induk}' tidak sah"));
        } else if induk == unit_kode {
            errs.push(format!(
                "unit {unit_kode} tidak boleh menjadi induknya sendiri"
            ));
        }
    }
    let unit_jenis = opt(3).to_lowercase();
    too_long(&mut errs, "unit_jenis", &unit_jenis, 40);
    // The unit is usable even when other fields of the row are not, so one bad row does
    // not make every child unit's parent "missing".
    let unit = (errs.len() == before_unit).then(|| UnitRow {
        line: row.line,
        kode: unit_kode.clone(),
        nama: unit_nama.clone(),
        induk: (!induk.is_empty()).then(|| induk.clone()),
        jenis: (!unit_jenis.is_empty()).then(|| unit_jenis.clone()),
    });

    let golongan = normalize_golongan(get(c_gol));
    match status {
        Some(StatusKepegawaian::Pns) if reference::golongan(&golongan).is_none() => {
            errs.push(format!(
                "golongan '{}' tidak dikenal untuk PNS (I/a … IV/e)",
                get(c_gol)
            ))
        }
        Some(StatusKepegawaian::Pppk) if !reference::is_pppk_grade(&golongan) => {
            errs.push(format!(
                "golongan '{}' tidak dikenal untuk PPPK (I … XVII)",
                get(c_gol)
            ))
        }
        _ => {}
    }
    let jabatan = get(c_jabatan).to_string();
    required(&mut errs, "jabatan", &jabatan);
    let jenis = get(c_jenis).to_lowercase();
    let jenis_ok = reference::is_jenis_jabatan(&jenis);
    if !jenis_ok {
        errs.push(format!(
            "jenis_jabatan '{}' tidak dikenal; gunakan struktural, fungsional atau pelaksana",
            get(c_jenis)
        ));
    }
    let jenjang = get(c_jenjang).to_lowercase();
    if !jenjang.is_empty() {
        match reference::jenjang(&jenjang) {
            None => errs.push(format!("jenjang '{}' tidak dikenal", get(c_jenjang))),
            Some(j) if jenis_ok && j.jenis_jabatan != jenis => errs.push(format!(
                "jenjang '{jenjang}' tidak berlaku untuk jabatan {jenis}"
            )),
            Some(_) => {}
        }
    }
    let atasan = nip::normalize_nip(get(c_atasan));
    if !atasan.is_empty() {
        if atasan.len() != 18 || !atasan.bytes().all(|b| b.is_ascii_digit()) {
            errs.push(format!("atasan_nip '{}' bukan NIP 18 digit", get(c_atasan)));
        } else if atasan == nip {
            errs.push("atasan_nip tidak boleh NIP pegawai itu sendiri".to_string());
        }
    }
    let mut tmt = [None, None, None];
    for (i, col) in OPTIONAL_COLUMNS[..3].iter().enumerate() {
        let v = opt(i);
        if !v.is_empty() {
            match nip::parse_date(v) {
                Some(d) if lahir.is_none_or(|l| d > l) => tmt[i] = Some(v.to_string()),
                Some(_) => errs.push(format!("{col} {v} tidak boleh sebelum tanggal lahir")),
                None => errs.push(format!(
                    "{col} '{v}' bukan tanggal yang sah (format YYYY-MM-DD)"
                )),
            }
        }
    }
    if !errs.is_empty() {
        return (Err(errs), unit);
    }
    let status = status.unwrap_or(StatusKepegawaian::Pns);
    let [tmt_cpns, tmt_golongan, tmt_jabatan] = tmt;
    let tmt_cpns = tmt_cpns.or_else(|| {
        (status == StatusKepegawaian::Pns)
            .then(|| nip::tmt_cpns(&nip))
            .flatten()
    });
    let employee = Employee {
        nip,
        nama,
        gelar_depan: get(c_gd).to_string(),
        gelar_belakang: get(c_gb).to_string(),
        jenis_kelamin: jk,
        tempat_lahir: get(c_tempat).to_string(),
        tanggal_lahir: tgl,
        agama: get(c_agama).to_string(),
        status_kepegawaian: status.as_str().to_string(),
        email,
        telepon,
        unit_kode: unit_kode.clone(),
        golongan,
        jabatan,
        jenis_jabatan: jenis,
        jenjang,
        atasan_nip: (!atasan.is_empty()).then_some(atasan),
        tmt_cpns,
        tmt_golongan,
        tmt_jabatan,
        updated_at: now,
    };
    (Ok(employee), unit)
}

async fn validate(
    db: &Db,
    layout: &Layout,
    rows: Vec<RawRow>,
    options: &ImportOptions,
) -> Result<Plan, ImportError> {
    let total = rows.len();
    let today = crate::clock::date_wib(options.now);
    let bar = options.progress.bar(total as u64, "Memeriksa", false);
    let mut errors = Errors::default();
    let mut good: Vec<GoodRow> = Vec::with_capacity(total);
    let mut file_units: HashMap<String, UnitRow> = HashMap::new();
    let mut unit_order: Vec<String> = Vec::new();
    let mut first_line_of_nip: HashMap<String, u64> = HashMap::with_capacity(total);
    for (i, row) in rows.iter().enumerate() {
        if i % 4096 == 0 {
            bar.set_position(i as u64);
        }
        let (checked, unit) = check_row(row, layout, today, options.now);
        // Duplicate NIPs are reported whether or not the rows are otherwise valid.
        let nip_of_row = row
            .fields
            .get(layout.required[0])
            .map(|n| nip::normalize_nip(n))
            .unwrap_or_default();
        let mut duplicate = false;
        if !nip_of_row.is_empty() {
            match first_line_of_nip.get(&nip_of_row) {
                Some(first) => {
                    errors.add(
                        row.line,
                        format!("NIP {nip_of_row} sudah ada di baris {first}"),
                    );
                    duplicate = true;
                }
                None => {
                    first_line_of_nip.insert(nip_of_row, row.line);
                }
            }
        }
        let mut row_ok = checked.is_ok() && !duplicate;
        if let Some(unit) = unit {
            match file_units.get(&unit.kode) {
                None => {
                    unit_order.push(unit.kode.clone());
                    file_units.insert(unit.kode.clone(), unit);
                }
                Some(first) => {
                    let what = if first.nama != unit.nama || first.induk != unit.induk {
                        Some("nama atau induk tidak sama")
                    } else if unit.jenis.is_some() && first.jenis != unit.jenis {
                        Some("unit_jenis tidak sama")
                    } else {
                        None
                    };
                    if let Some(what) = what {
                        errors.add(
                            row.line,
                            format!(
                                "unit {} berbeda dengan baris {} ({what})",
                                unit.kode, first.line
                            ),
                        );
                        row_ok = false;
                    }
                }
            }
        }
        match checked {
            Err(reasons) => {
                for r in reasons {
                    errors.add(row.line, r);
                }
            }
            Ok(employee) if row_ok => good.push(GoodRow {
                line: row.line,
                employee,
            }),
            Ok(_) => {}
        }
    }
    bar.finish_and_clear();
    drop(rows);

    // Database state needed by the cross-row checks.
    let mut conn = db.pool.acquire().await?;
    let db_units: HashMap<String, Unit> = units::all(&mut conn)
        .await?
        .into_iter()
        .map(|u| (u.kode.clone(), u))
        .collect();
    let file_nips: Vec<String> = good.iter().map(|g| g.employee.nip.clone()).collect();
    let existing = employees::existing_nips(&mut conn, &file_nips).await?;
    let outside: Vec<String> = good
        .iter()
        .filter_map(|g| g.employee.atasan_nip.clone())
        .filter(|a| !first_line_of_nip.contains_key(a))
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let atasan_in_db = employees::existing_nips(&mut conn, &outside).await?;
    drop(conn);

    for g in &good {
        if let Some(a) = &g.employee.atasan_nip
            && !first_line_of_nip.contains_key(a)
            && !atasan_in_db.contains(a)
        {
            errors.add(
                g.line,
                format!("atasan_nip {a} tidak ditemukan di berkas maupun di basis data"),
            );
        }
    }

    // Units: parents must exist (file or database), and the merged tree has no cycle.
    let parent_of = |kode: &str| -> Option<Option<String>> {
        match file_units.get(kode) {
            Some(u) => Some(u.induk.clone()),
            None => db_units.get(kode).map(|u| u.induk_kode.clone()),
        }
    };
    for kode in &unit_order {
        let u = &file_units[kode];
        if let Some(p) = &u.induk
            && parent_of(p).is_none()
        {
            errors.add(
                u.line,
                format!(
                    "unit induk {p} dari unit {kode} tidak ditemukan di berkas maupun di basis data"
                ),
            );
            continue;
        }
        let mut path = vec![kode.clone()];
        let mut cur = u.induk.clone();
        while let Some(p) = cur {
            if path.contains(&p) {
                path.push(p);
                errors.add(
                    u.line,
                    format!("unit {kode} membentuk siklus induk: {}", path.join(" → ")),
                );
                break;
            }
            path.push(p.clone());
            if path.len() > 64 {
                errors.add(u.line, format!("unit {kode}: rantai induk terlalu dalam"));
                break;
            }
            cur = parent_of(&p).flatten();
        }
    }

    if !errors.0.is_empty() {
        return Err(ImportError::InvalidRows {
            errors: errors.into_sorted(),
            rows: total,
        });
    }

    // Units to write, parents first; unchanged units are left alone.
    let mut ordered: Vec<Unit> = Vec::new();
    let mut placed: HashSet<String> = HashSet::new();
    let (mut units_created, mut units_updated) = (0, 0);
    for kode in &unit_order {
        // Walk up to the first ancestor not defined by the file (or already placed).
        let mut chain = Vec::new();
        let mut cur = Some(kode.clone());
        while let Some(k) = cur {
            if placed.contains(&k) || !file_units.contains_key(&k) {
                break;
            }
            cur = file_units[&k].induk.clone();
            chain.push(k);
        }
        for k in chain.into_iter().rev() {
            let u = &file_units[&k];
            let old = db_units.get(&k);
            let unit = Unit {
                kode: k.clone(),
                nama: u.nama.clone(),
                induk_kode: u.induk.clone(),
                jenis: u
                    .jenis
                    .clone()
                    .or_else(|| old.map(|o| o.jenis.clone()))
                    .unwrap_or_else(|| "unit".to_string()),
            };
            match old {
                None => units_created += 1,
                Some(o) if *o != unit => units_updated += 1,
                Some(_) => {
                    placed.insert(k);
                    continue;
                }
            }
            placed.insert(k);
            ordered.push(unit);
        }
    }

    Ok(Plan {
        employees: good.into_iter().map(|g| g.employee).collect(),
        existing,
        units: ordered,
        units_created,
        units_updated,
        rows: total,
    })
}

async fn write(
    db: &Db,
    name: &str,
    plan: Plan,
    options: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    let mut conn = db.pool.acquire().await?;
    let previous = employees::begin_bulk_load(&mut conn, plan.employees.len()).await?;
    let result = write_in(&mut conn, name, plan, options).await;
    let restored = employees::end_bulk_load(&mut conn, previous).await;
    let report = result?;
    restored?;
    Ok(report)
}

async fn write_in(
    conn: &mut sqlx::AnyConnection,
    name: &str,
    mut plan: Plan,
    options: &ImportOptions,
) -> Result<ImportReport, ImportError> {
    // NIP order makes the primary-key inserts sequential.
    plan.employees.sort_unstable_by(|a, b| a.nip.cmp(&b.nip));
    let bar = options
        .progress
        .bar(plan.employees.len() as u64, "Menyimpan", false);
    let mut tx = sqlx::Connection::begin(&mut *conn).await?;
    units::upsert_many(&mut tx, &plan.units).await?;
    let mut written = 0;
    for chunk in plan.employees.chunks(WRITE_STEP) {
        written += employees::upsert_batch(&mut tx, chunk, options.now).await? as usize;
        bar.inc(chunk.len() as u64);
    }
    let inserted = plan
        .employees
        .iter()
        .filter(|e| !plan.existing.contains(&e.nip))
        .count();
    let updated = written.saturating_sub(inserted);
    let unchanged = plan.employees.len() - inserted - updated;
    let detail = serde_json::json!({
        "file": name,
        "rows": plan.rows,
        "inserted": inserted,
        "updated": updated,
        "unchanged": unchanged,
        "units_created": plan.units_created,
        "units_updated": plan.units_updated,
    });
    audit::record(
        &mut *tx,
        options.now,
        &AuditEntry {
            actor_nip: options.actor_nip.as_deref(),
            subject: name,
            action: "employee.import",
            outcome: "ok",
            detail,
            ..AuditEntry::default()
        },
    )
    .await?;
    tx.commit().await?;
    bar.finish_and_clear();
    Ok(ImportReport {
        file: name.to_string(),
        rows: plan.rows,
        inserted,
        updated,
        unchanged,
        units_created: plan.units_created,
        units_updated: plan.units_updated,
        seconds: 0.0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testkit::{TEST_EPOCH, TestDb, engines};

    /// A row as (column, value) pairs.
    type Row = Vec<(&'static str, String)>;

    /// A valid row, editable per test with [`set`].
    fn row(nip: &str, nama: &str, unit: &str, induk: &str, atasan: &str) -> Row {
        let jk = if nip.as_bytes()[14] == b'2' { "P" } else { "L" };
        let tgl = format!("{}-{}-{}", &nip[..4], &nip[4..6], &nip[6..8]);
        vec![
            ("nip", nip.to_string()),
            ("nama", nama.to_string()),
            ("gelar_depan", String::new()),
            ("gelar_belakang", "S.KM., M.Kes.".to_string()),
            ("jenis_kelamin", jk.to_string()),
            ("tempat_lahir", "Yogyakarta".to_string()),
            ("tanggal_lahir", tgl),
            ("agama", "Islam".to_string()),
            ("status_kepegawaian", "PNS".to_string()),
            (
                "email",
                format!(
                    "{}@kemkes.go.id",
                    nama.split(' ').next().unwrap_or("x").to_lowercase()
                ),
            ),
            ("telepon", "0812-3456-7890".to_string()),
            ("unit_kode", unit.to_string()),
            ("unit_nama", format!("Unit {unit}")),
            ("unit_induk_kode", induk.to_string()),
            ("golongan", "III/c".to_string()),
            ("jabatan", "Epidemiolog Kesehatan Ahli Muda".to_string()),
            ("jenis_jabatan", "fungsional".to_string()),
            ("jenjang", "ahli-muda".to_string()),
            ("atasan_nip", atasan.to_string()),
        ]
    }

    fn set(mut r: Row, col: &str, v: &str) -> Row {
        for (c, val) in r.iter_mut() {
            if *c == col {
                *val = v.to_string();
            }
        }
        r
    }

    fn quote(v: &str) -> String {
        if v.contains(',') || v.contains('"') {
            format!("\"{}\"", v.replace('"', "\"\""))
        } else {
            v.to_string()
        }
    }

    /// CSV with the columns in `order` (values looked up by name).
    fn csv_of(order: &[&str], rows: &[Row]) -> String {
        let mut s = order.join(",");
        s.push('\n');
        for r in rows {
            let line: Vec<String> = order
                .iter()
                .map(|c| {
                    r.iter()
                        .find(|(k, _)| k == c)
                        .map(|(_, v)| quote(v))
                        .unwrap_or_default()
                })
                .collect();
            s.push_str(&line.join(","));
            s.push('\n');
        }
        s
    }

    const HEAD: &str = "198001012005011001";
    const A: &str = "198609262015052001";
    const B: &str = "199003152019031002";

    fn good_rows() -> Vec<Row> {
        vec![
            set(
                set(
                    row(HEAD, "Bambang Hartono", "ROOT", "", ""),
                    "jenis_jabatan",
                    "struktural",
                ),
                "jenjang",
                "jpt-pratama",
            ),
            row(A, "Rina Wulandari", "DIT", "ROOT", HEAD),
            set(
                row(B, "I Made Suardana", "DIT", "ROOT", A),
                "golongan",
                "III/b",
            ),
        ]
    }

    fn options() -> ImportOptions {
        ImportOptions {
            now: TEST_EPOCH,
            actor_nip: None,
            progress: Progress::Hidden,
        }
    }

    /// Row counts of every table an import writes.
    async fn snapshot(db: &Db) -> Vec<i64> {
        let mut out = Vec::new();
        for t in ["employees", "units", "employee_name_tokens", "audit_log"] {
            out.push(
                sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(format!(
                    "SELECT COUNT(*) FROM {t}"
                )))
                .fetch_one(&db.pool)
                .await
                .unwrap(),
            );
        }
        out
    }

    #[tokio::test]
    async fn imports_and_upserts() {
        for engine in engines() {
            let t = TestDb::new(engine).await;
            // BOM, shuffled columns, an extra column, a quoted comma.
            let mut order: Vec<&str> = COLUMNS.iter().rev().copied().collect();
            order.insert(3, "catatan");
            let mut rows = good_rows();
            rows[1] = set(rows[1].clone(), "gelar_belakang", "S.KM., M.Epid.");
            let text = format!("\u{feff}{}", csv_of(&order, &rows));
            let report = import_bytes(&t.db, "pegawai.csv", text.as_bytes(), &options())
                .await
                .unwrap_or_else(|e| panic!("{engine:?}: {e}"));
            assert_eq!(
                (
                    report.rows,
                    report.inserted,
                    report.updated,
                    report.units_created,
                    report.units_updated
                ),
                (3, 3, 0, 2, 0)
            );
            assert!(
                report
                    .summary()
                    .contains("3 pegawai baru, 0 diperbarui, 0 tidak berubah")
            );
            let a = employees::get(&t.db, A).await.unwrap().unwrap();
            assert_eq!(a.gelar_belakang, "S.KM., M.Epid.");
            assert_eq!(a.atasan_nip.as_deref(), Some(HEAD));
            assert_eq!(a.tmt_cpns.as_deref(), Some("2015-05-01"));
            assert_eq!(a.updated_at, TEST_EPOCH);
            assert_eq!(
                employees::tokens_of(&t.db, B).await.unwrap(),
                ["i", "made", "suardana"]
            );
            let dit = units::get(&t.db, "DIT").await.unwrap().unwrap();
            assert_eq!(dit.induk_kode.as_deref(), Some("ROOT"));
            assert_eq!(dit.jenis, "unit");
            let audit = crate::db::audit::for_subject(&t.db, "pegawai.csv", 10)
                .await
                .unwrap();
            assert_eq!(audit.len(), 1);
            assert_eq!(audit[0].action, "employee.import");
            assert!(
                audit[0].detail.contains("\"inserted\":3"),
                "{}",
                audit[0].detail
            );

            // Again, with a renamed employee, a renamed unit and one new row: upsert.
            let mut rows = good_rows();
            rows[2] = set(rows[2].clone(), "nama", "I Made Suardana Putra");
            rows[1] = set(rows[1].clone(), "unit_nama", "Direktorat Surveilans");
            rows[2] = set(rows[2].clone(), "unit_nama", "Direktorat Surveilans");
            rows.push(set(
                row("199505052020122003", "Siti Aminah", "DIT", "ROOT", A),
                "unit_nama",
                "Direktorat Surveilans",
            ));
            let text = csv_of(&COLUMNS, &rows);
            let later = ImportOptions {
                now: TEST_EPOCH + 100,
                ..options()
            };
            let report = import_bytes(&t.db, "pegawai2.csv", text.as_bytes(), &later)
                .await
                .unwrap();
            assert_eq!(
                (
                    report.rows,
                    report.inserted,
                    report.updated,
                    report.units_created,
                    report.units_updated
                ),
                (4, 1, 2, 0, 1)
            );
            // The head's row is identical: left untouched, updated_at kept.
            assert_eq!(report.unchanged, 1);
            assert_eq!(
                employees::get(&t.db, HEAD)
                    .await
                    .unwrap()
                    .unwrap()
                    .updated_at,
                TEST_EPOCH
            );
            assert_eq!(
                employees::get(&t.db, B).await.unwrap().unwrap().updated_at,
                TEST_EPOCH + 100
            );
            assert_eq!(employees::count(&t.db).await.unwrap(), 4);
            assert_eq!(
                employees::tokens_of(&t.db, B).await.unwrap(),
                ["i", "made", "putra", "suardana"]
            );
            // Employees, units and audit entries (the token layout belongs to db::search).
            let snap = snapshot(&t.db).await;
            assert_eq!((snap[0], snap[1], snap[3]), (4, 2, 2));
        }
    }

    #[tokio::test]
    async fn refuses_bad_files_and_changes_nothing() {
        for engine in engines() {
            let t = TestDb::new(engine).await;
            import_bytes(
                &t.db,
                "awal.csv",
                csv_of(&COLUMNS, &good_rows()).as_bytes(),
                &options(),
            )
            .await
            .unwrap();
            let before = snapshot(&t.db).await;

            let without = |col: &str| -> String {
                let order: Vec<&str> = COLUMNS.iter().copied().filter(|c| *c != col).collect();
                csv_of(&order, &good_rows())
            };
            let mut dup_header: Vec<&str> = COLUMNS.to_vec();
            dup_header.push("nama");
            let whole_file_cases: Vec<(&str, Vec<u8>, &str, u8)> = vec![
                (
                    "missing column",
                    without("golongan").into_bytes(),
                    "kolom wajib tidak ada: golongan",
                    2,
                ),
                (
                    "two missing",
                    without("nip").replace("nama,", "namaa,").into_bytes(),
                    "nip, nama",
                    2,
                ),
                (
                    "duplicate column",
                    csv_of(&dup_header, &good_rows()).into_bytes(),
                    "kolom 'nama' muncul lebih dari sekali",
                    2,
                ),
                ("empty", Vec::new(), "kosong", 2),
                (
                    "no header",
                    csv_of(&COLUMNS, &good_rows())
                        .split_once('\n')
                        .map(|(_, rest)| rest.to_string())
                        .unwrap_or_default()
                        .into_bytes(),
                    "baris pertama harus berisi nama kolom (header)",
                    2,
                ),
                (
                    "semicolons",
                    csv_of(&COLUMNS, &good_rows())
                        .replace(',', ";")
                        .into_bytes(),
                    "bukan titik koma (;)",
                    2,
                ),
                ("blank", b"\xEF\xBB\xBF \n\n".to_vec(), "kosong", 2),
                (
                    "header only",
                    format!("{}\n", COLUMNS.join(",")).into_bytes(),
                    "tidak berisi baris data",
                    2,
                ),
                (
                    "latin-1",
                    {
                        let mut b = csv_of(&COLUMNS, &good_rows()).into_bytes();
                        let pos = b.iter().position(|c| *c == b'R').unwrap_or(0);
                        b[pos] = 0xC9; // 'É' in Latin-1, invalid alone in UTF-8
                        b
                    },
                    "bukan teks UTF-8 (byte tidak sah pada baris 2)",
                    2,
                ),
            ];
            for (what, bytes, want, code) in whole_file_cases {
                let err = import_bytes(&t.db, "x.csv", &bytes, &options())
                    .await
                    .unwrap_err();
                assert!(err.to_string().contains(want), "{what}: {err}");
                assert_eq!(err.exit_code(), code, "{what}");
                assert_eq!(snapshot(&t.db).await, before, "{what} changed data");
            }
            let err = import_file(&t.db, &t.dir.join("tidak-ada.csv"), &options())
                .await
                .unwrap_err();
            assert!(
                matches!(err, ImportError::Read { .. }) && err.exit_code() == 1,
                "{err}"
            );
            assert!(err.to_string().contains("tidak dapat dibaca"));

            // Row-level errors: (row edited, expected message part). Each row is line 2.
            let base = || row("199201012018012001", "Dewi Lestari", "DIT", "ROOT", HEAD);
            let row_cases: Vec<(&str, Row, &str)> = vec![
                (
                    "short nip",
                    set(base(), "nip", "19920101201801200"),
                    "NIP harus 18 digit, bukan 17",
                ),
                (
                    "letters",
                    set(base(), "nip", "19920101201801200X"),
                    "hanya boleh berisi angka",
                ),
                (
                    "birth date",
                    set(base(), "tanggal_lahir", "1992-01-02"),
                    "tidak sesuai dengan tanggal lahir 1992-01-02",
                ),
                (
                    "cpns month",
                    set(
                        set(base(), "nip", "199201012018132001"),
                        "tanggal_lahir",
                        "1992-01-01",
                    ),
                    "bukan TMT CPNS yang sah",
                ),
                (
                    "gender",
                    set(base(), "jenis_kelamin", "L"),
                    "menunjukkan perempuan, tetapi jenis kelamin tercatat L",
                ),
                (
                    "gender code",
                    set(base(), "jenis_kelamin", "W"),
                    "jenis_kelamin 'W' tidak dikenal",
                ),
                (
                    "bad date",
                    set(base(), "tanggal_lahir", "1992-02-30"),
                    "tanggal_lahir '1992-02-30' bukan tanggal yang sah",
                ),
                (
                    "future birth",
                    set(
                        set(base(), "tanggal_lahir", "2030-01-01"),
                        "nip",
                        "203001012050012001",
                    ),
                    "di masa depan",
                ),
                (
                    "status",
                    set(base(), "status_kepegawaian", "Honorer"),
                    "status_kepegawaian 'Honorer' tidak dikenal",
                ),
                (
                    "pns golongan",
                    set(base(), "golongan", "IX"),
                    "golongan 'IX' tidak dikenal untuk PNS",
                ),
                (
                    "pppk grade",
                    set(base(), "status_kepegawaian", "PPPK"),
                    "golongan 'III/c' tidak dikenal untuk PPPK",
                ),
                (
                    "jenis",
                    set(base(), "jenis_jabatan", "honorer"),
                    "jenis_jabatan 'honorer' tidak dikenal",
                ),
                (
                    "jenjang",
                    set(base(), "jenjang", "ahli-super"),
                    "jenjang 'ahli-super' tidak dikenal",
                ),
                (
                    "jenjang type",
                    set(base(), "jenjang", "pengawas"),
                    "jenjang 'pengawas' tidak berlaku untuk jabatan fungsional",
                ),
                (
                    "atasan self",
                    set(base(), "atasan_nip", "199201012018012001"),
                    "tidak boleh NIP pegawai itu sendiri",
                ),
                (
                    "atasan missing",
                    set(base(), "atasan_nip", "197001011995031001"),
                    "atasan_nip 197001011995031001 tidak ditemukan",
                ),
                (
                    "atasan shape",
                    set(base(), "atasan_nip", "12345"),
                    "bukan NIP 18 digit",
                ),
                (
                    "unit parent",
                    set(base(), "unit_induk_kode", "ENTAH"),
                    "unit induk ENTAH dari unit DIT tidak ditemukan",
                ),
                (
                    "unit self parent",
                    set(base(), "unit_induk_kode", "DIT"),
                    "tidak boleh menjadi induknya sendiri",
                ),
                (
                    "unit code",
                    set(base(), "unit_kode", "DIT BARU"),
                    "unit_kode 'DIT BARU' tidak sah",
                ),
                (
                    "email",
                    set(base(), "email", "dewi@kemkes"),
                    "email 'dewi@kemkes' tidak sah",
                ),
                (
                    "phone",
                    set(base(), "telepon", "abc"),
                    "telepon 'abc' tidak sah",
                ),
                ("nama", set(base(), "nama", ""), "nama wajib diisi"),
                ("jabatan", set(base(), "jabatan", ""), "jabatan wajib diisi"),
            ];
            for (what, r, want) in row_cases {
                let text = csv_of(&COLUMNS, &[r]);
                let err = import_bytes(&t.db, "x.csv", text.as_bytes(), &options())
                    .await
                    .unwrap_err();
                let ImportError::InvalidRows { errors, rows } = &err else {
                    panic!("{what}: expected row errors, got {err}");
                };
                assert_eq!((errors.len(), *rows), (1, 1), "{what}: {errors:?}");
                assert_eq!(errors[0].line, 2, "{what}");
                assert!(
                    errors[0].to_string().starts_with("baris 2: ")
                        && errors[0].message.contains(want),
                    "{what}: {}",
                    errors[0]
                );
                assert_eq!(err.exit_code(), 2);
                assert_eq!(snapshot(&t.db).await, before, "{what} changed data");
            }

            // Cross-row errors in one file, all reported with their lines, nothing written.
            let mut rows = good_rows();
            rows.push(row("199201012018012001", "Dewi Lestari", "X1", "X2", HEAD)); // line 5
            rows.push(row("199202022018012002", "Ani Suryani", "X2", "X1", HEAD)); // line 6: cycle
            rows.push(row(A, "Rina Lagi", "DIT", "ROOT", HEAD)); // line 7: duplicate NIP
            rows.push(set(
                row("199303032019031003", "Joko", "DIT", "ROOT", HEAD),
                "unit_nama",
                "Lain",
            )); // 8
            let mut text = csv_of(&COLUMNS, &rows);
            text.push_str("1,2,3\n"); // line 9: wrong field count
            text.push_str("199404042020011004,\"Nama\nDua Baris\",,,L,Medan,1994-04-04,Kristen,PNS,,,DIT,Unit DIT,ROOT,III/a,Perawat Ahli Pertama,fungsional,ahli-pertama,\n"); // lines 10-11, valid
            let dup = csv_of(
                &COLUMNS,
                &[set(row(B, "Dup", "DIT", "ROOT", ""), "email", "x@")],
            );
            text.push_str(dup.lines().nth(1).unwrap_or_default());
            text.push('\n'); // line 12: duplicate of B and a bad e-mail
            let err = import_bytes(&t.db, "x.csv", text.as_bytes(), &options())
                .await
                .unwrap_err();
            let ImportError::InvalidRows { errors, rows } = &err else {
                panic!("expected row errors, got {err}");
            };
            assert_eq!(*rows, 10);
            let lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
            assert_eq!(lines, [5, 6, 7, 8, 9, 12], "{errors:#?}");
            assert!(
                errors[0].message.contains("siklus induk: X1 → X2 → X1"),
                "{}",
                errors[0]
            );
            assert!(errors[1].message.contains("siklus induk"), "{}", errors[1]);
            assert!(
                errors[2]
                    .message
                    .contains(&format!("NIP {A} sudah ada di baris 3"))
            );
            assert!(
                errors[3]
                    .message
                    .contains("unit DIT berbeda dengan baris 3")
            );
            assert!(
                errors[4]
                    .message
                    .contains("jumlah kolom 3 tidak sama dengan header (19 kolom)")
            );
            assert!(
                errors[5].message.contains("email 'x@' tidak sah")
                    && errors[5].message.contains("sudah ada di baris 4"),
                "{}",
                errors[5]
            );
            assert!(err.to_string().contains("6 dari 10 baris tidak valid"));
            assert_eq!(snapshot(&t.db).await, before);
        }
    }

    #[tokio::test]
    async fn a_bad_row_does_not_hide_its_unit() {
        let t = TestDb::new(crate::db::Engine::Sqlite).await;
        // Line 2 defines unit ROOT but has a bad gender; line 3's unit hangs under ROOT.
        let rows = vec![
            set(
                row(HEAD, "Bambang Hartono", "ROOT", "", ""),
                "jenis_kelamin",
                "Q",
            ),
            row(A, "Rina Wulandari", "DIT", "ROOT", HEAD),
        ];
        let err = import_bytes(
            &t.db,
            "x.csv",
            csv_of(&COLUMNS, &rows).as_bytes(),
            &options(),
        )
        .await
        .unwrap_err();
        let ImportError::InvalidRows { errors, .. } = &err else {
            panic!("{err}");
        };
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].line, 2);
    }

    #[test]
    fn small_helpers() {
        assert_eq!(normalize_golongan(" iii / A "), "III/a");
        assert_eq!(normalize_golongan("ix"), "IX");
        assert!(valid_email("rina.wulandari@kemkes.go.id"));
        for bad in ["a@b", "@b.id", "a b@c.id", "a@@b.id", "a@b..id", "a@.b.id"] {
            assert!(!valid_email(bad), "{bad}");
        }
        assert!(valid_phone("+62 812-3456-7890") && !valid_phone("12"));
    }
}
