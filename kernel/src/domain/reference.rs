//! Civil-service reference data as constants: the 17 golongan with their pangkat titles,
//! the PPPK grades, position types (jenis jabatan) and levels (jenjang) with credit-point
//! coefficients, the credit-point rules of PermenPANRB 1/2023, and the competency
//! dictionary of PermenPANRB 38/2017 (8 managerial competencies plus Perekat Bangsa,
//! each with behaviour descriptions for levels 1–5).
//!
//! These constants are the source of truth for `db::reference::seed`, which copies them
//! into the reference tables; the lookups here need no database.

/// One PNS rank grade (golongan/ruang) and its title (pangkat).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Golongan {
    /// Code as written on decrees, e.g. `III/a`.
    pub kode: &'static str,
    /// Order 1 (I/a) … 17 (IV/e).
    pub ruang_ke: i64,
    /// Rank title, e.g. `Penata Muda`.
    pub pangkat: &'static str,
}

/// The 17 PNS golongan in order, I/a … IV/e.
#[rustfmt::skip]
pub const GOLONGAN: [Golongan; 17] = [
    Golongan { kode: "I/a", ruang_ke: 1, pangkat: "Juru Muda" },
    Golongan { kode: "I/b", ruang_ke: 2, pangkat: "Juru Muda Tingkat I" },
    Golongan { kode: "I/c", ruang_ke: 3, pangkat: "Juru" },
    Golongan { kode: "I/d", ruang_ke: 4, pangkat: "Juru Tingkat I" },
    Golongan { kode: "II/a", ruang_ke: 5, pangkat: "Pengatur Muda" },
    Golongan { kode: "II/b", ruang_ke: 6, pangkat: "Pengatur Muda Tingkat I" },
    Golongan { kode: "II/c", ruang_ke: 7, pangkat: "Pengatur" },
    Golongan { kode: "II/d", ruang_ke: 8, pangkat: "Pengatur Tingkat I" },
    Golongan { kode: "III/a", ruang_ke: 9, pangkat: "Penata Muda" },
    Golongan { kode: "III/b", ruang_ke: 10, pangkat: "Penata Muda Tingkat I" },
    Golongan { kode: "III/c", ruang_ke: 11, pangkat: "Penata" },
    Golongan { kode: "III/d", ruang_ke: 12, pangkat: "Penata Tingkat I" },
    Golongan { kode: "IV/a", ruang_ke: 13, pangkat: "Pembina" },
    Golongan { kode: "IV/b", ruang_ke: 14, pangkat: "Pembina Tingkat I" },
    Golongan { kode: "IV/c", ruang_ke: 15, pangkat: "Pembina Utama Muda" },
    Golongan { kode: "IV/d", ruang_ke: 16, pangkat: "Pembina Utama Madya" },
    Golongan { kode: "IV/e", ruang_ke: 17, pangkat: "Pembina Utama" },
];

/// PPPK grades (golongan PPPK) I … XVII, in order.
#[rustfmt::skip]
pub const PPPK_GRADES: [&str; 17] = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
    "XVI", "XVII",
];

/// The golongan with this code (exact match, e.g. `III/a`).
pub fn golongan(kode: &str) -> Option<&'static Golongan> {
    GOLONGAN.iter().find(|g| g.kode == kode)
}

/// The pangkat title of a PNS golongan, e.g. `Penata Muda` for `III/a`.
pub fn pangkat(kode: &str) -> Option<&'static str> {
    golongan(kode).map(|g| g.pangkat)
}

/// Order 1..=17 of a PNS golongan.
pub fn ruang_ke(kode: &str) -> Option<i64> {
    golongan(kode).map(|g| g.ruang_ke)
}

/// The golongan at order `ruang_ke` (1..=17).
pub fn golongan_by_order(ruang_ke: i64) -> Option<&'static Golongan> {
    GOLONGAN.iter().find(|g| g.ruang_ke == ruang_ke)
}

/// Whether `kode` is a PPPK grade (`I` … `XVII`).
pub fn is_pppk_grade(kode: &str) -> bool {
    PPPK_GRADES.contains(&kode)
}

