//! The JSON API for the mobile app (`/api/v1/m/presensi/…`): `POST /absen`,
//! `GET /hari-ini`, `GET /bulan?bulan=YYYY-MM`. Errors are `{"error": "…"}` with a status.

use eoffice_sdk::{Context, Expect, Request, Response, Result};
use serde_json::json;

use crate::data::{self, KEHADIRAN, Pengaturan};
use crate::jadwal::Jadwal;
use crate::kehadiran::{self, Catatan, Jenis, Kehadiran};
use crate::waktu::{Bulan, Tanggal};

/// A JSON error answer.
pub fn galat(status: u16, pesan: impl Into<String>) -> Response {
    Response::json(&json!({ "error": pesan.into() })).with_status(status)
}

/// Today's record as JSON (`masuk`/`pulang` are `null` when missing).
fn hari_json(k: &Kehadiran, jadwal: &Jadwal, tanggal: Tanggal) -> serde_json::Value {
    let late = k
        .masuk
        .as_ref()
        .and_then(Catatan::waktu)
        .map(|m| jadwal.menit_terlambat(tanggal, m))
        .unwrap_or(0);
    let early = k
        .pulang
        .as_ref()
        .and_then(Catatan::waktu)
        .map(|p| jadwal.menit_pulang_cepat(tanggal, p))
        .unwrap_or(0);
    json!({
        "nip": k.nip,
        "tanggal": k.tanggal,
        "masuk": k.masuk,
        "pulang": k.pulang,
        "terlambat_menit": late,
        "pulang_cepat_menit": early,
        "tanpa_masuk": k.masuk.is_none() && k.pulang.is_some(),
    })
}

/// `POST /absen`: records masuk or pulang at the server's time.
pub fn absen(ctx: &Context, req: &Request) -> Result<Response> {
    let user = ctx.require_user()?;
    let absen = match kehadiran::baca_permintaan(req.body.as_deref()) {
        Ok(a) => a,
        Err(pesan) => return Ok(galat(400, pesan)),
    };
    let pengaturan = Pengaturan::baca()?;
    let jarak_meter = match pengaturan.geofence() {
        None => None,
        Some(g) => match g.periksa(absen.posisi) {
            Ok(d) => Some(d.round()),
            Err(d) => {
                return Ok(galat(
                    422,
                    format!(
                        "Posisi Anda {:.0} m dari kantor, di luar radius presensi {:.0} m. \
                         Lakukan presensi di area kantor.",
                        d, g.radius_meter
                    ),
                ));
            }
        },
    };
    let now = data::sekarang();
    let catatan = Catatan {
        jam: now.jam.hhmmss(),
        unix_ms: now.unix_ms,
        lat: absen.posisi.lat,
        lon: absen.posisi.lon,
        akurasi: absen.akurasi,
        jarak_meter,
    };
    let key = kehadiran::kunci(&user.nip, now.tanggal);
    // A concurrent write (two taps) is retried once against the fresh record.
    for _ in 0..2 {
        let (mut k, expect) = match KEHADIRAN.get(&key)? {
            Some(s) => (s.value, Expect::Version(s.version)),
            None => (Kehadiran::baru(&user.nip, now.tanggal), Expect::Absent),
        };
        if let Err(tolak) = k.terapkan(absen.jenis, catatan.clone()) {
            return Ok(galat(409, tolak.pesan()));
        }
        match KEHADIRAN.put(&key, &k, expect) {
            Ok(_) => {
                let jam = now.jam.hhmm();
                let pesan = match absen.jenis {
                    Jenis::Masuk => format!("Presensi masuk tercatat pukul {jam}."),
                    Jenis::Pulang if k.masuk.is_none() => format!(
                        "Presensi pulang tercatat pukul {jam} (tanpa presensi masuk hari ini)."
                    ),
                    Jenis::Pulang => format!("Presensi pulang tercatat pukul {jam}."),
                };
                let mut body = hari_json(&k, &pengaturan.jadwal(), now.tanggal);
                body["pesan"] = json!(pesan);
                return Ok(Response::json(&body).with_status(201));
            }
            Err(eoffice_sdk::Error::Conflict(_)) => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(galat(
        409,
        "Presensi sedang dicatat dari perangkat lain; coba lagi.",
    ))
}

/// `GET /hari-ini`: today's record.
pub fn hari_ini(ctx: &Context) -> Result<Response> {
    let user = ctx.require_user()?;
    let now = data::sekarang();
    let pengaturan = Pengaturan::baca()?;
    let k = data::hari(&user.nip, now.tanggal)?
        .map(|s| s.value)
        .unwrap_or_else(|| Kehadiran::baru(&user.nip, now.tanggal));
    Ok(Response::json(&hari_json(
        &k,
        &pengaturan.jadwal(),
        now.tanggal,
    )))
}

/// `GET /bulan?bulan=YYYY-MM`: the month report (default: this month).
pub fn bulan(ctx: &Context, req: &Request) -> Result<Response> {
    let user = ctx.require_user()?;
    let now = data::sekarang();
    let b = match req.query_param("bulan").filter(|v| !v.is_empty()) {
        None => now.tanggal.bulan(),
        Some(v) => match Bulan::parse(v) {
            Some(b) => b,
            None => return Ok(galat(400, "Parameter bulan harus berformat TTTT-BB.")),
        },
    };
    let pengaturan = Pengaturan::baca()?;
    Ok(Response::json(&data::rekap_bulan(
        &user.nip,
        b,
        &pengaturan,
        now.tanggal,
    )?))
}
