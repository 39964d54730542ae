//! NIP validation. A PNS NIP is 18 digits: birth date `YYYYMMDD` · TMT CPNS `YYYYMM` ·
//! gender digit `1` (male) / `2` (female) · 3-digit sequence. There is no checksum, so a
//! NIP is validated by cross-checking it with the record's birth date and gender.
//! PPPK numbers (NI PPPK) are also 18 digits starting with the birth date; the rest of
//! their layout differs, so only the length, the digits and the birth date are checked.

use std::fmt;

/// Employment status, which decides how a NIP is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusKepegawaian {
    /// Permanent civil servant.
    Pns,
    /// Contract civil servant.
    Pppk,
}

impl StatusKepegawaian {
    /// Parses `PNS` / `PPPK` (case-insensitive, surrounding spaces ignored).
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_uppercase().as_str() {
            "PNS" => Some(Self::Pns),
            "PPPK" => Some(Self::Pppk),
            _ => None,
        }
    }

    /// The stored code: `PNS` or `PPPK`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pns => "PNS",
            Self::Pppk => "PPPK",
        }
    }
}

impl fmt::Display for StatusKepegawaian {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a NIP was refused. `Display` gives the message shown to users (Indonesian).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NipError {
    /// Not 18 characters long.
    #[error("NIP harus 18 digit, bukan {0} karakter")]
    Panjang(usize),
    /// Contains something other than digits.
    #[error("NIP hanya boleh berisi angka (ditemukan '{0}')")]
    BukanAngka(char),
    /// The record's birth date itself is not a valid date.
    #[error("tanggal lahir '{0}' tidak sah; gunakan format YYYY-MM-DD")]
    TanggalLahirTidakSah(String),
    /// The record's gender is not `L`/`P`.
    #[error("jenis kelamin '{0}' tidak dikenal; gunakan L atau P")]
    JenisKelaminTidakSah(String),
    /// Digits 1–8 differ from the birth date.
    #[error(
        "8 digit pertama NIP ({nip}) tidak sesuai dengan tanggal lahir {tanggal_lahir} \
         (seharusnya {expected})"
    )]
    TanggalLahir {
        /// Digits 1–8 of the NIP.
        nip: String,
        /// The record's birth date.
        tanggal_lahir: String,
        /// The digits expected.
        expected: String,
    },
    /// Digits 9–14 are not a real year-month.
    #[error("digit 9–14 NIP ({0}) bukan TMT CPNS yang sah: bulan harus 01–12")]
    BulanCpns(String),
    /// The CPNS year is impossible for the birth date.
    #[error(
        "TMT CPNS pada NIP ({tmt}) tidak masuk akal untuk kelahiran tahun {tahun_lahir} \
         (usia saat CPNS {usia} tahun)"
    )]
    TahunCpns {
        /// Digits 9–14.
        tmt: String,
        /// Birth year.
        tahun_lahir: i32,
        /// Age at CPNS start implied by the NIP.
        usia: i32,
    },
    /// Digit 15 is neither 1 nor 2.
    #[error("digit ke-15 NIP harus 1 (laki-laki) atau 2 (perempuan), bukan {0}")]
    KodeJenisKelamin(char),
    /// Digit 15 contradicts the record's gender.
    #[error(
        "digit ke-15 NIP ({digit}) menunjukkan {menurut_nip}, tetapi jenis kelamin tercatat {tercatat}"
    )]
    JenisKelamin {
        /// Digit 15.
        digit: char,
        /// `laki-laki` or `perempuan`.
        menurut_nip: &'static str,
        /// `L` or `P` as recorded.
        tercatat: String,
    },
}

/// Youngest plausible age at CPNS start.
const MIN_USIA_CPNS: i32 = 15;
/// Oldest plausible age at CPNS start.
const MAX_USIA_CPNS: i32 = 60;

