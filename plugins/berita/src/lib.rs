//! Module `berita` (Info Terbaru): staffing news, information and announcements written
//! by the role `pengelola-berita` and read by everyone; the dashboard tab "Update Info
//! Kepegawaian" and the Beranda card; a notification to everyone for each pinned
//! announcement.
//!
//! Routes (module-relative): `/` (list; JSON under the API), `/p/{id}` (post),
//! `/kelola`, `/kelola/baru`, `/kelola/{id}`, `POST /kelola/{id}/hapus` (editors only).

#![warn(missing_docs)]

pub mod baca;
pub mod dasbor;
pub mod data;
pub mod formulir;
pub mod kelola;
pub mod pos;

use eoffice_sdk::prelude::*;

/// The editors' role.
pub const PENGELOLA: &str = "pengelola-berita";

/// The module.
pub struct Berita;

impl Plugin for Berita {
    fn describe() -> Manifest {
        manifest!("berita", "Info Terbaru")
            .description(
                "Berita, info kepegawaian dan pengumuman untuk seluruh pegawai, dikelola oleh \
                 Pengelola Berita.",
            )
            .capabilities(["storage", "notifications"])
            .role(PENGELOLA, "Pengelola Berita")
            .default_roles(["pegawai"])
            .menu(MenuGroup::Kepegawaian, "Info Terbaru", "/")
            .menu_for(
                MenuGroup::Kepegawaian,
                "Kelola Berita",
                "/kelola",
                [PENGELOLA],
            )
            .tab(dasbor::TAB, "Update Info Kepegawaian", 20)
            .collection(
                pos::KOLEKSI,
                &[
                    ("terbit", "terbit"),
                    ("kategori_terbit", "kategori_terbit"),
                    ("urutan", "urutan"),
                    ("kategori_urutan", "kategori_urutan"),
                    ("pemberitahuan", "pemberitahuan"),
                ],
            )
    }

    fn dashboard(ctx: &Context) -> Result<Vec<Card>> {
        dasbor::kartu(ctx)
    }

    fn handle(ctx: &Context, req: &Request) -> Result<Response> {
        let segments = req.segments();
        match (req.method, segments.as_slice()) {
            (Method::Get, []) => baca::daftar_halaman(ctx, req),
            (Method::Get, ["p", id]) => baca::pos(ctx, req, id),
            (_, ["kelola", rest @ ..]) if !req.is_json() => kelola::route(ctx, req, rest),
            _ => Ok(Response::not_found()),
        }
    }
}

eoffice_sdk::register_plugin!(Berita);

#[cfg(test)]
mod tests;
