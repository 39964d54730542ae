-- e-Office 2.0 kernel schema (SQLite). Keep in step with migrations/postgres.
-- Conventions: dates are ISO text 'YYYY-MM-DD'; instants are BIGINT unix seconds;
-- flags and counters are BIGINT (the sqlx Any driver decodes them alike on both engines).

-- Reference data ---------------------------------------------------------------
CREATE TABLE golongan (
    kode        TEXT PRIMARY KEY,          -- 'III/a'
    ruang_ke    BIGINT NOT NULL UNIQUE,    -- 1..17, ordering
    pangkat     TEXT NOT NULL              -- 'Penata Muda'
);

CREATE TABLE jenis_jabatan (
    kode TEXT PRIMARY KEY,                 -- struktural | fungsional | pelaksana
    nama TEXT NOT NULL
);

CREATE TABLE jenjang_jabatan (
    kode          TEXT PRIMARY KEY,        -- 'ahli-pertama', 'administrator', ...
    jenis_jabatan TEXT NOT NULL REFERENCES jenis_jabatan(kode),
    nama          TEXT NOT NULL,
    urutan        BIGINT NOT NULL,
    koefisien_ak  TEXT                     -- annual credit coefficient, functional only
);

CREATE TABLE kompetensi (
    kode      TEXT PRIMARY KEY,            -- 'integritas'
    nama      TEXT NOT NULL,
    kelompok  TEXT NOT NULL CHECK (kelompok IN ('manajerial', 'sosial-kultural', 'teknis')),
    deskripsi TEXT NOT NULL
);

CREATE TABLE kompetensi_level (
    kompetensi_kode TEXT NOT NULL REFERENCES kompetensi(kode),
    level           BIGINT NOT NULL CHECK (level BETWEEN 1 AND 5),
    deskripsi       TEXT NOT NULL,
    PRIMARY KEY (kompetensi_kode, level)
);

-- Organisation and employees ------------------------------------------------------
CREATE TABLE units (
    kode       TEXT PRIMARY KEY,
    nama       TEXT NOT NULL,
    induk_kode TEXT REFERENCES units(kode),
    jenis      TEXT NOT NULL DEFAULT 'unit'
);
CREATE INDEX units_induk ON units(induk_kode);

CREATE TABLE employees (
    nip                TEXT PRIMARY KEY,
    nama               TEXT NOT NULL,
    gelar_depan        TEXT NOT NULL DEFAULT '',
    gelar_belakang     TEXT NOT NULL DEFAULT '',
    jenis_kelamin      TEXT NOT NULL CHECK (jenis_kelamin IN ('L', 'P')),
    tempat_lahir       TEXT NOT NULL,
    tanggal_lahir      TEXT NOT NULL,
    agama              TEXT NOT NULL,
    status_kepegawaian TEXT NOT NULL CHECK (status_kepegawaian IN ('PNS', 'PPPK')),
    email              TEXT NOT NULL DEFAULT '',
    telepon            TEXT NOT NULL DEFAULT '',
    unit_kode          TEXT NOT NULL REFERENCES units(kode),
    golongan           TEXT NOT NULL,
    jabatan            TEXT NOT NULL,
    jenis_jabatan      TEXT NOT NULL REFERENCES jenis_jabatan(kode),
    jenjang            TEXT NOT NULL DEFAULT '',
    atasan_nip         TEXT,
    tmt_cpns           TEXT,
    tmt_golongan       TEXT,
    tmt_jabatan        TEXT,
    nama_cari          TEXT NOT NULL,       -- lowercased, accents folded: for search
    updated_at         BIGINT NOT NULL
);
CREATE INDEX employees_unit ON employees(unit_kode);
CREATE INDEX employees_atasan ON employees(atasan_nip);
CREATE INDEX employees_nama_cari ON employees(nama_cari, nip);  -- name order for broad searches

-- One row per word of a name (folded), for fast prefix search on any word.
CREATE TABLE employee_name_tokens (
    token     TEXT NOT NULL,
    nama_cari TEXT NOT NULL,  -- copy of employees.nama_cari: hits leave the index in name order
    nip       TEXT NOT NULL REFERENCES employees(nip) ON DELETE CASCADE,
    PRIMARY KEY (token, nama_cari, nip)
) WITHOUT ROWID;
CREATE INDEX employee_name_tokens_nip ON employee_name_tokens(nip, token);

