//! The demo's position catalogue: functional-position families of a health ministry
//! (Dokter, Perawat, Bidan, Apoteker, Pranata Laboratorium Kesehatan, Nutrisionis,
//! Epidemiolog Kesehatan, Analis Kepegawaian, Perencana, Pranata Komputer, Auditor, …)
//! and executor (pelaksana) positions, each with the education and academic titles that
//! lead to it, and which families each kind of unit employs.

use super::org::Staf;

/// Career track of a profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kat {
    /// Functional, expert levels (Ahli Pertama … Utama).
    Ahli,
    /// Functional, skilled levels (Terampil … Penyelia).
    Terampil,
    /// Lecturer (expert levels named Asisten Ahli, Lektor, Lektor Kepala, Profesor).
    Dosen,
    /// Executor position.
    Pelaksana,
}

/// One way into a position family: education, titles, entry grades.
#[derive(Debug, Clone, Copy)]
pub struct Profil {
    /// Track.
    pub kat: Kat,
    /// PNS entry golongan.
    pub gol_awal: &'static str,
    /// PPPK grade.
    pub pppk: &'static str,
    /// Title before the name.
    pub depan: &'static str,
    /// Titles after the name.
    pub belakang: &'static str,
    /// Education after senior high school: (level, major).
    pub pendidikan: &'static [(&'static str, &'static str)],
    /// Relative frequency within the family.
    pub bobot: u32,
}

/// A position family.
#[derive(Debug, Clone, Copy)]
pub struct Jf {
    /// Family name, e.g. `Perawat` (pelaksana: a list of titles in `pelaksana`).
    pub nama: &'static str,
    /// Profiles.
    pub profil: &'static [Profil],
    /// Technical trainings typical of the family.
    pub pelatihan: &'static [&'static str],
    /// Whether it is a health profession.
    pub kesehatan: bool,
}

const fn p(
    kat: Kat,
    gol_awal: &'static str,
    pppk: &'static str,
    depan: &'static str,
    belakang: &'static str,
    pendidikan: &'static [(&'static str, &'static str)],
    bobot: u32,
) -> Profil {
    Profil {
        kat,
        gol_awal,
        pppk,
        depan,
        belakang,
        pendidikan,
        bobot,
    }
}

use Kat::*;

const DOKTER_S1: (&str, &str) = ("S1", "Pendidikan Dokter");
const DOKTER_PROF: (&str, &str) = ("Profesi", "Dokter");

