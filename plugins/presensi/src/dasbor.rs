//! Dashboard cards on the tab "Presensi": today's masuk / pulang and the app download
//! links from the settings.

use eoffice_sdk::prelude::*;
use eoffice_sdk::ui::Action;

use crate::data::{self, Pengaturan, kunci};
use crate::kehadiran::Catatan;

/// The tab id.
pub const TAB: &str = "presensi";

/// The cards.
pub fn kartu(ctx: &Context) -> Result<Vec<Card>> {
    let user = ctx.require_user()?;
    let now = data::sekarang();
    let pengaturan = Pengaturan::baca()?;
    let jadwal = pengaturan.jadwal();
    let today = data::hari(&user.nip, now.tanggal)?.map(|s| s.value);
    let mut hari_ini = Card::new("Presensi Hari Ini").tab(TAB);
    let masuk = today.as_ref().and_then(|k| k.masuk.as_ref());
    let pulang = today.as_ref().and_then(|k| k.pulang.as_ref());
    if masuk.is_none() && pulang.is_none() {
        hari_ini = hari_ini.block(
            EmptyState::new(
                "Belum presensi masuk hari ini",
                "Gunakan aplikasi Presensi di ponsel Anda untuk presensi masuk dan pulang.",
            )
            .action(Action::secondary("Lihat presensi bulan ini", "bulan")),
        );
    } else {
        let jam = |c: Option<&Catatan>, keterangan: Option<(u32, &str)>| -> Vec<Inline> {
            match c.and_then(Catatan::waktu) {
                None => vec![Inline::text("belum tercatat")],
                Some(j) => {
                    let mut v = vec![Inline::strong(j.hhmm())];
                    if let Some((menit, label)) = keterangan.filter(|(m, _)| *m > 0) {
                        v.push(Inline::text(" "));
                        v.push(Inline::badge(
                            format!("{label} {menit} menit"),
                            Tone::Warning,
                        ));
                    }
                    v
                }
            }
        };
        let late = masuk
            .and_then(Catatan::waktu)
            .map(|m| jadwal.menit_terlambat(now.tanggal, m))
            .unwrap_or(0);
        let early = pulang
            .and_then(Catatan::waktu)
            .map(|p| jadwal.menit_pulang_cepat(now.tanggal, p))
            .unwrap_or(0);
        hari_ini = hari_ini
            .block(Block::text(now.tanggal.panjang()))
            .block(Block::key_value_list([
                KeyValue::inline("Masuk", jam(masuk, Some((late, "terlambat")))),
                KeyValue::inline("Pulang", jam(pulang, Some((early, "pulang cepat")))),
            ]))
            .block(Block::actions([Action::plain(
                "Lihat presensi bulan ini",
                "bulan",
            )]));
    }
    let mut unduh = Card::new("Unduh Aplikasi Presensi").tab(TAB);
    let links: Vec<Action> = [
        (kunci::ANDROID_URL, "Unduh untuk Android"),
        (kunci::IOS_URL, "Unduh untuk iOS"),
    ]
    .into_iter()
    .filter_map(|(k, label)| pengaturan.nilai(k).map(|url| Action::primary(label, url)))
    .collect();
    if links.is_empty() {
        unduh = unduh.block(Block::text(
            "Tautan aplikasi belum diatur. Hubungi admin portal.",
        ));
    } else {
        unduh = unduh
            .block(Block::text(
                "Presensi masuk dan pulang dilakukan dari aplikasi seluler.",
            ))
            .block(Block::actions(links));
    }
    Ok(vec![hari_ini, unduh])
}
