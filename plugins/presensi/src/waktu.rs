//! Calendar arithmetic in the portal's local time: dates, months, weekdays and clock
//! times, derived from the kernel's clock (Unix milliseconds + the portal's UTC offset).
//!
//! Plain proleptic Gregorian arithmetic (Howard Hinnant's `days_from_civil`), no
//! time-zone database: the kernel tells the module its offset on every clock reading.

use std::fmt;

/// A calendar date (`YYYY-MM-DD`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tanggal {
    /// Year, e.g. 2025.
    pub tahun: i32,
    /// Month 1–12.
    pub bulan: u32,
    /// Day of the month 1–31.
    pub hari: u32,
}

/// A month (`YYYY-MM`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Bulan {
    /// Year, e.g. 2025.
    pub tahun: i32,
    /// Month 1–12.
    pub bulan: u32,
}

/// Day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HariPekan {
    /// Monday.
    Senin,
    /// Tuesday.
    Selasa,
    /// Wednesday.
    Rabu,
    /// Thursday.
    Kamis,
    /// Friday.
    Jumat,
    /// Saturday.
    Sabtu,
    /// Sunday.
    Minggu,
}

impl HariPekan {
    /// The Indonesian name ("Senin" … "Minggu").
    pub fn nama(self) -> &'static str {
        match self {
            HariPekan::Senin => "Senin",
            HariPekan::Selasa => "Selasa",
            HariPekan::Rabu => "Rabu",
            HariPekan::Kamis => "Kamis",
            HariPekan::Jumat => "Jumat",
            HariPekan::Sabtu => "Sabtu",
            HariPekan::Minggu => "Minggu",
        }
    }

    /// Saturday and Sunday are not working days.
    pub fn hari_kerja(self) -> bool {
        !matches!(self, HariPekan::Sabtu | HariPekan::Minggu)
    }
}

/// Indonesian month names, January first.
pub const NAMA_BULAN: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

/// Days since 1970-01-01 of a civil date.
fn days_from_civil(y: i32, m: u32, d: u32) -> i64 {
    let y = i64::from(y) - i64::from(m <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day number since 1970-01-01.
fn civil_from_days(z: i64) -> Tanggal {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    Tanggal {
        tahun: y as i32,
        bulan: m,
        hari: d,
    }
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

impl Tanggal {
    /// A valid date, or `None`.
    pub fn new(tahun: i32, bulan: u32, hari: u32) -> Option<Tanggal> {
        let b = Bulan::new(tahun, bulan)?;
        (1..=b.jumlah_hari())
            .contains(&hari)
            .then_some(Tanggal { tahun, bulan, hari })
    }

    /// Parses `YYYY-MM-DD` (exactly that layout).
    pub fn parse(s: &str) -> Option<Tanggal> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let bulan = Bulan::parse(&s[..7])?;
        let hari = digits(&s[8..10])?;
        Tanggal::new(bulan.tahun, bulan.bulan, hari)
    }

    /// The local date of a Unix time in milliseconds at `offset_minutes` from UTC.
    pub fn dari_unix_ms(unix_ms: i64, offset_minutes: i32) -> Tanggal {
        let local = unix_ms.div_euclid(1000) + i64::from(offset_minutes) * 60;
        civil_from_days(local.div_euclid(86_400))
    }

    /// The day of the week.
    pub fn hari_pekan(self) -> HariPekan {
        // 1970-01-01 was a Thursday.
        match days_from_civil(self.tahun, self.bulan, self.hari).rem_euclid(7) {
            0 => HariPekan::Kamis,
            1 => HariPekan::Jumat,
            2 => HariPekan::Sabtu,
            3 => HariPekan::Minggu,
            4 => HariPekan::Senin,
            5 => HariPekan::Selasa,
            _ => HariPekan::Rabu,
        }
    }

    /// The month this date falls in.
    pub fn bulan(self) -> Bulan {
        Bulan {
            tahun: self.tahun,
            bulan: self.bulan,
        }
    }

    /// Display form, e.g. "3 Maret 2025".
    pub fn panjang(self) -> String {
        format!(
            "{} {} {}",
            self.hari,
            NAMA_BULAN[(self.bulan - 1) as usize],
            self.tahun
        )
    }
}

impl fmt::Display for Tanggal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.tahun, self.bulan, self.hari)
    }
}

impl Bulan {
    /// A valid month (years 1900–9999), or `None`.
    pub fn new(tahun: i32, bulan: u32) -> Option<Bulan> {
        ((1900..=9999).contains(&tahun) && (1..=12).contains(&bulan))
            .then_some(Bulan { tahun, bulan })
    }

    /// Parses `YYYY-MM`.
    pub fn parse(s: &str) -> Option<Bulan> {
        let b = s.as_bytes();
        if b.len() != 7 || b[4] != b'-' {
            return None;
        }
        Bulan::new(digits(&s[..4])? as i32, digits(&s[5..7])?)
    }

    /// Number of days.
    pub fn jumlah_hari(self) -> u32 {
        match self.bulan {
            2 if is_leap(self.tahun) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        }
    }

    /// Every date of the month, in order.
    pub fn tanggal(self) -> impl Iterator<Item = Tanggal> {
        (1..=self.jumlah_hari()).map(move |hari| Tanggal {
            tahun: self.tahun,
            bulan: self.bulan,
            hari,
        })
    }

