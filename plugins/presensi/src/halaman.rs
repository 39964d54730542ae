//! The browser pages: my month (`/bulan`), the unit report for an Atasan (`/tim`) and a
//! direct report's month (`/tim/{nip}`, only for the caller's own direct reports).

use eoffice_sdk::directory::{self, Employee};
use eoffice_sdk::prelude::*;
use eoffice_sdk::ui::Action;

use crate::data::{self, Pengaturan};
use crate::rekap::Rekap;
use crate::waktu::Bulan;

/// The month named by `?bulan=`, this month when absent; `Err` is a 400 page.
fn bulan_diminta(req: &Request, default: Bulan) -> std::result::Result<Bulan, Response> {
    match req.query_param("bulan").filter(|v| !v.is_empty()) {
        None => Ok(default),
        Some(v) => Bulan::parse(v)
            .ok_or_else(|| Response::bad_request("Parameter bulan harus berformat TTTT-BB.")),
    }
}

/// Blocks of a month report; `dasar` is the module-relative page for navigation links.
fn blok_rekap(r: &Rekap, b: Bulan, dasar: &str) -> Vec<Block> {
    let (prev, next) = (b.sebelumnya(), b.berikutnya());
    let mut blocks = vec![Block::actions([
        Action::secondary(
            format!("‹ {}", prev.nama()),
            format!("{dasar}?bulan={prev}"),
        ),
        Action::secondary(
            format!("{} ›", next.nama()),
            format!("{dasar}?bulan={next}"),
        ),
    ])];
    if r.baris.is_empty() {
        blocks.push(Block::empty(
            format!("Belum ada data presensi {}", b.nama()),
            "Data akan muncul setelah presensi masuk dan pulang dicatat dari aplikasi seluler.",
        ));
        return blocks;
    }
    let t = &r.total;
    blocks.push(Block::stats([
        Stat::new("Hari kerja", t.hari_kerja.to_string()),
        Stat::new("Hadir", t.hadir.to_string()).tone(Tone::Success),
        Stat::new("Tidak presensi", t.tidak_hadir.to_string()).tone(if t.tidak_hadir > 0 {
            Tone::Danger
        } else {
            Tone::Neutral
        }),
        Stat::new("Terlambat", format!("{} menit", t.terlambat_menit))
            .caption(format!("{} hari", t.hari_terlambat))
            .tone(if t.terlambat_menit > 0 {
                Tone::Warning
            } else {
                Tone::Neutral
            }),
        Stat::new("Pulang cepat", format!("{} menit", t.pulang_cepat_menit)).tone(
            if t.pulang_cepat_menit > 0 {
                Tone::Warning
            } else {
                Tone::Neutral
            },
        ),
    ]));
    let kerja: Vec<_> = r.baris.iter().filter(|b| b.hari_kerja).collect();
    if !kerja.is_empty() {
        blocks.push(
            Chart::bar(
                "Menit terlambat per hari kerja",
                kerja
                    .iter()
                    .map(|b| b.tanggal[8..].trim_start_matches('0').to_string()),
            )
            .series(
                "Terlambat",
                kerja.iter().map(|b| f64::from(b.terlambat_menit)),
            )
            .unit("menit")
            .into(),
        );
    }
    let mut table = Table::new([
        "Tanggal",
        "Hari",
        "Masuk",
        "Pulang",
        "Terlambat (menit)",
        "Pulang cepat (menit)",
        "Keterangan",
    ]);
    for baris in &r.baris {
        let ket: Cell = match baris.keterangan.as_str() {
            "" => Cell::text(""),
            k @ ("tidak presensi" | "tidak presensi masuk" | "tidak presensi pulang") => {
                Cell::badge(k, Tone::Danger)
            }
            k @ ("belum presensi" | "belum presensi pulang") => Cell::badge(k, Tone::Info),
            k => Cell::text(k),
        };
        table = table.row([
            Cell::text(baris.tanggal.clone()),
            Cell::text(baris.hari),
            Cell::text(baris.masuk.clone().unwrap_or_else(|| "–".into())),
            Cell::text(baris.pulang.clone().unwrap_or_else(|| "–".into())),
            Cell::number(baris.terlambat_menit),
            Cell::number(baris.pulang_cepat_menit),
            ket,
        ]);
    }
    blocks.push(table.into());
    blocks
}

