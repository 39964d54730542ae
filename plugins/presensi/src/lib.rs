//! Module `presensi` (Kehadiran): clock in / clock out from the mobile app with the
//! server's time and the phone's position, an optional office geofence, today's record on
//! the dashboard, the month's attendance with late-in / early-out minutes, and a unit
//! report for an Atasan.
//!
//! Routes (module-relative):
//! - JSON (`/api/v1/m/presensi/…`): `POST /absen`, `GET /hari-ini`, `GET /bulan`;
//! - pages (`/m/presensi/…`): `/bulan`, `/tim`, `/tim/{nip}` (`/` shows `/bulan`).

#![warn(missing_docs)]

pub mod api;
pub mod dasbor;
pub mod data;
pub mod geo;
pub mod halaman;
pub mod jadwal;
pub mod kehadiran;
pub mod rekap;
pub mod waktu;

use eoffice_sdk::prelude::*;

use crate::data::kunci;
use crate::jadwal::{
    JAM_MASUK_JUMAT, JAM_MASUK_SENIN_KAMIS, JAM_PULANG_JUMAT, JAM_PULANG_SENIN_KAMIS,
};

/// The module.
pub struct Presensi;

impl Plugin for Presensi {
    fn describe() -> Manifest {
        let jam = |(key, default): (&str, &str), label: &str| {
            SettingSpec::time(key, label, default).help("Format JJ:MM, waktu setempat.")
        };
        manifest!("presensi", "Presensi")
            .description(
                "Presensi masuk dan pulang dari aplikasi seluler, rekap bulanan dengan \
                 menit terlambat dan pulang cepat, serta rekap tim untuk atasan.",
            )
            .capabilities(["storage", "settings", "directory"])
            .menu(MenuGroup::Kehadiran, "Presensi Saya", "/bulan")
            .menu(MenuGroup::Kehadiran, "Rekap Tim", "/tim")
            .tab(dasbor::TAB, "Presensi", 10)
            .collection(kehadiran::KOLEKSI, &[])
            .setting(
                SettingSpec::number(kunci::KANTOR_LAT, "Lintang kantor", "")
                    .help("Derajat desimal, mis. -6.2297. Kosongkan untuk tanpa geofence."),
            )
            .setting(
                SettingSpec::number(kunci::KANTOR_LON, "Bujur kantor", "")
                    .help("Derajat desimal, mis. 106.8326. Kosongkan untuk tanpa geofence."),
            )
            .setting(
                SettingSpec::number(kunci::RADIUS_METER, "Radius presensi (meter)", "200")
                    .help("Jarak terjauh dari kantor yang diterima saat presensi."),
            )
            .setting(jam(JAM_MASUK_SENIN_KAMIS, "Jam masuk Senin–Kamis"))
            .setting(jam(JAM_PULANG_SENIN_KAMIS, "Jam pulang Senin–Kamis"))
            .setting(jam(JAM_MASUK_JUMAT, "Jam masuk Jumat"))
            .setting(jam(JAM_PULANG_JUMAT, "Jam pulang Jumat"))
            .setting(SettingSpec::url(
                kunci::ANDROID_URL,
                "Tautan aplikasi Android",
                "",
            ))
            .setting(SettingSpec::url(kunci::IOS_URL, "Tautan aplikasi iOS", ""))
    }

    fn dashboard(ctx: &Context) -> Result<Vec<Card>> {
        dasbor::kartu(ctx)
    }

    fn handle(ctx: &Context, req: &Request) -> Result<Response> {
        let segments = req.segments();
        if req.is_json() {
            return match (req.method, segments.as_slice()) {
                (Method::Post, ["absen"]) => api::absen(ctx, req),
                (Method::Get, ["hari-ini"]) => api::hari_ini(ctx),
                (Method::Get, ["bulan"]) => api::bulan(ctx, req),
                (_, ["absen" | "hari-ini" | "bulan"]) => {
                    Ok(api::galat(405, "Metode tidak didukung untuk alamat ini."))
                }
                _ => Ok(api::galat(404, "Alamat API tidak ditemukan.")),
            };
        }
        match (req.method, segments.as_slice()) {
            (Method::Get, [] | ["bulan"]) => halaman::bulan_saya(ctx, req),
            (Method::Get, ["tim"]) => halaman::tim(ctx),
            (Method::Get, ["tim", nip]) => halaman::tim_anggota(ctx, req, nip),
            _ => Ok(Response::not_found()),
        }
    }
}

eoffice_sdk::register_plugin!(Presensi);

#[cfg(test)]
mod tests;
