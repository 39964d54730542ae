//! The demo organisation: a Ministry-of-Health-like tree. Kementerian Kesehatan →
//! Sekretariat Jenderal (bureaus incl. Biro Organisasi dan Sumber Daya Manusia and Biro
//! Komunikasi dan Informasi Publik, Pusdatin), Inspektorat Jenderal, the six Direktorat
//! Jenderal and Badan of DOMAIN.md with their directorates, and technical units: vertical
//! hospitals (RSUP, RS Jantung), Poltekkes, port-health offices (BBKK/BKK), health
//! laboratories (BBLK, BBTKLPP) and a training centre (BBPK).
//!
//! Each unit says who heads it (position and level), which kind of staff works there and
//! how many (a weight), and where it is (which shapes the staff's names).

use super::names::Wilayah;

/// The kind of staff a unit employs; decides the functional positions drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Staf {
    /// General administration.
    Umum,
    /// Planning and budgeting.
    Perencanaan,
    /// Finance.
    Keuangan,
    /// Human resources.
    Sdm,
    /// Legal.
    Hukum,
    /// Public relations and news.
    Humas,
    /// Information technology.
    Ti,
    /// Internal audit.
    Audit,
    /// Public health programmes.
    Kesmas,
    /// Environmental health.
    Kesling,
    /// Health promotion.
    Promkes,
    /// Health-service governance.
    Yankes,
    /// Surveillance and disease control.
    Surveilans,
    /// Port health / quarantine.
    Karantina,
    /// Laboratories.
    Lab,
    /// Pharmacy.
    Farmasi,
    /// Medical devices.
    Alkes,
    /// Health polytechnic (lecturers).
    Pendidikan,
    /// Training centre.
    Pelatihan,
    /// Policy analysis.
    Kebijakan,
    /// Hospital: medical staff.
    Medis,
    /// Hospital: nursing and midwifery.
    Keperawatan,
    /// Hospital: pharmacy, laboratory, radiology, nutrition, physiotherapy.
    Penunjang,
    /// Hospital: administration.
    UmumRs,
    /// Health crisis centre.
    Krisis,
}

/// One unit of the demo tree.
#[derive(Debug, Clone)]
pub struct UnitSpec {
    /// Code.
    pub kode: String,
    /// Name.
    pub nama: String,
    /// Parent code.
    pub induk: Option<String>,
    /// Kind (`kementerian`, `eselon-1`, `biro`, `direktorat`, `rumah-sakit`, ...).
    pub jenis: &'static str,
    /// The head's position title and level, if the unit has a head.
    pub kepala: Option<(String, &'static str)>,
    /// Staff kind.
    pub staf: Staf,
    /// Relative share of the staff.
    pub bobot: u32,
    /// Location.
    pub wilayah: Wilayah,
}

/// Code of the root unit.
pub const ROOT: &str = "KMK";

struct Builder(Vec<UnitSpec>);

impl Builder {
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        kode: &str,
        nama: &str,
        induk: Option<&str>,
        jenis: &'static str,
        kepala: Option<(&str, &'static str)>,
        staf: Staf,
        bobot: u32,
        wilayah: Wilayah,
    ) {
        self.0.push(UnitSpec {
            kode: kode.to_string(),
            nama: nama.to_string(),
            induk: induk.map(str::to_string),
            jenis,
            kepala: kepala.map(|(t, j)| (t.to_string(), j)),
            staf,
            bobot,
            wilayah,
        });
    }

