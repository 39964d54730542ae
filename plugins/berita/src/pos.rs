//! A post (collection `posts`): its fields, categories, validation of the editor's form,
//! the index values that make every list an index query, and publication rules.
//!
//! Index values (all sortable text, newest last in ascending order):
//! - `terbit` = `{date}#{id}`: every post, for the editor's list and the Beranda card;
//! - `kategori_terbit` = `{category}#{date}#{id}`: the dashboard tab;
//! - `urutan` = `{pin}#{date}#{id}` (`pin` is `1` pinned, `0` not): the readers' list,
//!   pinned first;
//! - `kategori_urutan` = `{category}#{pin}#{date}#{id}`: the readers' list per category;
//! - `pemberitahuan` = `{date}`: only while a pinned announcement still awaits its
//!   notification (absent otherwise, so the index holds just the pending ones).
//!
//! Readers see a post once its date has come: queries close the range at
//! `…{today}#~` (`~` sorts after every id character).

use eoffice_sdk::clock::{Date, LocalDateTime};
use serde::{Deserialize, Serialize};

/// The storage collection.
pub const KOLEKSI: &str = "posts";
/// Longest title, in characters.
pub const MAKS_JUDUL: usize = 200;
/// Longest body, in characters.
pub const MAKS_ISI: usize = 20_000;

/// A post's category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kategori {
    /// General news.
    #[serde(rename = "berita")]
    Berita,
    /// Staffing information (the dashboard tab "Update Info Kepegawaian").
    #[serde(rename = "info-kepegawaian")]
    InfoKepegawaian,
    /// Announcements; pinned ones notify everyone.
    #[serde(rename = "pengumuman")]
    Pengumuman,
}

impl Kategori {
    /// Every category, in menu order.
    pub const SEMUA: [Kategori; 3] = [
        Kategori::Berita,
        Kategori::InfoKepegawaian,
        Kategori::Pengumuman,
    ];

    /// The stored / URL value.
    pub fn kode(self) -> &'static str {
        match self {
            Kategori::Berita => "berita",
            Kategori::InfoKepegawaian => "info-kepegawaian",
            Kategori::Pengumuman => "pengumuman",
        }
    }

    /// The label shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Kategori::Berita => "Berita",
            Kategori::InfoKepegawaian => "Info Kepegawaian",
            Kategori::Pengumuman => "Pengumuman",
        }
    }

    /// The category of a stored / URL value.
    pub fn dari_kode(kode: &str) -> Option<Kategori> {
        Kategori::SEMUA.into_iter().find(|k| k.kode() == kode)
    }
}

/// A post as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pos {
    /// Document key: creation time in Unix milliseconds, 13 digits (sortable).
    pub id: String,
    /// Title.
    pub judul: String,
    /// Markdown body (rendered by the kernel).
    pub isi: String,
    /// Category.
    pub kategori: Kategori,
    /// Publication date `YYYY-MM-DD`; a future date means scheduled.
    pub tanggal_terbit: String,
    /// Shown first in lists.
    pub disematkan: bool,
    /// Author's NIP.
    pub penulis_nip: String,
    /// Author's name.
    pub penulis_nama: String,
    /// Created, Unix milliseconds.
    pub dibuat_ms: i64,
    /// Last changed, Unix milliseconds.
    pub diubah_ms: i64,
    /// Name of whoever saved last (the author until someone else edits).
    #[serde(default)]
    pub pengubah_nama: String,
    /// When everyone was notified (pinned announcements), Unix milliseconds.
    #[serde(default)]
    pub diberitahukan_ms: Option<i64>,
    /// Index value, see the module docs.
    #[serde(default)]
    pub terbit: String,
    /// Index value.
    #[serde(default)]
    pub kategori_terbit: String,
    /// Index value.
    #[serde(default)]
    pub urutan: String,
    /// Index value.
    #[serde(default)]
    pub kategori_urutan: String,
    /// Index value, present only while a notification is pending.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pemberitahuan: Option<String>,
}

/// Upper end of a range over `…{date}#{id}` values that includes every post of `date`.
pub fn sampai(awalan: &str, tanggal: &str) -> String {
    format!("{awalan}{tanggal}#~")
}

impl Pos {
    /// Recomputes the index fields from the post's fields.
    pub fn perbarui_indeks(&mut self) {
        let pin = if self.disematkan { "1" } else { "0" };
        let (d, id, k) = (&self.tanggal_terbit, &self.id, self.kategori.kode());
        self.terbit = format!("{d}#{id}");
        self.kategori_terbit = format!("{k}#{d}#{id}");
        self.urutan = format!("{pin}#{d}#{id}");
        self.kategori_urutan = format!("{k}#{pin}#{d}#{id}");
        self.pemberitahuan = self.perlu_diberitahukan().then(|| d.clone());
    }

    /// Whether readers see it on `hari_ini` (`YYYY-MM-DD`).
    pub fn sudah_terbit(&self, hari_ini: &str) -> bool {
        self.tanggal_terbit.as_str() <= hari_ini
    }

    /// A pinned announcement that has not notified anyone yet.
    pub fn perlu_diberitahukan(&self) -> bool {
        self.kategori == Kategori::Pengumuman && self.disematkan && self.diberitahukan_ms.is_none()
    }