/// The families.
pub static JF: &[Jf] = &[
    Jf {
        nama: "Dokter",
        kesehatan: true,
        profil: &[
            p(Ahli, "III/b", "X", "dr.", "", &[DOKTER_S1, DOKTER_PROF], 55),
            p(
                Ahli,
                "III/b",
                "X",
                "dr.",
                "M.Kes.",
                &[DOKTER_S1, DOKTER_PROF, ("S2", "Ilmu Kesehatan Masyarakat")],
                25,
            ),
            p(
                Ahli,
                "III/b",
                "X",
                "dr.",
                "M.P.H.",
                &[DOKTER_S1, DOKTER_PROF, ("S2", "Public Health")],
                20,
            ),
        ],
        pelatihan: &[
            "Pelatihan Advanced Cardiac Life Support (ACLS)",
            "Pelatihan Tata Laksana Tuberkulosis bagi Dokter",
            "Pelatihan Penanganan Kegawatdaruratan Medik",
        ],
    },
    Jf {
        nama: "Dokter Spesialis",
        kesehatan: true,
        profil: &[
            p(
                Ahli,
                "III/b",
                "XI",
                "dr.",
                "Sp.PD",
                &[DOKTER_S1, DOKTER_PROF, ("Sp-1", "Ilmu Penyakit Dalam")],
                14,
            ),
            p(
                Ahli,
                "III/b",
                "XI",
                "dr.",
                "Sp.A",
                &[DOKTER_S1, DOKTER_PROF, ("Sp-1", "Ilmu Kesehatan Anak")],
                12,
            ),
            p(
                Ahli,
                "III/b",
                "XI",
                "dr.",
                "Sp.OG",
                &[DOKTER_S1, DOKTER_PROF, ("Sp-1", "Obstetri dan Ginekologi")],
                10,
            ),
            p(
                Ahli,
                "III/b",
                "XI",
                "dr.",
                "Sp.B",
                &[DOKTER_S1, DOKTER_PROF, ("Sp-1", "Ilmu Bedah")],
                9,
            ),
            p(
                Ahli,
                "III/b",
                "XI",
                "dr.",
                "Sp.An-TI",
                &[
                    DOKTER_S1,
                    DOKTER_PROF,
                    ("Sp-1", "Anestesiologi dan Terapi Intensif"),
                ],
                8,
            ),
            p(
                Ahli,
                "III/b",
                "XI",
                "dr.",
                "Sp.JP",
                &[
                    DOKTER_S1,
                    DOKTER_PROF,
                    ("Sp-1", "Kardiologi dan Kedokteran Vaskular"),
                ],
                8,
            ),
            p(
                Ahli,
                "III/b",
                "XI",
                "dr.",
                "Sp.N",
                &[DOKTER_S1, DOKTER_PROF, ("Sp-1", "Neurologi")],
                6,
            ),
            p(
                Ahli,
                "III/b",
                "XI",
                "dr.",
                "Sp.M",
                &[DOKTER_S1, DOKTER_PROF, ("Sp-1", "Ilmu Kesehatan Mata")],
                6,
            ),
            p(
                Ahli,
                "III/b",
                "XI",
                "dr.",
                "Sp.Rad",
                &[DOKTER_S1, DOKTER_PROF, ("Sp-1", "Radiologi")],
                6,
            ),
            p(
                Ahli,
                "III/b",
                "XI",
                "dr.",
                "Sp.PK",
                &[DOKTER_S1, DOKTER_PROF, ("Sp-1", "Patologi Klinik")],
                6,
            ),
            p(
                Ahli,
                "III/b",
                "XI",
                "dr.",
                "Sp.KJ",
                &[DOKTER_S1, DOKTER_PROF, ("Sp-1", "Kedokteran Jiwa")],
                5,
            ),
            p(
                Ahli,
                "III/b",
                "XI",
                "dr.",
                "Sp.P",
                &[
                    DOKTER_S1,
                    DOKTER_PROF,
                    ("Sp-1", "Pulmonologi dan Kedokteran Respirasi"),
                ],
                5,
            ),
            p(
                Ahli,
                "III/b",
                "XI",
                "dr.",
                "Sp.THT-BKL",
                &[
                    DOKTER_S1,
                    DOKTER_PROF,
                    ("Sp-1", "Telinga Hidung Tenggorok Bedah Kepala Leher"),
                ],
                5,
            ),
        ],
        pelatihan: &[
            "Pelatihan Advanced Trauma Life Support (ATLS)",
            "Pelatihan Advanced Cardiac Life Support (ACLS)",
            "Pelatihan Keselamatan Pasien bagi Dokter Spesialis",
        ],
    },
    Jf {
        nama: "Dokter Gigi",
        kesehatan: true,
        profil: &[
            p(
                Ahli,
                "III/b",
                "X",
                "drg.",
                "",
                &[("S1", "Pendidikan Dokter Gigi"), ("Profesi", "Dokter Gigi")],
                70,
            ),
            p(
                Ahli,
                "III/b",
                "XI",
                "drg.",
                "Sp.Ort",
                &[
                    ("S1", "Pendidikan Dokter Gigi"),
                    ("Profesi", "Dokter Gigi"),
                    ("Sp-1", "Ortodonsia"),
                ],
                15,
            ),
            p(
                Ahli,
                "III/b",
                "X",
                "drg.",
                "M.Kes.",
                &[
                    ("S1", "Pendidikan Dokter Gigi"),
                    ("Profesi", "Dokter Gigi"),
                    ("S2", "Ilmu Kesehatan Masyarakat"),
                ],
                15,
            ),
        ],
        pelatihan: &["Pelatihan Pengendalian Infeksi di Pelayanan Kesehatan Gigi"],
    },
    Jf {
        nama: "Perawat",
        kesehatan: true,
        profil: &[
            p(
                Ahli,
                "III/a",
                "IX",
                "Ns.",
                "S.Kep.",
                &[("S1", "Ilmu Keperawatan"), ("Profesi", "Ners")],
                40,
            ),
            p(
                Ahli,
                "III/a",
                "IX",
                "Ns.",
                "S.Kep., M.Kep.",
                &[
                    ("S1", "Ilmu Keperawatan"),
                    ("Profesi", "Ners"),
                    ("S2", "Ilmu Keperawatan"),
                ],
                8,
            ),
            p(
                Terampil,
                "II/c",
                "VII",
                "",
                "A.Md.Kep.",
                &[("D3", "Keperawatan")],
                52,
            ),
        ],
        pelatihan: &[
            "Pelatihan Basic Trauma Cardiac Life Support (BTCLS)",
            "Pelatihan Perawat Intensive Care Unit (ICU)",
            "Pelatihan Pencegahan dan Pengendalian Infeksi (PPI) Dasar",
        ],
    },
    Jf {
        nama: "Bidan",
        kesehatan: true,
        profil: &[
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.Tr.Keb.",
                &[("D4", "Kebidanan")],
                30,
            ),
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.Keb., Bd.",
                &[("S1", "Kebidanan"), ("Profesi", "Bidan")],
                20,
            ),
            p(
                Terampil,
                "II/c",
                "VII",
                "",
                "A.Md.Keb.",
                &[("D3", "Kebidanan")],
                50,
            ),
        ],
        pelatihan: &[
            "Pelatihan Asuhan Persalinan Normal (APN)",
            "Pelatihan Pelayanan Obstetri Neonatal Emergensi Dasar (PONED)",
        ],
    },
    Jf {
        nama: "Apoteker",
        kesehatan: true,
        profil: &[
            p(
                Ahli,
                "III/b",
                "X",
                "apt.",
                "S.Farm.",
                &[("S1", "Farmasi"), ("Profesi", "Apoteker")],
                70,
            ),
            p(
                Ahli,
                "III/b",
                "X",
                "apt.",
                "S.Farm., M.Farm.",
                &[
                    ("S1", "Farmasi"),
                    ("Profesi", "Apoteker"),
                    ("S2", "Farmasi Klinik"),
                ],
                30,
            ),
        ],
        pelatihan: &[
            "Pelatihan Pelayanan Farmasi Klinik",
            "Pelatihan Pengelolaan Obat dan Perbekalan Kesehatan",
        ],
    },
    Jf {
        nama: "Asisten Apoteker",
        kesehatan: true,
        profil: &[p(
            Terampil,
            "II/c",
            "VII",
            "",
            "A.Md.Farm.",
            &[("D3", "Farmasi")],
            100,
        )],
        pelatihan: &["Pelatihan Pengelolaan Obat dan Perbekalan Kesehatan"],
    },
    Jf {
        nama: "Pranata Laboratorium Kesehatan",
        kesehatan: true,
        profil: &[
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.Tr.Kes.",
                &[("D4", "Teknologi Laboratorium Medis")],
                35,
            ),
            p(Ahli, "III/a", "IX", "", "S.Si.", &[("S1", "Biologi")], 15),
            p(
                Terampil,
                "II/c",
                "VII",
                "",
                "A.Md.AK.",
                &[("D3", "Analis Kesehatan")],
                50,
            ),
        ],
        pelatihan: &[
            "Pelatihan Pemantapan Mutu Laboratorium",
            "Pelatihan Biosafety dan Biosecurity Laboratorium",
            "Pelatihan Pemeriksaan PCR",
        ],
    },
    Jf {
        nama: "Nutrisionis",
        kesehatan: true,
        profil: &[
            p(Ahli, "III/a", "IX", "", "S.Gz.", &[("S1", "Ilmu Gizi")], 50),
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.Gz., M.Gizi",
                &[("S1", "Ilmu Gizi"), ("S2", "Ilmu Gizi")],
                10,
            ),
            p(
                Terampil,
                "II/c",
                "VII",
                "",
                "A.Md.Gz.",
                &[("D3", "Gizi")],
                40,
            ),
        ],
        pelatihan: &[
            "Pelatihan Tata Laksana Gizi Buruk",
            "Pelatihan Konseling Menyusui",
        ],
    },
    Jf {
        nama: "Radiografer",
        kesehatan: true,
        profil: &[
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.Tr.Rad.",
                &[("D4", "Radiologi Pencitraan")],
                45,
            ),
            p(
                Terampil,
                "II/c",
                "VII",
                "",
                "A.Md.Rad.",
                &[("D3", "Radiodiagnostik dan Radioterapi")],
                55,
            ),
        ],
        pelatihan: &["Pelatihan Proteksi Radiasi"],
    },
    Jf {
        nama: "Fisioterapis",
        kesehatan: true,
        profil: &[
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.Ft., Ftr.",
                &[("S1", "Fisioterapi"), ("Profesi", "Fisioterapis")],
                40,
            ),
            p(
                Terampil,
                "II/c",
                "VII",
                "",
                "A.Md.Ftr.",
                &[("D3", "Fisioterapi")],
                60,
            ),
        ],
        pelatihan: &["Pelatihan Fisioterapi Kardiorespirasi"],
    },
    Jf {
        nama: "Teknisi Elektromedis",
        kesehatan: true,
        profil: &[
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.Tr.T.",
                &[("D4", "Teknologi Rekayasa Elektromedis")],
                40,
            ),
            p(
                Terampil,
                "II/c",
                "VII",
                "",
                "A.Md.T.",
                &[("D3", "Teknik Elektromedik")],
                60,
            ),
        ],
        pelatihan: &[
            "Pelatihan Kalibrasi Alat Kesehatan",
            "Pelatihan Pemeliharaan Alat Kesehatan",
        ],
    },
    Jf {
        nama: "Epidemiolog Kesehatan",
        kesehatan: true,
        profil: &[
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.KM.",
                &[("S1", "Kesehatan Masyarakat")],
                45,
            ),
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.KM., M.Epid.",
                &[("S1", "Kesehatan Masyarakat"), ("S2", "Epidemiologi")],
                40,
            ),
            p(
                Ahli,
                "III/b",
                "X",
                "dr.",
                "M.Epid.",
                &[DOKTER_S1, DOKTER_PROF, ("S2", "Epidemiologi")],
                15,
            ),
        ],
        pelatihan: &[
            "Pelatihan Field Epidemiology Training Program (FETP) Frontline",
            "Pelatihan Penyelidikan Epidemiologi Kejadian Luar Biasa",
            "Pelatihan Surveilans Berbasis Kejadian",
        ],
    },
    Jf {
        nama: "Entomolog Kesehatan",
        kesehatan: true,
        profil: &[
            p(Ahli, "III/a", "IX", "", "S.Si.", &[("S1", "Biologi")], 60),
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.Si., M.Sc.",
                &[("S1", "Biologi"), ("S2", "Entomologi Kesehatan")],
                40,
            ),
        ],
        pelatihan: &["Pelatihan Surveilans Vektor dan Binatang Pembawa Penyakit"],
    },
    Jf {
        nama: "Tenaga Sanitasi Lingkungan",
        kesehatan: true,
        profil: &[
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.KM.",
                &[("S1", "Kesehatan Lingkungan")],
                45,
            ),
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.Tr.Kes.",
                &[("D4", "Sanitasi Lingkungan")],
                15,
            ),
            p(
                Terampil,
                "II/c",
                "VII",
                "",
                "A.Md.KL.",
                &[("D3", "Sanitasi")],
                40,
            ),
        ],
        pelatihan: &[
            "Pelatihan Inspeksi Kesehatan Lingkungan",
            "Pelatihan Pengelolaan Limbah Medis",
        ],
    },
    Jf {
        nama: "Penyuluh Kesehatan Masyarakat",
        kesehatan: true,
        profil: &[
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.KM.",
                &[("S1", "Promosi Kesehatan")],
                70,
            ),
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.KM., M.Kes.",
                &[("S1", "Promosi Kesehatan"), ("S2", "Promosi Kesehatan")],
                30,
            ),
        ],
        pelatihan: &[
            "Pelatihan Komunikasi Perubahan Perilaku",
            "Pelatihan Pemberdayaan Masyarakat Bidang Kesehatan",
        ],
    },
    Jf {
        nama: "Administrator Kesehatan",
        kesehatan: true,
        profil: &[
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.KM.",
                &[("S1", "Kesehatan Masyarakat")],
                40,
            ),
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.KM., M.K.M.",
                &[
                    ("S1", "Kesehatan Masyarakat"),
                    ("S2", "Kesehatan Masyarakat"),
                ],
                30,
            ),
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.KM., MARS",
                &[
                    ("S1", "Kesehatan Masyarakat"),
                    ("S2", "Administrasi Rumah Sakit"),
                ],
                15,
            ),
            p(
                Ahli,
                "III/b",
                "X",
                "dr.",
                "M.K.M.",
                &[DOKTER_S1, DOKTER_PROF, ("S2", "Kesehatan Masyarakat")],
                15,
            ),
        ],
        pelatihan: &[
            "Pelatihan Manajemen Puskesmas",
            "Pelatihan Akreditasi Fasilitas Pelayanan Kesehatan",
            "Pelatihan Manajemen Risiko Klinis",
        ],
    },
    Jf {
        nama: "Analis Kepegawaian",
        kesehatan: false,
        profil: &[
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.Psi.",
                &[("S1", "Psikologi")],
                25,
            ),
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.Sos.",
                &[("S1", "Ilmu Administrasi Negara")],
                25,
            ),
            p(Ahli, "III/a", "IX", "", "S.H.", &[("S1", "Ilmu Hukum")], 15),
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.A.P., M.Si.",
                &[("S1", "Administrasi Publik"), ("S2", "Ilmu Administrasi")],
                20,
            ),
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.Psi., M.Psi.",
                &[
                    ("S1", "Psikologi"),
                    ("S2", "Psikologi Industri dan Organisasi"),
                ],
                15,
            ),
        ],
        pelatihan: &[
            "Pelatihan Manajemen ASN dan Sistem Merit",
            "Pelatihan Analisis Jabatan dan Beban Kerja",
            "Pelatihan Penilaian Kompetensi (Assessment Center)",
        ],
    },
    Jf {
        nama: "Perencana",
        kesehatan: false,
        profil: &[
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.E., M.M.",
                &[("S1", "Manajemen"), ("S2", "Manajemen")],
                30,
            ),
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.KM., M.Kes.",
                &[
                    ("S1", "Kesehatan Masyarakat"),
                    ("S2", "Ilmu Kesehatan Masyarakat"),
                ],
                30,
            ),
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.T., M.T.",
                &[
                    ("S1", "Teknik Industri"),
                    ("S2", "Perencanaan Wilayah dan Kota"),
                ],
                15,
            ),
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.E.",
                &[("S1", "Ilmu Ekonomi")],
                25,
            ),
        ],
        pelatihan: &[
            "Pelatihan Perencanaan dan Penganggaran Berbasis Kinerja",
            "Pelatihan Penyusunan Rencana Strategis",
        ],
    },
    Jf {
        nama: "Pranata Komputer",
        kesehatan: false,
        profil: &[
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.Kom.",
                &[("S1", "Teknik Informatika")],
                45,
            ),
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.Kom., M.T.I.",
                &[("S1", "Sistem Informasi"), ("S2", "Teknologi Informasi")],
                15,
            ),
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.T.",
                &[("S1", "Teknik Elektro")],
                10,
            ),
            p(
                Terampil,
                "II/c",
                "VII",
                "",
                "A.Md.Kom.",
                &[("D3", "Manajemen Informatika")],
                30,
            ),
        ],
        pelatihan: &[
            "Pelatihan Keamanan Siber untuk Instansi Pemerintah",
            "Pelatihan Arsitektur SPBE",
            "Pelatihan Analitik Data Kesehatan",
        ],
    },
    Jf {
        nama: "Statistisi",
        kesehatan: false,
        profil: &[
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.Stat.",
                &[("S1", "Statistika")],
                70,
            ),
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.Si., M.Stat.",
                &[("S1", "Statistika"), ("S2", "Statistika Terapan")],
                30,
            ),
        ],
        pelatihan: &["Pelatihan Analisis Data Statistik Kesehatan"],
    },
    Jf {
        nama: "Auditor",
        kesehatan: false,
        profil: &[
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.E., Ak.",
                &[("S1", "Akuntansi"), ("Profesi", "Akuntansi")],
                35,
            ),
            p(Ahli, "III/a", "IX", "", "S.Ak.", &[("S1", "Akuntansi")], 30),
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.E., M.Ak.",
                &[("S1", "Akuntansi"), ("S2", "Akuntansi")],
                20,
            ),
            p(Ahli, "III/a", "IX", "", "S.H.", &[("S1", "Ilmu Hukum")], 10),
            p(
                Terampil,
                "II/c",
                "VII",
                "",
                "A.Md.Ak.",
                &[("D3", "Akuntansi")],
                5,
            ),
        ],
        pelatihan: &[
            "Pelatihan Sertifikasi Jabatan Fungsional Auditor",
            "Pelatihan Audit Berbasis Risiko",
            "Pelatihan Audit Investigatif",
        ],
    },
    Jf {
        nama: "Pranata Hubungan Masyarakat",
        kesehatan: false,
        profil: &[
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.I.Kom.",
                &[("S1", "Ilmu Komunikasi")],
                60,
            ),
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.Sos., M.I.Kom.",
                &[("S1", "Ilmu Komunikasi"), ("S2", "Ilmu Komunikasi")],
                20,
            ),
            p(
                Terampil,
                "II/c",
                "VII",
                "",
                "A.Md.I.Kom.",
                &[("D3", "Penyiaran")],
                20,
            ),
        ],
        pelatihan: &[
            "Pelatihan Komunikasi Risiko Kesehatan",
            "Pelatihan Pengelolaan Media Sosial Instansi",
        ],
    },
    Jf {
        nama: "Analis Kebijakan",
        kesehatan: false,
        profil: &[
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.KM., M.P.H.",
                &[
                    ("S1", "Kesehatan Masyarakat"),
                    ("S2", "Kebijakan Kesehatan"),
                ],
                30,
            ),
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.E., M.Ec.Dev.",
                &[("S1", "Ilmu Ekonomi"), ("S2", "Ekonomi Pembangunan")],
                20,
            ),
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.Sos., M.A.P.",
                &[
                    ("S1", "Ilmu Administrasi Negara"),
                    ("S2", "Administrasi Publik"),
                ],
                25,
            ),
            p(
                Ahli,
                "III/b",
                "X",
                "dr.",
                "M.P.H.",
                &[
                    DOKTER_S1,
                    DOKTER_PROF,
                    ("S2", "Kebijakan dan Manajemen Kesehatan"),
                ],
                15,
            ),
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.KM., M.Kes., Ph.D.",
                &[
                    ("S1", "Kesehatan Masyarakat"),
                    ("S2", "Ilmu Kesehatan Masyarakat"),
                    ("S3", "Health Policy"),
                ],
                10,
            ),
        ],
        pelatihan: &[
            "Pelatihan Analisis Kebijakan Berbasis Bukti",
            "Pelatihan Penulisan Policy Brief",
        ],
    },
    Jf {
        nama: "Perancang Peraturan Perundang-undangan",
        kesehatan: false,
        profil: &[
            p(Ahli, "III/a", "IX", "", "S.H.", &[("S1", "Ilmu Hukum")], 50),
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.H., M.H.",
                &[("S1", "Ilmu Hukum"), ("S2", "Ilmu Hukum")],
                50,
            ),
        ],
        pelatihan: &[
            "Pelatihan Legal Drafting",
            "Pelatihan Harmonisasi Peraturan Perundang-undangan",
        ],
    },
    Jf {
        nama: "Analis Hukum",
        kesehatan: false,
        profil: &[
            p(Ahli, "III/a", "IX", "", "S.H.", &[("S1", "Ilmu Hukum")], 60),
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.H., M.H.",
                &[("S1", "Ilmu Hukum"), ("S2", "Hukum Kesehatan")],
                40,
            ),
        ],
        pelatihan: &["Pelatihan Analisis dan Evaluasi Hukum"],
    },
    Jf {
        nama: "Analis Pengelolaan Keuangan APBN",
        kesehatan: false,
        profil: &[
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.E.",
                &[("S1", "Manajemen Keuangan")],
                40,
            ),
            p(Ahli, "III/a", "IX", "", "S.Ak.", &[("S1", "Akuntansi")], 35),
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.E., M.Ak.",
                &[("S1", "Akuntansi"), ("S2", "Akuntansi")],
                25,
            ),
        ],
        pelatihan: &[
            "Pelatihan Pengelolaan Keuangan Negara",
            "Pelatihan Sistem Akuntansi Instansi Berbasis Akrual",
        ],
    },
    Jf {
        nama: "Arsiparis",
        kesehatan: false,
        profil: &[
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.Hum.",
                &[("S1", "Ilmu Perpustakaan dan Kearsipan")],
                40,
            ),
            p(
                Terampil,
                "II/c",
                "VII",
                "",
                "A.Md.Ars.",
                &[("D3", "Kearsipan")],
                60,
            ),
        ],
        pelatihan: &["Pelatihan Pengelolaan Arsip Dinamis"],
    },
    Jf {
        nama: "Pengelola Pengadaan Barang/Jasa",
        kesehatan: false,
        profil: &[
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.T.",
                &[("S1", "Teknik Sipil")],
                40,
            ),
            p(Ahli, "III/a", "IX", "", "S.E.", &[("S1", "Manajemen")], 60),
        ],
        pelatihan: &["Pelatihan Pengadaan Barang/Jasa Pemerintah Tingkat Dasar"],
    },
    Jf {
        nama: "Widyaiswara",
        kesehatan: true,
        profil: &[
            p(
                Ahli,
                "III/a",
                "IX",
                "",
                "S.KM., M.Kes.",
                &[
                    ("S1", "Kesehatan Masyarakat"),
                    ("S2", "Ilmu Kesehatan Masyarakat"),
                ],
                50,
            ),
            p(
                Ahli,
                "III/b",
                "X",
                "dr.",
                "M.Kes.",
                &[DOKTER_S1, DOKTER_PROF, ("S2", "Pendidikan Kedokteran")],
                20,
            ),
            p(
                Ahli,
                "III/a",
                "IX",
                "Ns.",
                "S.Kep., M.Kep.",
                &[
                    ("S1", "Ilmu Keperawatan"),
                    ("Profesi", "Ners"),
                    ("S2", "Ilmu Keperawatan"),
                ],
                30,
            ),
        ],
        pelatihan: &[
            "Pelatihan Training of Trainers (TOT)",
            "Pelatihan Desain Pembelajaran Jarak Jauh",
        ],
    },
    Jf {
        nama: "Dosen",
        kesehatan: true,
        profil: &[
            p(
                Dosen,
                "III/b",
                "X",
                "Ns.",
                "S.Kep., M.Kep.",
                &[
                    ("S1", "Ilmu Keperawatan"),
                    ("Profesi", "Ners"),
                    ("S2", "Ilmu Keperawatan"),
                ],
                30,
            ),
            p(
                Dosen,
                "III/b",
                "X",
                "",
                "S.ST., M.Keb.",
                &[("D4", "Kebidanan"), ("S2", "Kebidanan")],
                20,
            ),
            p(
                Dosen,
                "III/b",
                "X",
                "",
                "S.Gz., M.Gizi",
                &[("S1", "Ilmu Gizi"), ("S2", "Ilmu Gizi")],
                15,
            ),
            p(
                Dosen,
                "III/b",
                "X",
                "apt.",
                "S.Farm., M.Farm.",
                &[
                    ("S1", "Farmasi"),
                    ("Profesi", "Apoteker"),
                    ("S2", "Ilmu Farmasi"),
                ],
                10,
            ),
            p(
                Dosen,
                "III/b",
                "X",
                "",
                "S.KM., M.Kes.",
                &[
                    ("S1", "Kesehatan Masyarakat"),
                    ("S2", "Ilmu Kesehatan Masyarakat"),
                ],
                15,
            ),
            p(
                Dosen,
                "III/b",
                "X",
                "",
                "S.Si., M.Biomed.",
                &[("S1", "Biologi"), ("S2", "Ilmu Biomedik")],
                10,
            ),
        ],
        pelatihan: &[
            "Pelatihan Pekerti (Peningkatan Keterampilan Dasar Teknik Instruksional)",
            "Pelatihan Applied Approach",
            "Pelatihan Metodologi Penelitian Kesehatan",
        ],
    },
    Jf {
        nama: "Pranata Laboratorium Pendidikan",
        kesehatan: false,
        profil: &[
            p(Ahli, "III/a", "IX", "", "S.Si.", &[("S1", "Kimia")], 40),
            p(
                Terampil,
                "II/c",
                "VII",
                "",
                "A.Md.",
                &[("D3", "Analis Kimia")],
                60,
            ),
        ],
        pelatihan: &["Pelatihan Pengelolaan Laboratorium Pendidikan"],
    },
    Jf {
        nama: "Pelaksana",
        kesehatan: false,
        profil: &[
            p(Pelaksana, "II/a", "V", "", "", &[], 38),
            p(
                Pelaksana,
                "II/c",
                "VII",
                "",
                "A.Md.",
                &[("D3", "Administrasi Perkantoran")],
                24,
            ),
            p(
                Pelaksana,
                "III/a",
                "IX",
                "",
                "S.E.",
                &[("S1", "Manajemen")],
                20,
            ),
            p(
                Pelaksana,
                "III/a",
                "IX",
                "",
                "S.Sos.",
                &[("S1", "Ilmu Administrasi Negara")],
                18,
            ),
        ],
        pelatihan: &[
            "Pelatihan Pelayanan Prima",
            "Pelatihan Tata Naskah Dinas",
            "Pelatihan Pengelolaan Barang Milik Negara",
        ],
    },
];