CREATE TABLE anpeg_units (
    anpeg_nip TEXT NOT NULL REFERENCES employees(nip),
    unit_kode TEXT NOT NULL REFERENCES units(kode),
    PRIMARY KEY (anpeg_nip, unit_kode)
);
CREATE INDEX anpeg_units_unit ON anpeg_units(unit_kode);

-- PDM history sections -----------------------------------------------------------
CREATE TABLE riwayat_keluarga (
    id            INTEGER PRIMARY KEY,
    nip           TEXT NOT NULL REFERENCES employees(nip),
    hubungan      TEXT NOT NULL,            -- suami | istri | anak | ayah | ibu
    nama          TEXT NOT NULL,
    tanggal_lahir TEXT,
    pekerjaan     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX riwayat_keluarga_nip ON riwayat_keluarga(nip);

CREATE TABLE riwayat_golongan (
    id        INTEGER PRIMARY KEY,
    nip       TEXT NOT NULL REFERENCES employees(nip),
    golongan  TEXT NOT NULL,
    tmt       TEXT NOT NULL,
    nomor_sk  TEXT NOT NULL DEFAULT '',
    tanggal_sk TEXT
);
CREATE INDEX riwayat_golongan_nip ON riwayat_golongan(nip);

CREATE TABLE riwayat_jabatan (
    id            INTEGER PRIMARY KEY,
    nip           TEXT NOT NULL REFERENCES employees(nip),
    jabatan       TEXT NOT NULL,
    jenis_jabatan TEXT NOT NULL,
    jenjang       TEXT NOT NULL DEFAULT '',
    unit_nama     TEXT NOT NULL,
    tmt           TEXT NOT NULL,
    nomor_sk      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX riwayat_jabatan_nip ON riwayat_jabatan(nip);

CREATE TABLE riwayat_pendidikan (
    id          INTEGER PRIMARY KEY,
    nip         TEXT NOT NULL REFERENCES employees(nip),
    jenjang     TEXT NOT NULL,              -- SD .. S3
    jurusan     TEXT NOT NULL DEFAULT '',
    institusi   TEXT NOT NULL,
    tahun_lulus BIGINT NOT NULL
);
CREATE INDEX riwayat_pendidikan_nip ON riwayat_pendidikan(nip);

CREATE TABLE riwayat_tim_kerja (
    id       INTEGER PRIMARY KEY,
    nip      TEXT NOT NULL REFERENCES employees(nip),
    nama_tim TEXT NOT NULL,
    peran    TEXT NOT NULL,
    tahun    BIGINT NOT NULL
);
CREATE INDEX riwayat_tim_kerja_nip ON riwayat_tim_kerja(nip);

CREATE TABLE riwayat_penghargaan (
    id      INTEGER PRIMARY KEY,
    nip     TEXT NOT NULL REFERENCES employees(nip),
    nama    TEXT NOT NULL,
    pemberi TEXT NOT NULL,
    tahun   BIGINT NOT NULL
);
CREATE INDEX riwayat_penghargaan_nip ON riwayat_penghargaan(nip);

CREATE TABLE riwayat_pengembangan_kompetensi (
    id              INTEGER PRIMARY KEY,
    nip             TEXT NOT NULL REFERENCES employees(nip),
    nama_kegiatan   TEXT NOT NULL,
    bentuk          TEXT NOT NULL,          -- pelatihan | seminar | coaching | mentoring | e-learning | ...
    jp              BIGINT NOT NULL,        -- lesson hours
    penyelenggara   TEXT NOT NULL,
    tanggal_mulai   TEXT NOT NULL,
    tanggal_selesai TEXT NOT NULL
);
CREATE INDEX riwayat_pengembangan_kompetensi_nip ON riwayat_pengembangan_kompetensi(nip);

CREATE TABLE riwayat_penugasan (
    id              INTEGER PRIMARY KEY,
    nip             TEXT NOT NULL REFERENCES employees(nip),
    nama_kegiatan   TEXT NOT NULL,
    peran           TEXT NOT NULL,
    tanggal_mulai   TEXT NOT NULL,
    tanggal_selesai TEXT,
    keterangan      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX riwayat_penugasan_nip ON riwayat_penugasan(nip);

CREATE TABLE angka_kredit (
    id              INTEGER PRIMARY KEY,
    nip             TEXT NOT NULL REFERENCES employees(nip),
    periode_mulai   TEXT NOT NULL,
    periode_selesai TEXT NOT NULL,
    jenjang         TEXT NOT NULL,
    predikat        TEXT NOT NULL,          -- Sangat Baik | Baik | Butuh Perbaikan | Kurang | Sangat Kurang
    nilai           TEXT NOT NULL           -- decimal as text, e.g. '12.500'
);
CREATE INDEX angka_kredit_nip ON angka_kredit(nip);

-- Peer recommendations (endorsements) ----------------------------------------------
CREATE TABLE rekomendasi (
    id              INTEGER PRIMARY KEY,
    pemberi_nip     TEXT NOT NULL REFERENCES employees(nip),
    penerima_nip    TEXT NOT NULL REFERENCES employees(nip),
    kompetensi_kode TEXT NOT NULL REFERENCES kompetensi(kode),
    catatan         TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    CHECK (pemberi_nip <> penerima_nip),
    UNIQUE (pemberi_nip, penerima_nip, kompetensi_kode)
);
CREATE INDEX rekomendasi_penerima ON rekomendasi(penerima_nip);

-- Accounts and sign-on ----------------------------------------------------------------
CREATE TABLE users (
    nip                 TEXT PRIMARY KEY REFERENCES employees(nip),
    password_hash       TEXT NOT NULL,
    totp_secret_enc     BLOB NOT NULL,      -- encrypted with the TOTP key
    totp_last_step      BIGINT NOT NULL DEFAULT 0,  -- last accepted time step (replay guard)
    disabled            BIGINT NOT NULL DEFAULT 0,
    demo                BIGINT NOT NULL DEFAULT 0,  -- created by `eoffice demo`
    created_at          BIGINT NOT NULL,
    password_changed_at BIGINT NOT NULL
);

CREATE TABLE user_roles (
    nip  TEXT NOT NULL REFERENCES employees(nip),
    role TEXT NOT NULL,
    PRIMARY KEY (nip, role)
);

-- Single-use codes issued by HR: activation, password reset, OTP reset. Only hashes stored.
CREATE TABLE one_time_codes (
    code_hash  TEXT PRIMARY KEY,
    nip        TEXT NOT NULL REFERENCES employees(nip),
    purpose    TEXT NOT NULL CHECK (purpose IN ('activation', 'password-reset', 'otp-reset')),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE INDEX one_time_codes_nip ON one_time_codes(nip, purpose);

CREATE TABLE recovery_codes (
    id        INTEGER PRIMARY KEY,
    nip       TEXT NOT NULL REFERENCES employees(nip),
    code_hash TEXT NOT NULL,
    used_at   BIGINT
);
CREATE INDEX recovery_codes_nip ON recovery_codes(nip);

-- An authenticator enrolment waiting for its first code (registration or re-enrolment).
CREATE TABLE totp_enrolments (
    token_hash      TEXT PRIMARY KEY,
    nip             TEXT NOT NULL REFERENCES employees(nip),
    purpose         TEXT NOT NULL CHECK (purpose IN ('registration', 're-enrolment')),
    secret_enc      BLOB NOT NULL,
    password_hash   TEXT,                   -- registration: the chosen password
    code_hash       TEXT,                   -- the one-time code that authorised it, consumed on confirm
    created_at      BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL
);

CREATE TABLE sessions (
    id           TEXT PRIMARY KEY,
    nip          TEXT NOT NULL REFERENCES employees(nip),
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,           -- absolute end
    revoked_at   BIGINT,
    ip           TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT '',
    kind         TEXT NOT NULL DEFAULT 'web'   -- web | api
);
CREATE INDEX sessions_nip ON sessions(nip);

-- Failed-login counters per account name (also for NIPs that have no account,
-- so a locked or unknown NIP behaves like any other).
CREATE TABLE login_failures (
    nip          TEXT PRIMARY KEY,
    failures     BIGINT NOT NULL,
    last_failure BIGINT NOT NULL,
    locked_until BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         BIGINT NOT NULL,
    actor_nip  TEXT,
    subject    TEXT NOT NULL DEFAULT '',
    action     TEXT NOT NULL,
    outcome    TEXT NOT NULL DEFAULT 'ok',
    detail     TEXT NOT NULL DEFAULT '{}',  -- JSON: before/after, reason
    ip         TEXT NOT NULL DEFAULT '',
    request_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log(at);
CREATE INDEX audit_log_subject ON audit_log(subject, at);
CREATE INDEX audit_log_actor ON audit_log(actor_nip, at);