/// `GET /bulan`: the caller's month.
pub fn bulan_saya(ctx: &Context, req: &Request) -> Result<Response> {
    let user = ctx.require_user()?;
    let now = data::sekarang();
    let b = match bulan_diminta(req, now.tanggal.bulan()) {
        Ok(b) => b,
        Err(resp) => return Ok(resp),
    };
    let pengaturan = Pengaturan::baca()?;
    let r = data::rekap_bulan(&user.nip, b, &pengaturan, now.tanggal)?;
    Ok(Response::page(
        format!("Presensi Saya — {}", b.nama()),
        blok_rekap(&r, b, "bulan"),
    ))
}

/// `GET /tim`: the caller's direct reports, today and this month.
pub fn tim(ctx: &Context) -> Result<Response> {
    let user = ctx.require_user()?;
    let bawahan = directory::direct_reports(&user.nip)?;
    if bawahan.is_empty() {
        return Ok(Response::page(
            "Rekap Tim",
            vec![Block::empty(
                "Anda tidak memiliki bawahan langsung.",
                "Rekap tim tersedia bagi atasan langsung. Jika data atasan Anda keliru, \
                 hubungi pengelola kepegawaian unit Anda.",
            )],
        ));
    }
    let now = data::sekarang();
    let b = now.tanggal.bulan();
    let pengaturan = Pengaturan::baca()?;
    let mut table = Table::new([
        "NIP",
        "Nama",
        "Masuk hari ini",
        "Pulang hari ini",
        "Hadir bulan ini (hari)",
        "Terlambat bulan ini (menit)",
    ])
    .empty_text("Tidak ada bawahan langsung.");
    for e in &bawahan {
        // One key-prefix query per person: today is the month's last row.
        let r = data::rekap_bulan(&e.nip, b, &pengaturan, now.tanggal)?;
        let today = r
            .baris
            .last()
            .filter(|row| row.tanggal == now.tanggal.to_string());
        let jam = |v: Option<&String>| v.cloned().unwrap_or_else(|| "–".into());
        table = table.link_row(
            format!("tim/{}", e.nip),
            [
                Cell::text(e.nip.clone()),
                Cell::text(e.name.clone()),
                Cell::text(jam(today.and_then(|t| t.masuk.as_ref()))),
                Cell::text(jam(today.and_then(|t| t.pulang.as_ref()))),
                Cell::number(r.total.hadir),
                Cell::number(r.total.terlambat_menit),
            ],
        );
    }
    Ok(Response::page(
        "Rekap Tim",
        vec![
            Block::text(format!(
                "Presensi bawahan langsung Anda hari ini ({}) dan rekap {}.",
                now.tanggal.panjang(),
                b.nama()
            )),
            table.into(),
        ],
    ))
}

/// `GET /tim/{nip}`: a direct report's month; 404 for anyone who is not the caller's
/// direct report (no hint whether the NIP exists).
pub fn tim_anggota(ctx: &Context, req: &Request, nip: &str) -> Result<Response> {
    let user = ctx.require_user()?;
    let bawahan: Vec<Employee> = directory::direct_reports(&user.nip)?;
    let Some(e) = bawahan.iter().find(|e| e.nip == nip) else {
        return Ok(Response::not_found());
    };
    let now = data::sekarang();
    let b = match bulan_diminta(req, now.tanggal.bulan()) {
        Ok(b) => b,
        Err(resp) => return Ok(resp),
    };
    let pengaturan = Pengaturan::baca()?;
    let r = data::rekap_bulan(&e.nip, b, &pengaturan, now.tanggal)?;
    let mut blocks = vec![Block::key_values([
        ("Nama", e.name.clone()),
        ("NIP", e.nip.clone()),
        ("Jabatan", e.position.clone()),
        ("Unit", e.unit_name.clone()),
    ])];
    blocks.extend(blok_rekap(&r, b, &format!("tim/{}", e.nip)));
    blocks.push(Block::actions([Action::plain(
        "Kembali ke Rekap Tim",
        "tim",
    )]));
    Ok(Response::page(
        format!("Presensi {} — {}", e.name, b.nama()),
        blocks,
    ))
}