/// Order 1..=17 of a PPPK grade.
pub fn pppk_grade_order(kode: &str) -> Option<i64> {
    PPPK_GRADES
        .iter()
        .position(|g| *g == kode)
        .map(|i| i as i64 + 1)
}

/// A position type (jenis jabatan).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JenisJabatan {
    /// Code: `struktural`, `fungsional`, `pelaksana`.
    pub kode: &'static str,
    /// Display name.
    pub nama: &'static str,
}

/// The three position types.
#[rustfmt::skip]
pub const JENIS_JABATAN: [JenisJabatan; 3] = [
    JenisJabatan { kode: "struktural", nama: "Jabatan Struktural (Pimpinan Tinggi dan Administrasi)" },
    JenisJabatan { kode: "fungsional", nama: "Jabatan Fungsional" },
    JenisJabatan { kode: "pelaksana", nama: "Jabatan Pelaksana" },
];

/// Whether `kode` is a known position type.
pub fn is_jenis_jabatan(kode: &str) -> bool {
    JENIS_JABATAN.iter().any(|j| j.kode == kode)
}

/// Functional-position category, which decides the credit-point thresholds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kategori {
    /// Not a functional level.
    None,
    /// Keahlian (expert): Ahli Pertama … Ahli Utama.
    Keahlian,
    /// Keterampilan (skilled): Pemula … Penyelia.
    Keterampilan,
}

/// A position level (jenjang jabatan).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Jenjang {
    /// Code, e.g. `ahli-muda`.
    pub kode: &'static str,
    /// Position type the level belongs to.
    pub jenis_jabatan: &'static str,
    /// Display name, e.g. `Ahli Muda`.
    pub nama: &'static str,
    /// Order within its type (1 = lowest).
    pub urutan: i64,
    /// Annual credit coefficient (functional levels only), decimal text.
    pub koefisien_ak: Option<&'static str>,
    /// Functional category.
    pub kategori: Kategori,
}

/// Every position level. Struktural: JPT Utama/Madya/Pratama, Administrator, Pengawas;
/// Pelaksana; Fungsional keahlian and keterampilan with their credit coefficients.
#[rustfmt::skip]
pub const JENJANG: [Jenjang; 14] = [
    Jenjang { kode: "jpt-utama", jenis_jabatan: "struktural", nama: "Jabatan Pimpinan Tinggi Utama", urutan: 5, koefisien_ak: None, kategori: Kategori::None },
    Jenjang { kode: "jpt-madya", jenis_jabatan: "struktural", nama: "Jabatan Pimpinan Tinggi Madya", urutan: 4, koefisien_ak: None, kategori: Kategori::None },
    Jenjang { kode: "jpt-pratama", jenis_jabatan: "struktural", nama: "Jabatan Pimpinan Tinggi Pratama", urutan: 3, koefisien_ak: None, kategori: Kategori::None },
    Jenjang { kode: "administrator", jenis_jabatan: "struktural", nama: "Administrator", urutan: 2, koefisien_ak: None, kategori: Kategori::None },
    Jenjang { kode: "pengawas", jenis_jabatan: "struktural", nama: "Pengawas", urutan: 1, koefisien_ak: None, kategori: Kategori::None },
    Jenjang { kode: "pelaksana", jenis_jabatan: "pelaksana", nama: "Pelaksana", urutan: 1, koefisien_ak: None, kategori: Kategori::None },
    Jenjang { kode: "ahli-pertama", jenis_jabatan: "fungsional", nama: "Ahli Pertama", urutan: 5, koefisien_ak: Some("12.5"), kategori: Kategori::Keahlian },
    Jenjang { kode: "ahli-muda", jenis_jabatan: "fungsional", nama: "Ahli Muda", urutan: 6, koefisien_ak: Some("25"), kategori: Kategori::Keahlian },
    Jenjang { kode: "ahli-madya", jenis_jabatan: "fungsional", nama: "Ahli Madya", urutan: 7, koefisien_ak: Some("37.5"), kategori: Kategori::Keahlian },
    Jenjang { kode: "ahli-utama", jenis_jabatan: "fungsional", nama: "Ahli Utama", urutan: 8, koefisien_ak: Some("50"), kategori: Kategori::Keahlian },
    Jenjang { kode: "pemula", jenis_jabatan: "fungsional", nama: "Pemula", urutan: 1, koefisien_ak: Some("3.75"), kategori: Kategori::Keterampilan },
    Jenjang { kode: "terampil", jenis_jabatan: "fungsional", nama: "Terampil", urutan: 2, koefisien_ak: Some("5"), kategori: Kategori::Keterampilan },
    Jenjang { kode: "mahir", jenis_jabatan: "fungsional", nama: "Mahir", urutan: 3, koefisien_ak: Some("12.5"), kategori: Kategori::Keterampilan },
    Jenjang { kode: "penyelia", jenis_jabatan: "fungsional", nama: "Penyelia", urutan: 4, koefisien_ak: Some("25"), kategori: Kategori::Keterampilan },
];

