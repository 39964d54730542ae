//! Module `berita` (Info Terbaru).
