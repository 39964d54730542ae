//! Generates the demo's people one by one, deterministically: person `i` depends only on
//! the seed, the calendar year and persons `0..i` (for unique NIPs and e-mails), so the
//! first N people are the same whatever total is asked for.
//!
//! Order: the heads of every unit (parents first) and the Minister's special advisers,
//! then the Anpeg, then the fixed demo people, then ordinary staff spread over the units
//! by weight. Each person gets a career consistent with their education and age: entry
//! golongan by education, a promotion every 4–5 years (faster for leaders), functional
//! levels following the golongan, a position history, and an education history.

use std::collections::HashMap;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::jabatan::{self, Jf, Kat, Profil};
use super::names::{self, Suku};
use super::org::{self, UnitSpec};
use crate::db::employees::{Employee, fold_name};
use crate::domain::reference;

/// A calendar date as (year, month, day); always valid (day ≤ 28 where generated).
pub type Ymd = (i32, u32, u32);

/// Formats a date as `YYYY-MM-DD`.
pub fn ymd(d: Ymd) -> String {
    format!("{:04}-{:02}-{:02}", d.0, d.1, d.2)
}

/// One position held.
#[derive(Debug, Clone)]
pub struct Posisi {
    /// Title.
    pub jabatan: String,
    /// `struktural` / `fungsional` / `pelaksana`.
    pub jenis: &'static str,
    /// Level code.
    pub jenjang: String,
    /// Unit name at the time.
    pub unit_nama: String,
    /// TMT.
    pub tmt: Ymd,
}

/// One completed education.
#[derive(Debug, Clone)]
pub struct Sekolah {
    /// `SLTA`, `D3`, `D4`, `S1`, `Profesi`, `Sp-1`, `S2`, `S3`.
    pub jenjang: &'static str,
    /// Major.
    pub jurusan: String,
    /// School.
    pub institusi: String,
    /// Graduation year.
    pub tahun: i32,
}

/// Everything the history generator needs to know about a person's career.
#[derive(Debug, Clone)]
pub struct Career {
    /// Naming tradition (for family members).
    pub suku: Suku,
    /// Position family (for trainings).
    pub jf: &'static Jf,
    /// Track of the current position (`None` for structural leaders).
    pub kat: Option<Kat>,
    /// Birth date.
    pub lahir: Ymd,
    /// TMT CPNS, or the PPPK appointment.
    pub mulai: Ymd,
    /// PPPK?
    pub pppk: bool,
    /// Rank history, oldest first: (golongan, TMT).
    pub golongan: Vec<(String, Ymd)>,
    /// Position history, oldest first.
    pub jabatan: Vec<Posisi>,
    /// Education, oldest first.
    pub pendidikan: Vec<Sekolah>,
    /// Heads a unit.
    pub pimpinan: bool,
}

/// A generated person.
#[derive(Debug, Clone)]
pub struct Person {
    /// Position in the generation order.
    pub index: usize,
    /// The current record.
    pub employee: Employee,
    /// The career behind it.
    pub career: Career,
    /// Units this person is Anpeg for.
    pub anpeg_units: Vec<String>,
    /// Demo account: (key, role, description).
    pub account: Option<DemoRole>,
}

/// A fixed demo person with a sign-in account.
#[derive(Debug, Clone, Copy)]
pub struct DemoRole {
    /// Short key (`pegawai`, `atasan`, ...).
    pub key: &'static str,
    /// Role to grant, if any (`admin`, `anpeg`, `pengelola-berita`, `helpdesk`).
    pub role: Option<&'static str>,
    /// What to try with this account (Indonesian).
    pub peran: &'static str,
}

/// A fixed, well-described demo person.
#[derive(Debug, Clone, Copy)]
struct Fixed {
    nama: &'static str,
    jk: &'static str,
    suku: Suku,
    tempat: &'static str,
    jf: &'static str,
    profil: usize,
    jenjang: &'static str,
    /// Years in the current level (for credit points).
    tahun_di_jenjang: i32,
    usia: i32,
    demo: DemoRole,
}