/// The position level with this code.
pub fn jenjang(kode: &str) -> Option<&'static Jenjang> {
    JENJANG.iter().find(|j| j.kode == kode)
}

/// The display name of a position level, e.g. `Ahli Muda`.
pub fn jenjang_nama(kode: &str) -> Option<&'static str> {
    jenjang(kode).map(|j| j.nama)
}

/// Whether `jenjang` is a valid level for the position type `jenis`.
pub fn jenjang_valid_for(jenis: &str, jenjang_kode: &str) -> bool {
    jenjang(jenjang_kode).is_some_and(|j| j.jenis_jabatan == jenis)
}

/// The next functional level in the same category (`ahli-pertama` → `ahli-muda`).
pub fn jenjang_berikutnya(kode: &str) -> Option<&'static Jenjang> {
    let j = jenjang(kode)?;
    if j.kategori == Kategori::None {
        return None;
    }
    JENJANG
        .iter()
        .find(|n| n.kategori == j.kategori && n.urutan == j.urutan + 1)
}

/// A performance rating (predikat kinerja) and its percentage for credit points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Predikat {
    /// Name as written, e.g. `Baik`.
    pub nama: &'static str,
    /// Percentage applied to the coefficient.
    pub persen: i64,
}

/// The five ratings of PermenPANRB 1/2023, best first.
#[rustfmt::skip]
pub const PREDIKAT: [Predikat; 5] = [
    Predikat { nama: "Sangat Baik", persen: 150 },
    Predikat { nama: "Baik", persen: 100 },
    Predikat { nama: "Butuh Perbaikan", persen: 75 },
    Predikat { nama: "Kurang", persen: 50 },
    Predikat { nama: "Sangat Kurang", persen: 25 },
];

/// The percentage of a rating name.
pub fn predikat_persen(nama: &str) -> Option<i64> {
    PREDIKAT.iter().find(|p| p.nama == nama).map(|p| p.persen)
}

/// The annual coefficient of a functional level in thousandths (Ahli Pertama → 12_500).
pub fn koefisien_milli(jenjang_kode: &str) -> Option<i64> {
    jenjang(jenjang_kode)?.koefisien_ak.and_then(parse_milli)
}

/// Parses a decimal like `12.5` or `2.083` into thousandths.
pub fn parse_milli(s: &str) -> Option<i64> {
    let s = s.trim();
    let (neg, s) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    if int.is_empty()
        || frac.len() > 3
        || !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let mut v: i64 = int.parse().ok()?;
    let mut f = frac.to_string();
    while f.len() < 3 {
        f.push('0');
    }
    v = v.checked_mul(1000)?.checked_add(f.parse::<i64>().ok()?)?;
    Some(if neg { -v } else { v })
}

/// Formats thousandths as a decimal with three places: 2083 → `2.083`.
pub fn format_milli(v: i64) -> String {
    let sign = if v < 0 { "-" } else { "" };
    let a = v.abs();
    format!("{sign}{}.{:03}", a / 1000, a % 1000)
}

/// Credit earned (thousandths, rounded half up) for `bulan` months (1–12) at level
/// `jenjang_kode` with rating `predikat`: months/12 × rating % × coefficient.
/// Example: 2 months Baik as Ahli Pertama = 2/12 × 100 % × 12.5 = 2.083.
pub fn angka_kredit_milli(jenjang_kode: &str, predikat: &str, bulan: i64) -> Option<i64> {
    if !(0..=12).contains(&bulan) {
        return None;
    }
    let koef = koefisien_milli(jenjang_kode)?;
    let persen = predikat_persen(predikat)?;
    // koef (milli) × persen/100 × bulan/12, rounded half up.
    let num = koef * persen * bulan;
    let den = 100 * 12;
    Some((num + den / 2) / den)
}