/// Pelaksana position titles by entry education (PermenPANRB 45/2024 nomenclature).
pub fn pelaksana_titles(gol_awal: &str) -> &'static [&'static str] {
    match gol_awal {
        "II/a" => &[
            "Operator Layanan Operasional",
            "Pengadministrasi Perkantoran",
            "Operator Layanan Kesehatan",
        ],
        "II/c" => &[
            "Pengolah Data dan Informasi",
            "Pengelola Layanan Operasional",
            "Pengelola Layanan Kesehatan",
        ],
        _ => &[
            "Penata Layanan Operasional",
            "Penelaah Teknis Kebijakan",
            "Pengelola Keuangan",
        ],
    }
}

/// The family with this name.
pub fn jf(nama: &str) -> &'static Jf {
    JF.iter()
        .find(|j| j.nama == nama)
        .unwrap_or(&JF[JF.len() - 1])
}

/// Which families a kind of unit employs, with weights.
pub fn staf_mix(staf: Staf) -> &'static [(&'static str, u32)] {
    use Staf::*;
    match staf {
        Umum => &[
            ("Pelaksana", 45),
            ("Analis Pengelolaan Keuangan APBN", 12),
            ("Pranata Komputer", 8),
            ("Perencana", 8),
            ("Analis Kepegawaian", 7),
            ("Pengelola Pengadaan Barang/Jasa", 6),
            ("Arsiparis", 6),
            ("Administrator Kesehatan", 8),
        ],
        Perencanaan => &[
            ("Perencana", 50),
            ("Pelaksana", 25),
            ("Analis Pengelolaan Keuangan APBN", 15),
            ("Statistisi", 10),
        ],
        Keuangan => &[
            ("Analis Pengelolaan Keuangan APBN", 55),
            ("Pelaksana", 35),
            ("Pranata Komputer", 10),
        ],
        Sdm => &[
            ("Analis Kepegawaian", 55),
            ("Pelaksana", 30),
            ("Perencana", 10),
            ("Arsiparis", 5),
        ],
        Hukum => &[
            ("Perancang Peraturan Perundang-undangan", 40),
            ("Analis Hukum", 30),
            ("Pelaksana", 30),
        ],
        Humas => &[
            ("Pranata Hubungan Masyarakat", 55),
            ("Pelaksana", 25),
            ("Pranata Komputer", 20),
        ],
        Ti => &[
            ("Pranata Komputer", 65),
            ("Statistisi", 10),
            ("Pelaksana", 25),
        ],
        Audit => &[("Auditor", 75), ("Pelaksana", 25)],
        Kesmas => &[
            ("Administrator Kesehatan", 25),
            ("Epidemiolog Kesehatan", 10),
            ("Nutrisionis", 15),
            ("Bidan", 10),
            ("Dokter", 10),
            ("Penyuluh Kesehatan Masyarakat", 10),
            ("Pelaksana", 20),
        ],
        Kesling => &[
            ("Tenaga Sanitasi Lingkungan", 45),
            ("Entomolog Kesehatan", 15),
            ("Epidemiolog Kesehatan", 10),
            ("Pelaksana", 30),
        ],
        Promkes => &[
            ("Penyuluh Kesehatan Masyarakat", 55),
            ("Administrator Kesehatan", 15),
            ("Pranata Hubungan Masyarakat", 10),
            ("Pelaksana", 20),
        ],
        Yankes => &[
            ("Administrator Kesehatan", 35),
            ("Dokter", 20),
            ("Perawat", 15),
            ("Pelaksana", 30),
        ],
        Surveilans => &[
            ("Epidemiolog Kesehatan", 45),
            ("Entomolog Kesehatan", 10),
            ("Dokter", 15),
            ("Administrator Kesehatan", 10),
            ("Pelaksana", 20),
        ],
        Karantina => &[
            ("Epidemiolog Kesehatan", 20),
            ("Dokter", 15),
            ("Perawat", 20),
            ("Tenaga Sanitasi Lingkungan", 20),
            ("Entomolog Kesehatan", 5),
            ("Pelaksana", 20),
        ],
        Lab => &[
            ("Pranata Laboratorium Kesehatan", 60),
            ("Tenaga Sanitasi Lingkungan", 10),
            ("Entomolog Kesehatan", 5),
            ("Pelaksana", 25),
        ],
        Farmasi => &[
            ("Apoteker", 50),
            ("Asisten Apoteker", 15),
            ("Administrator Kesehatan", 10),
            ("Pelaksana", 25),
        ],
        Alkes => &[
            ("Teknisi Elektromedis", 30),
            ("Apoteker", 20),
            ("Administrator Kesehatan", 20),
            ("Pelaksana", 30),
        ],
        Pendidikan => &[
            ("Dosen", 60),
            ("Pranata Laboratorium Pendidikan", 15),
            ("Pelaksana", 25),
        ],
        Pelatihan => &[
            ("Widyaiswara", 50),
            ("Pelaksana", 35),
            ("Pranata Komputer", 15),
        ],
        Kebijakan => &[
            ("Analis Kebijakan", 60),
            ("Perencana", 15),
            ("Pelaksana", 25),
        ],
        Medis => &[
            ("Dokter Spesialis", 55),
            ("Dokter", 25),
            ("Dokter Gigi", 8),
            ("Perawat", 7),
            ("Pelaksana", 5),
        ],
        Keperawatan => &[("Perawat", 76), ("Bidan", 20), ("Pelaksana", 4)],
        Penunjang => &[
            ("Apoteker", 14),
            ("Asisten Apoteker", 14),
            ("Pranata Laboratorium Kesehatan", 24),
            ("Radiografer", 14),
            ("Nutrisionis", 14),
            ("Fisioterapis", 10),
            ("Teknisi Elektromedis", 6),
            ("Pelaksana", 4),
        ],
        UmumRs => &[
            ("Pelaksana", 45),
            ("Analis Kepegawaian", 10),
            ("Analis Pengelolaan Keuangan APBN", 15),
            ("Pranata Komputer", 10),
            ("Perencana", 5),
            ("Administrator Kesehatan", 15),
        ],
        Krisis => &[
            ("Administrator Kesehatan", 30),
            ("Dokter", 15),
            ("Perawat", 15),
            ("Epidemiolog Kesehatan", 10),
            ("Pelaksana", 30),
        ],
    }
}

