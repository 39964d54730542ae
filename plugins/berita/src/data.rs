//! Storage access for posts: id allocation, the index queries behind every list, and the
//! one-time notification of pinned announcements.

use eoffice_sdk::notifications::{self, Notification};
use eoffice_sdk::storage::{Found, Stored};
use eoffice_sdk::{Collection, Context, Error, Expect, Result, clock, log};

use crate::pos::{KOLEKSI, Kategori, Pos, sampai, tanggal_lokal};

/// The posts.
pub const POS: Collection<Pos> = Collection::new(KOLEKSI);

/// Posts per page of the readers' list.
pub const PER_HALAMAN: u32 = 10;

/// The portal's clock: Unix milliseconds, local date `YYYY-MM-DD`, UTC offset.
#[derive(Debug, Clone)]
pub struct Sekarang {
    /// Unix milliseconds.
    pub unix_ms: i64,
    /// Local date.
    pub hari_ini: String,
    /// Minutes from UTC.
    pub offset: i32,
}

/// Reads the clock.
pub fn sekarang() -> Sekarang {
    let i = clock::now();
    Sekarang {
        unix_ms: i.unix_ms,
        hari_ini: tanggal_lokal(i.unix_ms, i.utc_offset_minutes),
        offset: i.utc_offset_minutes,
    }
}

/// Stores a new post under a fresh id (creation time in milliseconds, bumped on a clash);
/// returns the stored post.
pub fn simpan_baru(mut pos: Pos, unix_ms: i64) -> Result<Stored<Pos>> {
    for n in 0..8 {
        pos.id = format!("{:013}", unix_ms + n);
        pos.perbarui_indeks();
        match POS.insert(&pos.id, &pos) {
            Ok(version) => {
                return Ok(Stored {
                    key: pos.id.clone(),
                    version,
                    value: pos,
                });
            }
            Err(Error::Conflict(_)) => continue,
            Err(e) => return Err(e),
        }
    }
    Err(Error::other(
        "tidak dapat membuat nomor berita baru; coba lagi",
    ))
}

/// Index prefix of the readers' list: `urutan` or, filtered, `kategori_urutan`.
fn urutan(kategori: Option<Kategori>) -> (&'static str, String) {
    match kategori {
        None => ("urutan", String::new()),
        Some(k) => ("kategori_urutan", format!("{}#", k.kode())),
    }
}

/// Published pinned posts, newest first (at most `limit`).
pub fn disematkan(
    kategori: Option<Kategori>,
    hari_ini: &str,
    limit: u32,
) -> Result<Vec<Stored<Pos>>> {
    let (index, p) = urutan(kategori);
    let from = format!("{p}1#");
    Ok(POS
        .by(index)
        .range(Some(&from), Some(&sampai(&from, hari_ini)))
        .descending()
        .limit(limit)
        .fetch()?
        .items)
}

/// One page of published, unpinned posts, newest first.
pub fn tidak_disematkan(
    kategori: Option<Kategori>,
    hari_ini: &str,
    limit: u32,
    lanjut: Option<&str>,
) -> Result<Found<Pos>> {
    let (index, p) = urutan(kategori);
    let from = format!("{p}0#");
    POS.by(index)
        .range(Some(&from), Some(&sampai(&from, hari_ini)))
        .descending()
        .limit(limit)
        .after(lanjut)
        .fetch()
}

/// The latest published posts of a category.
pub fn terbaru_kategori(kategori: Kategori, hari_ini: &str, limit: u32) -> Result<Vec<Pos>> {
    let from = format!("{}#", kategori.kode());
    Ok(POS
        .by("kategori_terbit")
        .range(Some(&from), Some(&sampai(&from, hari_ini)))
        .descending()
        .limit(limit)
        .fetch()?
        .items
        .into_iter()
        .map(|s| s.value)
        .collect())
}

/// Every post, scheduled ones included, newest publication date first (editors' list).
pub fn semua(limit: u32, lanjut: Option<&str>) -> Result<Found<Pos>> {
    POS.by("terbit")
        .descending()
        .limit(limit)
        .after(lanjut)
        .fetch()
}

/// Notifies everyone of a pinned announcement once: the post is first marked as notified
/// (a versioned write, so two concurrent callers cannot both win), then the notification
/// is sent; if sending fails the mark is undone and a later call retries.
pub fn beritahukan(ctx: &Context, stored: &Stored<Pos>, now: &Sekarang) -> Result<bool> {
    let pos = &stored.value;
    if !pos.perlu_diberitahukan() || !pos.sudah_terbit(&now.hari_ini) {
        return Ok(false);
    }
    let mut marked = pos.clone();
    marked.diberitahukan_ms = Some(now.unix_ms);
    marked.perbarui_indeks();
    let version = match POS.put(&stored.key, &marked, Expect::Version(stored.version)) {
        Ok(v) => v,
        Err(Error::Conflict(_)) => return Ok(false),
        Err(e) => return Err(e),
    };
    let body: String = crate::pos::ringkasan(&pos.isi, 160);
    let n = Notification::new("", format!("Pengumuman: {}", pos.judul), body)
        .link(ctx.path(&format!("p/{}", pos.id)));
    match notifications::send_to_role("pegawai", &n) {
        Ok(_) => Ok(true),
        Err(e) => {
            log::warn(&format!(
                "pemberitahuan pengumuman {} gagal dikirim: {e}",
                pos.id
            ));
            let mut undo = marked;
            undo.diberitahukan_ms = None;
            undo.perbarui_indeks();
            let _ = POS.put(&stored.key, &undo, Expect::Version(version));
            Ok(false)
        }
    }
}

/// Sends the notifications of pinned announcements whose (scheduled) date has come.
/// Called from the readers' list and the dashboard; a no-op index query when nothing is
/// pending.
pub fn susulan(ctx: &Context, now: &Sekarang) -> Result<()> {
    let pending = POS
        .by("pemberitahuan")
        .range(None, Some(&now.hari_ini))
        .limit(5)
        .fetch()?;
    for s in &pending.items {
        beritahukan(ctx, s, now)?;
    }
    Ok(())
}