/// Cumulative credit (whole points) needed for the next pangkat from golongan `gol`
/// at functional level `jenjang_kode`, per PermenPANRB 1/2023; `None` when the level is
/// not functional or the table has no entry (top of the range).
pub fn kebutuhan_ak_pangkat(jenjang_kode: &str, gol: &str) -> Option<i64> {
    let j = jenjang(jenjang_kode)?;
    let r = ruang_ke(gol)?;
    match j.kategori {
        Kategori::Keahlian => match r {
            9..=10 => Some(50),
            11..=12 => Some(100),
            13..=15 => Some(150),
            16..=17 => Some(200),
            _ => None,
        },
        Kategori::Keterampilan => match r {
            5 => Some(15),
            6..=8 => Some(20),
            9..=10 => Some(50),
            11 => Some(100),
            _ => None,
        },
        Kategori::None => None,
    }
}

/// Cumulative credit (whole points) needed for the next functional level.
pub fn kebutuhan_ak_jenjang(jenjang_kode: &str) -> Option<i64> {
    match jenjang_kode {
        "ahli-pertama" => Some(100),
        "ahli-muda" => Some(200),
        "ahli-madya" => Some(450),
        "pemula" => Some(15),
        "terampil" => Some(60),
        "mahir" => Some(100),
        _ => None,
    }
}

/// Typical entry golongan by education level (`SD`, `SLTP`, `SLTA`, `D1`, `D3`, `D4`, `S1`,
/// `S2`, `S3`).
pub fn golongan_awal(pendidikan: &str) -> Option<&'static str> {
    match pendidikan {
        "SD" => Some("I/a"),
        "SLTP" => Some("I/c"),
        "SLTA" | "D1" => Some("II/a"),
        "D3" => Some("II/c"),
        "S1" | "D4" => Some("III/a"),
        "S2" => Some("III/b"),
        "S3" => Some("III/c"),
        _ => None,
    }
}

/// Competency group (kelompok) codes as stored.
pub mod kelompok {
    /// Managerial competencies.
    pub const MANAJERIAL: &str = "manajerial";
    /// Socio-cultural competency.
    pub const SOSIAL_KULTURAL: &str = "sosial-kultural";
    /// Technical (position-specific) competencies.
    pub const TEKNIS: &str = "teknis";
}

/// One competency of the dictionary, with behaviour descriptions per level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KompetensiDef {
    /// Code, e.g. `integritas`.
    pub kode: &'static str,
    /// Name, e.g. `Integritas`.
    pub nama: &'static str,
    /// `manajerial` or `sosial-kultural`.
    pub kelompok: &'static str,
    /// Definition.
    pub deskripsi: &'static str,
    /// Short behaviour description of levels 1..=5 (index 0 = level 1).
    pub level: [&'static str; 5],
}