/// The families a head of such a unit typically comes from.
pub fn pimpinan_mix(staf: Staf) -> &'static [(&'static str, u32)] {
    use Staf::*;
    match staf {
        Medis | Keperawatan | Penunjang | UmumRs => &[
            ("Dokter Spesialis", 45),
            ("Dokter", 35),
            ("Administrator Kesehatan", 20),
        ],
        Audit => &[("Auditor", 100)],
        Sdm => &[("Analis Kepegawaian", 100)],
        Hukum => &[
            ("Perancang Peraturan Perundang-undangan", 60),
            ("Analis Hukum", 40),
        ],
        Humas => &[("Pranata Hubungan Masyarakat", 100)],
        Ti => &[("Pranata Komputer", 100)],
        Keuangan => &[("Analis Pengelolaan Keuangan APBN", 100)],
        Perencanaan => &[("Perencana", 100)],
        Farmasi | Alkes => &[("Apoteker", 100)],
        Pendidikan => &[("Dosen", 100)],
        Lab => &[
            ("Dokter Spesialis", 30),
            ("Pranata Laboratorium Kesehatan", 70),
        ],
        Kebijakan => &[("Analis Kebijakan", 70), ("Dokter", 30)],
        Umum => &[
            ("Administrator Kesehatan", 50),
            ("Perencana", 25),
            ("Dokter", 25),
        ],
        _ => &[
            ("Dokter", 50),
            ("Epidemiolog Kesehatan", 20),
            ("Administrator Kesehatan", 30),
        ],
    }
}

