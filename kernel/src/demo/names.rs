//! Indonesian names for the demo data, by ethnic group: Javanese, Sundanese, Batak,
//! Minangkabau, Bugis/Makassar, Balinese, Malay/Betawi and other Muslim names, eastern
//! Indonesian Christian names (Manado, Ambon, NTT) and Chinese-Indonesian names — with
//! the religion and birthplaces that usually go with them. Single names occur too.

use rand::Rng;
use rand::seq::IndexedRandom;

/// An ethnic/cultural naming tradition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suku {
    /// Javanese.
    Jawa,
    /// Sundanese.
    Sunda,
    /// Batak (Toba, mostly Christian; Mandailing, mostly Muslim).
    Batak,
    /// Minangkabau.
    Minang,
    /// Bugis / Makassar.
    Bugis,
    /// Balinese.
    Bali,
    /// Malay, Betawi and other Muslim naming.
    Melayu,
    /// Manado, Ambon, NTT (Christian).
    Timur,
    /// Chinese-Indonesian.
    Tionghoa,
}

/// Where a unit is, which shapes who works there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wilayah {
    /// Jakarta and the head office: everyone.
    Jakarta,
    /// Central and East Java, Yogyakarta.
    Jawa,
    /// West Java.
    Sunda,
    /// Bali.
    Bali,
    /// South Sulawesi.
    Sulawesi,
    /// North Sumatra.
    Sumatra,
}

/// Picks a naming tradition for someone working in `wilayah`.
pub fn suku_for(rng: &mut impl Rng, wilayah: Wilayah) -> Suku {
    use Suku::*;
    // Weights per tradition: Jawa, Sunda, Batak, Minang, Bugis, Bali, Melayu, Timur, Tionghoa.
    let w: [u32; 9] = match wilayah {
        Wilayah::Jakarta => [34, 18, 9, 8, 5, 3, 14, 6, 3],
        Wilayah::Jawa => [78, 4, 2, 2, 1, 1, 6, 3, 3],
        Wilayah::Sunda => [15, 70, 2, 2, 1, 1, 6, 1, 2],
        Wilayah::Bali => [12, 2, 1, 1, 1, 75, 3, 4, 1],
        Wilayah::Sulawesi => [6, 1, 1, 1, 72, 1, 6, 11, 1],
        Wilayah::Sumatra => [12, 2, 52, 12, 1, 1, 14, 2, 4],
    };
    let all = [
        Jawa, Sunda, Batak, Minang, Bugis, Bali, Melayu, Timur, Tionghoa,
    ];
    let total: u32 = w.iter().sum();
    let mut x = rng.random_range(0..total);
    for (s, wt) in all.iter().zip(w) {
        if x < wt {
            return *s;
        }
        x -= wt;
    }
    Jawa
}

fn pick<'a>(rng: &mut impl Rng, list: &[&'a str]) -> &'a str {
    list.choose(rng).copied().unwrap_or("")
}

