//! Module `berita` (Info Terbaru).

pub mod pos;