/// The position title: family + level (`Perawat Ahli Muda`, `Dosen Lektor`, `Pelaksana`
/// titles are chosen separately).
pub fn judul(jf: &Jf, kat: Kat, jenjang: &str) -> String {
    let family = if jf.nama == "Dokter Spesialis" {
        "Dokter"
    } else {
        jf.nama
    };
    match kat {
        Dosen => {
            let level = match jenjang {
                "ahli-pertama" => "Asisten Ahli",
                "ahli-muda" => "Lektor",
                "ahli-madya" => "Lektor Kepala",
                _ => "Profesor",
            };
            format!("Dosen {level}")
        }
        _ => format!(
            "{family} {}",
            crate::domain::reference::jenjang_nama(jenjang).unwrap_or("")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::reference;

    #[test]
    fn catalogue_is_consistent() {
        for j in JF {
            assert!(
                !j.profil.is_empty() && !j.pelatihan.is_empty(),
                "{}",
                j.nama
            );
            for p in j.profil {
                assert!(reference::golongan(p.gol_awal).is_some(), "{}", j.nama);
                assert!(reference::is_pppk_grade(p.pppk), "{}", j.nama);
            }
        }
        for staf in [
            Staf::Umum,
            Staf::Medis,
            Staf::Pendidikan,
            Staf::Krisis,
            Staf::Penunjang,
        ] {
            for (name, _) in staf_mix(staf).iter().chain(pimpinan_mix(staf)) {
                assert_eq!(jf(name).nama, *name);
            }
        }
        assert_eq!(
            judul(jf("Perawat"), Kat::Terampil, "mahir"),
            "Perawat Mahir"
        );
        assert_eq!(
            judul(jf("Dokter Spesialis"), Kat::Ahli, "ahli-madya"),
            "Dokter Ahli Madya"
        );
        assert_eq!(judul(jf("Dosen"), Kat::Dosen, "ahli-muda"), "Dosen Lektor");
    }
}