    /// An echelon-I unit with its secretariat and directorates.
    fn eselon1(
        &mut self,
        kode: &str,
        nama: &str,
        kepala: &str,
        subs: &[(&str, &str, &str, Staf, u32)],
    ) {
        self.add(
            kode,
            nama,
            Some(ROOT),
            "eselon-1",
            Some((kepala, "jpt-madya")),
            Staf::Umum,
            0,
            Wilayah::Jakarta,
        );
        for (k, n, jenis, staf, bobot) in subs {
            let title = if n.starts_with("Sekretariat") {
                n.replacen("Sekretariat", "Sekretaris", 1)
            } else if n.starts_with("Direktorat") {
                n.replacen("Direktorat", "Direktur", 1)
            } else if n.starts_with("Biro") || n.starts_with("Pusat") {
                format!("Kepala {n}")
            } else if n.starts_with("Inspektorat") {
                n.replacen("Inspektorat", "Inspektur", 1)
            } else {
                format!("Kepala {n}")
            };
            let jenis: &'static str = match *jenis {
                "sekretariat" => "sekretariat",
                "biro" => "biro",
                "pusat" => "pusat",
                "inspektorat" => "inspektorat",
                _ => "direktorat",
            };
            self.add(
                &format!("{kode}.{k}"),
                n,
                Some(kode),
                jenis,
                Some((&title, "jpt-pratama")),
                *staf,
                *bobot,
                Wilayah::Jakarta,
            );
        }
    }

    fn rumah_sakit(
        &mut self,
        induk: &str,
        kode: &str,
        nama: &str,
        singkat: &str,
        wilayah: Wilayah,
        besar: u32,
    ) {
        let k = format!("{induk}.{kode}");
        self.add(
            &k,
            nama,
            Some(induk),
            "rumah-sakit",
            Some((&format!("Direktur Utama {nama}"), "jpt-pratama")),
            Staf::UmumRs,
            2,
            wilayah,
        );
        let subs: [(&str, &str, Staf, u32); 4] = [
            ("YANMED", "Bidang Pelayanan Medik", Staf::Medis, besar * 25),
            ("KEP", "Bidang Keperawatan", Staf::Keperawatan, besar * 50),
            (
                "PENUNJANG",
                "Bidang Penunjang Medik",
                Staf::Penunjang,
                besar * 22,
            ),
            (
                "SDM",
                "Bagian Sumber Daya Manusia dan Umum",
                Staf::UmumRs,
                besar * 14,
            ),
        ];
        for (sk, sn, staf, bobot) in subs {
            let name = format!("{sn} {singkat}");
            let title = format!("Kepala {name}");
            self.add(
                &format!("{k}.{sk}"),
                &name,
                Some(&k),
                if sn.starts_with("Bagian") {
                    "bagian"
                } else {
                    "bidang"
                },
                Some((&title, "administrator")),
                staf,
                bobot,
                wilayah,
            );
        }
    }

    fn balai(
        &mut self,
        induk: &str,
        kode: &str,
        nama: &str,
        besar: bool,
        staf: Staf,
        wilayah: Wilayah,
    ) {
        let k = format!("{induk}.{kode}");
        let level = if besar {
            "jpt-pratama"
        } else {
            "administrator"
        };
        self.add(
            &k,
            nama,
            Some(induk),
            "balai",
            Some((&format!("Kepala {nama}"), level)),
            staf,
            if besar { 16 } else { 10 },
            wilayah,
        );
        let (sn, sj, sl) = if besar {
            (format!("Bagian Umum {nama}"), "bagian", "administrator")
        } else {
            (
                format!("Subbagian Administrasi Umum {nama}"),
                "subbagian",
                "pengawas",
            )
        };
        self.add(
            &format!("{k}.UMUM"),
            &sn,
            Some(&k),
            sj,
            Some((&format!("Kepala {sn}"), sl)),
            Staf::Umum,
            4,
            wilayah,
        );
    }

    fn poltekkes(&mut self, induk: &str, kode: &str, kota: &str, wilayah: Wilayah) {
        let k = format!("{induk}.{kode}");
        let nama = format!("Politeknik Kesehatan Kementerian Kesehatan {kota}");
        self.add(
            &k,
            &nama,
            Some(induk),
            "poltekkes",
            Some((
                &format!("Direktur Poltekkes Kemenkes {kota}"),
                "jpt-pratama",
            )),
            Staf::Pendidikan,
            26,
            wilayah,
        );
        let sn = format!("Bagian Administrasi Umum dan Keuangan Poltekkes Kemenkes {kota}");
        self.add(
            &format!("{k}.ADUM"),
            &sn,
            Some(&k),
            "bagian",
            Some((&format!("Kepala {sn}"), "administrator")),
            Staf::Umum,
            5,
            wilayah,
        );
    }
}

