//! Dashboard cards: the tab "Update Info Kepegawaian" (latest five published staffing
//! posts) and the Beranda card "Info Terbaru" (pinned posts and the latest three).

use eoffice_sdk::prelude::*;
use eoffice_sdk::ui::Action;

use crate::data;
use crate::pos::{Kategori, tanggal_panjang};

/// The tab id.
pub const TAB: &str = "info-kepegawaian";

/// The cards.
pub fn kartu(ctx: &Context) -> Result<Vec<Card>> {
    let now = data::sekarang();
    let info = data::terbaru_kategori(Kategori::InfoKepegawaian, &now.hari_ini, 5)?;
    let mut table =
        Table::new(["Judul", "Tanggal"]).empty_text("Belum ada info kepegawaian yang terbit.");
    for p in &info {
        table = table.link_row(
            format!("p/{}", p.id),
            [
                Cell::link(p.judul.clone(), format!("p/{}", p.id)),
                Cell::text(tanggal_panjang(&p.tanggal_terbit)),
            ],
        );
    }
    let tab = Card::new("Update Info Kepegawaian")
        .tab(TAB)
        .block(table)
        .block(Block::actions([Action::plain(
            "Semua info kepegawaian",
            "?kategori=info-kepegawaian",
        )]));

    // Pinned announcements whose scheduled date has come are the newest pinned posts:
    // notify them from here without a query of its own (the readers' list also runs the
    // exact catch-up over the `pemberitahuan` index).
    let pinned = data::disematkan(None, &now.hari_ini, 3)?;
    for s in &pinned {
        data::beritahukan(ctx, s, &now)?;
    }
    let pinned: Vec<_> = pinned.into_iter().map(|s| s.value).collect();
    let latest = data::tidak_disematkan(None, &now.hari_ini, 3, None)?;
    let mut beranda = Card::new("Info Terbaru");
    if pinned.is_empty() && latest.items.is_empty() {
        beranda = beranda.block(Block::empty(
            "Belum ada berita",
            "Berita dan pengumuman kepegawaian akan tampil di sini begitu diterbitkan.",
        ));
    } else {
        for p in pinned.iter().chain(latest.items.iter().map(|s| &s.value)) {
            let mut items = vec![
                Inline::link(p.judul.clone(), format!("p/{}", p.id)),
                Inline::text(format!(" · {}", tanggal_panjang(&p.tanggal_terbit))),
            ];
            if p.disematkan {
                items.push(Inline::text(" "));
                items.push(Inline::badge(p.kategori.label(), Tone::Warning));
            }
            beranda = beranda.block(Block::paragraph(items));
        }
        beranda = beranda.block(Block::actions([Action::plain("Semua berita", "./")]));
    }
    Ok(vec![beranda, tab])
}