const JAWA_L: &[&str] = &[
    "Budi", "Bambang", "Agus", "Joko", "Slamet", "Sugeng", "Wahyu", "Eko", "Dwi", "Hadi", "Heru",
    "Teguh", "Bayu", "Adi", "Rudi", "Yudi", "Sigit", "Bagus", "Aryo", "Dimas", "Galih", "Anton",
    "Sutrisno", "Suryadi", "Haryanto", "Purwanto", "Wiryo", "Setyo", "Gilang", "Fajar",
];
const JAWA_P: &[&str] = &[
    "Sri", "Dewi", "Rina", "Wulan", "Endang", "Yuni", "Dian", "Ratna", "Sulastri", "Lestari",
    "Indah", "Kartika", "Puspita", "Ayu", "Retno", "Wening", "Tri", "Nining", "Sekar", "Ratih",
    "Suci", "Anjani", "Laras", "Widya",
];
const JAWA_BELAKANG_L: &[&str] = &[
    "Prasetyo",
    "Setiawan",
    "Nugroho",
    "Santoso",
    "Wibowo",
    "Susilo",
    "Purnomo",
    "Hartono",
    "Gunawan",
    "Kurniawan",
    "Saputro",
    "Wicaksono",
    "Prabowo",
    "Raharjo",
    "Pamungkas",
    "Utomo",
    "Hidayat",
    "Widodo",
    "Sasongko",
    "Handoko",
    "Wijayanto",
    "Baskoro",
];
const JAWA_BELAKANG_P: &[&str] = &[
    "Wahyuni",
    "Rahayu",
    "Handayani",
    "Utami",
    "Pratiwi",
    "Setyaningsih",
    "Purwanti",
    "Anggraini",
    "Maharani",
    "Lestari",
    "Kusumawati",
    "Wulandari",
    "Susanti",
    "Rahmawati",
    "Puspitasari",
    "Permatasari",
    "Astuti",
    "Suryani",
    "Ningsih",
    "Hapsari",
];
const SUNDA_L: &[&str] = &[
    "Asep", "Dadang", "Ujang", "Cecep", "Dedi", "Ade", "Iwan", "Yayan", "Deden", "Jajang", "Dudi",
    "Rahmat", "Ridwan", "Agus", "Hendra", "Wawan", "Engkos", "Ayi",
];
const SUNDA_P: &[&str] = &[
    "Euis", "Neneng", "Iis", "Cucu", "Imas", "Lilis", "Yuyun", "Enok", "Titin", "Rina", "Nia",
    "Siti", "Yanti", "Wida", "Resti", "Popon",
];
const SUNDA_BELAKANG_L: &[&str] = &[
    "Sunarya",
    "Suryana",
    "Hidayat",
    "Permana",
    "Kusnadi",
    "Sudrajat",
    "Rukmana",
    "Gumilar",
    "Supriatna",
    "Mulyana",
    "Sutisna",
    "Nugraha",
    "Saepuloh",
    "Ruhiyat",
    "Setiadi",
];
const SUNDA_BELAKANG_P: &[&str] = &[
    "Kurniasih",
    "Nurhasanah",
    "Komalasari",
    "Rohaeti",
    "Sumiati",
    "Nurjanah",
    "Rosmiati",
    "Herawati",
    "Suryani",
    "Mulyani",
    "Kartini",
    "Marlina",
];
const BATAK_TOBA_L: &[&str] = &[
    "Martua",
    "Parlindungan",
    "Togar",
    "Robert",
    "Hotman",
    "Jonathan",
    "Samuel",
    "Daniel",
    "Ronald",
    "Benny",
    "Hendrik",
    "Sahat",
    "Marihot",
    "Poltak",
    "Tigor",
    "Bonar",
];
const BATAK_TOBA_P: &[&str] = &[
    "Maria",
    "Rosmawati",
    "Lasmaria",
    "Tiurma",
    "Ruth",
    "Debora",
    "Elisabeth",
    "Sondang",
    "Romauli",
    "Friska",
    "Rotua",
    "Masniari",
    "Lenny",
    "Evalina",
];
const MARGA_TOBA: &[&str] = &[
    "Simanjuntak",
    "Sitompul",
    "Hutapea",
    "Panjaitan",
    "Sihombing",
    "Pardede",
    "Situmorang",
    "Sinaga",
    "Manurung",
    "Silalahi",
    "Tambunan",
    "Napitupulu",
    "Hutagalung",
    "Simatupang",
    "Pasaribu",
    "Siahaan",
    "Sianturi",
    "Marpaung",
];
const MANDAILING_L: &[&str] = &[
    "Muhammad Ridwan",
    "Ahmad Fauzi",
    "Irsan",
    "Syahrul",
    "Rahmat",
    "Zulkarnain",
    "Amri",
    "Fadli",
];
const MANDAILING_P: &[&str] = &[
    "Nurhayati",
    "Nurlela",
    "Rahmadani",
    "Siti Aisyah",
    "Fitri",
    "Yusnita",
    "Khairani",
    "Masitah",
];
const MARGA_MANDAILING: &[&str] = &[
    "Nasution", "Lubis", "Harahap", "Siregar", "Hasibuan", "Daulay", "Batubara", "Rangkuti",
];
const MINANG_L: &[&str] = &[
    "Rizal",
    "Zulkifli",
    "Afrizal",
    "Yusrizal",
    "Hendra",
    "Fauzi",
    "Andri",
    "Syafrizal",
    "Erwin",
    "Irfan",
    "Novrizal",
    "Dasril",
    "Yuliardi",
    "Fikri",
];
const MINANG_P: &[&str] = &[
    "Yusnidar",
    "Rahmi",
    "Fitri",
    "Yelvi",
    "Desi",
    "Nurhasni",
    "Mardiah",
    "Syafrida",
    "Elvina",
    "Zulfa",
    "Yulia",
    "Rahmadhani",
    "Vivi",
    "Nelly",
];
const MINANG_BELAKANG: &[&str] = &[
    "Syamsuddin",
    "Chaniago",
    "Piliang",
    "Tanjung",
    "Koto",
    "Putra",
    "Amri",
    "Syahputra",
    "Efendi",
    "Jambak",
    "Sikumbang",
    "Malik",
];
const MINANG_BELAKANG_P: &[&str] = &[
    "Putri", "Yanti", "Wati", "Chaniago", "Tanjung", "Amelia", "Sari", "Oktavia",
];
const BUGIS_L: &[&str] = &[
    "Andi Muhammad",
    "Syamsul",
    "Haerul",
    "Ilham",
    "Rusdi",
    "Baso",
    "Taufik",
    "Amiruddin",
    "Syahrir",
    "Hasanuddin",
    "Akbar",
    "Muhammad Idris",
    "Arifin",
    "Sultan",
];
const BUGIS_P: &[&str] = &[
    "Andi Nurul",
    "Besse",
    "Sitti",
    "Nurhaeda",
    "Hasmawati",
    "Nurhayati",
    "Rahmawati",
    "Haslinda",
    "Irmawati",
    "Hasnah",
    "Nurul Fadillah",
    "Sri Rahayu",
];
const BUGIS_BELAKANG: &[&str] = &[
    "Mappaseng",
    "Daeng Matona",
    "Pawelloi",
    "Mattalatta",
    "Rahman",
    "Tahir",
    "Hamzah",
    "Amir",
    "Mappiare",
    "Latief",
    "Bakri",
    "Saleh",
    "Aminah",
    "Makmur",
];
const BALI_URUTAN_L: &[&str] = &[
    "I Wayan", "I Made", "I Nyoman", "I Ketut", "I Gede", "I Putu", "I Kadek", "I Komang",
];
const BALI_URUTAN_P: &[&str] = &[
    "Ni Wayan",
    "Ni Made",
    "Ni Nyoman",
    "Ni Ketut",
    "Ni Luh",
    "Ni Putu",
    "Ni Kadek",
    "Ni Komang",
];
const BALI_L: &[&str] = &[
    "Sudarsana",
    "Suardana",
    "Wirawan",
    "Adnyana",
    "Arimbawa",
    "Budiarta",
    "Suartika",
    "Mahendra",
    "Widiana",
    "Sukadana",
    "Astawa",
    "Darmawan",
    "Sudiarta",
    "Artawan",
    "Putra Yasa",
];
const BALI_P: &[&str] = &[
    "Ayu Suartini",
    "Sukmawati",
    "Ariani",
    "Widiastuti",
    "Dewi Lestari",
    "Purnamasari",
    "Astiti",
    "Sri Wahyuni",
    "Ayu Lestari",
    "Sudiasih",
    "Ratnadi",
    "Eka Pertiwi",
    "Yuliantari",
];
const MELAYU_L: &[&str] = &[
    "Muhammad",
    "Ahmad",
    "Abdul Rahman",
    "Fajar",
    "Rizky",
    "Fauzan",
    "Hasan",
    "Syarifuddin",
    "Arif",
    "Ridwan",
    "Irfan",
    "Yusuf",
    "Ikhsan",
    "Hafiz",
    "Rahmat",
    "Zainal",
    "Nasrul",
    "Firman",
];
const MELAYU_P: &[&str] = &[
    "Siti",
    "Nur",
    "Fatimah",
    "Aisyah",
    "Nurul Hidayah",
    "Khadijah",
    "Zahra",
    "Annisa",
    "Nabila",
    "Fitriani",
    "Laila",
    "Umi",
    "Nurhayati",
    "Siti Aminah",
    "Syarifah",
    "Halimah",
    "Maimunah",
];
const MELAYU_BELAKANG_L: &[&str] = &[
    "Hidayatullah",
    "Rahman",
    "Hakim",
    "Maulana",
    "Ramadhan",
    "Firdaus",
    "Syahputra",
    "Abdullah",
    "Hasibuan",
    "Saputra",
    "Anwar",
    "Fauzi",
    "Iskandar",
    "Ismail",
];
const MELAYU_BELAKANG_P: &[&str] = &[
    "Rahmawati",
    "Hasanah",
    "Nurjannah",
    "Azizah",
    "Safitri",
    "Ramadhani",
    "Khairunnisa",
    "Amalia",
    "Fauziah",
    "Maulida",
    "Zulaikha",
    "Yulianti",
];
const TIMUR_L: &[&str] = &[
    "Yohanes",
    "Petrus",
    "Markus",
    "Stefanus",
    "Fransiskus",
    "Yosef",
    "Paulus",
    "Antonius",
    "Agustinus",
    "Kristian",
    "Frederik",
    "Melkianus",
    "Yakobus",
    "Alfons",
];
const TIMUR_P: &[&str] = &[
    "Maria",
    "Theresia",
    "Yohana",
    "Agnes",
    "Veronika",
    "Margaretha",
    "Elisabeth",
    "Fransiska",
    "Natalia",
    "Christina",
    "Yuliana",
    "Meiske",
    "Olivia",
    "Grace",
];
const TIMUR_FAM: &[&str] = &[
    "Wenas",
    "Sumampouw",
    "Mandagi",
    "Pangemanan",
    "Tumbelaka",
    "Lapian",
    "Rondonuwu",
    "Sondakh",
    "Pattinama",
    "Matulessy",
    "Tuhumury",
    "Sahetapy",
    "Ndun",
    "Fanggidae",
    "Manafe",
    "Lakapu",
    "Bria",
    "Rumbiak",
    "Kaunang",
    "Lumenta",
];
const TIONGHOA_L: &[&str] = &[
    "Hendra", "Steven", "William", "Budi", "Andreas", "Kevin", "Johan", "Ferry", "Aditya",
    "Hendrik",
];
const TIONGHOA_P: &[&str] = &[
    "Fenny",
    "Lydia",
    "Stephanie",
    "Melinda",
    "Linda",
    "Yenny",
    "Cindy",
    "Jessica",
    "Vivian",
    "Susan",
];
const TIONGHOA_FAM: &[&str] = &[
    "Wijaya",
    "Halim",
    "Tanoto",
    "Gunadi",
    "Salim",
    "Kurniawan",
    "Susanto",
    "Sutanto",
    "Hartanto",
    "Tanuwijaya",
    "Setiabudi",
    "Lim",
];