/// The ordinary employee: a functional position with credit points, an Atasan and an Anpeg.
const PEGAWAI: Fixed = Fixed {
    nama: "Rina Wulandari",
    jk: "P",
    suku: Suku::Jawa,
    tempat: "Klaten",
    jf: "Epidemiolog Kesehatan",
    profil: 1,
    jenjang: "ahli-muda",
    tahun_di_jenjang: 3,
    usia: 36,
    demo: DemoRole {
        key: "pegawai",
        role: None,
        peran: "Pegawai (Epidemiolog Kesehatan Ahli Muda): profil, PDM, Info Progres angka kredit, rekomendasi",
    },
};
/// The pegawai's supervisor (head of her directorate).
const ATASAN: Fixed = Fixed {
    nama: "Bambang Hartono",
    jk: "L",
    suku: Suku::Jawa,
    tempat: "Surakarta",
    jf: "Dokter",
    profil: 1,
    jenjang: "jpt-pratama",
    tahun_di_jenjang: 2,
    usia: 51,
    demo: DemoRole {
        key: "atasan",
        role: None,
        peran: "Atasan (Direktur Surveilans dan Kekarantinaan Kesehatan): menyetujui usulan bawahan",
    },
};
/// The Anpeg of the pegawai's echelon-I unit.
const ANPEG: Fixed = Fixed {
    nama: "Dewi Anggraini",
    jk: "P",
    suku: Suku::Jawa,
    tempat: "Semarang",
    jf: "Analis Kepegawaian",
    profil: 3,
    jenjang: "ahli-muda",
    tahun_di_jenjang: 4,
    usia: 41,
    demo: DemoRole {
        key: "anpeg",
        role: Some("anpeg"),
        peran: "Anpeg Ditjen Penanggulangan Penyakit: memverifikasi PDM dan RPI",
    },
};
/// Fixed people placed after the Anpeg slots: (unit, spec).
const FIXED: [(&str, Fixed); 3] = [
    ("KMK.P2P.SKK", PEGAWAI),
    (
        "KMK.SJ.PUSDATIN",
        Fixed {
            nama: "Andi Muhammad Arief",
            jk: "L",
            suku: Suku::Bugis,
            tempat: "Makassar",
            jf: "Pranata Komputer",
            profil: 1,
            jenjang: "ahli-madya",
            tahun_di_jenjang: 2,
            usia: 45,
            demo: DemoRole {
                key: "admin",
                role: Some("admin"),
                peran: "Administrator portal: impor data, peran, modul, kode aktivasi",
            },
        },
    ),
    (
        "KMK.SJ.RKIP.PM",
        Fixed {
            nama: "Ni Made Ayu Sukmawati",
            jk: "P",
            suku: Suku::Bali,
            tempat: "Gianyar",
            jf: "Pranata Hubungan Masyarakat",
            profil: 0,
            jenjang: "ahli-muda",
            tahun_di_jenjang: 1,
            usia: 34,
            demo: DemoRole {
                key: "berita",
                role: Some("pengelola-berita"),
                peran: "Pengelola berita (Biro Komunikasi dan Informasi Publik): Info Terbaru",
            },
        },
    ),
];
/// The helpdesk officer of the HR bureau.
const HELPDESK: (&str, Fixed) = (
    "KMK.SJ.ROSDM.AK",
    Fixed {
        nama: "Asep Sunarya",
        jk: "L",
        suku: Suku::Sunda,
        tempat: "Garut",
        jf: "Analis Kepegawaian",
        profil: 1,
        jenjang: "ahli-pertama",
        tahun_di_jenjang: 2,
        usia: 30,
        demo: DemoRole {
            key: "helpdesk",
            role: Some("helpdesk"),
            peran: "Helpdesk Biro Organisasi dan SDM: menjawab menu Bantuan",
        },
    },
);
/// Unit whose head is the demo Atasan.
const ATASAN_UNIT: &str = "KMK.P2P.SKK";
/// Index of the demo Anpeg among `org::anpeg_slots()`.
const ANPEG_SLOT: usize = 6;

/// What slot `i` is.
#[derive(Debug, Clone)]
enum Slot {
    Leader {
        unit: usize,
        title: String,
        jenjang: &'static str,
        fixed: Option<Fixed>,
    },
    Anpeg {
        unit: usize,
        assigned: Vec<String>,
        fixed: Option<Fixed>,
    },
    Fixed {
        unit: usize,
        fixed: Fixed,
    },
}

/// The sequential generator.
pub struct Generator {
    seed: u64,
    year: i32,
    /// The organisation.
    pub units: Vec<UnitSpec>,
    unit_index: HashMap<String, usize>,
    slots: Vec<Slot>,
    head_nip: Vec<Option<String>>,
    top_nip: Option<String>,
    nip_seq: HashMap<String, u32>,
    emails: HashMap<String, u32>,
    staff_units: Vec<(usize, u32)>,
    staff_total: u32,
    next: usize,
}

fn weighted<'a, T>(rng: &mut impl Rng, items: &'a [(T, u32)]) -> &'a T {
    let total: u32 = items.iter().map(|(_, w)| *w).sum();
    let mut x = rng.random_range(0..total.max(1));
    for (t, w) in items {
        if x < *w {
            return t;
        }
        x -= *w;
    }
    &items[items.len() - 1].0
}

/// Functional level for a golongan order on a track.
fn jenjang_of(kat: Kat, gol: i64) -> &'static str {
    match kat {
        Kat::Ahli | Kat::Dosen => match gol {
            ..=10 => "ahli-pertama",
            11..=12 => "ahli-muda",
            13..=15 => "ahli-madya",
            _ => "ahli-utama",
        },
        Kat::Terampil => match gol {
            ..=5 => "pemula",
            6..=8 => "terampil",
            9..=10 => "mahir",
            _ => "penyelia",
        },
        Kat::Pelaksana => "pelaksana",
    }
}

/// The lowest golongan order of a functional level (inverse of [`jenjang_of`]).
fn min_gol_of(kat: Kat, jenjang: &str) -> i64 {
    match (kat, jenjang) {
        (Kat::Terampil, "terampil") => 7,
        (Kat::Terampil, "mahir") => 9,
        (Kat::Terampil, "penyelia") => 11,
        (_, "ahli-muda") => 11,
        (_, "ahli-madya") => 13,
        (_, "ahli-utama") => 16,
        (_, "jpt-madya") => 16,
        (_, "jpt-pratama") => 14,
        (_, "administrator") => 12,
        (_, "pengawas") => 11,
        _ => 9,
    }
}

fn gol_name(order: i64) -> String {
    reference::golongan_by_order(order)
        .map(|g| g.kode.to_string())
        .unwrap_or_else(|| "III/a".to_string())
}

fn structural_level(j: &str) -> u32 {
    match j {
        "pengawas" => 1,
        "administrator" => 2,
        "jpt-pratama" => 3,
        "jpt-madya" => 4,
        _ => 5,
    }
}