    /// Time of the last change as `YYYY-MM-DD HH:MM` at the portal offset.
    pub fn diubah_teks(&self, offset_minutes: i32) -> String {
        waktu_teks(self.diubah_ms, offset_minutes)
    }
}

/// `YYYY-MM-DD HH:MM` of a Unix time in milliseconds at an offset.
pub fn waktu_teks(unix_ms: i64, offset_minutes: i32) -> String {
    let t = LocalDateTime::from_unix_ms(unix_ms, offset_minutes);
    format!("{} {}", t.date, t.time_hhmm())
}

/// Local date `YYYY-MM-DD` of a Unix time in milliseconds at an offset.
pub fn tanggal_lokal(unix_ms: i64, offset_minutes: i32) -> String {
    LocalDateTime::from_unix_ms(unix_ms, offset_minutes)
        .date
        .to_string()
}

/// Whether `s` is a valid `YYYY-MM-DD` date (years 1900–9999).
pub fn tanggal_valid(s: &str) -> bool {
    Date::parse(s).is_some_and(|d| (1900..=9999).contains(&d.year))
}

/// A plain-text excerpt of a Markdown body: the first characters without the commonest
/// Markdown marks, cut at `max` characters with an ellipsis.
pub fn ringkasan(isi: &str, max: usize) -> String {
    let flat: String = isi
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !matches!(c, '#' | '*' | '_' | '`' | '>' | '[' | ']'))
        .collect();
    let flat = flat.trim();
    if flat.chars().count() <= max {
        flat.to_string()
    } else {
        let cut: String = flat.chars().take(max).collect();
        format!("{}…", cut.trim_end())
    }
}

/// `3 Maret 2025` for display.
pub fn tanggal_panjang(s: &str) -> String {
    match Date::parse(s) {
        Some(d) if tanggal_valid(s) => d.long_id(),
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(kategori: Kategori, disematkan: bool) -> Pos {
        let mut p = Pos {
            id: "1741000000000".into(),
            judul: "Judul".into(),
            isi: "Isi".into(),
            kategori,
            tanggal_terbit: "2025-03-03".into(),
            disematkan,
            penulis_nip: "1".into(),
            penulis_nama: "A".into(),
            dibuat_ms: 0,
            diubah_ms: 0,
            pengubah_nama: String::new(),
            diberitahukan_ms: None,
            terbit: String::new(),
            kategori_terbit: String::new(),
            urutan: String::new(),
            kategori_urutan: String::new(),
            pemberitahuan: None,
        };
        p.perbarui_indeks();
        p
    }

    #[test]
    fn index_values() {
        let p = pos(Kategori::InfoKepegawaian, true);
        assert_eq!(p.terbit, "2025-03-03#1741000000000");
        assert_eq!(
            p.kategori_terbit,
            "info-kepegawaian#2025-03-03#1741000000000"
        );
        assert_eq!(p.urutan, "1#2025-03-03#1741000000000");
        assert_eq!(
            p.kategori_urutan,
            "info-kepegawaian#1#2025-03-03#1741000000000"
        );
        assert_eq!(p.pemberitahuan, None);
        // The closing bound includes every post of the day and nothing later.
        assert!(p.terbit.as_str() <= sampai("", "2025-03-03").as_str());
        assert!(p.terbit.as_str() > sampai("", "2025-03-02").as_str());
    }

    #[test]
    fn pending_notification_only_for_pinned_announcements() {
        let mut p = pos(Kategori::Pengumuman, true);
        assert_eq!(p.pemberitahuan.as_deref(), Some("2025-03-03"));
        let json = serde_json::to_string(&p).unwrap();
        assert!(json.contains("\"pemberitahuan\""));
        p.diberitahukan_ms = Some(1);
        p.perbarui_indeks();
        assert_eq!(p.pemberitahuan, None);
        assert!(!serde_json::to_string(&p).unwrap().contains("pemberitahuan"));
        assert_eq!(pos(Kategori::Pengumuman, false).pemberitahuan, None);
    }

    #[test]
    fn dates() {
        assert!(tanggal_valid("2024-02-29"));
        assert!(!tanggal_valid("2025-02-29"));
        assert!(!tanggal_valid("2025-3-01"));
        assert!(!tanggal_valid("2025-03-32"));
        assert_eq!(tanggal_panjang("2025-03-03"), "3 Maret 2025");
        // 2025-03-02T23:30Z is 3 March 06:30 WIB.
        let ms = 1_740_958_200_000;
        assert_eq!(tanggal_lokal(ms, 0), "2025-03-02");
        assert_eq!(tanggal_lokal(ms, 420), "2025-03-03");
        assert_eq!(waktu_teks(ms, 420), "2025-03-03 06:30");
    }

    #[test]
    fn excerpts() {
        assert_eq!(ringkasan("# Judul\n\nIsi **tebal**", 50), "Judul Isi tebal");
        assert_eq!(ringkasan("abcdef", 3), "abc…");
    }

    #[test]
    fn categories() {
        for k in Kategori::SEMUA {
            assert_eq!(Kategori::dari_kode(k.kode()), Some(k));
        }
        assert_eq!(Kategori::dari_kode("lain"), None);
    }
}