/// A full personal name (without academic titles) of `jk` (`L`/`P`) in tradition `suku`.
pub fn nama(rng: &mut impl Rng, suku: Suku, jk: &str) -> String {
    let l = jk == "L";
    match suku {
        Suku::Jawa => {
            // Some Javanese of the older generation carry a single name.
            if rng.random_bool(0.08) {
                return pick(rng, if l { JAWA_BELAKANG_L } else { JAWA_BELAKANG_P }).to_string();
            }
            let first = pick(rng, if l { JAWA_L } else { JAWA_P });
            let last = pick(rng, if l { JAWA_BELAKANG_L } else { JAWA_BELAKANG_P });
            if rng.random_bool(0.25) {
                let mid = pick(rng, if l { JAWA_L } else { JAWA_P });
                if mid != first {
                    return format!("{first} {mid} {last}");
                }
            }
            format!("{first} {last}")
        }
        Suku::Sunda => {
            if rng.random_bool(0.06) {
                return pick(rng, if l { SUNDA_L } else { SUNDA_P }).to_string();
            }
            let first = pick(rng, if l { SUNDA_L } else { SUNDA_P });
            let last = pick(
                rng,
                if l {
                    SUNDA_BELAKANG_L
                } else {
                    SUNDA_BELAKANG_P
                },
            );
            format!("{first} {last}")
        }
        Suku::Batak => {
            if rng.random_bool(0.3) {
                let first = pick(rng, if l { MANDAILING_L } else { MANDAILING_P });
                format!("{first} {}", pick(rng, MARGA_MANDAILING))
            } else {
                let first = pick(rng, if l { BATAK_TOBA_L } else { BATAK_TOBA_P });
                let marga = pick(rng, MARGA_TOBA);
                if !l && rng.random_bool(0.3) {
                    format!("{first} br. {marga}")
                } else {
                    format!("{first} {marga}")
                }
            }
        }
        Suku::Minang => {
            let first = pick(rng, if l { MINANG_L } else { MINANG_P });
            let last = pick(
                rng,
                if l {
                    MINANG_BELAKANG
                } else {
                    MINANG_BELAKANG_P
                },
            );
            format!("{first} {last}")
        }
        Suku::Bugis => {
            let first = pick(rng, if l { BUGIS_L } else { BUGIS_P });
            if rng.random_bool(0.15) && !first.contains(' ') {
                return first.to_string();
            }
            format!("{first} {}", pick(rng, BUGIS_BELAKANG))
        }
        Suku::Bali => {
            let order = pick(rng, if l { BALI_URUTAN_L } else { BALI_URUTAN_P });
            let name = pick(rng, if l { BALI_L } else { BALI_P });
            format!("{order} {name}")
        }
        Suku::Melayu => {
            if rng.random_bool(0.07) {
                return pick(
                    rng,
                    if l {
                        MELAYU_BELAKANG_L
                    } else {
                        MELAYU_BELAKANG_P
                    },
                )
                .to_string();
            }
            let first = pick(rng, if l { MELAYU_L } else { MELAYU_P });
            let last = pick(
                rng,
                if l {
                    MELAYU_BELAKANG_L
                } else {
                    MELAYU_BELAKANG_P
                },
            );
            format!("{first} {last}")
        }
        Suku::Timur => {
            let first = pick(rng, if l { TIMUR_L } else { TIMUR_P });
            format!("{first} {}", pick(rng, TIMUR_FAM))
        }
        Suku::Tionghoa => {
            let first = pick(rng, if l { TIONGHOA_L } else { TIONGHOA_P });
            format!("{first} {}", pick(rng, TIONGHOA_FAM))
        }
    }
}

