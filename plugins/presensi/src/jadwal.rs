//! Working hours (Monday–Thursday and Friday, from the module settings) and the
//! late-in / early-out minutes counted against them.
//!
//! Minutes are whole clock minutes: clocking in at 07:30:59 for a 07:30 start is on
//! time, 07:31:00 is one minute late; clocking out at 15:59:59 for a 16:00 end is one
//! minute early.

use crate::waktu::{HariPekan, Jam, Tanggal};

/// Setting keys and their defaults (DOMAIN.md: Mon–Thu 07:30–16:00, Fri 07:30–16:30).
pub const JAM_MASUK_SENIN_KAMIS: (&str, &str) = ("jam_masuk_senin_kamis", "07:30");
/// See [`JAM_MASUK_SENIN_KAMIS`].
pub const JAM_PULANG_SENIN_KAMIS: (&str, &str) = ("jam_pulang_senin_kamis", "16:00");
/// See [`JAM_MASUK_SENIN_KAMIS`].
pub const JAM_MASUK_JUMAT: (&str, &str) = ("jam_masuk_jumat", "07:30");
/// See [`JAM_MASUK_SENIN_KAMIS`].
pub const JAM_PULANG_JUMAT: (&str, &str) = ("jam_pulang_jumat", "16:30");

/// Start and end of one working day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JamKerja {
    /// Expected clock-in.
    pub masuk: Jam,
    /// Expected clock-out.
    pub pulang: Jam,
}

/// The week's schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Jadwal {
    /// Monday to Thursday.
    pub senin_kamis: JamKerja,
    /// Friday.
    pub jumat: JamKerja,
}

impl Default for Jadwal {
    fn default() -> Jadwal {
        Jadwal::dari_pengaturan(|_| None)
    }
}

impl Jadwal {
    /// The schedule from settings looked up by key; a missing or malformed value falls
    /// back to the default.
    pub fn dari_pengaturan<'a>(get: impl Fn(&str) -> Option<&'a str>) -> Jadwal {
        let jam = |(key, default): (&str, &str)| {
            get(key)
                .and_then(|v| Jam::parse_hhmm(v.trim()))
                .or_else(|| Jam::parse_hhmm(default))
                .unwrap_or(Jam { detik: 0 })
        };
        Jadwal {
            senin_kamis: JamKerja {
                masuk: jam(JAM_MASUK_SENIN_KAMIS),
                pulang: jam(JAM_PULANG_SENIN_KAMIS),
            },
            jumat: JamKerja {
                masuk: jam(JAM_MASUK_JUMAT),
                pulang: jam(JAM_PULANG_JUMAT),
            },
        }
    }

    /// The hours of a date; `None` on Saturday and Sunday.
    pub fn untuk(&self, tanggal: Tanggal) -> Option<JamKerja> {
        match tanggal.hari_pekan() {
            HariPekan::Sabtu | HariPekan::Minggu => None,
            HariPekan::Jumat => Some(self.jumat),
            _ => Some(self.senin_kamis),
        }
    }

    /// Minutes late when clocking in at `masuk` on `tanggal` (0 on time or on a weekend).
    pub fn menit_terlambat(&self, tanggal: Tanggal, masuk: Jam) -> u32 {
        self.untuk(tanggal)
            .map(|j| (masuk.detik / 60).saturating_sub(j.masuk.detik / 60))
            .unwrap_or(0)
    }

    /// Minutes early when clocking out at `pulang` on `tanggal` (0 on time or on a
    /// weekend).
    pub fn menit_pulang_cepat(&self, tanggal: Tanggal, pulang: Jam) -> u32 {
        self.untuk(tanggal)
            .map(|j| (j.pulang.detik / 60).saturating_sub(pulang.detik / 60))
            .unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(tanggal: &str, masuk: &str, pulang: &str, late: u32, early: u32) {
        let j = Jadwal::default();
        let t = Tanggal::parse(tanggal).unwrap();
        assert_eq!(
            j.menit_terlambat(t, Jam::parse(masuk).unwrap()),
            late,
            "{tanggal} {masuk}"
        );
        assert_eq!(
            j.menit_pulang_cepat(t, Jam::parse(pulang).unwrap()),
            early,
            "{tanggal} {pulang}"
        );
    }

    #[test]
    fn monday_to_thursday_and_friday_differ() {
        // Monday 3 March 2025 .. Friday 7 March 2025.
        check("2025-03-03", "07:30:59", "16:00:00", 0, 0);
        check("2025-03-03", "07:45:00", "15:30:00", 15, 30);
        check("2025-03-06", "08:00:10", "16:10:00", 30, 0);
        // Friday ends at 16:30: leaving at 16:00 is 30 minutes early.
        check("2025-03-07", "07:31:00", "16:00:00", 1, 30);
        check("2025-03-07", "07:00:00", "16:30:00", 0, 0);
        // Saturday: not a working day.
        check("2025-03-08", "10:00:00", "11:00:00", 0, 0);
    }

    #[test]
    fn settings_override_and_fall_back() {
        let j = Jadwal::dari_pengaturan(|k| match k {
            "jam_masuk_senin_kamis" => Some("08:00"),
            "jam_pulang_jumat" => Some("bukan jam"),
            _ => None,
        });
        assert_eq!(j.senin_kamis.masuk.hhmm(), "08:00");
        assert_eq!(j.senin_kamis.pulang.hhmm(), "16:00");
        assert_eq!(j.jumat.pulang.hhmm(), "16:30");
    }
}