    /// The month before.
    pub fn sebelumnya(self) -> Bulan {
        if self.bulan == 1 {
            Bulan {
                tahun: self.tahun - 1,
                bulan: 12,
            }
        } else {
            Bulan {
                tahun: self.tahun,
                bulan: self.bulan - 1,
            }
        }
    }

    /// The month after.
    pub fn berikutnya(self) -> Bulan {
        if self.bulan == 12 {
            Bulan {
                tahun: self.tahun + 1,
                bulan: 1,
            }
        } else {
            Bulan {
                tahun: self.tahun,
                bulan: self.bulan + 1,
            }
        }
    }

    /// Display form, e.g. "Maret 2025".
    pub fn nama(self) -> String {
        format!("{} {}", NAMA_BULAN[(self.bulan - 1) as usize], self.tahun)
    }
}

impl fmt::Display for Bulan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.tahun, self.bulan)
    }
}

/// A local clock time with second precision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Jam {
    /// Seconds since local midnight (0–86 399).
    pub detik: u32,
}

impl Jam {
    /// `HH:MM` (hours 0–23, minutes 0–59).
    pub fn parse_hhmm(s: &str) -> Option<Jam> {
        let b = s.as_bytes();
        if b.len() != 5 || b[2] != b':' {
            return None;
        }
        let h = digits(&s[..2])?;
        let m = digits(&s[3..])?;
        (h < 24 && m < 60).then_some(Jam {
            detik: h * 3600 + m * 60,
        })
    }

    /// `HH:MM:SS` or `HH:MM`.
    pub fn parse(s: &str) -> Option<Jam> {
        if s.len() == 8 && s.as_bytes()[5] == b':' {
            let base = Jam::parse_hhmm(&s[..5])?;
            let sec = digits(&s[6..])?;
            (sec < 60).then_some(Jam {
                detik: base.detik + sec,
            })
        } else {
            Jam::parse_hhmm(s)
        }
    }

    /// The local time of day of a Unix time in milliseconds.
    pub fn dari_unix_ms(unix_ms: i64, offset_minutes: i32) -> Jam {
        let local = unix_ms.div_euclid(1000) + i64::from(offset_minutes) * 60;
        Jam {
            detik: local.rem_euclid(86_400) as u32,
        }
    }

    /// `HH:MM` for display.
    pub fn hhmm(self) -> String {
        format!("{:02}:{:02}", self.detik / 3600, self.detik / 60 % 60)
    }

    /// `HH:MM:SS` as stored.
    pub fn hhmmss(self) -> String {
        format!(
            "{:02}:{:02}:{:02}",
            self.detik / 3600,
            self.detik / 60 % 60,
            self.detik % 60
        )
    }
}

/// ASCII digits only, as a number.
fn digits(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_weekdays() {
        let t = Tanggal::parse("2025-03-03").unwrap();
        assert_eq!(t.to_string(), "2025-03-03");
        assert_eq!(t.hari_pekan(), HariPekan::Senin);
        assert_eq!(
            Tanggal::parse("2025-03-07").unwrap().hari_pekan(),
            HariPekan::Jumat
        );
        assert_eq!(
            Tanggal::parse("2024-02-29").unwrap().hari_pekan(),
            HariPekan::Kamis
        );
        assert_eq!(
            Tanggal::parse("2000-01-01").unwrap().hari_pekan(),
            HariPekan::Sabtu
        );
        for bad in [
            "2025-02-29",
            "2025-13-01",
            "2025-1-01",
            "abcd-ef-gh",
            "2025-03-00",
        ] {
            assert_eq!(Tanggal::parse(bad), None, "{bad}");
        }
        for z in [-800_000, -1, 0, 1, 19_000, 2_000_000] {
            let t = civil_from_days(z);
            assert_eq!(days_from_civil(t.tahun, t.bulan, t.hari), z);
        }
    }

    #[test]
    fn local_date_uses_the_offset() {
        // 2025-03-02T23:30:00Z is 06:30 on 3 March in WIB (UTC+7).
        let ms = (days_from_civil(2025, 3, 2) * 86_400 + 23 * 3600 + 30 * 60) * 1000;
        assert_eq!(Tanggal::dari_unix_ms(ms, 0).to_string(), "2025-03-02");
        assert_eq!(Tanggal::dari_unix_ms(ms, 420).to_string(), "2025-03-03");
        assert_eq!(Jam::dari_unix_ms(ms, 420).hhmmss(), "06:30:00");
    }

    #[test]
    fn months() {
        let m = Bulan::parse("2024-02").unwrap();
        assert_eq!(m.jumlah_hari(), 29);
        assert_eq!(m.tanggal().count(), 29);
        assert_eq!(
            Bulan::parse("2025-01").unwrap().sebelumnya().to_string(),
            "2024-12"
        );
        assert_eq!(
            Bulan::parse("2025-12").unwrap().berikutnya().to_string(),
            "2026-01"
        );
        assert_eq!(Bulan::parse("2025-00"), None);
        assert_eq!(Bulan::parse("2025-3"), None);
        assert_eq!(m.nama(), "Februari 2024");
    }

    #[test]
    fn clock_times() {
        assert_eq!(Jam::parse_hhmm("07:30").unwrap().detik, 27_000);
        assert_eq!(Jam::parse("16:00:59").unwrap().hhmmss(), "16:00:59");
        assert_eq!(Jam::parse_hhmm("24:00"), None);
        assert_eq!(Jam::parse_hhmm("7:30"), None);
    }
}
