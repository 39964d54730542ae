//! A month of attendance: one row per day up to today (late-in and early-out minutes,
//! remarks) and the month's totals.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::jadwal::Jadwal;
use crate::kehadiran::Kehadiran;
use crate::waktu::{Bulan, Jam, Tanggal};

/// One day of the month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Baris {
    /// `YYYY-MM-DD`.
    pub tanggal: String,
    /// Day name ("Senin" …).
    pub hari: &'static str,
    /// Monday–Friday.
    pub hari_kerja: bool,
    /// Clock-in `HH:MM`.
    pub masuk: Option<String>,
    /// Clock-out `HH:MM`.
    pub pulang: Option<String>,
    /// Minutes late.
    pub terlambat_menit: u32,
    /// Minutes early.
    pub pulang_cepat_menit: u32,
    /// Remarks, e.g. "tidak presensi pulang"; empty when nothing to say.
    pub keterangan: String,
}

/// The month's totals.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Total {
    /// Working days up to today.
    pub hari_kerja: u32,
    /// Days with a masuk (any day).
    pub hadir: u32,
    /// Working days up to yesterday (and today once it is over) with no record.
    pub tidak_hadir: u32,
    /// Days with a late masuk.
    pub hari_terlambat: u32,
    /// Sum of late minutes.
    pub terlambat_menit: u32,
    /// Sum of early-out minutes.
    pub pulang_cepat_menit: u32,
}

/// A month's report.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rekap {
    /// `YYYY-MM`.
    pub bulan: String,
    /// Days from the 1st up to today (all days for a past month, none for a future one).
    pub baris: Vec<Baris>,
    /// Totals over `baris`.
    pub total: Total,
}

/// Builds the report of `bulan` from the employee's records, as seen on `hari_ini`.
pub fn susun(bulan: Bulan, catatan: &[Kehadiran], jadwal: &Jadwal, hari_ini: Tanggal) -> Rekap {
    let per_hari: BTreeMap<Tanggal, &Kehadiran> = catatan
        .iter()
        .filter_map(|k| Some((k.tanggal()?, k)))
        .collect();
    let mut total = Total::default();
    let mut baris = Vec::new();
    for t in bulan.tanggal().take_while(|t| *t <= hari_ini) {
        let kerja = jadwal.untuk(t).is_some();
        let k = per_hari.get(&t);
        let masuk = k.and_then(|k| k.masuk.as_ref()).and_then(|c| c.waktu());
        let pulang = k.and_then(|k| k.pulang.as_ref()).and_then(|c| c.waktu());
        let terlambat = masuk.map(|m| jadwal.menit_terlambat(t, m)).unwrap_or(0);
        let cepat = pulang.map(|p| jadwal.menit_pulang_cepat(t, p)).unwrap_or(0);
        let hari_ini_juga = t == hari_ini;
        let keterangan = match (kerja, masuk, pulang) {
            (_, None, Some(_)) => "tidak presensi masuk",
            (true, None, None) if hari_ini_juga => "belum presensi",
            (true, None, None) => "tidak presensi",
            (false, None, None) => "libur akhir pekan",
            (_, Some(_), None) if hari_ini_juga => "belum presensi pulang",
            (_, Some(_), None) => "tidak presensi pulang",
            (false, Some(_), Some(_)) => "hadir di akhir pekan",
            (true, Some(_), Some(_)) => "",
        };
        if kerja {
            total.hari_kerja += 1;
            if masuk.is_none() && pulang.is_none() && !hari_ini_juga {
                total.tidak_hadir += 1;
            }
        }
        if masuk.is_some() {
            total.hadir += 1;
        }
        if terlambat > 0 {
            total.hari_terlambat += 1;
        }
        total.terlambat_menit += terlambat;
        total.pulang_cepat_menit += cepat;
        baris.push(Baris {
            tanggal: t.to_string(),
            hari: t.hari_pekan().nama(),
            hari_kerja: kerja,
            masuk: masuk.map(Jam::hhmm),
            pulang: pulang.map(Jam::hhmm),
            terlambat_menit: terlambat,
            pulang_cepat_menit: cepat,
            keterangan: keterangan.to_string(),
        });
    }
    Rekap {
        bulan: bulan.to_string(),
        baris,
        total,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kehadiran::{Catatan, Jenis};

    fn hari(tanggal: &str, masuk: Option<&str>, pulang: Option<&str>) -> Kehadiran {
        let mut k = Kehadiran::baru("1", Tanggal::parse(tanggal).unwrap());
        let c = |jam: &str| Catatan {
            jam: jam.into(),
            unix_ms: 0,
            lat: 0.0,
            lon: 0.0,
            akurasi: None,
            jarak_meter: None,
        };
        if let Some(m) = masuk {
            k.terapkan(Jenis::Masuk, c(m)).unwrap();
        }
        if let Some(p) = pulang {
            k.terapkan(Jenis::Pulang, c(p)).unwrap();
        }
        k
    }

    #[test]
    fn month_totals() {
        // March 2025: Sat 1, Sun 2, Mon 3 … Fri 7, Sat 8; today = Mon 10.
        let records = vec![
            hari("2025-03-03", Some("07:40:00"), Some("16:00:00")), // 10 late
            hari("2025-03-04", Some("07:20:00"), None),             // no pulang
            hari("2025-03-05", None, Some("16:10:00")),             // no masuk
            hari("2025-03-07", Some("07:35:00"), Some("16:00:00")), // Fri: 5 late, 30 early
            hari("2025-03-10", Some("07:29:00"), None),             // today
        ];
        let r = susun(
            Bulan::parse("2025-03").unwrap(),
            &records,
            &Jadwal::default(),
            Tanggal::parse("2025-03-10").unwrap(),
        );
        assert_eq!(r.baris.len(), 10);
        let ket: Vec<&str> = r.baris.iter().map(|b| b.keterangan.as_str()).collect();
        assert_eq!(
            ket,
            [
                "libur akhir pekan",
                "libur akhir pekan",
                "",
                "tidak presensi pulang",
                "tidak presensi masuk",
                "tidak presensi",
                "",
                "libur akhir pekan",
                "libur akhir pekan",
                "belum presensi pulang",
            ]
        );
        assert_eq!(r.baris[6].terlambat_menit, 5);
        assert_eq!(r.baris[6].pulang_cepat_menit, 30);
        assert_eq!(
            r.total,
            Total {
                hari_kerja: 6,
                hadir: 4,
                tidak_hadir: 1,
                hari_terlambat: 2,
                terlambat_menit: 15,
                pulang_cepat_menit: 30,
            }
        );
    }

    #[test]
    fn future_month_is_empty() {
        let r = susun(
            Bulan::parse("2025-04").unwrap(),
            &[],
            &Jadwal::default(),
            Tanggal::parse("2025-03-10").unwrap(),
        );
        assert!(r.baris.is_empty());
        assert_eq!(r.total, Total::default());
    }
}
