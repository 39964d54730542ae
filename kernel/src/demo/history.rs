//! Demo history sections for a generated person: family, rank and position history (from
//! the career), education, work teams, awards, competency development (with JP), activities
//! and assignments, and — for functional positions — annual credit points computed with
//! PermenPANRB 1/2023's formula (rating % × coefficient, pro rata for partial years).

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sqlx::AnyConnection;

use super::jabatan::Kat;
use super::names;
use super::people::{Person, Ymd, ymd};
use crate::db::history::{
    self, AngkaKredit, Keluarga, Pendidikan, PengembanganKompetensi, Penghargaan, Penugasan,
    RiwayatGolongan, RiwayatJabatan, TimKerja,
};
use crate::domain::reference;

/// History rows of many people, ready for batched inserts.
#[derive(Debug, Default)]
pub struct Batch {
    /// Family.
    pub keluarga: Vec<(String, Keluarga)>,
    /// Rank history.
    pub golongan: Vec<(String, RiwayatGolongan)>,
    /// Position history.
    pub jabatan: Vec<(String, RiwayatJabatan)>,
    /// Education.
    pub pendidikan: Vec<(String, Pendidikan)>,
    /// Work teams.
    pub tim_kerja: Vec<(String, TimKerja)>,
    /// Awards.
    pub penghargaan: Vec<(String, Penghargaan)>,
    /// Competency development.
    pub pengembangan: Vec<(String, PengembanganKompetensi)>,
    /// Activities and assignments.
    pub penugasan: Vec<(String, Penugasan)>,
    /// Credit points.
    pub angka_kredit: Vec<(String, AngkaKredit)>,
}

impl Batch {
    /// Number of rows held.
    pub fn len(&self) -> usize {
        self.keluarga.len()
            + self.golongan.len()
            + self.jabatan.len()
            + self.pendidikan.len()
            + self.tim_kerja.len()
            + self.penghargaan.len()
            + self.pengembangan.len()
            + self.penugasan.len()
            + self.angka_kredit.len()
    }

    /// Whether nothing is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Inserts everything held, then empties the batch; returns the rows written.
    pub async fn flush(&mut self, conn: &mut AnyConnection) -> sqlx::Result<u64> {
        let mut n = 0;
        n += history::insert_batch(conn, &self.keluarga).await?;
        n += history::insert_batch(conn, &self.golongan).await?;
        n += history::insert_batch(conn, &self.jabatan).await?;
        n += history::insert_batch(conn, &self.pendidikan).await?;
        n += history::insert_batch(conn, &self.tim_kerja).await?;
        n += history::insert_batch(conn, &self.penghargaan).await?;
        n += history::insert_batch(conn, &self.pengembangan).await?;
        n += history::insert_batch(conn, &self.penugasan).await?;
        n += history::insert_batch(conn, &self.angka_kredit).await?;
        *self = Batch::default();
        Ok(n)
    }
}

fn pick<'a>(rng: &mut impl Rng, list: &[&'a str]) -> &'a str {
    list[rng.random_range(0..list.len())]
}

fn weighted<T: Copy>(rng: &mut impl Rng, items: &[(T, u32)]) -> T {
    let total: u32 = items.iter().map(|(_, w)| *w).sum();
    let mut x = rng.random_range(0..total.max(1));
    for (t, w) in items {
        if x < *w {
            return *t;
        }
        x -= *w;
    }
    items[items.len() - 1].0
}

/// A date a few weeks before `d` (decree dates precede the TMT).
fn before(rng: &mut impl Rng, d: Ymd) -> Ymd {
    let back = rng.random_range(1..=2);
    if d.1 > back {
        (d.0, d.1 - back, rng.random_range(1..=28))
    } else {
        (d.0 - 1, d.1 + 12 - back, rng.random_range(1..=28))
    }
}

/// A date `days` (≤ 27) after a day-≤-28 date, staying in its month when possible.
fn plus_days(d: Ymd, days: u32) -> Ymd {
    let day = d.2 + days;
    if day <= 28 {
        (d.0, d.1, day)
    } else if d.1 == 12 {
        (d.0 + 1, 1, day - 28)
    } else {
        (d.0, d.1 + 1, day - 28)
    }
}