/// The family name children inherit in traditions that have one (Batak marga, eastern
/// Indonesian and Chinese-Indonesian family names).
pub fn nama_keluarga(suku: Suku, nama: &str) -> Option<String> {
    match suku {
        Suku::Batak | Suku::Timur | Suku::Tionghoa => {
            nama.split(' ').next_back().map(str::to_string)
        }
        _ => None,
    }
}

const ANAK_L: &[&str] = &[
    "Muhammad Rizky",
    "Naufal",
    "Raka",
    "Daffa",
    "Arkan",
    "Fathan",
    "Rafi",
    "Bima",
    "Aditya",
    "Kenzo",
    "Dimas",
    "Farrel",
    "Alif",
    "Gibran",
    "Rayhan",
];
const ANAK_P: &[&str] = &[
    "Aisyah Putri",
    "Alya",
    "Nayla",
    "Keisha",
    "Salsabila",
    "Zahra",
    "Kirana",
    "Naura",
    "Azzahra",
    "Anindya",
    "Shafira",
    "Aurelia",
    "Citra",
    "Nadia",
    "Tiara",
];
const ANAK_KRISTEN_L: &[&str] = &[
    "Immanuel",
    "Gabriel",
    "Kevin",
    "Joshua",
    "Michael",
    "Christopher",
    "Nathan",
];
const ANAK_KRISTEN_P: &[&str] = &[
    "Angelina", "Grace", "Clarissa", "Michelle", "Gloria", "Patricia", "Evelyn",
];

