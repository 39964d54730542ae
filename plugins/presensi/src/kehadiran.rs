//! The attendance record of one employee on one day (collection `kehadiran`, key
//! `{nip}:{YYYY-MM-DD}`), the mobile app's clock-in / clock-out request, and the rules
//! that apply one to the other.
//!
//! Rules: one masuk per day (a second is refused, naming the first); pulang may come
//! without a masuk (kept, and flagged in reports); a later pulang replaces an earlier
//! one; masuk after a pulang on the same day is refused.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::geo::Posisi;
use crate::waktu::{Bulan, Jam, Tanggal};

/// The storage collection.
pub const KOLEKSI: &str = "kehadiran";

/// The document key of an employee's day.
pub fn kunci(nip: &str, tanggal: Tanggal) -> String {
    format!("{nip}:{tanggal}")
}

/// The key prefix of an employee's month (`index: none` filters apply to the key).
pub fn awalan_bulan(nip: &str, bulan: Bulan) -> String {
    format!("{nip}:{bulan}-")
}

/// Clock in or clock out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Jenis {
    /// Clock in.
    Masuk,
    /// Clock out.
    Pulang,
}

/// One clock event as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Catatan {
    /// Server local time `HH:MM:SS`.
    pub jam: String,
    /// Server time, Unix milliseconds.
    pub unix_ms: i64,
    /// Reported latitude.
    pub lat: f64,
    /// Reported longitude.
    pub lon: f64,
    /// Reported accuracy in metres, when the app sent it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub akurasi: Option<f64>,
    /// Distance from the office in metres, when a geofence is set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jarak_meter: Option<f64>,
}

impl Catatan {
    /// The clock time, when the stored text is well formed.
    pub fn waktu(&self) -> Option<Jam> {
        Jam::parse(&self.jam)
    }
}

/// An employee's attendance on one day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Kehadiran {
    /// The employee.
    pub nip: String,
    /// `YYYY-MM-DD`.
    pub tanggal: String,
    /// Clock-in, if any.
    #[serde(default)]
    pub masuk: Option<Catatan>,
    /// Clock-out, if any (the latest one).
    #[serde(default)]
    pub pulang: Option<Catatan>,
}

/// A validated clock request from the mobile app.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Absen {
    /// Masuk or pulang.
    pub jenis: Jenis,
    /// Reported position.
    pub posisi: Posisi,
    /// Reported accuracy in metres.
    pub akurasi: Option<f64>,
}

/// Parses the JSON body `{"jenis":"masuk"|"pulang","lat":..,"lon":..,"akurasi":..}`;
/// the error is a message for the app (HTTP 400).
pub fn baca_permintaan(body: Option<&str>) -> Result<Absen, String> {
    let body = body
        .filter(|b| !b.trim().is_empty())
        .ok_or("Badan permintaan kosong; kirim JSON berisi jenis, lat dan lon.")?;
    let v: Value = serde_json::from_str(body)
        .map_err(|_| "Badan permintaan bukan JSON yang valid.".to_string())?;
    let obj = v
        .as_object()
        .ok_or("Badan permintaan harus berupa objek JSON.")?;
    let jenis = match obj.get("jenis").and_then(Value::as_str) {
        Some("masuk") => Jenis::Masuk,
        Some("pulang") => Jenis::Pulang,
        Some(_) => return Err("Kolom jenis harus \"masuk\" atau \"pulang\".".into()),
        None => return Err("Kolom jenis wajib diisi (\"masuk\" atau \"pulang\").".into()),
    };
    let angka = |k: &str| -> Result<Option<f64>, String> {
        match obj.get(k) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => Ok(n.as_f64()),
            Some(_) => Err(format!("Kolom {k} harus berupa angka.")),
        }
    };
    let lat = angka("lat")?.ok_or("Kolom lat (lintang) wajib diisi.")?;
    let lon = angka("lon")?.ok_or("Kolom lon (bujur) wajib diisi.")?;
    if !(-90.0..=90.0).contains(&lat) {
        return Err("Lintang (lat) harus antara -90 dan 90.".into());
    }
    if !(-180.0..=180.0).contains(&lon) {
        return Err("Bujur (lon) harus antara -180 dan 180.".into());
    }
    let akurasi = angka("akurasi")?;
    if akurasi.is_some_and(|a| !(0.0..=100_000.0).contains(&a)) {
        return Err("Akurasi harus berupa angka meter yang tidak negatif.".into());
    }
    let posisi = Posisi::new(lat, lon).ok_or("Posisi tidak valid.")?;
    Ok(Absen {
        jenis,
        posisi,
        akurasi,
    })
}

/// Why a clock request was refused by the day's rules (HTTP 409).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tolak {
    /// A masuk is already recorded at this time (`HH:MM`).
    SudahMasuk(String),
    /// Masuk after a pulang on the same day.
    SudahPulang(String),
}