const PENYELENGGARA: &[&str] = &[
    "Balai Besar Pelatihan Kesehatan Jakarta",
    "Bapelkes Cikarang",
    "Balai Besar Pelatihan Kesehatan Ciloto",
    "Bapelkes Semarang",
    "Balai Besar Pelatihan Kesehatan Makassar",
];
const UMUM: &[(&str, &str, i64)] = &[
    (
        "Pelatihan Pencegahan dan Pengendalian Infeksi (PPI) Dasar",
        "e-learning",
        24,
    ),
    (
        "Seminar Nasional Transformasi Sistem Kesehatan",
        "seminar",
        8,
    ),
    (
        "Webinar Keamanan Informasi dan Pelindungan Data Pribadi",
        "seminar",
        3,
    ),
    ("Workshop Manajemen Risiko Sektor Publik", "workshop", 16),
    ("Pelatihan Penulisan Karya Tulis Ilmiah", "pelatihan", 30),
    ("Pelatihan Budaya Kerja BerAKHLAK", "e-learning", 20),
    ("Pelatihan Literasi Digital ASN", "e-learning", 12),
    ("Pelatihan Antikorupsi bagi ASN", "e-learning", 16),
];
const TIM: &[&str] = &[
    "Tim Kerja Transformasi Layanan Primer",
    "Tim Percepatan Penurunan Stunting",
    "Tim Pembangunan Zona Integritas WBK/WBBM",
    "Tim Penyusun Laporan Kinerja (LAKIP)",
    "Tim Pengelola Sistem Pemerintahan Berbasis Elektronik",
    "Tim Manajemen Risiko",
    "Tim Penanganan Pengaduan Masyarakat",
    "Tim Penyusun Rencana Strategis",
    "Tim Pengendalian Gratifikasi",
    "Tim Satu Data Kesehatan",
];
const TIM_RS: &[&str] = &[
    "Komite Pencegahan dan Pengendalian Infeksi",
    "Tim Akreditasi Rumah Sakit",
    "Komite Mutu dan Keselamatan Pasien",
    "Tim Code Blue",
    "Tim Penanggulangan Bencana Rumah Sakit",
];
const TUGAS: &[(&str, &str, u32)] = &[
    (
        "Petugas Penyelenggara Ibadah Haji (PPIH) Arab Saudi Bidang Kesehatan",
        "Tenaga Kesehatan",
        3,
    ),
    (
        "Tim Flying Health Care ke Kabupaten Asmat",
        "Anggota Tim",
        1,
    ),
    ("Narasumber Rapat Kerja Kesehatan Nasional", "Narasumber", 0),
    (
        "Tim Tanggap Darurat Bencana Gempa Cianjur",
        "Anggota Tim",
        1,
    ),
    ("Pendampingan Akreditasi Puskesmas", "Pendamping", 2),
    (
        "Panitia Seleksi Terbuka Jabatan Pimpinan Tinggi Pratama",
        "Sekretariat",
        2,
    ),
    (
        "Tim Verifikasi Usulan Dana Alokasi Khusus Bidang Kesehatan",
        "Verifikator",
        1,
    ),
    (
        "Detasering Tenaga Kesehatan ke RSUD Daerah Terpencil",
        "Tenaga Kesehatan",
        6,
    ),
];
const KERJA_PASANGAN: &[(&str, u32)] = &[
    ("Wiraswasta", 20),
    ("Karyawan Swasta", 25),
    ("Guru", 12),
    ("PNS", 15),
    ("Dosen", 5),
    ("Perawat", 6),
    ("TNI", 3),
    ("Polri", 3),
    ("Pedagang", 6),
    ("Bidan", 5),
];