/// A child's name, `urutan` = birth order (1-based), with the family name when the
/// tradition passes one on.
pub fn nama_anak(
    rng: &mut impl Rng,
    suku: Suku,
    jk: &str,
    urutan: usize,
    keluarga: Option<&str>,
) -> String {
    let l = jk == "L";
    let given = match suku {
        Suku::Bali => {
            let order = match (urutan, l) {
                (1, true) => "I Putu",
                (2, true) => "I Made",
                (3, true) => "I Nyoman",
                (_, true) => "I Ketut",
                (1, false) => "Ni Putu",
                (2, false) => "Ni Made",
                (3, false) => "Ni Nyoman",
                (_, false) => "Ni Ketut",
            };
            return format!("{order} {}", pick(rng, if l { BALI_L } else { BALI_P }));
        }
        Suku::Timur | Suku::Tionghoa => pick(rng, if l { ANAK_KRISTEN_L } else { ANAK_KRISTEN_P }),
        Suku::Batak if keluarga.is_some_and(|k| MARGA_TOBA.contains(&k)) => {
            pick(rng, if l { ANAK_KRISTEN_L } else { ANAK_KRISTEN_P })
        }
        _ => pick(rng, if l { ANAK_L } else { ANAK_P }),
    };
    match keluarga {
        Some(k) if !l && suku == Suku::Batak => format!("{given} br. {k}"),
        Some(k) => format!("{given} {k}"),
        None => given.to_string(),
    }
}