/// The whole demo tree, parents before children.
pub fn units() -> Vec<UnitSpec> {
    use Staf::*;
    use Wilayah::*;
    let mut b = Builder(Vec::new());
    b.add(
        ROOT,
        "Kementerian Kesehatan",
        None,
        "kementerian",
        None,
        Umum,
        0,
        Jakarta,
    );

    b.eselon1(
        "KMK.SJ",
        "Sekretariat Jenderal",
        "Sekretaris Jenderal",
        &[
            (
                "RPA",
                "Biro Perencanaan dan Anggaran",
                "biro",
                Perencanaan,
                8,
            ),
            (
                "RKB",
                "Biro Keuangan dan Barang Milik Negara",
                "biro",
                Keuangan,
                8,
            ),
            (
                "ROSDM",
                "Biro Organisasi dan Sumber Daya Manusia",
                "biro",
                Sdm,
                6,
            ),
            ("RHK", "Biro Hukum", "biro", Hukum, 6),
            (
                "RKIP",
                "Biro Komunikasi dan Informasi Publik",
                "biro",
                Humas,
                6,
            ),
            ("RUP", "Biro Umum dan Pengadaan", "biro", Umum, 9),
            (
                "PUSDATIN",
                "Pusat Data dan Teknologi Informasi",
                "pusat",
                Ti,
                9,
            ),
            ("PKK", "Pusat Krisis Kesehatan", "pusat", Krisis, 6),
        ],
    );
    b.add(
        "KMK.SJ.ROSDM.AK",
        "Bagian Administrasi Kepegawaian",
        Some("KMK.SJ.ROSDM"),
        "bagian",
        Some(("Kepala Bagian Administrasi Kepegawaian", "administrator")),
        Sdm,
        6,
        Jakarta,
    );
    b.add(
        "KMK.SJ.ROSDM.AK.KP",
        "Subbagian Kepangkatan dan Pensiun",
        Some("KMK.SJ.ROSDM.AK"),
        "subbagian",
        Some(("Kepala Subbagian Kepangkatan dan Pensiun", "pengawas")),
        Sdm,
        4,
        Jakarta,
    );
    b.add(
        "KMK.SJ.ROSDM.OTL",
        "Bagian Organisasi dan Tata Laksana",
        Some("KMK.SJ.ROSDM"),
        "bagian",
        Some(("Kepala Bagian Organisasi dan Tata Laksana", "administrator")),
        Umum,
        4,
        Jakarta,
    );
    b.add(
        "KMK.SJ.RKIP.PM",
        "Bagian Publikasi dan Media",
        Some("KMK.SJ.RKIP"),
        "bagian",
        Some(("Kepala Bagian Publikasi dan Media", "administrator")),
        Humas,
        5,
        Jakarta,
    );

    b.eselon1(
        "KMK.IJ",
        "Inspektorat Jenderal",
        "Inspektur Jenderal",
        &[
            (
                "SET",
                "Sekretariat Inspektorat Jenderal",
                "sekretariat",
                Umum,
                6,
            ),
            ("I1", "Inspektorat I", "inspektorat", Audit, 6),
            ("I2", "Inspektorat II", "inspektorat", Audit, 6),
            ("I3", "Inspektorat III", "inspektorat", Audit, 6),
            ("INV", "Inspektorat Investigasi", "inspektorat", Audit, 5),
        ],
    );

    b.eselon1(
        "KMK.KPK",
        "Direktorat Jenderal Kesehatan Primer dan Komunitas",
        "Direktur Jenderal Kesehatan Primer dan Komunitas",
        &[
            (
                "SET",
                "Sekretariat Direktorat Jenderal Kesehatan Primer dan Komunitas",
                "sekretariat",
                Umum,
                7,
            ),
            (
                "GKIA",
                "Direktorat Gizi dan Kesehatan Ibu dan Anak",
                "direktorat",
                Kesmas,
                6,
            ),
            (
                "KUPL",
                "Direktorat Kesehatan Usia Produktif dan Lanjut Usia",
                "direktorat",
                Kesmas,
                5,
            ),
            (
                "KESLING",
                "Direktorat Kesehatan Lingkungan",
                "direktorat",
                Kesling,
                5,
            ),
            (
                "PROMKES",
                "Direktorat Promosi Kesehatan dan Kesehatan Komunitas",
                "direktorat",
                Promkes,
                5,
            ),
            (
                "YANPRIM",
                "Direktorat Pelayanan Kesehatan Primer",
                "direktorat",
                Yankes,
                5,
            ),
            (
                "TKKM",
                "Direktorat Tata Kelola Kesehatan Masyarakat",
                "direktorat",
                Kesmas,
                5,
            ),
        ],
    );

    b.eselon1(
        "KMK.DJKL",
        "Direktorat Jenderal Kesehatan Lanjutan",
        "Direktur Jenderal Kesehatan Lanjutan",
        &[
            (
                "SET",
                "Sekretariat Direktorat Jenderal Kesehatan Lanjutan",
                "sekretariat",
                Umum,
                7,
            ),
            (
                "YANKLIN",
                "Direktorat Pelayanan Klinis",
                "direktorat",
                Yankes,
                5,
            ),
            (
                "MUTU",
                "Direktorat Mutu Pelayanan Kesehatan",
                "direktorat",
                Yankes,
                5,
            ),
            (
                "FASYANKES",
                "Direktorat Fasilitas Pelayanan Kesehatan",
                "direktorat",
                Yankes,
                5,
            ),
        ],
    );
    b.rumah_sakit(
        "KMK.DJKL",
        "RSCM",
        "RSUP Nasional Dr. Cipto Mangunkusumo",
        "RSCM",
        Jakarta,
        5,
    );
    b.rumah_sakit(
        "KMK.DJKL",
        "RSS",
        "RSUP Dr. Sardjito",
        "RSUP Dr. Sardjito",
        Jawa,
        4,
    );
    b.rumah_sakit(
        "KMK.DJKL",
        "RSHS",
        "RSUP Dr. Hasan Sadikin",
        "RSUP Dr. Hasan Sadikin",
        Sunda,
        4,
    );
    b.rumah_sakit(
        "KMK.DJKL",
        "RSKD",
        "RSUP Dr. Kariadi",
        "RSUP Dr. Kariadi",
        Jawa,
        3,
    );
    b.rumah_sakit(
        "KMK.DJKL",
        "RSNGR",
        "RSUP Prof. Dr. I.G.N.G. Ngoerah",
        "RSUP Prof. Ngoerah",
        Bali,
        3,
    );
    b.rumah_sakit(
        "KMK.DJKL",
        "RSWS",
        "RSUP Dr. Wahidin Sudirohusodo",
        "RSUP Dr. Wahidin Sudirohusodo",
        Sulawesi,
        3,
    );
    b.rumah_sakit(
        "KMK.DJKL",
        "RSHAM",
        "RSUP H. Adam Malik",
        "RSUP H. Adam Malik",
        Sumatra,
        3,
    );
    b.rumah_sakit(
        "KMK.DJKL",
        "RSJPDHK",
        "RS Jantung dan Pembuluh Darah Harapan Kita",
        "RSJPD Harapan Kita",
        Jakarta,
        2,
    );

    b.eselon1(
        "KMK.P2P",
        "Direktorat Jenderal Penanggulangan Penyakit",
        "Direktur Jenderal Penanggulangan Penyakit",
        &[
            (
                "SET",
                "Sekretariat Direktorat Jenderal Penanggulangan Penyakit",
                "sekretariat",
                Umum,
                7,
            ),
            (
                "SKK",
                "Direktorat Surveilans dan Kekarantinaan Kesehatan",
                "direktorat",
                Surveilans,
                7,
            ),
            (
                "PM",
                "Direktorat Penyakit Menular",
                "direktorat",
                Surveilans,
                6,
            ),
            (
                "PTM",
                "Direktorat Penyakit Tidak Menular",
                "direktorat",
                Kesmas,
                5,
            ),
            ("IMUN", "Direktorat Imunisasi", "direktorat", Surveilans, 5),
        ],
    );
    b.balai(
        "KMK.P2P",
        "BBKKSH",
        "Balai Besar Kekarantinaan Kesehatan Soekarno-Hatta",
        true,
        Karantina,
        Jakarta,
    );
    b.balai(
        "KMK.P2P",
        "BKKSBY",
        "Balai Kekarantinaan Kesehatan Kelas I Surabaya",
        false,
        Karantina,
        Jawa,
    );
    b.balai(
        "KMK.P2P",
        "BKKMKS",
        "Balai Kekarantinaan Kesehatan Kelas I Makassar",
        false,
        Karantina,
        Sulawesi,
    );
    b.balai(
        "KMK.P2P",
        "BBLKJKT",
        "Balai Besar Laboratorium Kesehatan Masyarakat Jakarta",
        true,
        Lab,
        Jakarta,
    );
    b.balai(
        "KMK.P2P",
        "BBLKSBY",
        "Balai Besar Laboratorium Kesehatan Masyarakat Surabaya",
        true,
        Lab,
        Jawa,
    );
    b.balai(
        "KMK.P2P",
        "BBTKLPPYK",
        "Balai Besar Teknik Kesehatan Lingkungan dan Pengendalian Penyakit Yogyakarta",
        true,
        Kesling,
        Jawa,
    );

    b.eselon1(
        "KMK.FA",
        "Direktorat Jenderal Farmasi dan Alat Kesehatan",
        "Direktur Jenderal Farmasi dan Alat Kesehatan",
        &[
            (
                "SET",
                "Sekretariat Direktorat Jenderal Farmasi dan Alat Kesehatan",
                "sekretariat",
                Umum,
                6,
            ),
            (
                "PDK",
                "Direktorat Produksi dan Distribusi Kefarmasian",
                "direktorat",
                Farmasi,
                5,
            ),
            (
                "YANFAR",
                "Direktorat Pelayanan Kefarmasian",
                "direktorat",
                Farmasi,
                5,
            ),
            (
                "PAK",
                "Direktorat Pengawasan Alat Kesehatan",
                "direktorat",
                Alkes,
                5,
            ),
            (
                "KFA",
                "Direktorat Ketahanan Kefarmasian dan Alat Kesehatan",
                "direktorat",
                Farmasi,
                4,
            ),
        ],
    );

    b.eselon1(
        "KMK.SDMK",
        "Direktorat Jenderal Sumber Daya Manusia Kesehatan",
        "Direktur Jenderal Sumber Daya Manusia Kesehatan",
        &[
            (
                "SET",
                "Sekretariat Direktorat Jenderal Sumber Daya Manusia Kesehatan",
                "sekretariat",
                Umum,
                6,
            ),
            (
                "RENAKES",
                "Direktorat Perencanaan Tenaga Kesehatan",
                "direktorat",
                Perencanaan,
                5,
            ),
            (
                "PENYEDIAAN",
                "Direktorat Penyediaan Tenaga Kesehatan",
                "direktorat",
                Sdm,
                5,
            ),
            (
                "MUTU",
                "Direktorat Peningkatan Mutu Tenaga Kesehatan",
                "direktorat",
                Sdm,
                5,
            ),
        ],
    );
    b.poltekkes("KMK.SDMK", "PKJKT2", "Jakarta II", Jakarta);
    b.poltekkes("KMK.SDMK", "PKYK", "Yogyakarta", Jawa);
    b.poltekkes("KMK.SDMK", "PKMKS", "Makassar", Sulawesi);
    b.poltekkes("KMK.SDMK", "PKMDN", "Medan", Sumatra);
    b.add(
        "KMK.SDMK.BBPK",
        "Balai Besar Pelatihan Kesehatan Jakarta",
        Some("KMK.SDMK"),
        "balai",
        Some((
            "Kepala Balai Besar Pelatihan Kesehatan Jakarta",
            "jpt-pratama",
        )),
        Pelatihan,
        10,
        Jakarta,
    );

    b.eselon1(
        "KMK.BKPK",
        "Badan Kebijakan Pembangunan Kesehatan",
        "Kepala Badan Kebijakan Pembangunan Kesehatan",
        &[
            (
                "SET",
                "Sekretariat Badan Kebijakan Pembangunan Kesehatan",
                "sekretariat",
                Umum,
                5,
            ),
            (
                "PKSK",
                "Pusat Kebijakan Sistem Ketahanan Kesehatan dan Sumber Daya Kesehatan",
                "pusat",
                Kebijakan,
                4,
            ),
            (
                "PKUK",
                "Pusat Kebijakan Upaya Kesehatan",
                "pusat",
                Kebijakan,
                4,
            ),
            (
                "PKPD",
                "Pusat Kebijakan Pembiayaan dan Desentralisasi Kesehatan",
                "pusat",
                Kebijakan,
                4,
            ),
            (
                "PKGT",
                "Pusat Kebijakan Kesehatan Global dan Teknologi Kesehatan",
                "pusat",
                Kebijakan,
                4,
            ),
        ],
    );
    b.0
}