const PENGAWAS_LAMA: &[&str] = &[
    "Kepala Subbagian Program dan Anggaran",
    "Kepala Subbagian Tata Usaha",
    "Kepala Seksi Pelayanan",
    "Kepala Subbagian Kepegawaian",
    "Kepala Seksi Evaluasi dan Pelaporan",
];
const ADMINISTRATOR_LAMA: &[&str] = &[
    "Kepala Bagian Program dan Informasi",
    "Kepala Bagian Umum",
    "Kepala Bidang Pelayanan",
    "Kepala Subdirektorat Surveilans",
    "Kepala Bagian Hukum, Organisasi, dan Hubungan Masyarakat",
];

impl Generator {
    /// A generator for `seed`, with dates anchored in calendar year `year` (the current
    /// year: every date generated is before 1 January of `year`).
    pub fn new(seed: u64, year: i32) -> Generator {
        let units = org::units();
        let unit_index: HashMap<String, usize> = units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.kode.clone(), i))
            .collect();
        let mut slots = Vec::new();
        for (i, u) in units.iter().enumerate() {
            if let Some((title, jenjang)) = &u.kepala {
                let fixed = (u.kode == ATASAN_UNIT).then_some(ATASAN);
                slots.push(Slot::Leader {
                    unit: i,
                    title: title.clone(),
                    jenjang,
                    fixed,
                });
            }
        }
        for title in org::STAF_AHLI {
            slots.push(Slot::Leader {
                unit: unit_index[org::ROOT],
                title: title.to_string(),
                jenjang: "jpt-madya",
                fixed: None,
            });
        }
        for (n, (home, assigned)) in org::anpeg_slots().into_iter().enumerate() {
            slots.push(Slot::Anpeg {
                unit: unit_index[home],
                assigned: assigned.iter().map(|s| s.to_string()).collect(),
                fixed: (n == ANPEG_SLOT).then_some(ANPEG),
            });
        }
        for (unit, fixed) in FIXED.iter().chain(std::iter::once(&HELPDESK)) {
            slots.push(Slot::Fixed {
                unit: unit_index[*unit],
                fixed: *fixed,
            });
        }
        let staff_units: Vec<(usize, u32)> = units
            .iter()
            .enumerate()
            .filter(|(_, u)| u.bobot > 0)
            .map(|(i, u)| (i, u.bobot))
            .collect();
        let staff_total = staff_units.iter().map(|(_, w)| w).sum();
        let n = units.len();
        Generator {
            seed,
            year,
            units,
            unit_index,
            slots,
            head_nip: vec![None; n],
            top_nip: None,
            nip_seq: HashMap::new(),
            emails: HashMap::new(),
            staff_units,
            staff_total,
            next: 0,
        }
    }

    /// How many people are fixed (heads, Anpeg, demo people): the smallest sensible total.
    pub fn fixed_count(&self) -> usize {
        self.slots.len()
    }

    /// The unit at `i`.
    pub fn unit(&self, i: usize) -> &UnitSpec {
        &self.units[i]
    }

    /// The index of the unit with this code.
    pub fn unit_index(&self, kode: &str) -> Option<usize> {
        self.unit_index.get(kode).copied()
    }

    fn rng_for(&self, index: usize) -> ChaCha8Rng {
        let mut rng = ChaCha8Rng::seed_from_u64(self.seed);
        rng.set_stream(index as u64);
        rng
    }

    /// The head of the nearest ancestor (or the unit itself when `self_too`) with a head.
    fn atasan_for(&self, unit: usize, self_too: bool) -> Option<String> {
        let mut cur = if self_too {
            Some(unit)
        } else {
            self.parent(unit)
        };
        while let Some(u) = cur {
            if let Some(nip) = &self.head_nip[u] {
                return Some(nip.clone());
            }
            cur = self.parent(u);
        }
        self.top_nip.clone()
    }

    fn parent(&self, unit: usize) -> Option<usize> {
        self.units[unit]
            .induk
            .as_ref()
            .and_then(|p| self.unit_index.get(p).copied())
    }

    /// Generates the next person (call for index 0, 1, 2, … in order).
    pub fn next_person(&mut self) -> Person {
        let index = self.next;
        self.next += 1;
        let mut rng = self.rng_for(index);
        let slot = self.slots.get(index).cloned();
        let mut person = match slot {
            Some(Slot::Leader {
                unit,
                title,
                jenjang,
                fixed,
            }) => {
                let p = self.make(&mut rng, index, unit, Some((title, jenjang)), fixed);
                let is_staf_ahli = self.units[unit].kode == org::ROOT;
                let atasan = if is_staf_ahli {
                    self.top_nip.clone()
                } else {
                    self.atasan_for(unit, false)
                };
                let mut p = p;
                p.employee.atasan_nip = atasan.filter(|a| *a != p.employee.nip);
                if !is_staf_ahli {
                    self.head_nip[unit] = Some(p.employee.nip.clone());
                }
                if self.top_nip.is_none() {
                    self.top_nip = Some(p.employee.nip.clone());
                }
                p
            }
            Some(Slot::Anpeg {
                unit,
                assigned,
                fixed,
            }) => {
                let fixed = fixed.or(Some(Fixed {
                    nama: "",
                    jk: "",
                    suku: Suku::Jawa,
                    tempat: "",
                    jf: "Analis Kepegawaian",
                    profil: usize::MAX,
                    jenjang: "",
                    tahun_di_jenjang: 0,
                    usia: 0,
                    demo: DemoRole {
                        key: "",
                        role: None,
                        peran: "",
                    },
                }));
                let mut p = self.make(&mut rng, index, unit, None, fixed);
                p.employee.atasan_nip = self.atasan_for(unit, true);
                p.anpeg_units = assigned;
                p
            }
            Some(Slot::Fixed { unit, fixed }) => {
                let mut p = self.make(&mut rng, index, unit, None, Some(fixed));
                p.employee.atasan_nip = self.atasan_for(unit, true);
                p
            }
            None => {
                let mut x = rng.random_range(0..self.staff_total.max(1));
                let mut unit = self.staff_units[0].0;
                for (u, w) in &self.staff_units {
                    if x < *w {
                        unit = *u;
                        break;
                    }
                    x -= *w;
                }
                let mut p = self.make(&mut rng, index, unit, None, None);
                p.employee.atasan_nip = self.atasan_for(unit, true);
                p
            }
        };
        if person.employee.atasan_nip.as_deref() == Some(person.employee.nip.as_str()) {
            person.employee.atasan_nip = None;
        }
        person
    }

    /// Builds one person in `unit`; `lead` = (title, level) for heads; `fixed` pins
    /// name/family/level (a `Fixed` with an empty name pins only the family).
    fn make(
        &mut self,
        rng: &mut ChaCha8Rng,
        index: usize,
        unit: usize,
        lead: Option<(String, &'static str)>,
        fixed: Option<Fixed>,
    ) -> Person {
        let u = self.units[unit].clone();
        let named = fixed.filter(|f| !f.nama.is_empty());
        let year = self.year;

        // Identity.
        let jk: &'static str = match named {
            Some(f) => f.jk,
            None => {
                let p_female = match (lead.is_some(), u.staf) {
                    (true, _) => 0.35,
                    (false, org::Staf::Keperawatan) => 0.8,
                    (false, org::Staf::Medis | org::Staf::Penunjang) => 0.55,
                    _ => 0.5,
                };
                if rng.random_bool(p_female) { "P" } else { "L" }
            }
        };
        let suku = named.map_or_else(|| names::suku_for(rng, u.wilayah), |f| f.suku);
        let nama = named.map_or_else(|| names::nama(rng, suku, jk), |f| f.nama.to_string());
        let agama = names::agama(rng, suku, &nama).to_string();
        let tempat = named
            .map_or_else(|| names::tempat_lahir(rng, suku), |f| f.tempat)
            .to_string();

        // Family and profile.
        let jf: &'static Jf = match fixed {
            Some(f) => jabatan::jf(f.jf),
            None if lead.is_some() => {
                jabatan::jf(weighted::<&str>(rng, jabatan::pimpinan_mix(u.staf)))
            }
            None => jabatan::jf(weighted::<&str>(rng, jabatan::staf_mix(u.staf))),
        };
        let profil: Profil = match fixed.filter(|f| f.profil < jf.profil.len()) {
            Some(f) => jf.profil[f.profil],
            None => {
                let candidates: Vec<(Profil, u32)> = jf
                    .profil
                    .iter()
                    .filter(|p| {
                        (lead.is_none() && fixed.is_none())
                            || matches!(p.kat, Kat::Ahli | Kat::Dosen)
                    })
                    .map(|p| (*p, p.bobot))
                    .collect();
                let candidates = if candidates.is_empty() {
                    jf.profil.iter().map(|p| (*p, p.bobot)).collect()
                } else {
                    candidates
                };
                *weighted(rng, &candidates)
            }
        };
        let pppk = lead.is_none()
            && fixed.is_none()
            && rng.random_bool(match u.jenis {
                "rumah-sakit" | "bidang" => 0.2,
                "poltekkes" | "balai" => 0.12,
                _ => 0.07,
            });

        // Age and entry.
        let has_sp = profil.pendidikan.iter().any(|(j, _)| *j == "Sp-1");
        let min_entry: i32 = match profil.pendidikan.first().map(|p| p.0) {
            None => 19,
            Some("D3") => 21,
            _ if profil.kat == Kat::Dosen => 26,
            _ if profil.pendidikan.iter().any(|p| p.0 == "Profesi") => 24,
            _ => 22,
        };
        let target_level = lead.as_ref().map(|(_, j)| *j).or(named.map(|f| f.jenjang));
        let (age_lo, age_hi) = match lead.as_ref().map(|(_, j)| *j) {
            Some("jpt-madya") => (51, 59),
            Some("jpt-pratama") => (45, 58),
            Some("administrator") => (40, 55),
            Some("pengawas") => (35, 52),
            _ => (min_entry + 2, 58),
        };
        let mut age = match named {
            Some(f) => f.usia,
            None => {
                // Two uniforms: more people in the middle of their careers.
                let a = rng.random_range(age_lo..=age_hi);
                let b = rng.random_range(age_lo..=age_hi);
                (a + b) / 2
            }
        };
        if has_sp && lead.is_none() {
            age = age.max(33);
        }
        let lahir: Ymd = (
            year - age,
            rng.random_range(1..=12),
            rng.random_range(1..=28),
        );
        let max_entry = (age - 1).min(min_entry + if lead.is_some() { 6 } else { 12 });
        let max_entry = if named.is_some() {
            max_entry.min(min_entry + 2)
        } else {
            max_entry
        };
        let entry_age = if max_entry <= min_entry {
            min_entry.min(age - 1)
        } else {
            rng.random_range(min_entry..=max_entry)
        };
        let mulai: Ymd = if pppk {
            let y = *weighted(
                rng,
                &[(2019, 10), (2021, 15), (2022, 25), (2023, 25), (2024, 25)],
            );
            (
                (y).min(year - 1).max(lahir.0 + 19),
                rng.random_range(1..=12),
                1,
            )
        } else {
            let m = *weighted(
                rng,
                &[(1, 30), (3, 25), (4, 10), (12, 10), (2, 10), (6, 15)],
            );
            ((lahir.0 + entry_age).min(year - 1), m, 1)
        };
        let service = year - mulai.0;

        // Rank history.
        let entry_gol = reference::ruang_ke(profil.gol_awal).unwrap_or(9);
        let mut golongan: Vec<(String, Ymd)> = Vec::new();
        if pppk {
            golongan.push((profil.pppk.to_string(), mulai));
        } else {
            let has_s2 = profil
                .pendidikan
                .iter()
                .any(|p| matches!(p.0, "S2" | "S3" | "Sp-1"));
            let cap = match (lead.as_ref(), profil.kat) {
                (Some((_, j)), _) => {
                    let lo = min_gol_of(Kat::Ahli, j);
                    let choices: &[(i64, u32)] = match *j {
                        "jpt-madya" => &[(16, 60), (17, 40)],
                        "jpt-pratama" => &[(14, 15), (15, 50), (16, 35)],
                        "administrator" => &[(12, 20), (13, 45), (14, 35)],
                        _ => &[(10, 15), (11, 40), (12, 45)],
                    };
                    (*weighted(rng, choices)).max(lo)
                }
                (None, Kat::Ahli | Kat::Dosen) => {
                    if has_s2 && service >= 24 && rng.random_bool(0.06) {
                        16
                    } else {
                        15
                    }
                }
                (None, Kat::Terampil) => 12,
                (None, Kat::Pelaksana) => match profil.gol_awal {
                    "II/a" => 10,
                    "II/c" => 11,
                    _ => 12,
                },
            };
            let cap = match named {
                Some(f) if lead.is_none() => {
                    // Pin the level: at least its lowest golongan, one step above at most.
                    let lo = min_gol_of(profil.kat, f.jenjang);
                    lo + i64::from(
                        rng.random_bool(0.4) && jenjang_of(profil.kat, lo + 1) == f.jenjang,
                    )
                }
                _ => cap,
            };
            let cap = cap.max(entry_gol);
            let interval_staff = if rng.random_bool(0.2) { 5 } else { 4 };
            let wanted = if lead.is_some() || named.is_some() {
                cap - entry_gol
            } else {
                (cap - entry_gol).min(i64::from(service / interval_staff))
            };
            let interval = if wanted == 0 {
                0
            } else if lead.is_some() || named.is_some() {
                (i64::from(service - 1) / wanted).clamp(1, 4)
            } else {
                i64::from(interval_staff)
            };
            golongan.push((gol_name(entry_gol), mulai));
            let mut last = mulai;
            for k in 1..=wanted {
                let y = mulai.0 + (k * interval) as i32;
                let m = if rng.random_bool(0.5) { 4 } else { 10 };
                let d = (y.max(last.0 + if m > last.1 { 0 } else { 1 }), m, 1);
                if d.0 >= year {
                    break;
                }
                golongan.push((gol_name(entry_gol + k), d));
                last = d;
            }
        }
        let gol_current = golongan.last().map(|g| g.0.clone()).unwrap_or_default();
        let tmt_golongan = golongan.last().map(|g| g.1).unwrap_or(mulai);

        // Position history.
        let unit_nama = u.nama.clone();
        let induk_nama = self
            .parent(unit)
            .map(|p| self.units[p].nama.clone())
            .unwrap_or_else(|| unit_nama.clone());
        let mut posisi: Vec<Posisi> = Vec::new();
        let pelaksana_title = |rng: &mut ChaCha8Rng| -> String {
            let titles = jabatan::pelaksana_titles(profil.gol_awal);
            titles[rng.random_range(0..titles.len())].to_string()
        };
        let functional = |kat: Kat, gol: i64| -> (String, &'static str, String) {
            if kat == Kat::Pelaksana {
                (String::new(), "pelaksana", "pelaksana".to_string())
            } else {
                let j = jenjang_of(kat, gol);
                (jabatan::judul(jf, kat, j), "fungsional", j.to_string())
            }
        };
        if pppk {
            let kat = profil.kat;
            let j = match kat {
                Kat::Pelaksana => "pelaksana",
                Kat::Terampil => {
                    if rng.random_bool(0.3) {
                        "mahir"
                    } else {
                        "terampil"
                    }
                }
                _ => {
                    if age > 40 && rng.random_bool(0.35) {
                        "ahli-muda"
                    } else {
                        "ahli-pertama"
                    }
                }
            };
            let (title, jenis) = if kat == Kat::Pelaksana {
                (pelaksana_title(rng), "pelaksana")
            } else {
                (jabatan::judul(jf, kat, j), "fungsional")
            };
            posisi.push(Posisi {
                jabatan: title,
                jenis,
                jenjang: j.to_string(),
                unit_nama: unit_nama.clone(),
                tmt: mulai,
            });
        } else {
            // Background track: functional (or pelaksana) along the golongan.
            let kat = profil.kat;
            let structural_from: Option<Ymd> = match target_level.filter(|_| lead.is_some()) {
                Some(target) => {
                    let tl = structural_level(target);
                    let first = tl.saturating_sub(rng.random_range(1..=2)).max(1);
                    let mut stages: Vec<u32> = (first..=tl).collect();
                    // Dates: the current level 0–4 years ago, earlier ones 3–5 years apart.
                    let mut dates: Vec<Ymd> = Vec::new();
                    let mut y = year
                        - 1
                        - match named {
                            Some(f) => f.tahun_di_jenjang - 1,
                            None => rng.random_range(0..=4),
                        };
                    for _ in &stages {
                        dates.push((y, rng.random_range(1..=12), 1));
                        y -= rng.random_range(3..=5);
                    }
                    dates.reverse();
                    while stages.len() > 1 && dates[0].0 < mulai.0 + 5 {
                        stages.remove(0);
                        dates.remove(0);
                    }
                    let from = dates[0];
                    // Background before the first structural post.
                    let mut last_j = "";
                    for (g, d) in &golongan {
                        if *d >= from {
                            break;
                        }
                        let go = reference::ruang_ke(g).unwrap_or(entry_gol);
                        let (t, jenis, j) = functional(kat, go);
                        let t = if jenis == "pelaksana" {
                            pelaksana_title(rng)
                        } else {
                            t
                        };
                        if j != last_j {
                            posisi.push(Posisi {
                                jabatan: t,
                                jenis,
                                jenjang: j.clone(),
                                unit_nama: induk_nama.clone(),
                                tmt: *d,
                            });
                        }
                        last_j = jenjang_of(kat, go);
                    }
                    for (s, d) in stages.iter().zip(&dates) {
                        let (title, level, where_) = match s {
                            1 => (
                                PENGAWAS_LAMA[rng.random_range(0..PENGAWAS_LAMA.len())].to_string(),
                                "pengawas",
                                induk_nama.clone(),
                            ),
                            2 => (
                                ADMINISTRATOR_LAMA[rng.random_range(0..ADMINISTRATOR_LAMA.len())]
                                    .to_string(),
                                "administrator",
                                induk_nama.clone(),
                            ),
                            3 => ("Direktur".to_string(), "jpt-pratama", induk_nama.clone()),
                            _ => (String::new(), "jpt-madya", unit_nama.clone()),
                        };
                        posisi.push(Posisi {
                            jabatan: title,
                            jenis: "struktural",
                            jenjang: level.to_string(),
                            unit_nama: where_,
                            tmt: *d,
                        });
                    }
                    if let Some((title, j)) = &lead
                        && let Some(last) = posisi.last_mut()
                    {
                        last.jabatan = title.clone();
                        last.jenjang = j.to_string();
                        last.unit_nama = unit_nama.clone();
                    }
                    // Earlier JPT Pratama posts: heads of some other directorate.
                    let pratama: Vec<&UnitSpec> = self
                        .units
                        .iter()
                        .filter(|x| x.kepala.as_ref().is_some_and(|k| k.1 == "jpt-pratama"))
                        .collect();
                    let n = posisi.len();
                    for p in posisi.iter_mut().take(n.saturating_sub(1)) {
                        if p.jenjang == "jpt-pratama" && !pratama.is_empty() {
                            let other = pratama[rng.random_range(0..pratama.len())];
                            if let Some((t, _)) = &other.kepala {
                                p.jabatan = t.clone();
                            }
                            p.unit_nama = other.nama.clone();
                        }
                    }
                    Some(from)
                }
                None => None,
            };
            if structural_from.is_none() {
                let inpassing = matches!(kat, Kat::Ahli | Kat::Terampil)
                    && mulai.0 < 2014
                    && named.is_none()
                    && rng.random_bool(0.3);
                let mut last_j = String::new();
                if inpassing {
                    posisi.push(Posisi {
                        jabatan: pelaksana_title(rng),
                        jenis: "pelaksana",
                        jenjang: "pelaksana".into(),
                        unit_nama: unit_nama.clone(),
                        tmt: mulai,
                    });
                    last_j = "pelaksana".into();
                }
                let inpassing_year = rng.random_range(2014..=2019);
                for (g, d) in &golongan {
                    let go = reference::ruang_ke(g).unwrap_or(entry_gol);
                    let (t, jenis, j) = functional(kat, go);
                    let d = if inpassing && last_j == "pelaksana" {
                        if d.0 < inpassing_year && golongan.last().map(|l| &l.0) != Some(g) {
                            continue;
                        }
                        (d.0.max(inpassing_year), d.1, 1)
                    } else {
                        *d
                    };
                    if j != last_j {
                        let t = if jenis == "pelaksana" {
                            pelaksana_title(rng)
                        } else {
                            t
                        };
                        posisi.push(Posisi {
                            jabatan: t,
                            jenis,
                            jenjang: j.clone(),
                            unit_nama: unit_nama.clone(),
                            tmt: d,
                        });
                        last_j = j;
                    }
                }
                // Fixed people: the current level started `tahun_di_jenjang` years ago;
                // earlier posts move back (or go) to keep the history in order.
                if let Some(f) = named {
                    let target = (year - f.tahun_di_jenjang, 1, 1);
                    if let Some(mut last) = posisi.pop() {
                        posisi.retain(|p| p.tmt < target);
                        last.tmt = target;
                        posisi.push(last);
                    }
                }
            }
        }
        let current = posisi.last().cloned().unwrap_or(Posisi {
            jabatan: "Pelaksana".into(),
            jenis: "pelaksana",
            jenjang: "pelaksana".into(),
            unit_nama: unit_nama.clone(),
            tmt: mulai,
        });

        // Titles and education.
        let mut depan = profil.depan.to_string();
        let mut belakang = profil.belakang.to_string();
        let mut chain: Vec<(&'static str, String)> = profil
            .pendidikan
            .iter()
            .map(|(j, m)| (*j, m.to_string()))
            .collect();
        if lead.is_some() {
            if !chain.iter().any(|c| c.0 == "S2") {
                let (gelar, jurusan) = if u.jenis == "rumah-sakit" || u.jenis == "bidang" {
                    ("MARS", "Administrasi Rumah Sakit")
                } else if jf.kesehatan {
                    ("M.Kes.", "Ilmu Kesehatan Masyarakat")
                } else {
                    ("M.Si.", "Ilmu Administrasi")
                };
                if has_sp && rng.random_bool(0.5) {
                    // Specialists often lead without a master's degree.
                } else {
                    chain.push(("S2", jurusan.to_string()));
                    belakang = if belakang.is_empty() {
                        gelar.to_string()
                    } else {
                        format!("{belakang}, {gelar}")
                    };
                }
            }
            let doctorate = match lead.as_ref().map(|l| l.1) {
                Some("jpt-madya") => 0.5,
                Some("jpt-pratama") => 0.2,
                _ => 0.03,
            };
            if named.is_none() && !chain.iter().any(|c| c.0 == "S3") && rng.random_bool(doctorate) {
                let jurusan = if jf.kesehatan {
                    "Ilmu Kesehatan Masyarakat"
                } else {
                    "Ilmu Administrasi Publik"
                };
                chain.push(("S3", jurusan.to_string()));
                depan = if depan.is_empty() {
                    "Dr.".to_string()
                } else {
                    format!("Dr. {depan}")
                };
            }
        }
        let kota = names::kota_asal(rng, suku);
        let mut pendidikan = vec![Sekolah {
            jenjang: "SLTA",
            jurusan: if profil.pendidikan.is_empty() && rng.random_bool(0.4) {
                "IPS".into()
            } else {
                "IPA".into()
            },
            institusi: format!("SMA Negeri {} {kota}", rng.random_range(1..=9)),
            tahun: lahir.0 + 18,
        }];
        let mut t = lahir.0 + 18;
        let start_year = mulai.0;
        for (j, jurusan) in &chain {
            let (institusi, tahun) = match *j {
                "D3" => (
                    if jf.kesehatan {
                        format!("Poltekkes Kemenkes {kota}")
                    } else {
                        format!("Politeknik Negeri {kota}")
                    },
                    t + 3,
                ),
                "D4" => (format!("Poltekkes Kemenkes {kota}"), t + 4),
                "S1" => (
                    names::universitas(rng, suku).to_string(),
                    t + if jurusan.contains("Dokter") {
                        4
                    } else {
                        4 + rng.random_range(0..=1)
                    },
                ),
                "Profesi" => (
                    pendidikan
                        .last()
                        .map(|p| p.institusi.clone())
                        .unwrap_or_default(),
                    t + if jurusan == "Dokter" { 2 } else { 1 },
                ),
                "Sp-1" => (
                    names::universitas(rng, suku).to_string(),
                    (start_year + rng.random_range(3..=7)).max(t + 3),
                ),
                "S2" => {
                    let y = if profil.kat == Kat::Dosen {
                        t + 2
                    } else {
                        (start_year + rng.random_range(2..=9)).max(t + 2)
                    };
                    (names::universitas(rng, suku).to_string(), y)
                }
                _ => (
                    names::universitas(rng, suku).to_string(),
                    t + rng.random_range(4..=7),
                ),
            };
            let tahun = tahun.min(year - 1).max(t);
            pendidikan.push(Sekolah {
                jenjang: j,
                jurusan: jurusan.clone(),
                institusi,
                tahun,
            });
            t = tahun;
        }
        pendidikan.sort_by_key(|s| s.tahun);

        // NIP.
        let g = if jk == "L" { '1' } else { '2' };
        let prefix = if pppk {
            let count = if mulai.0 <= 2019 { "02" } else { "01" };
            format!(
                "{:04}{:02}{:02}{:04}{count}{g}",
                lahir.0, lahir.1, lahir.2, mulai.0
            )
        } else {
            format!(
                "{:04}{:02}{:02}{:04}{:02}{g}",
                lahir.0, lahir.1, lahir.2, mulai.0, mulai.1
            )
        };
        let seq = self.nip_seq.entry(prefix.clone()).or_insert(0);
        *seq += 1;
        let nip = format!("{prefix}{:03}", *seq);

        // Contact.
        let base = fold_name(&nama).replace(' ', ".");
        let n = self.emails.entry(base.clone()).or_insert(0);
        *n += 1;
        let email = if *n == 1 {
            format!("{base}@kemkes.go.id")
        } else {
            format!("{base}{n}@kemkes.go.id")
        };
        let prefixes = [
            "811", "812", "813", "821", "822", "852", "853", "856", "857", "877", "878", "881",
            "895", "896",
        ];
        let telepon = format!(
            "0{}{:04}{:04}",
            prefixes[rng.random_range(0..prefixes.len())],
            rng.random_range(0..10_000),
            rng.random_range(0..10_000)
        );

        let employee = Employee {
            nip,
            nama,
            gelar_depan: depan,
            gelar_belakang: belakang,
            jenis_kelamin: jk.to_string(),
            tempat_lahir: tempat,
            tanggal_lahir: ymd(lahir),
            agama,
            status_kepegawaian: if pppk { "PPPK" } else { "PNS" }.to_string(),
            email,
            telepon,
            unit_kode: u.kode.clone(),
            golongan: gol_current,
            jabatan: current.jabatan.clone(),
            jenis_jabatan: current.jenis.to_string(),
            jenjang: current.jenjang.clone(),
            atasan_nip: None,
            tmt_cpns: (!pppk).then(|| ymd(mulai)),
            tmt_golongan: Some(ymd(tmt_golongan)),
            tmt_jabatan: Some(ymd(current.tmt)),
            updated_at: 0,
        };
        let kat = match current.jenis {
            "fungsional" => Some(profil.kat),
            "pelaksana" => Some(Kat::Pelaksana),
            _ => None,
        };
        Person {
            index,
            employee,
            career: Career {
                suku,
                jf,
                kat,
                lahir,
                mulai,
                pppk,
                golongan,
                jabatan: posisi,
                pendidikan,
                pimpinan: lead.is_some(),
            },
            anpeg_units: Vec::new(),
            account: named.map(|f| f.demo),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::nip::{StatusKepegawaian, validate_nip};
    use std::collections::HashSet;

    fn people(n: usize) -> Vec<Person> {
        let mut g = Generator::new(2026, 2026);
        (0..n).map(|_| g.next_person()).collect()
    }

    #[test]
    fn people_are_consistent() {
        let all = people(3000);
        let mut nips = HashSet::new();
        let mut tops = 0;
        for p in &all {
            let e = &p.employee;
            assert!(nips.insert(e.nip.clone()), "duplicate NIP {}", e.nip);
            let status = StatusKepegawaian::parse(&e.status_kepegawaian).unwrap();
            validate_nip(&e.nip, status, &e.tanggal_lahir, &e.jenis_kelamin)
                .unwrap_or_else(|err| panic!("{}: {err}", e.nip));
            if status == StatusKepegawaian::Pns {
                assert!(reference::golongan(&e.golongan).is_some(), "{e:?}");
                // Golongan history ends at the current golongan and only goes up.
                let orders: Vec<i64> = p
                    .career
                    .golongan
                    .iter()
                    .map(|g| reference::ruang_ke(&g.0).unwrap())
                    .collect();
                assert!(orders.windows(2).all(|w| w[1] == w[0] + 1), "{orders:?}");
                let dates: Vec<Ymd> = p.career.golongan.iter().map(|g| g.1).collect();
                assert!(dates.windows(2).all(|w| w[0] < w[1]), "{dates:?}");
            } else {
                assert!(reference::is_pppk_grade(&e.golongan), "{e:?}");
            }
            assert!(
                reference::jenjang_valid_for(&e.jenis_jabatan, &e.jenjang),
                "{} {} {}",
                e.jabatan,
                e.jenis_jabatan,
                e.jenjang
            );
            if e.jenis_jabatan == "fungsional" && p.career.kat != Some(Kat::Dosen) {
                let lvl = reference::jenjang_nama(&e.jenjang).unwrap();
                assert!(e.jabatan.ends_with(lvl), "{} / {}", e.jabatan, e.jenjang);
            }
            assert!(e.tanggal_lahir < e.tmt_jabatan.clone().unwrap());
            assert!(
                p.career.jabatan.windows(2).all(|w| w[0].tmt <= w[1].tmt),
                "{:?}",
                p.career.jabatan
            );
            assert!(
                p.career
                    .pendidikan
                    .windows(2)
                    .all(|w| w[0].tahun <= w[1].tahun)
            );
            assert!(p.career.pendidikan.last().unwrap().tahun < 2026);
            match &e.atasan_nip {
                None => tops += 1,
                Some(a) => assert!(nips.contains(a) || all.iter().any(|q| &q.employee.nip == a)),
            }
        }
        assert_eq!(tops, 1, "exactly one employee without an Atasan");
        let pppk = all.iter().filter(|p| p.career.pppk).count();
        assert!(pppk > 100 && pppk < 800, "{pppk} PPPK");
        let accounts: Vec<&str> = all
            .iter()
            .filter_map(|p| p.account.map(|a| a.key))
            .collect();
        assert_eq!(accounts.len(), 6, "{accounts:?}");
    }

    #[test]
    fn generation_is_deterministic_and_prefix_stable() {
        let a = people(400);
        let b = people(300);
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.employee, y.employee);
        }
        let mut g = Generator::new(7, 2026);
        let c = g.next_person();
        assert_ne!(c.employee, a[0].employee);
    }

    #[test]
    fn fixed_people_are_as_described() {
        let all = people(200);
        let find = |key: &str| {
            all.iter()
                .find(|p| p.account.is_some_and(|a| a.key == key))
                .unwrap()
        };
        let pegawai = find("pegawai");
        let atasan = find("atasan");
        let anpeg = find("anpeg");
        assert_eq!(pegawai.employee.nama, "Rina Wulandari");
        assert_eq!(pegawai.employee.jabatan, "Epidemiolog Kesehatan Ahli Muda");
        assert_eq!(
            pegawai.employee.atasan_nip.as_ref(),
            Some(&atasan.employee.nip)
        );
        assert_eq!(
            atasan.employee.jabatan,
            "Direktur Surveilans dan Kekarantinaan Kesehatan"
        );
        assert_eq!(atasan.employee.jenjang, "jpt-pratama");
        assert_eq!(anpeg.anpeg_units, ["KMK.P2P"]);
        assert!(pegawai.employee.unit_kode.starts_with("KMK.P2P"));
        assert_eq!(pegawai.employee.tmt_jabatan.as_deref(), Some("2023-01-01"));
    }
}