/// A religion typical of the tradition (and of the name drawn: Batak Toba names are
/// Christian, Mandailing names Muslim).
pub fn agama(rng: &mut impl Rng, suku: Suku, nama: &str) -> &'static str {
    match suku {
        Suku::Bali => {
            if rng.random_bool(0.95) {
                "Hindu"
            } else {
                "Kristen"
            }
        }
        Suku::Batak => {
            if MARGA_MANDAILING.iter().any(|m| nama.ends_with(m)) {
                "Islam"
            } else if rng.random_bool(0.8) {
                "Kristen"
            } else {
                "Katolik"
            }
        }
        Suku::Timur => {
            if rng.random_bool(0.6) {
                "Kristen"
            } else {
                "Katolik"
            }
        }
        Suku::Tionghoa => pick(rng, &["Kristen", "Katolik", "Buddha", "Konghucu", "Buddha"]),
        Suku::Jawa => {
            let x = rng.random_range(0..100);
            if x < 88 {
                "Islam"
            } else if x < 95 {
                "Kristen"
            } else {
                "Katolik"
            }
        }
        _ => "Islam",
    }
}

/// A plausible birthplace for the tradition.
pub fn tempat_lahir(rng: &mut impl Rng, suku: Suku) -> &'static str {
    let list: &[&'static str] = match suku {
        Suku::Jawa => &[
            "Yogyakarta",
            "Surakarta",
            "Semarang",
            "Klaten",
            "Magelang",
            "Kediri",
            "Malang",
            "Surabaya",
            "Madiun",
            "Purwokerto",
            "Sleman",
            "Bantul",
            "Pati",
            "Tegal",
            "Banyuwangi",
        ],
        Suku::Sunda => &[
            "Bandung",
            "Garut",
            "Tasikmalaya",
            "Cianjur",
            "Sukabumi",
            "Bogor",
            "Ciamis",
            "Sumedang",
            "Cirebon",
        ],
        Suku::Batak => &[
            "Medan",
            "Tarutung",
            "Pematangsiantar",
            "Sibolga",
            "Balige",
            "Padangsidimpuan",
            "Tebing Tinggi",
        ],
        Suku::Minang => &[
            "Padang",
            "Bukittinggi",
            "Payakumbuh",
            "Solok",
            "Batusangkar",
            "Padang Panjang",
            "Pariaman",
        ],
        Suku::Bugis => &[
            "Makassar",
            "Bone",
            "Parepare",
            "Sengkang",
            "Sidrap",
            "Palopo",
            "Maros",
            "Bulukumba",
        ],
        Suku::Bali => &[
            "Denpasar",
            "Gianyar",
            "Tabanan",
            "Singaraja",
            "Klungkung",
            "Bangli",
            "Karangasem",
        ],
        Suku::Melayu => &[
            "Jakarta",
            "Palembang",
            "Banjarmasin",
            "Pekanbaru",
            "Mataram",
            "Serang",
            "Pontianak",
            "Jambi",
            "Banda Aceh",
            "Bengkulu",
            "Tangerang",
            "Bekasi",
        ],
        Suku::Timur => &[
            "Manado", "Tomohon", "Ambon", "Kupang", "Jayapura", "Bitung", "Ende", "Maumere",
        ],
        Suku::Tionghoa => &[
            "Jakarta",
            "Medan",
            "Pontianak",
            "Semarang",
            "Surabaya",
            "Bandung",
            "Singkawang",
        ],
    };
    pick(rng, list)
}

