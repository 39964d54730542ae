//! Storage and settings access: the `kehadiran` collection, the working-hours and
//! geofence settings, and the clock reading in local date and time.

use std::collections::BTreeMap;

use eoffice_sdk::storage::Stored;
use eoffice_sdk::{Collection, Result, clock, settings};

use crate::geo::Geofence;
use crate::jadwal::Jadwal;
use crate::kehadiran::{self, KOLEKSI, Kehadiran};
use crate::rekap::{self, Rekap};
use crate::waktu::{Bulan, Jam, Tanggal};

/// The attendance records.
pub const KEHADIRAN: Collection<Kehadiran> = Collection::new(KOLEKSI);

/// Setting keys of the geofence and the app links.
pub mod kunci {
    /// Office latitude (empty = no geofence).
    pub const KANTOR_LAT: &str = "kantor_lat";
    /// Office longitude (empty = no geofence).
    pub const KANTOR_LON: &str = "kantor_lon";
    /// Accepted distance from the office in metres.
    pub const RADIUS_METER: &str = "radius_meter";
    /// Android app link.
    pub const ANDROID_URL: &str = "android_url";
    /// iOS app link.
    pub const IOS_URL: &str = "ios_url";
}

/// The module's settings, read once per call.
#[derive(Debug, Clone, Default)]
pub struct Pengaturan(BTreeMap<String, String>);

impl Pengaturan {
    /// Reads every setting from the kernel.
    pub fn baca() -> Result<Pengaturan> {
        Ok(Pengaturan(settings::all()?.into_iter().collect()))
    }

    /// A value, `None` when unset or blank.
    pub fn nilai(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(|v| v.trim()).filter(|v| !v.is_empty())
    }

    /// The working hours.
    pub fn jadwal(&self) -> Jadwal {
        Jadwal::dari_pengaturan(|k| self.nilai(k))
    }

    /// The office geofence, when set.
    pub fn geofence(&self) -> Option<Geofence> {
        Geofence::dari_pengaturan(
            self.nilai(kunci::KANTOR_LAT).unwrap_or(""),
            self.nilai(kunci::KANTOR_LON).unwrap_or(""),
            self.nilai(kunci::RADIUS_METER).unwrap_or(""),
        )
    }
}

/// The kernel's time as Unix milliseconds, local date and local time.
#[derive(Debug, Clone, Copy)]
pub struct Sekarang {
    /// Unix milliseconds.
    pub unix_ms: i64,
    /// Local date.
    pub tanggal: Tanggal,
    /// Local time of day.
    pub jam: Jam,
}

/// Reads the clock.
pub fn sekarang() -> Sekarang {
    let i = clock::now();
    Sekarang {
        unix_ms: i.unix_ms,
        tanggal: Tanggal::dari_unix_ms(i.unix_ms, i.utc_offset_minutes),
        jam: Jam::dari_unix_ms(i.unix_ms, i.utc_offset_minutes),
    }
}

/// The record of `nip` on `tanggal`, if any.
pub fn hari(nip: &str, tanggal: Tanggal) -> Result<Option<Stored<Kehadiran>>> {
    KEHADIRAN.get(&kehadiran::kunci(nip, tanggal))
}

/// Every record of `nip` in `bulan` (a key-prefix query, at most 31 documents).
pub fn bulan(nip: &str, bulan: Bulan) -> Result<Vec<Kehadiran>> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = KEHADIRAN
            .all()
            .prefix(kehadiran::awalan_bulan(nip, bulan))
            .limit(31)
            .after(cursor.take())
            .fetch()?;
        out.extend(page.items.into_iter().map(|s| s.value));
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => return Ok(out),
        }
    }
}

/// The month report of `nip`.
pub fn rekap_bulan(
    nip: &str,
    b: Bulan,
    pengaturan: &Pengaturan,
    hari_ini: Tanggal,
) -> Result<Rekap> {
    let records = if b > hari_ini.bulan() {
        Vec::new()
    } else {
        bulan(nip, b)?
    };
    Ok(rekap::susun(b, &records, &pengaturan.jadwal(), hari_ini))
}