/// Units with their Anpeg: (unit where the Anpeg works, units the Anpeg is assigned to).
/// Units not listed find their Anpeg through the nearest assigned ancestor.
pub fn anpeg_slots() -> Vec<(&'static str, &'static [&'static str])> {
    vec![
        ("KMK.SJ.ROSDM.AK", &["KMK", "KMK.SJ"]),
        ("KMK.SJ.ROSDM.AK", &["KMK.SJ", "KMK.IJ"]),
        ("KMK.SJ.ROSDM.AK.KP", &["KMK.BKPK"]),
        ("KMK.SJ.ROSDM.AK", &["KMK.IJ", "KMK.BKPK"]),
        ("KMK.KPK.SET", &["KMK.KPK"]),
        ("KMK.DJKL.SET", &["KMK.DJKL"]),
        // The demo Anpeg (see `demo::accounts`).
        ("KMK.P2P.SET", &["KMK.P2P"]),
        ("KMK.FA.SET", &["KMK.FA"]),
        ("KMK.SDMK.SET", &["KMK.SDMK"]),
        ("KMK.DJKL.RSCM.SDM", &["KMK.DJKL.RSCM"]),
        ("KMK.DJKL.RSS.SDM", &["KMK.DJKL.RSS"]),
        ("KMK.DJKL.RSHS.SDM", &["KMK.DJKL.RSHS"]),
        ("KMK.DJKL.RSKD.SDM", &["KMK.DJKL.RSKD"]),
        ("KMK.DJKL.RSNGR.SDM", &["KMK.DJKL.RSNGR"]),
        ("KMK.DJKL.RSWS.SDM", &["KMK.DJKL.RSWS"]),
        ("KMK.DJKL.RSHAM.SDM", &["KMK.DJKL.RSHAM"]),
        ("KMK.DJKL.RSJPDHK.SDM", &["KMK.DJKL.RSJPDHK"]),
    ]
}

/// Special advisers to the Minister (JPT Madya) placed directly under the ministry.
pub const STAF_AHLI: [&str; 3] = [
    "Staf Ahli Menteri Bidang Teknologi Kesehatan",
    "Staf Ahli Menteri Bidang Ekonomi Kesehatan",
    "Staf Ahli Menteri Bidang Hukum Kesehatan",
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn tree_is_well_formed() {
        let units = units();
        let mut seen = HashSet::new();
        for u in &units {
            assert!(seen.insert(u.kode.clone()), "duplicate {}", u.kode);
            if let Some(p) = &u.induk {
                assert!(seen.contains(p), "{} before its parent {p}", u.kode);
            }
            if let Some((_, j)) = &u.kepala {
                assert!(crate::domain::reference::jenjang_valid_for("struktural", j));
            }
        }
        for name in [
            "Biro Organisasi dan Sumber Daya Manusia",
            "Biro Komunikasi dan Informasi Publik",
            "Inspektorat Jenderal",
            "Badan Kebijakan Pembangunan Kesehatan",
        ] {
            assert!(units.iter().any(|u| u.nama == name), "{name}");
        }
        for (home, assigned) in anpeg_slots() {
            assert!(seen.contains(home));
            assert!(assigned.iter().all(|a| seen.contains(*a)));
        }
        assert!(units.len() > 100);
    }
}