/// The competency dictionary: 8 managerial competencies and Perekat Bangsa
/// (after PermenPANRB 38/2017).
pub const KOMPETENSI: [KompetensiDef; 9] = [
    KompetensiDef {
        kode: "integritas",
        nama: "Integritas",
        kelompok: kelompok::MANAJERIAL,
        deskripsi: "Konsisten berperilaku selaras dengan nilai, norma, dan etika organisasi, jujur \
                    dalam hubungan dengan atasan, rekan kerja, bawahan, dan pemangku kepentingan, \
                    serta menciptakan budaya etika tinggi.",
        level: [
            "Bertindak sesuai nilai, norma, dan etika organisasi dalam kapasitas pribadi.",
            "Mengingatkan dan mengajak rekan kerja untuk bertindak sesuai nilai, norma, dan etika organisasi.",
            "Memastikan dan menanamkan keyakinan bersama agar anggota yang dipimpin bertindak sesuai nilai, norma, dan etika organisasi.",
            "Menciptakan situasi kerja yang membuat rekan kerja dan bawahan patuh pada nilai, norma, dan etika organisasi.",
            "Menjadi teladan dalam penerapan standar keadilan dan etika di tingkat nasional.",
        ],
    },
    KompetensiDef {
        kode: "kerja-sama",
        nama: "Kerja Sama",
        kelompok: kelompok::MANAJERIAL,
        deskripsi: "Membangun tim kerja yang efektif dan menjalin kerja sama yang konstruktif \
                    lintas unit kerja dan instansi untuk mencapai tujuan organisasi.",
        level: [
            "Berpartisipasi sebagai anggota tim yang baik, menyelesaikan bagiannya, dan mendukung keputusan tim.",
            "Menumbuhkan tim kerja yang partisipatif dan efektif.",
            "Membangun tim kerja yang efektif untuk meningkatkan kinerja organisasi.",
            "Membangun komitmen yang tinggi untuk menyelesaikan tugas tim.",
            "Menciptakan hubungan kerja sama yang konstruktif lintas unit kerja dan instansi.",
        ],
    },
    KompetensiDef {
        kode: "komunikasi",
        nama: "Komunikasi",
        kelompok: kelompok::MANAJERIAL,
        deskripsi: "Menerangkan pandangan dan gagasan secara jelas, sistematis, dan meyakinkan, \
                    secara lisan maupun tertulis, serta mendengarkan dengan aktif.",
        level: [
            "Menyampaikan informasi dengan jelas, lengkap, dan menghasilkan pemahaman yang sama.",
            "Aktif berkomunikasi secara formal dan informal, mendengarkan, dan menyusun bahan presentasi atau laporan.",
            "Berkomunikasi secara asertif untuk menyampaikan informasi yang sensitif, rumit, atau kompleks.",
            "Mengemukakan pemikiran multidimensi untuk mendorong kesepakatan demi kinerja organisasi.",
            "Menggagas sistem komunikasi yang terbuka secara strategis untuk mencari solusi.",
        ],
    },
    KompetensiDef {
        kode: "orientasi-pada-hasil",
        nama: "Orientasi pada Hasil",
        kelompok: kelompok::MANAJERIAL,
        deskripsi: "Mempertahankan komitmen pribadi yang tinggi untuk menyelesaikan tugas dengan \
                    dapat diandalkan, bertanggung jawab, dan melampaui standar.",
        level: [
            "Bertanggung jawab untuk memenuhi standar kerja.",
            "Berupaya meningkatkan hasil kerja pribadi di atas standar dan mencoba metode alternatif.",
            "Menetapkan target kerja yang menantang bagi unit kerja serta memberi apresiasi dan teguran.",
            "Mendorong unit kerja mencapai atau melampaui target yang ditetapkan.",
            "Menciptakan iklim yang mendorong seluruh organisasi mencapai target secara konsisten.",
        ],
    },
    KompetensiDef {
        kode: "pelayanan-publik",
        nama: "Pelayanan Publik",
        kelompok: kelompok::MANAJERIAL,
        deskripsi: "Melaksanakan tugas pemerintahan, pembangunan, dan pelayanan publik secara \
                    profesional, transparan, netral, dan mengikuti standar pelayanan.",
        level: [
            "Menjalankan tugas mengikuti standar pelayanan.",
            "Mengawasi dan menjelaskan proses pelayanan publik secara transparan.",
            "Memanfaatkan kekuatan kelompok untuk memperbaiki standar pelayanan di unit kerja.",
            "Mengantisipasi dampak isu jangka panjang terhadap pelayanan pemangku kepentingan.",
            "Memastikan kebijakan pelayanan publik yang objektif, netral, dan tidak diskriminatif.",
        ],
    },
    KompetensiDef {
        kode: "pengembangan-diri",
        nama: "Pengembangan Diri dan Orang Lain",
        kelompok: kelompok::MANAJERIAL,
        deskripsi: "Meningkatkan pengetahuan dan kemampuan diri serta orang lain melalui \
                    pembelajaran, umpan balik, dan pengembangan yang berkelanjutan.",
        level: [
            "Mengembangkan diri sesuai kebutuhan jabatan.",
            "Memberi contoh dan penjelasan cara melaksanakan pekerjaan kepada rekan atau bawahan.",
            "Memberi umpan balik dan membimbing pengembangan orang lain.",
            "Menyusun program pengembangan jangka panjang untuk manajemen pembelajaran.",
            "Menciptakan budaya belajar berkelanjutan di seluruh organisasi.",
        ],
    },
    KompetensiDef {
        kode: "mengelola-perubahan",
        nama: "Mengelola Perubahan",
        kelompok: kelompok::MANAJERIAL,
        deskripsi: "Menyesuaikan diri dengan situasi baru, serta memimpin dan mendorong \
                    perubahan untuk mendukung tujuan organisasi.",
        level: [
            "Menyadari pentingnya perubahan dan menyesuaikan diri dengannya.",
            "Proaktif beradaptasi mengikuti perubahan.",
            "Membantu orang lain mengikuti perubahan dan mengantisipasinya secara tepat.",
            "Memimpin perubahan pada unit kerja.",
            "Mengelola perubahan secara strategis untuk mencapai tujuan organisasi.",
        ],
    },
    KompetensiDef {
        kode: "pengambilan-keputusan",
        nama: "Pengambilan Keputusan",
        kelompok: kelompok::MANAJERIAL,
        deskripsi: "Menguraikan masalah, mempertimbangkan alternatif dan risikonya, lalu \
                    mengambil keputusan yang tepat, cepat, dan dapat dipertanggungjawabkan.",
        level: [
            "Mengumpulkan informasi untuk bertindak sesuai kewenangan.",
            "Menganalisis masalah secara mendalam.",
            "Membandingkan alternatif dan menyeimbangkan risiko dalam implementasi.",
            "Menyelesaikan masalah berisiko tinggi dan menyiapkan mitigasinya.",
            "Mengambil keputusan strategis jangka panjang yang berdampak nasional.",
        ],
    },
    KompetensiDef {
        kode: "perekat-bangsa",
        nama: "Perekat Bangsa",
        kelompok: kelompok::SOSIAL_KULTURAL,
        deskripsi: "Mempromosikan sikap toleransi, keterbukaan, dan peka terhadap perbedaan \
                    individu dan kelompok masyarakat; menjadi perekat bangsa dalam tugas.",
        level: [
            "Peka memahami dan menerima kemajemukan.",
            "Aktif mengembangkan sikap saling menghargai serta menekankan persamaan dan persatuan.",
            "Mempromosikan dan mengembangkan sikap toleransi dan persatuan.",
            "Mendayagunakan perbedaan secara konstruktif dan kreatif untuk efektivitas organisasi.",
            "Menjadi wakil pemerintah dalam membangun hubungan sosial psikologis di masyarakat.",
        ],
    },
];