/// Removes the spaces people put in printed NIPs (`19860926 201505 1 001`).
pub fn normalize_nip(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Formats an 18-digit PNS NIP with the customary spaces; other input is returned as is.
pub fn format_nip(nip: &str) -> String {
    if nip.len() == 18 && nip.bytes().all(|b| b.is_ascii_digit()) {
        format!(
            "{} {} {} {}",
            &nip[..8],
            &nip[8..14],
            &nip[14..15],
            &nip[15..]
        )
    } else {
        nip.to_string()
    }
}

/// Parses `YYYY-MM-DD` into a real calendar date.
pub fn parse_date(s: &str) -> Option<time::Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let digits = |r: std::ops::Range<usize>| -> Option<i32> {
        let part = &s[r];
        if part.bytes().all(|c| c.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let y = digits(0..4)?;
    let m = u8::try_from(digits(5..7)?).ok()?;
    let d = u8::try_from(digits(8..10)?).ok()?;
    let month = time::Month::try_from(m).ok()?;
    time::Date::from_calendar_date(y, month, d).ok()
}

/// Checks `nip` against the record: 18 digits; for PNS the full layout (birth date, a
/// real TMT CPNS month at a plausible age, gender digit matching `jenis_kelamin`); for
/// PPPK the birth-date prefix only. `tanggal_lahir` is `YYYY-MM-DD`, `jenis_kelamin`
/// is `L` or `P`.
pub fn validate_nip(
    nip: &str,
    status: StatusKepegawaian,
    tanggal_lahir: &str,
    jenis_kelamin: &str,
) -> Result<(), NipError> {
    let len = nip.chars().count();
    if len != 18 {
        return Err(NipError::Panjang(len));
    }
    if let Some(c) = nip.chars().find(|c| !c.is_ascii_digit()) {
        return Err(NipError::BukanAngka(c));
    }
    let lahir = parse_date(tanggal_lahir)
        .ok_or_else(|| NipError::TanggalLahirTidakSah(tanggal_lahir.to_string()))?;
    let expected = format!(
        "{:04}{:02}{:02}",
        lahir.year(),
        u8::from(lahir.month()),
        lahir.day()
    );
    if nip[..8] != expected {
        return Err(NipError::TanggalLahir {
            nip: nip[..8].to_string(),
            tanggal_lahir: tanggal_lahir.to_string(),
            expected,
        });
    }
    if status == StatusKepegawaian::Pppk {
        return Ok(());
    }
    let jk = match jenis_kelamin.trim() {
        "L" | "l" => 'L',
        "P" | "p" => 'P',
        other => return Err(NipError::JenisKelaminTidakSah(other.to_string())),
    };
    let tmt = &nip[8..14];
    let month: u32 = tmt[4..].parse().unwrap_or(0);
    if !(1..=12).contains(&month) {
        return Err(NipError::BulanCpns(tmt.to_string()));
    }
    let year: i32 = tmt[..4].parse().unwrap_or(0);
    let usia = year - lahir.year();
    if !(MIN_USIA_CPNS..=MAX_USIA_CPNS).contains(&usia) {
        return Err(NipError::TahunCpns {
            tmt: tmt.to_string(),
            tahun_lahir: lahir.year(),
            usia,
        });
    }
    let digit = nip.as_bytes()[14] as char;
    let menurut_nip = match digit {
        '1' => 'L',
        '2' => 'P',
        other => return Err(NipError::KodeJenisKelamin(other)),
    };
    if menurut_nip != jk {
        return Err(NipError::JenisKelamin {
            digit,
            menurut_nip: if menurut_nip == 'L' {
                "laki-laki"
            } else {
                "perempuan"
            },
            tercatat: jk.to_string(),
        });
    }
    Ok(())
}

/// The TMT CPNS (`YYYY-MM-01`) encoded in a PNS NIP, if the NIP has the PNS layout.
pub fn tmt_cpns(nip: &str) -> Option<String> {
    if nip.len() != 18 || !nip.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let month: u32 = nip[12..14].parse().ok()?;
    (1..=12)
        .contains(&month)
        .then(|| format!("{}-{}-01", &nip[8..12], &nip[12..14]))
}

#[cfg(test)]
mod tests {
    use super::StatusKepegawaian::{Pns, Pppk};
    use super::*;

    /// NIP, status, birth date, gender.
    type Input<'a> = (&'a str, StatusKepegawaian, &'a str, &'a str);

    /// One case: the input → `Ok` or (part of) the error message.
    fn check(input: Input<'_>, expect: Result<(), &str>) {
        let (nip, status, lahir, jk) = input;
        let got = validate_nip(nip, status, lahir, jk).map_err(|e| e.to_string());
        match (&got, expect) {
            (Ok(()), Ok(())) => {}
            (Err(msg), Err(want)) => assert!(
                msg.contains(want),
                "{nip}: message {msg:?} does not contain {want:?}"
            ),
            _ => panic!("{nip}: got {got:?}, expected {expect:?}"),
        }
    }

    #[test]
    fn validates_nips() {
        let cases: &[(Input<'_>, Result<(), &str>)] = &[
            // The DOMAIN.md example.
            (("198609262015051001", Pns, "1986-09-26", "L"), Ok(())),
            (("198609262015052001", Pns, "1986-09-26", "P"), Ok(())),
            (("198609262015052001", Pns, "1986-09-26", "p"), Ok(())),
            // Length and characters.
            (
                ("19860926201505100", Pns, "1986-09-26", "L"),
                Err("harus 18 digit, bukan 17"),
            ),
            (
                ("1986092620150510011", Pns, "1986-09-26", "L"),
                Err("bukan 19"),
            ),
            (("", Pns, "1986-09-26", "L"), Err("bukan 0")),
            (
                ("19860926-01505-001", Pns, "1986-09-26", "L"),
                Err("ditemukan '-'"),
            ),
            (
                ("19860926201505100A", Pns, "1986-09-26", "L"),
                Err("ditemukan 'A'"),
            ),
            (
                ("１98609262015051001", Pns, "1986-09-26", "L"),
                Err("hanya boleh berisi angka"),
            ),
            // Birth date.
            (
                ("198609272015051001", Pns, "1986-09-26", "L"),
                Err("tidak sesuai dengan tanggal lahir 1986-09-26 (seharusnya 19860926)"),
            ),
            (
                ("198609262015051001", Pns, "1986-02-30", "L"),
                Err("tanggal lahir '1986-02-30' tidak sah"),
            ),
            (
                ("198609262015051001", Pns, "26-09-1986", "L"),
                Err("tidak sah"),
            ),
            // TMT CPNS.
            (
                ("198609262015131001", Pns, "1986-09-26", "L"),
                Err("bulan harus 01–12"),
            ),
            (
                ("198609262015001001", Pns, "1986-09-26", "L"),
                Err("(201500) bukan TMT CPNS"),
            ),
            (
                ("198609261990011001", Pns, "1986-09-26", "L"),
                Err("usia saat CPNS 4 tahun"),
            ),
            (
                ("198609262060011001", Pns, "1986-09-26", "L"),
                Err("usia saat CPNS 74 tahun"),
            ),
            // Gender digit.
            (
                ("198609262015053001", Pns, "1986-09-26", "L"),
                Err("harus 1 (laki-laki) atau 2 (perempuan), bukan 3"),
            ),
            (
                ("198609262015051001", Pns, "1986-09-26", "P"),
                Err("menunjukkan laki-laki, tetapi jenis kelamin tercatat P"),
            ),
            (
                ("198609262015052001", Pns, "1986-09-26", "L"),
                Err("menunjukkan perempuan"),
            ),
            (
                ("198609262015051001", Pns, "1986-09-26", "X"),
                Err("jenis kelamin 'X' tidak dikenal"),
            ),
            // PPPK: birth date checked, the PNS layout is not.
            (("199001012023012001", Pppk, "1990-01-01", "L"), Ok(())),
            (("199001012023219001", Pppk, "1990-01-01", "P"), Ok(())),
            (
                ("199001022023012001", Pppk, "1990-01-01", "P"),
                Err("seharusnya 19900101"),
            ),
            (
                ("19900101202301200", Pppk, "1990-01-01", "P"),
                Err("harus 18 digit"),
            ),
        ];
        for (input, expect) in cases {
            check(*input, *expect);
        }
    }

    #[test]
    fn helpers() {
        assert_eq!(
            normalize_nip(" 19860926 201505 1 001 "),
            "198609262015051001"
        );
        assert_eq!(format_nip("198609262015051001"), "19860926 201505 1 001");
        assert_eq!(format_nip("abc"), "abc");
        assert_eq!(
            tmt_cpns("198609262015051001").as_deref(),
            Some("2015-05-01")
        );
        assert_eq!(tmt_cpns("198609262015131001"), None);
        assert_eq!(StatusKepegawaian::parse(" pppk "), Some(Pppk));
        assert_eq!(StatusKepegawaian::parse("honorer"), None);
        assert!(parse_date("2024-02-29").is_some());
        assert!(parse_date("2023-02-29").is_none());
        assert!(parse_date("2023-2-09").is_none());
        assert!(parse_date("+023-02-09").is_none());
    }
}