/// A city for schools and universities near the tradition's home region.
pub fn kota_asal(rng: &mut impl Rng, suku: Suku) -> &'static str {
    tempat_lahir(rng, suku)
}

/// A university typical for the tradition's region (for S1/S2 degrees).
pub fn universitas(rng: &mut impl Rng, suku: Suku) -> &'static str {
    let regional: &[&'static str] = match suku {
        Suku::Jawa => &[
            "Universitas Gadjah Mada",
            "Universitas Diponegoro",
            "Universitas Airlangga",
            "Universitas Sebelas Maret",
            "Universitas Brawijaya",
        ],
        Suku::Sunda => &[
            "Universitas Padjadjaran",
            "Universitas Pendidikan Indonesia",
            "Institut Teknologi Bandung",
        ],
        Suku::Batak => &[
            "Universitas Sumatera Utara",
            "Universitas HKBP Nommensen",
            "Universitas Negeri Medan",
        ],
        Suku::Minang => &["Universitas Andalas", "Universitas Negeri Padang"],
        Suku::Bugis => &[
            "Universitas Hasanuddin",
            "Universitas Muslim Indonesia",
            "Universitas Negeri Makassar",
        ],
        Suku::Bali => &["Universitas Udayana", "Universitas Pendidikan Ganesha"],
        Suku::Melayu => &[
            "Universitas Indonesia",
            "Universitas Sriwijaya",
            "UIN Syarif Hidayatullah Jakarta",
            "Universitas Lambung Mangkurat",
        ],
        Suku::Timur => &[
            "Universitas Sam Ratulangi",
            "Universitas Pattimura",
            "Universitas Nusa Cendana",
            "Universitas Cenderawasih",
        ],
        Suku::Tionghoa => &[
            "Universitas Tarumanagara",
            "Universitas Trisakti",
            "Universitas Kristen Maranatha",
        ],
    };
    if rng.random_bool(0.25) {
        pick(
            rng,
            &[
                "Universitas Indonesia",
                "Universitas Gadjah Mada",
                "Universitas Airlangga",
                "Universitas Padjadjaran",
            ],
        )
    } else {
        pick(rng, regional)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn names_look_right() {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
        for _ in 0..200 {
            let n = nama(&mut rng, Suku::Bali, "P");
            assert!(n.starts_with("Ni "), "{n}");
            let n = nama(&mut rng, Suku::Bali, "L");
            assert!(n.starts_with("I "), "{n}");
            let n = nama(&mut rng, Suku::Jawa, "L");
            assert!(!n.is_empty() && !n.contains("  "));
        }
        assert_eq!(
            nama_keluarga(Suku::Batak, "Togar Simanjuntak").as_deref(),
            Some("Simanjuntak")
        );
        assert_eq!(nama_keluarga(Suku::Jawa, "Budi Santoso"), None);
        let anak = nama_anak(&mut rng, Suku::Batak, "P", 1, Some("Simanjuntak"));
        assert!(anak.ends_with("br. Simanjuntak"), "{anak}");
        let anak = nama_anak(&mut rng, Suku::Bali, "L", 2, None);
        assert!(anak.starts_with("I Made "), "{anak}");
        assert_eq!(agama(&mut rng, Suku::Batak, "Rahmat Nasution"), "Islam");
    }
}