/// Appends every section of `p` to `out`, using its own random stream (so history never
/// changes the people generated).
pub fn append(seed: u64, year: i32, p: &Person, out: &mut Batch) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5EED_0F41_5700_0000);
    rng.set_stream(p.index as u64);
    let rng = &mut rng;
    let e = &p.employee;
    let c = &p.career;
    let nip = e.nip.clone();
    let age = year - c.lahir.0;
    let is_account = p.account.is_some();

    // Family.
    let married = age >= 25 && (is_account || rng.random_bool(if age >= 30 { 0.88 } else { 0.5 }));
    let family_name = names::nama_keluarga(c.suku, &e.nama);
    if married {
        let spouse_jk = if e.jenis_kelamin == "L" { "P" } else { "L" };
        let spouse_suku = if rng.random_bool(0.8) {
            c.suku
        } else {
            names::suku_for(rng, names::Wilayah::Jakarta)
        };
        let spouse = names::nama(rng, spouse_suku, spouse_jk);
        let spouse_born = (
            c.lahir.0 + rng.random_range(-5..=4),
            rng.random_range(1..=12),
            rng.random_range(1..=28),
        );
        let job = if spouse_jk == "P" && rng.random_bool(0.3) {
            "Ibu Rumah Tangga"
        } else {
            weighted(rng, KERJA_PASANGAN)
        };
        let father_family = if e.jenis_kelamin == "L" {
            family_name.clone()
        } else {
            names::nama_keluarga(spouse_suku, &spouse)
        };
        out.keluarga.push((
            nip.clone(),
            Keluarga {
                id: 0,
                hubungan: if spouse_jk == "P" { "istri" } else { "suami" }.into(),
                nama: spouse,
                tanggal_lahir: Some(ymd(spouse_born)),
                pekerjaan: job.into(),
            },
        ));
        let kids = if is_account {
            2
        } else {
            weighted(rng, &[(0usize, 10), (1, 25), (2, 40), (3, 25)])
        };
        let mut born = c.lahir.0 + rng.random_range(26..=31);
        for k in 1..=kids {
            if born >= year {
                break;
            }
            let jk = if rng.random_bool(0.5) { "L" } else { "P" };
            let kid_age = year - born;
            let job = match kid_age {
                ..=5 => "Belum sekolah",
                6..=17 => "Pelajar",
                18..=22 => "Mahasiswa",
                _ => pick(rng, &["Karyawan Swasta", "PNS", "Wiraswasta", "Perawat"]),
            };
            out.keluarga.push((
                nip.clone(),
                Keluarga {
                    id: 0,
                    hubungan: "anak".into(),
                    nama: names::nama_anak(rng, c.suku, jk, k, father_family.as_deref()),
                    tanggal_lahir: Some(ymd((
                        born,
                        rng.random_range(1..=12),
                        rng.random_range(1..=28),
                    ))),
                    pekerjaan: job.into(),
                },
            ));
            born += rng.random_range(2..=4);
        }
    }
    if is_account || rng.random_bool(0.4) {
        let father_born = c.lahir.0 - rng.random_range(25..=35);
        let mut ayah = names::nama(rng, c.suku, "L");
        if let Some(f) = &family_name {
            let given = ayah.split(' ').next().unwrap_or("Yohanes").to_string();
            ayah = format!("{given} {f}");
        }
        if year - father_born < 90 {
            out.keluarga.push((
                nip.clone(),
                Keluarga {
                    id: 0,
                    hubungan: "ayah".into(),
                    nama: ayah,
                    tanggal_lahir: Some(ymd((
                        father_born,
                        rng.random_range(1..=12),
                        rng.random_range(1..=28),
                    ))),
                    pekerjaan: pick(
                        rng,
                        &["Pensiunan PNS", "Petani", "Wiraswasta", "Guru", "Pedagang"],
                    )
                    .into(),
                },
            ));
            out.keluarga.push((
                nip.clone(),
                Keluarga {
                    id: 0,
                    hubungan: "ibu".into(),
                    nama: names::nama(rng, c.suku, "P"),
                    tanggal_lahir: Some(ymd((
                        father_born + rng.random_range(1..=6),
                        rng.random_range(1..=12),
                        rng.random_range(1..=28),
                    ))),
                    pekerjaan: pick(
                        rng,
                        &["Ibu Rumah Tangga", "Pensiunan PNS", "Pedagang", "Guru"],
                    )
                    .into(),
                },
            ));
        }
    }

    // Rank and position history.
    for (g, tmt) in &c.golongan {
        let sk = before(rng, *tmt);
        let nomor = if c.pppk {
            format!("KP.01.02/A/{:04}/{}", rng.random_range(100..10_000), sk.0)
        } else {
            format!("KP.03.01/II/{:04}/{}", rng.random_range(100..10_000), sk.0)
        };
        out.golongan.push((
            nip.clone(),
            RiwayatGolongan {
                id: 0,
                golongan: g.clone(),
                tmt: ymd(*tmt),
                nomor_sk: nomor,
                tanggal_sk: Some(ymd(sk)),
            },
        ));
    }
    for j in &c.jabatan {
        let nomor = if j.jenis == "struktural" && j.jenjang.starts_with("jpt") {
            format!(
                "HK.01.07/MENKES/{}/{}",
                rng.random_range(100..3000),
                j.tmt.0
            )
        } else {
            format!("KP.03.03/{:04}/{}", rng.random_range(100..10_000), j.tmt.0)
        };
        out.jabatan.push((
            nip.clone(),
            RiwayatJabatan {
                id: 0,
                jabatan: j.jabatan.clone(),
                jenis_jabatan: j.jenis.to_string(),
                jenjang: j.jenjang.clone(),
                unit_nama: j.unit_nama.clone(),
                tmt: ymd(j.tmt),
                nomor_sk: nomor,
            },
        ));
    }
    for s in &c.pendidikan {
        out.pendidikan.push((
            nip.clone(),
            Pendidikan {
                id: 0,
                jenjang: s.jenjang.to_string(),
                jurusan: s.jurusan.clone(),
                institusi: s.institusi.clone(),
                tahun_lulus: i64::from(s.tahun),
            },
        ));
    }

    // Work teams.
    let in_hospital = e.unit_kode.contains(".RS");
    let teams = if is_account {
        2
    } else {
        rng.random_range(1..=3)
    };
    for _ in 0..teams {
        let nama_tim = if in_hospital && rng.random_bool(0.6) {
            pick(rng, TIM_RS)
        } else {
            pick(rng, TIM)
        };
        let peran = if c.pimpinan {
            pick(rng, &["Penanggung Jawab", "Ketua", "Pengarah"])
        } else {
            weighted(
                rng,
                &[
                    ("Anggota", 75),
                    ("Sekretaris", 12),
                    ("Ketua", 8),
                    ("Koordinator", 5),
                ],
            )
        };
        out.tim_kerja.push((
            nip.clone(),
            TimKerja {
                id: 0,
                nama_tim: nama_tim.into(),
                peran: peran.into(),
                tahun: i64::from(year - rng.random_range(1..=3)),
            },
        ));
    }

    // Awards.
    let service = year - c.mulai.0;
    if !c.pppk {
        for (years, label) in [(10, "X"), (20, "XX"), (30, "XXX")] {
            if service > years + 1 {
                out.penghargaan.push((
                    nip.clone(),
                    Penghargaan {
                        id: 0,
                        nama: format!("Satyalancana Karya Satya {label} Tahun"),
                        pemberi: "Presiden Republik Indonesia".into(),
                        tahun: i64::from(c.mulai.0 + years + rng.random_range(0..=1)),
                    },
                ));
            }
        }
    }
    if is_account || rng.random_bool(0.25) {
        let options: &[(&str, &str)] = &[
            ("Pegawai Teladan Tingkat Kementerian", "Menteri Kesehatan"),
            (
                "Penghargaan Inovasi Pelayanan Publik",
                "Sekretaris Jenderal Kementerian Kesehatan",
            ),
            (
                "Juara I Lomba Karya Tulis Ilmiah Kesehatan",
                "Badan Kebijakan Pembangunan Kesehatan",
            ),
            (
                "Piagam Penghargaan Penanganan Pandemi COVID-19",
                "Menteri Kesehatan",
            ),
        ];
        let (nama, pemberi) = if c.jf.kesehatan && rng.random_bool(0.3) {
            (
                "Tenaga Kesehatan Teladan Tingkat Nasional",
                "Menteri Kesehatan",
            )
        } else {
            options[rng.random_range(0..options.len())]
        };
        let tahun = if nama.contains("COVID") {
            rng.random_range(2021..=2022)
        } else {
            year - rng.random_range(1..=4)
        };
        out.penghargaan.push((
            nip.clone(),
            Penghargaan {
                id: 0,
                nama: nama.into(),
                pemberi: pemberi.into(),
                tahun: i64::from(tahun.max(c.mulai.0).min(year - 1)),
            },
        ));
    }

    // Competency development.
    let mut dev =
        |nama: String, bentuk: &str, jp: i64, penyelenggara: &str, start: Ymd, days: u32| {
            out.pengembangan.push((
                nip.clone(),
                PengembanganKompetensi {
                    id: 0,
                    nama_kegiatan: nama,
                    bentuk: bentuk.into(),
                    jp,
                    penyelenggara: penyelenggara.into(),
                    tanggal_mulai: ymd(start),
                    tanggal_selesai: ymd(plus_days(start, days)),
                },
            ));
        };
    if !c.pppk {
        let first = c.golongan.first().map(|g| g.0.as_str()).unwrap_or("III/a");
        let gol_group = if first.starts_with("III") {
            "III"
        } else {
            "II"
        };
        let start = (
            c.mulai.0,
            (c.mulai.1 + rng.random_range(2..=6)).min(12),
            rng.random_range(1..=10),
        );
        if c.mulai.0 >= 2018 {
            dev(
                format!("Pelatihan Dasar CPNS Golongan {gol_group}"),
                "pelatihan",
                238,
                pick(rng, PENYELENGGARA),
                start,
                27,
            );
        } else {
            dev(
                format!("Diklat Prajabatan Golongan {gol_group}"),
                "pelatihan",
                120,
                pick(rng, PENYELENGGARA),
                start,
                14,
            );
        }
    }
    for j in c.jabatan.iter().filter(|j| j.jenis == "struktural") {
        let (new, old, jp) = match j.jenjang.as_str() {
            "pengawas" => (
                "Pelatihan Kepemimpinan Pengawas (PKP)",
                "Diklat Kepemimpinan Tingkat IV",
                180,
            ),
            "administrator" => (
                "Pelatihan Kepemimpinan Administrator (PKA)",
                "Diklat Kepemimpinan Tingkat III",
                280,
            ),
            "jpt-pratama" => (
                "Pelatihan Kepemimpinan Nasional Tingkat II (PKN II)",
                "Diklat Kepemimpinan Tingkat II",
                360,
            ),
            _ => (
                "Pelatihan Kepemimpinan Nasional Tingkat I (PKN I)",
                "Diklat Kepemimpinan Tingkat I",
                400,
            ),
        };
        let y = (j.tmt.0 + 1).min(year - 1);
        dev(
            if y >= 2019 { new } else { old }.to_string(),
            "pelatihan",
            jp,
            "Lembaga Administrasi Negara",
            (y, rng.random_range(2..=10), rng.random_range(1..=10)),
            27,
        );
    }
    let recent_years: Vec<i32> = if c.pppk {
        vec![year - rng.random_range(1..=2)]
    } else {
        ((year - 3)..year).filter(|y| *y >= c.mulai.0).collect()
    };
    for y in recent_years {
        let n = if c.pppk { 1 } else { rng.random_range(1..=3) };
        let mut total = 0;
        for i in 0..n {
            let start = (y, rng.random_range(1..=11), rng.random_range(1..=20));
            if i == 0 && !c.jf.pelatihan.is_empty() && rng.random_bool(0.6) {
                let jp = if c.pppk {
                    24
                } else {
                    rng.random_range(3..=6) * 10
                };
                dev(
                    pick(rng, c.jf.pelatihan).to_string(),
                    "pelatihan",
                    jp,
                    pick(rng, PENYELENGGARA),
                    start,
                    5,
                );
                total += jp;
            } else if rng.random_bool(0.25) {
                let (nama, bentuk, jp) = if rng.random_bool(0.5) {
                    ("Coaching Kinerja oleh Atasan Langsung", "coaching", 10)
                } else {
                    (
                        "Mentoring Penyusunan Sasaran Kinerja Pegawai",
                        "mentoring",
                        8,
                    )
                };
                dev(nama.to_string(), bentuk, jp, "Unit Kerja", start, 20);
                total += jp;
            } else {
                let (nama, bentuk, jp) = UMUM[rng.random_range(0..UMUM.len())];
                let prov = if bentuk == "e-learning" {
                    "Plataran Sehat Kementerian Kesehatan"
                } else {
                    pick(rng, PENYELENGGARA)
                };
                // PPPK: at most 24 JP over the contract (one activity here).
                let jp = if c.pppk { jp.min(24) } else { jp };
                dev(
                    nama.to_string(),
                    bentuk,
                    jp,
                    prov,
                    start,
                    if bentuk == "seminar" { 1 } else { 4 },
                );
                total += jp;
            }
        }
        if !c.pppk && total < 20 {
            dev(
                "Pelatihan Budaya Kerja BerAKHLAK".into(),
                "e-learning",
                20,
                "Plataran Sehat Kementerian Kesehatan",
                (y, 12, 1),
                10,
            );
        }
    }

    // Activities and assignments.
    let tasks = if is_account || c.pimpinan {
        rng.random_range(1..=2)
    } else {
        weighted(rng, &[(0usize, 40), (1, 45), (2, 15)])
    };
    for _ in 0..tasks {
        let (nama, peran, months) = TUGAS[rng.random_range(0..TUGAS.len())];
        let y = year - rng.random_range(1..=4);
        let start = if nama.contains("Gempa Cianjur") {
            (2022, 11, rng.random_range(22..=28))
        } else if nama.contains("Haji") {
            (y, 5, rng.random_range(1..=20))
        } else {
            (y, rng.random_range(1..=11), rng.random_range(1..=28))
        };
        if start.0 < c.mulai.0 {
            continue;
        }
        let end = if months == 0 {
            Some(start)
        } else {
            let m = start.1 + months;
            Some(if m > 12 {
                (start.0 + 1, m - 12, start.2)
            } else {
                (start.0, m, start.2)
            })
        };
        out.penugasan.push((
            nip.clone(),
            Penugasan {
                id: 0,
                nama_kegiatan: nama.into(),
                peran: peran.into(),
                tanggal_mulai: ymd(start),
                tanggal_selesai: end.map(ymd),
                keterangan: format!(
                    "Surat Tugas Nomor PS.01.01/{}/{}/{}",
                    if c.pimpinan { "I" } else { "II" },
                    rng.random_range(100..9999),
                    start.0
                ),
            },
        ));
    }
    if rng.random_bool(0.15) || is_account {
        // An ongoing assignment, still open.
        out.penugasan.push((
            nip.clone(),
            Penugasan {
                id: 0,
                nama_kegiatan: "Tim Kerja Transformasi Sistem Kesehatan".into(),
                peran: "Anggota".into(),
                tanggal_mulai: ymd((year - 1, rng.random_range(1..=6), 1)),
                tanggal_selesai: None,
                keterangan: "Penugasan berjalan".into(),
            },
        ));
    }

    // Credit points: functional positions, one record per year in the current level.
    if e.jenis_jabatan == "fungsional"
        && matches!(c.kat, Some(Kat::Ahli | Kat::Terampil | Kat::Dosen))
    {
        let tmt = c.jabatan.last().map(|j| j.tmt).unwrap_or(c.mulai);
        let from = tmt.max(((year - 4).max(2022), 1, 1));
        for y in from.0..year {
            let start = if y == from.0 { from } else { (y, 1, 1) };
            let bulan = i64::from(13 - start.1);
            let predikat = weighted(
                rng,
                &[
                    ("Baik", 72),
                    ("Sangat Baik", 18),
                    ("Butuh Perbaikan", 8),
                    ("Kurang", 2),
                ],
            );
            if let Some(milli) = reference::angka_kredit_milli(&e.jenjang, predikat, bulan) {
                out.angka_kredit.push((
                    nip.clone(),
                    AngkaKredit {
                        id: 0,
                        periode_mulai: ymd((start.0, start.1, 1)),
                        periode_selesai: ymd((y, 12, 31)),
                        jenjang: e.jenjang.clone(),
                        predikat: predikat.into(),
                        nilai: reference::format_milli(milli),
                    },
                ));
            }
        }
    }
}