/// The competency with this code.
pub fn kompetensi(kode: &str) -> Option<&'static KompetensiDef> {
    KOMPETENSI.iter().find(|k| k.kode == kode)
}

/// Default required level (1–5) of the managerial and socio-cultural competencies for a
/// position level; agencies may override these in their own reference data.
pub fn standar_level(jenjang_kode: &str) -> i64 {
    match jenjang_kode {
        "jpt-utama" => 5,
        "jpt-madya" => 5,
        "jpt-pratama" => 4,
        "administrator" | "ahli-utama" => 4,
        "pengawas" | "ahli-madya" => 3,
        "ahli-muda" | "penyelia" | "mahir" => 2,
        "ahli-pertama" | "terampil" => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn golongan_table_is_complete_and_ordered() {
        assert_eq!(GOLONGAN.len(), 17);
        for (i, g) in GOLONGAN.iter().enumerate() {
            assert_eq!(g.ruang_ke, i as i64 + 1);
        }
        assert_eq!(pangkat("III/a"), Some("Penata Muda"));
        assert_eq!(pangkat("IV/a"), Some("Pembina"));
        assert_eq!(pangkat("IV/e"), Some("Pembina Utama"));
        assert_eq!(pangkat("I/e"), None);
        assert_eq!(golongan_by_order(12).map(|g| g.kode), Some("III/d"));
        assert!(is_pppk_grade("IX") && is_pppk_grade("XVII") && !is_pppk_grade("XVIII"));
        assert_eq!(pppk_grade_order("IX"), Some(9));
    }

    #[test]
    fn jenjang_belongs_to_its_type() {
        assert!(jenjang_valid_for("fungsional", "ahli-muda"));
        assert!(jenjang_valid_for("struktural", "pengawas"));
        assert!(jenjang_valid_for("pelaksana", "pelaksana"));
        assert!(!jenjang_valid_for("struktural", "ahli-muda"));
        assert!(!jenjang_valid_for("fungsional", "bogus"));
        assert_eq!(jenjang_nama("ahli-pertama"), Some("Ahli Pertama"));
        assert_eq!(
            jenjang_berikutnya("ahli-pertama").map(|j| j.kode),
            Some("ahli-muda")
        );
        assert_eq!(
            jenjang_berikutnya("mahir").map(|j| j.kode),
            Some("penyelia")
        );
        assert_eq!(jenjang_berikutnya("ahli-utama"), None);
        assert_eq!(jenjang_berikutnya("pengawas"), None);
        for j in JENJANG {
            assert!(is_jenis_jabatan(j.jenis_jabatan));
            assert_eq!(j.koefisien_ak.is_some(), j.kategori != Kategori::None);
        }
    }

    #[test]
    fn credit_points_follow_the_formula() {
        // The DOMAIN.md example: 2 months Baik as Ahli Pertama = 2.08.
        assert_eq!(angka_kredit_milli("ahli-pertama", "Baik", 2), Some(2083));
        assert_eq!(angka_kredit_milli("ahli-pertama", "Baik", 12), Some(12_500));
        assert_eq!(
            angka_kredit_milli("ahli-muda", "Sangat Baik", 12),
            Some(37_500)
        );
        assert_eq!(
            angka_kredit_milli("terampil", "Butuh Perbaikan", 12),
            Some(3750)
        );
        assert_eq!(angka_kredit_milli("pemula", "Sangat Kurang", 6), Some(469));
        assert_eq!(angka_kredit_milli("pengawas", "Baik", 12), None);
        assert_eq!(angka_kredit_milli("ahli-muda", "Luar Biasa", 12), None);
        assert_eq!(angka_kredit_milli("ahli-muda", "Baik", 13), None);
        assert_eq!(format_milli(2083), "2.083");
        assert_eq!(format_milli(12_500), "12.500");
        assert_eq!(format_milli(-5), "-0.005");
        assert_eq!(parse_milli("12.5"), Some(12_500));
        assert_eq!(parse_milli("3.75"), Some(3750));
        assert_eq!(parse_milli("2.083"), Some(2083));
        assert_eq!(parse_milli("1.2345"), None);
        assert_eq!(parse_milli("x"), None);
        assert_eq!(kebutuhan_ak_pangkat("ahli-pertama", "III/a"), Some(50));
        assert_eq!(kebutuhan_ak_pangkat("ahli-madya", "IV/b"), Some(150));
        assert_eq!(kebutuhan_ak_pangkat("terampil", "II/c"), Some(20));
        assert_eq!(kebutuhan_ak_pangkat("pelaksana", "II/c"), None);
        assert_eq!(kebutuhan_ak_jenjang("ahli-madya"), Some(450));
        assert_eq!(kebutuhan_ak_jenjang("ahli-utama"), None);
    }

    #[test]
    fn competency_dictionary_is_complete() {
        assert_eq!(KOMPETENSI.len(), 9);
        let manajerial = KOMPETENSI
            .iter()
            .filter(|k| k.kelompok == kelompok::MANAJERIAL)
            .count();
        assert_eq!(manajerial, 8);
        assert_eq!(
            kompetensi("perekat-bangsa").map(|k| k.kelompok),
            Some("sosial-kultural")
        );
        for k in KOMPETENSI {
            assert!(!k.deskripsi.is_empty());
            assert!(k.level.iter().all(|l| !l.is_empty()));
        }
        assert_eq!(golongan_awal("S1"), Some("III/a"));
        assert_eq!(golongan_awal("D3"), Some("II/c"));
        assert!(standar_level("jpt-madya") > standar_level("pelaksana"));
    }
}