impl Tolak {
    /// The message for the app.
    pub fn pesan(&self) -> String {
        match self {
            Tolak::SudahMasuk(jam) => format!("Anda sudah presensi masuk hari ini pukul {jam}."),
            Tolak::SudahPulang(jam) => format!(
                "Anda sudah presensi pulang hari ini pukul {jam}; presensi masuk tidak dapat dicatat lagi."
            ),
        }
    }
}

fn hhmm(c: &Catatan) -> String {
    c.waktu().map(Jam::hhmm).unwrap_or_else(|| c.jam.clone())
}

impl Kehadiran {
    /// An empty day.
    pub fn baru(nip: &str, tanggal: Tanggal) -> Kehadiran {
        Kehadiran {
            nip: nip.to_string(),
            tanggal: tanggal.to_string(),
            masuk: None,
            pulang: None,
        }
    }

    /// Applies a clock event (already checked against the geofence).
    pub fn terapkan(&mut self, jenis: Jenis, catatan: Catatan) -> Result<(), Tolak> {
        match jenis {
            Jenis::Masuk => {
                if let Some(m) = &self.masuk {
                    return Err(Tolak::SudahMasuk(hhmm(m)));
                }
                if let Some(p) = &self.pulang {
                    return Err(Tolak::SudahPulang(hhmm(p)));
                }
                self.masuk = Some(catatan);
            }
            Jenis::Pulang => self.pulang = Some(catatan),
        }
        Ok(())
    }

    /// The date, when well formed.
    pub fn tanggal(&self) -> Option<Tanggal> {
        Tanggal::parse(&self.tanggal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catatan(jam: &str) -> Catatan {
        Catatan {
            jam: jam.into(),
            unix_ms: 0,
            lat: -6.2,
            lon: 106.8,
            akurasi: None,
            jarak_meter: None,
        }
    }

    #[test]
    fn one_masuk_per_day_and_later_pulang_replaces() {
        let t = Tanggal::parse("2025-03-03").unwrap();
        let mut k = Kehadiran::baru("198609262015051001", t);
        k.terapkan(Jenis::Masuk, catatan("07:25:10")).unwrap();
        let err = k.terapkan(Jenis::Masuk, catatan("07:40:00")).unwrap_err();
        assert_eq!(
            err.pesan(),
            "Anda sudah presensi masuk hari ini pukul 07:25."
        );
        assert_eq!(k.masuk.as_ref().unwrap().jam, "07:25:10");
        k.terapkan(Jenis::Pulang, catatan("15:00:00")).unwrap();
        k.terapkan(Jenis::Pulang, catatan("16:05:00")).unwrap();
        assert_eq!(k.pulang.as_ref().unwrap().jam, "16:05:00");
    }

    #[test]
    fn pulang_without_masuk_then_masuk_refused() {
        let t = Tanggal::parse("2025-03-03").unwrap();
        let mut k = Kehadiran::baru("1", t);
        k.terapkan(Jenis::Pulang, catatan("16:01:00")).unwrap();
        assert_eq!(
            k.terapkan(Jenis::Masuk, catatan("16:02:00")),
            Err(Tolak::SudahPulang("16:01".into()))
        );
    }

    #[test]
    fn request_parsing() {
        let ok = baca_permintaan(Some(
            r#"{"jenis":"masuk","lat":-6.2,"lon":106.8,"akurasi":12}"#,
        ))
        .unwrap();
        assert_eq!(ok.jenis, Jenis::Masuk);
        assert_eq!(ok.akurasi, Some(12.0));
        let no_acc = baca_permintaan(Some(r#"{"jenis":"pulang","lat":0,"lon":0}"#)).unwrap();
        assert_eq!(no_acc.akurasi, None);
        for (body, needle) in [
            ("", "kosong"),
            ("{", "bukan JSON"),
            ("[1]", "objek"),
            (r#"{"lat":1,"lon":1}"#, "jenis wajib"),
            (r#"{"jenis":"istirahat","lat":1,"lon":1}"#, "\"masuk\" atau"),
            (r#"{"jenis":"masuk","lon":1}"#, "lat (lintang) wajib"),
            (
                r#"{"jenis":"masuk","lat":"1","lon":1}"#,
                "lat harus berupa angka",
            ),
            (r#"{"jenis":"masuk","lat":91,"lon":1}"#, "antara -90 dan 90"),
            (
                r#"{"jenis":"masuk","lat":1,"lon":-181}"#,
                "antara -180 dan 180",
            ),
            (
                r#"{"jenis":"masuk","lat":1,"lon":1,"akurasi":-3}"#,
                "Akurasi",
            ),
        ] {
            let err = baca_permintaan(Some(body)).unwrap_err();
            assert!(err.contains(needle), "{body}: {err}");
        }
        assert!(baca_permintaan(None).is_err());
    }

    #[test]
    fn keys() {
        let t = Tanggal::parse("2025-03-03").unwrap();
        assert_eq!(kunci("123", t), "123:2025-03-03");
        assert_eq!(awalan_bulan("123", t.bulan()), "123:2025-03-");
        assert!(kunci("123", t).starts_with(&awalan_bulan("123", t.bulan())));
    }
}
