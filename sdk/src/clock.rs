//! Always available: the kernel's clock, and small calendar helpers in the portal's
//! local time (WIB, UTC+7, unless configured otherwise) without a date library.
//!
//! ```
//! use eoffice_sdk::clock::{Date, LocalDateTime, Weekday};
//!
//! let t = LocalDateTime::from_unix_ms(1_767_574_800_000, 420); // 2026-01-05 08:00 WIB
//! assert_eq!(t.date.to_string(), "2026-01-05");
//! assert_eq!(t.weekday(), Weekday::Monday);
//! assert_eq!(t.minutes_since_midnight(), 8 * 60);
//! assert_eq!(Date::parse("2026-01-05").unwrap().add_days(-5).to_string(), "2025-12-31");
//! ```

use std::fmt;

pub use crate::__internal::bindings::eoffice::portal::clock::Instant;
use crate::sys;

/// The kernel's current time (Unix milliseconds and the portal's UTC offset).
pub fn now() -> Instant {
    sys::clock::now()
}

/// The current local date and time.
pub fn local_now() -> LocalDateTime {
    let i = now();
    LocalDateTime::from_unix_ms(i.unix_ms, i.utc_offset_minutes)
}

/// Today's local date.
pub fn today() -> Date {
    local_now().date
}

/// A calendar date (proleptic Gregorian).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year, e.g. 2026.
    pub year: i32,
    /// Month 1–12.
    pub month: u8,
    /// Day 1–31.
    pub day: u8,
}

/// A day of the week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Weekday {
    /// Senin.
    Monday,
    /// Selasa.
    Tuesday,
    /// Rabu.
    Wednesday,
    /// Kamis.
    Thursday,
    /// Jumat.
    Friday,
    /// Sabtu.
    Saturday,
    /// Minggu.
    Sunday,
}

impl Weekday {
    /// The Indonesian name (`Senin` … `Minggu`).
    pub fn name_id(self) -> &'static str {
        match self {
            Weekday::Monday => "Senin",
            Weekday::Tuesday => "Selasa",
            Weekday::Wednesday => "Rabu",
            Weekday::Thursday => "Kamis",
            Weekday::Friday => "Jumat",
            Weekday::Saturday => "Sabtu",
            Weekday::Sunday => "Minggu",
        }
    }

    /// Saturday or Sunday.
    pub fn is_weekend(self) -> bool {
        matches!(self, Weekday::Saturday | Weekday::Sunday)
    }
}

/// Indonesian month names, January first.
pub const MONTHS_ID: [&str; 12] = [
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

impl Date {
    /// A date, if it exists.
    pub fn new(year: i32, month: u8, day: u8) -> Option<Date> {
        let d = Date { year, month, day };
        ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month)).then_some(d)
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            let s = &text[r];
            s.bytes()
                .all(|c| c.is_ascii_digit())
                .then(|| s.parse().ok())?
        };
        Date::new(
            digits(0..4)? as i32,
            digits(5..7)? as u8,
            digits(8..10)? as u8,
        )
    }

    /// Days since 1970-01-01 (negative before).
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days_since_epoch(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// The date `days` later (earlier when negative).
    pub fn add_days(self, days: i64) -> Date {
        Date::from_days_since_epoch(self.days_since_epoch() + days)
    }

    /// The day of the week.
    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday.
        match (self.days_since_epoch() + 3).rem_euclid(7) {
            0 => Weekday::Monday,
            1 => Weekday::Tuesday,
            2 => Weekday::Wednesday,
            3 => Weekday::Thursday,
            4 => Weekday::Friday,
            5 => Weekday::Saturday,
            _ => Weekday::Sunday,
        }
    }

    /// The first day of the month.
    pub fn first_of_month(self) -> Date {
        Date { day: 1, ..self }
    }

    /// Long Indonesian form: `5 Januari 2026`.
    pub fn long_id(self) -> String {
        format!(
            "{} {} {}",
            self.day,
            MONTHS_ID[usize::from(self.month - 1)],
            self.year
        )
    }
}

impl fmt::Display for Date {
    /// `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

/// A local date and time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalDateTime {
    /// The local date.
    pub date: Date,
    /// Hour 0–23.
    pub hour: u8,
    /// Minute 0–59.
    pub minute: u8,
    /// Second 0–59.
    pub second: u8,
}

impl LocalDateTime {
    /// Converts Unix milliseconds to local time at `utc_offset_minutes` (WIB = 420).
    pub fn from_unix_ms(unix_ms: i64, utc_offset_minutes: i32) -> LocalDateTime {
        let secs = unix_ms.div_euclid(1000) + i64::from(utc_offset_minutes) * 60;
        let days = secs.div_euclid(86_400);
        let rest = secs.rem_euclid(86_400);
        LocalDateTime {
            date: Date::from_days_since_epoch(days),
            hour: (rest / 3600) as u8,
            minute: (rest % 3600 / 60) as u8,
            second: (rest % 60) as u8,
        }
    }

    /// Unix milliseconds of this local time at `utc_offset_minutes`.
    pub fn to_unix_ms(self, utc_offset_minutes: i32) -> i64 {
        let secs = self.date.days_since_epoch() * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
            - i64::from(utc_offset_minutes) * 60;
        secs * 1000
    }

    /// The day of the week.
    pub fn weekday(self) -> Weekday {
        self.date.weekday()
    }

    /// Minutes since local midnight (07:30 → 450).
    pub fn minutes_since_midnight(self) -> u32 {
        u32::from(self.hour) * 60 + u32::from(self.minute)
    }

    /// `HH:MM`.
    pub fn time_hhmm(self) -> String {
        format!("{:02}:{:02}", self.hour, self.minute)
    }
}

impl fmt::Display for LocalDateTime {
    /// `YYYY-MM-DD HH:MM`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {:02}:{:02}", self.date, self.hour, self.minute)
    }
}

/// Parses `HH:MM` (a `time` setting) into minutes since midnight.
pub fn parse_hhmm(text: &str) -> Option<u32> {
    let (h, m) = text.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calendar_round_trips() {
        for days in [-700_000, -1, 0, 1, 19_000, 20_458, 100_000] {
            let d = Date::from_days_since_epoch(days);
            assert_eq!(d.days_since_epoch(), days, "{d}");
            assert_eq!(Date::parse(&d.to_string()), Some(d));
        }
        assert_eq!(
            Date::parse("2024-02-29").map(|d| d.weekday()),
            Some(Weekday::Thursday)
        );
        assert_eq!(Date::parse("2025-02-29"), None);
        assert_eq!(Date::parse("2025-1-01"), None);
        assert_eq!(Date::parse("2025-+1-01"), None);
        assert_eq!(Date::new(2026, 1, 5).unwrap().long_id(), "5 Januari 2026");
    }

    #[test]
    fn local_time_uses_the_offset() {
        // 2026-01-04 23:30 UTC is 2026-01-05 06:30 WIB.
        let utc = LocalDateTime::from_unix_ms(1_767_569_400_000, 0);
        assert_eq!(utc.to_string(), "2026-01-04 23:30");
        let wib = LocalDateTime::from_unix_ms(1_767_569_400_000, 420);
        assert_eq!(wib.to_string(), "2026-01-05 06:30");
        assert_eq!(wib.to_unix_ms(420), 1_767_569_400_000);
        assert_eq!(parse_hhmm("07:30"), Some(450));
        assert_eq!(parse_hhmm("24:00"), None);
    }
}
